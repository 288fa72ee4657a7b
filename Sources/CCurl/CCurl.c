// libcurl through dlopen. curl_easy_setopt is variadic, which Swift cannot call, so the whole
// exchange is driven from here and handed back as plain data.
#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef void CURL;
struct curl_slist;
typedef int CURLcode;
typedef size_t (*ccurl_write_fn)(char *, size_t, size_t, void *);

// The stable ABI values from curl.h.
enum {
  CURLOPT_WRITEDATA = 10001,
  CURLOPT_URL = 10002,
  CURLOPT_ERRORBUFFER = 10010,
  CURLOPT_POSTFIELDS = 10015,
  CURLOPT_HTTPHEADER = 10023,
  CURLOPT_HEADERDATA = 10029,
  CURLOPT_CUSTOMREQUEST = 10036,
  CURLOPT_WRITEFUNCTION = 20011,
  CURLOPT_HEADERFUNCTION = 20079,
  CURLOPT_POSTFIELDSIZE_LARGE = 30120,
  CURLOPT_NOBODY = 44,
  CURLOPT_FOLLOWLOCATION = 52,
  CURLOPT_SSL_VERIFYPEER = 64,
  CURLOPT_SSL_VERIFYHOST = 81,
  CURLOPT_NOSIGNAL = 99,
  CURLOPT_TIMEOUT_MS = 155,
  CURLOPT_PROTOCOLS = 181,
  CURLINFO_RESPONSE_CODE = 0x200000 + 2,
  CURLPROTO_HTTP = 1,
  CURLPROTO_HTTPS = 2,
  CURL_ERROR_SIZE = 256,
  CURL_GLOBAL_DEFAULT = 3,
};

enum {
  CURLE_UNSUPPORTED_PROTOCOL = 1,
  CURLE_URL_MALFORMAT = 3,
  CURLE_COULDNT_RESOLVE_PROXY = 5,
  CURLE_COULDNT_RESOLVE_HOST = 6,
  CURLE_COULDNT_CONNECT = 7,
  CURLE_WRITE_ERROR = 23,
  CURLE_OPERATION_TIMEDOUT = 28,
  CURLE_SSL_CONNECT_ERROR = 35,
  CURLE_PEER_FAILED_VERIFICATION = 60,
  CURLE_SSL_ENGINE_NOTFOUND = 53,
  CURLE_SSL_ENGINE_SETFAILED = 54,
  CURLE_SSL_CERTPROBLEM = 58,
  CURLE_SSL_CIPHER = 59,
  CURLE_SSL_CACERT_BADFILE = 77,
  CURLE_SSL_SHUTDOWN_FAILED = 80,
  CURLE_SSL_CRL_BADFILE = 82,
  CURLE_SSL_ISSUER_ERROR = 83,
  CURLE_SSL_PINNEDPUBKEYNOTMATCH = 90,
  CURLE_SSL_INVALIDCERTSTATUS = 91,
};

