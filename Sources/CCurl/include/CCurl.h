// A minimal bridge to libcurl, loaded with dlopen at first use so that programs which never
// send an https request neither link nor load it. No curl headers are needed: the few
// constants and the opaque handle types are declared in CCurl.c.
#ifndef CCURL_H
#define CCURL_H

#include <stddef.h>

/// How an exchange ended, as far as the caller needs to tell failures apart.
typedef enum {
  CCURL_OK = 0,
  CCURL_UNAVAILABLE = 1,
  CCURL_DNS = 2,
  CCURL_CONNECT = 3,
  CCURL_TIMEOUT = 4,
  CCURL_TLS = 5,
  CCURL_PROTOCOL = 6,
} ccurl_kind;

/// One request. Header lines are "Name: value" strings.
typedef struct {
  const char *url;
  const char *method;
  const char *const *headers;
  size_t header_count;
  const unsigned char *body;
  size_t body_length;
  /// Whether the body is sent (and Content-Length with it) even when empty.
  int sends_body;
  long timeout_ms;
  int verify_tls;
  /// The most body bytes kept; the transfer stops once this many have arrived.
  size_t body_limit;
  /// The most bytes of response header lines accepted before the exchange fails.
  size_t header_limit;
} ccurl_request;

/// One outcome. `body` and `head` are malloc'd and freed by ccurl_result_free.
typedef struct {
  ccurl_kind kind;
  long status;
  unsigned char *body;
  size_t body_length;
  /// The header lines of the final response, CRLF-separated as received (status line excluded).
  char *head;
  size_t head_length;
  /// A one-line reason when kind is not CCURL_OK.
  char message[512];
} ccurl_result;

/// dlopens the first of `names` that loads; NULL with the reason in `message` when none does.
void *ccurl_open(const char *const *names, size_t count, char *message, size_t capacity);

/// Loads libcurl if it is not loaded yet; returns 0 on success, else fills `message`.
int ccurl_load(char *message, size_t capacity);

/// Sends one request and fills `result`; loads libcurl first when needed.
void ccurl_perform(const ccurl_request *request, ccurl_result *result);

/// Frees what ccurl_perform allocated in `result`.
void ccurl_result_free(ccurl_result *result);

#endif
