/// A capture read line by line: its format detected from the first meaningful line, then SSE's
/// wire rules or NDJSON's one object per line, each record handed out as a draft or a problem.
struct EventCapture {
  /// What one record became.
  enum Outcome {
    case draft(EventLog.Draft)
    case problem(EventIngest.Problem)
  }

  private(set) var format: EventIngest.Format?
  /// Lines seen before the format was known, replayed once it is; bounded by `pendingLimit`.
  private var pending: [(Int, [UInt8])] = []
  private var pendingBytes = 0
  private let pendingLimit = EventIngest.maxLineLength

  // An SSE event being assembled.
  private var name: String?
  private var data: [UInt8] = []
  private var dataLines = 0
  private var startLine = 0

  init(format: EventIngest.Format?) { self.format = format }

  /// The format a line announces, if it is the first meaningful one.
  static func format(of line: UnsafeBufferPointer<UInt8>) -> EventIngest.Format? {
    let text = trimmed(line)
    guard let first = text.first else { return nil }
    if text.starts(with: "event:".utf8) || text.starts(with: "data:".utf8) || first == 0x3A {
      return .sse
    }
    return first == UInt8(ascii: "{") ? .ndjson : nil
  }

  /// Reads one line.
  mutating func read(
    line number: Int, _ line: UnsafeBufferPointer<UInt8>, _ out: (Outcome) throws -> Void
  ) rethrows {
    guard let format else {
      pending.append((number, Array(line)))
      pendingBytes += line.count
      if let found = EventCapture.format(of: line) {
        try decide(found, out)
      } else if pendingBytes > pendingLimit {
        try decide(.ndjson, out)
      }
      return
    }
    switch format {
    case .ndjson: try readNDJSON(number, line, out)
    case .sse: try readSSE(number, line, out)
    }
  }

  /// Ends the capture: an SSE event without its closing blank line still counts.
  mutating func finish(_ out: (Outcome) throws -> Void) rethrows {
    if format == nil { try decide(.ndjson, out) }
    if format == .sse, name != nil || dataLines > 0 { try dispatch(out) }
  }

  private mutating func decide(_ found: EventIngest.Format, _ out: (Outcome) throws -> Void)
    rethrows
  {
    format = found
    let lines = pending
    pending = []
    for (number, bytes) in lines {
      try bytes.withUnsafeBufferPointer { try read(line: number, $0, out) }
    }
  }

  // MARK: NDJSON

  private func readNDJSON(
    _ number: Int, _ line: UnsafeBufferPointer<UInt8>, _ out: (Outcome) throws -> Void
  ) rethrows {
    let text = EventCapture.trimmed(line)
    // Whitespace beyond ASCII at either end: trim it as text, the rare way.
    if let first = text.first, let last = text.last, first >= 0x80 || last >= 0x80 {
      let bytes = Array(String(decoding: line, as: UTF8.self).trimmingSpaces.utf8)
      return try bytes.withUnsafeBufferPointer { try readNDJSONRecord(number, $0, out) }
    }
    try readNDJSONRecord(number, text, out)
  }

  private func readNDJSONRecord(
    _ number: Int, _ text: UnsafeBufferPointer<UInt8>, _ out: (Outcome) throws -> Void
  ) rethrows {
    // Blank lines, comments, and the header lines `particle subscribe` prints.
    if text.isEmpty || text.first == UInt8(ascii: "#") || text.starts(with: "$ ".utf8)
      || text.starts(with: "Subscribing to ".utf8) || text.starts(with: "Listening to: ".utf8)
      || text.starts(with: "Fetching event stream".utf8)
    {
      return
    }
    let outcome: Outcome
    do {
      outcome = .draft(try CapturedRecord.draft(text, name: nil))
    } catch let failure as JSONParser.Failure {
      outcome = .problem(EventIngest.Problem(line: number, reason: failure.description))
    } catch {
      outcome = .problem(EventIngest.Problem(line: number, reason: "\(error)"))
    }
    try out(outcome)
  }

  // MARK: SSE

  private mutating func readSSE(
    _ number: Int, _ line: UnsafeBufferPointer<UInt8>, _ out: (Outcome) throws -> Void
  ) rethrows {
    if line.isEmpty { return try dispatch(out) }
    if line.first == 0x3A { return }  // a comment or keep-alive
    let colon = line.firstIndex(of: 0x3A) ?? line.endIndex
    let field = UnsafeBufferPointer(rebasing: line[..<colon])
    var value = colon < line.endIndex ? line[(colon + 1)...] : line[line.endIndex...]
    if value.first == 0x20 { value = value.dropFirst() }
    if field.elementsEqual("event".utf8) {
      if name != nil || dataLines > 0 { try dispatch(out) }
      name = String(decoding: UnsafeBufferPointer(rebasing: value), as: UTF8.self)
      startLine = number
    } else if field.elementsEqual("data".utf8) {
      if name == nil && dataLines == 0 { startLine = number }
      if dataLines > 0 { data.append(0x0A) }
      dataLines += 1
      // The bytes past the limit are dropped; the event is refused when it is dispatched.
      data.append(contentsOf: value.prefix(max(0, EventIngest.maxLineLength + 1 - data.count)))
    }
    // id:, retry: and unknown fields are ignored, as SSE clients do.
  }

  private mutating func dispatch(_ out: (Outcome) throws -> Void) rethrows {
    defer {
      name = nil
      data.removeAll(keepingCapacity: data.capacity <= 1 << 16)
      dataLines = 0
    }
    let line = startLine
    func problem(_ reason: String) -> Outcome {
      .problem(EventIngest.Problem(line: line, reason: reason))
    }
    guard let eventName = name else {
      if dataLines > 0 { try out(problem("data without an event: line")) }
      return
    }
    guard dataLines > 0 else {
      return try out(problem("event '\(eventName.prefix(80))' has no data: line"))
    }
    guard data.count <= EventIngest.maxLineLength else {
      return try out(problem("data is longer than \(EventIngest.maxLineLength) bytes"))
    }
    let outcome: Outcome
    do {
      outcome = .draft(
        try data.withUnsafeBufferPointer { try CapturedRecord.draft($0, name: eventName) })
    } catch let failure as JSONParser.Failure {
      outcome = problem("data is not JSON: \(failure.description)")
    } catch {
      outcome = problem("\(error)")
    }
    try out(outcome)
  }

  /// `line` without ASCII whitespace at either end.
  static func trimmed(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
    var start = line.startIndex
    var end = line.endIndex
    while start < end, isSpace(line[start]) { start += 1 }
    while end > start, isSpace(line[end - 1]) { end -= 1 }
    return UnsafeBufferPointer(rebasing: line[start..<end])
  }
}