static struct {
  int (*global_init)(long);
  CURL *(*easy_init)(void);
  CURLcode (*easy_setopt)(CURL *, int, ...);
  CURLcode (*easy_perform)(CURL *);
  CURLcode (*easy_getinfo)(CURL *, int, ...);
  void (*easy_cleanup)(CURL *);
  const char *(*easy_strerror)(CURLcode);
  struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
  void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int loaded;

void *ccurl_open(const char *const *names, size_t count, char *message, size_t capacity) {
  void *library = NULL;
  for (size_t i = 0; i < count && library == NULL; i++) {
    library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
  }
  if (library == NULL && message != NULL && capacity > 0) {
    snprintf(message, capacity,
             "https needs libcurl (%s not found); install libcurl4 or use an http:// URL",
             count > 0 ? names[0] : "libcurl");
  }
  return library;
}

static void load(void) {
  static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
  void *library = ccurl_open(names, sizeof names / sizeof names[0], load_error, sizeof load_error);
  if (library == NULL) return;
#define CCURL_SYMBOL(field, name)                                                       \
  do {                                                                                  \
    *(void **)&curl.field = dlsym(library, name);                                       \
    if (curl.field == NULL) {                                                           \
      snprintf(load_error, sizeof load_error, "https needs libcurl, but its %s is missing", \
               name);                                                                   \
      return;                                                                           \
    }                                                                                   \
  } while (0)
  CCURL_SYMBOL(global_init, "curl_global_init");
  CCURL_SYMBOL(easy_init, "curl_easy_init");
  CCURL_SYMBOL(easy_setopt, "curl_easy_setopt");
  CCURL_SYMBOL(easy_perform, "curl_easy_perform");
  CCURL_SYMBOL(easy_getinfo, "curl_easy_getinfo");
  CCURL_SYMBOL(easy_cleanup, "curl_easy_cleanup");
  CCURL_SYMBOL(easy_strerror, "curl_easy_strerror");
  CCURL_SYMBOL(slist_append, "curl_slist_append");
  CCURL_SYMBOL(slist_free_all, "curl_slist_free_all");
#undef CCURL_SYMBOL
  // curl_global_init is not thread-safe; pthread_once makes this the only call.
  if (curl.global_init(CURL_GLOBAL_DEFAULT) != 0) {
    snprintf(load_error, sizeof load_error, "https needs libcurl, but it failed to initialise");
    return;
  }
  loaded = 1;
}

int ccurl_load(char *message, size_t capacity) {
  pthread_once(&load_once, load);
  if (loaded) return 0;
  if (message != NULL && capacity > 0) snprintf(message, capacity, "%s", load_error);
  return -1;
}

typedef struct {
  unsigned char *bytes;
  size_t length;
  size_t limit;
  int overflowed;
} buffer;

// Appends what fits; a write past the limit stops the transfer (curl reports a write error,
// which the caller recognises by `overflowed`).
static int append(buffer *b, const char *data, size_t length) {
  size_t room = b->limit - b->length;
  size_t take = length < room ? length : room;
  if (take > 0) {
    unsigned char *grown = realloc(b->bytes, b->length + take);
    if (grown == NULL) return -1;
    b->bytes = grown;
    memcpy(b->bytes + b->length, data, take);
    b->length += take;
  }
  if (take < length) {
    b->overflowed = 1;
    return -1;
  }
  return 0;
}

static size_t on_body(char *data, size_t size, size_t count, void *context) {
  size_t length = size * count;
  buffer *b = context;
  return append(b, data, length) == 0 ? length : 0;
}

static size_t on_header(char *data, size_t size, size_t count, void *context) {
  size_t length = size * count;
  buffer *b = context;
  // Each response (an interim 100 Continue, then the final one) starts with its status line:
  // keep only the last response's header lines.
  if (length >= 5 && memcmp(data, "HTTP/", 5) == 0) {
    b->length = 0;
    return length;
  }
  if (append(b, data, length) != 0) return 0;
  return length;
}

static ccurl_kind kind_of(CURLcode code) {
  switch (code) {
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
    return CCURL_DNS;
  case CURLE_COULDNT_CONNECT:
    return CCURL_CONNECT;
  case CURLE_OPERATION_TIMEDOUT:
    return CCURL_TIMEOUT;
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_SHUTDOWN_FAILED:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
    return CCURL_TLS;
  default:
    return CCURL_PROTOCOL;
  }
}

// Whether the request sets `name` (given with its colon) itself.
static int has_header(const ccurl_request *request, const char *name) {
  size_t length = strlen(name);
  for (size_t i = 0; i < request->header_count; i++) {
    if (strncasecmp(request->headers[i], name, length) == 0) return 1;
  }
  return 0;
}

void ccurl_perform(const ccurl_request *request, ccurl_result *result) {
  memset(result, 0, sizeof *result);
  if (ccurl_load(result->message, sizeof result->message) != 0) {
    result->kind = CCURL_UNAVAILABLE;
    return;
  }
  CURL *handle = curl.easy_init();
  if (handle == NULL) {
    result->kind = CCURL_UNAVAILABLE;
    snprintf(result->message, sizeof result->message, "libcurl could not start a transfer");
    return;
  }
  struct curl_slist *headers = NULL;
  // curl adds these on its own unless told not to; a webhook sends exactly its headers.
  static const char *const suppressed[] = {"Expect:", "Accept:", "Content-Type:"};
  for (size_t i = 0; i < sizeof suppressed / sizeof suppressed[0]; i++) {
    if (!has_header(request, suppressed[i])) headers = curl.slist_append(headers, suppressed[i]);
  }
  for (size_t i = 0; i < request->header_count; i++) {
    headers = curl.slist_append(headers, request->headers[i]);
  }
  buffer body = {NULL, 0, request->body_limit, 0};
  buffer head = {NULL, 0, request->header_limit, 0};
  char error[CURL_ERROR_SIZE] = {0};

  curl.easy_setopt(handle, CURLOPT_URL, request->url);
  curl.easy_setopt(handle, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
  curl.easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl.easy_setopt(handle, CURLOPT_TIMEOUT_MS, request->timeout_ms);
  curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl.easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, request->verify_tls ? 1L : 0L);
  curl.easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, request->verify_tls ? 2L : 0L);
  curl.easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, (ccurl_write_fn)on_body);
  curl.easy_setopt(handle, CURLOPT_WRITEDATA, &body);
  curl.easy_setopt(handle, CURLOPT_HEADERFUNCTION, (ccurl_write_fn)on_header);
  curl.easy_setopt(handle, CURLOPT_HEADERDATA, &head);
  if (request->sends_body) {
    // POSTFIELDS makes it a POST; CUSTOMREQUEST below renames the method.
    curl.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (int64_t)request->body_length);
    curl.easy_setopt(handle, CURLOPT_POSTFIELDS,
                     request->body_length > 0 ? (const char *)request->body : "");
  }
  if (strcmp(request->method, "HEAD") == 0) {
    curl.easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else {
    curl.easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request->method);
  }

  CURLcode code = curl.easy_perform(handle);
  long status = 0;
  curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  if (code == 0 || (code == CURLE_WRITE_ERROR && body.overflowed && !head.overflowed)) {
    result->kind = CCURL_OK;
    result->status = status;
  } else if (head.overflowed) {
    result->kind = CCURL_PROTOCOL;
    snprintf(result->message, sizeof result->message,
             "the response headers are larger than %zu bytes", request->header_limit);
  } else {
    result->kind = kind_of(code);
    const char *reason = error[0] != 0 ? error : curl.easy_strerror(code);
    snprintf(result->message, sizeof result->message, "%s", reason);
  }
  result->body = body.bytes;
  result->body_length = body.length;
  result->head = (char *)head.bytes;
  result->head_length = head.length;
  if (result->kind != CCURL_OK) {
    free(body.bytes);
    free(head.bytes);
    result->body = NULL;
    result->head = NULL;
    result->body_length = 0;
    result->head_length = 0;
  }
  curl.slist_free_all(headers);
  curl.easy_cleanup(handle);
}

void ccurl_result_free(ccurl_result *result) {
  free(result->body);
  free(result->head);
  result->body = NULL;
  result->head = NULL;
}
