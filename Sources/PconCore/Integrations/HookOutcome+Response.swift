import Foundation

extension HookOutcome {
  /// What a 2xx answer publishes: the body (its first 100 KB), or the response template rendered
  /// over it, or with `dataUrlResponseEvent` the body as a `data:` URL.
  static func responseText(
    _ response: HTTPResponse, hook: Webhook, input: WebhookRender.Input
  ) -> Result<String, WebhookRender.Failure> {
    let body = Array(response.body.prefix(maxResponseBytes))
    var text: String
    if let source = hook.responseTemplate, !source.isEmpty {
      let template: Template
      do {
        template = try Template.parse(source)
      } catch {
        return .failure(.init("the response template is malformed: \(error)"))
      }
      // A body that is not JSON gives the template only the event's variables.
      var context = input.context
      if let parsed = try? JSONParser.parse(body) { context.append(parsed) }
      var budget = Template.Budget(
        outputBytes: maxResponseBytes, steps: Template.Budget.standard.steps)
      do {
        text = try template.render(context, budget: &budget)
      } catch {
        return .failure(.init("the response template cannot be expanded: \(error)"))
      }
    } else if hook.dataUrlResponseEvent {
      text = "data:\(mediaType(response));base64," + Data(body).base64EncodedString()
    } else {
      // Events carry text: bytes that are not UTF-8 become U+FFFD.
      text = String(decoding: body, as: UTF8.self)
    }
    if hook.unchunked, text.utf8.count > maxResponseBytes, !hook.dataUrlResponseEvent {
      return .failure(
        .init("the response of \(text.utf8.count) bytes is larger than one event may be"))
    }
    if !hook.dataUrlResponseEvent { text = prefix(text, bytes: maxResponseBytes) }
    return .success(text)
  }

  /// The response's media type when it is a plain `type/subtype`, else octet-stream.
  static func mediaType(_ response: HTTPResponse) -> String {
    let fallback = "application/octet-stream"
    guard let header = response.header("Content-Type") else { return fallback }
    let type = header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
    let trimmed = type.trimmingCharacters(in: .whitespaces).lowercased()
    let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ WebhookRender.TargetURL.isToken(String($0)) })
    else { return fallback }
    return trimmed
  }

  /// `text` in chunks of at most 512 bytes: exactly 512 wherever that boundary falls between
  /// characters, a little less where it would split one, so every chunk is valid UTF-8 and the
  /// chunks join back to `text`. An empty text is one empty chunk.
  static func chunks(_ text: String) -> [String] {
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty else { return [""] }
    var out: [String] = []
    var start = 0
    while start < bytes.count {
      var end = min(start + chunkBytes, bytes.count)
      // Back off continuation bytes (10xxxxxx) so the cut falls before a character's first byte.
      while end < bytes.count, end > start + 1, bytes[end] & 0xC0 == 0x80 { end -= 1 }
      out.append(String(decoding: bytes[start..<end], as: UTF8.self))
      start = end
    }
    return out
  }

  /// The longest prefix of `text` of at most `limit` bytes that ends between characters.
  static func prefix(_ text: String, bytes limit: Int) -> String {
    let bytes = Array(text.utf8)
    guard bytes.count > limit else { return text }
    var end = limit
    while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
    return String(decoding: bytes[..<end], as: UTF8.self)
  }
}
