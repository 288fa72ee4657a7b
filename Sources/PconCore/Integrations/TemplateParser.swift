/// Reads template text into nodes, reporting the first fault with its byte offset.
struct TemplateParser {
  let bytes: [UInt8]
  private var index = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  /// A section being read: its name, where its tag starts, and the nodes read so far.
  private struct Open {
    let name: String
    let path: [String]
    let inverted: Bool
    let offset: Int
    var nodes: [Template.Node] = []
  }

  mutating func parse() throws(Template.SyntaxError) -> [Template.Node] {
    var root: [Template.Node] = []
    var open: [Open] = []
    func append(_ node: Template.Node) {
      if open.isEmpty { root.append(node) } else { open[open.count - 1].nodes.append(node) }
    }
    while index < bytes.count {
      guard let tag = find([0x7B, 0x7B], from: index) else {
        append(.text(Array(bytes[index...])))
        break
      }
      if tag > index { append(.text(Array(bytes[index..<tag]))) }
      if tag + 2 < bytes.count, bytes[tag + 2] == 0x7B {
        guard let close = find([0x7D, 0x7D, 0x7D], from: tag + 3) else {
          throw Template.SyntaxError(offset: tag, reason: "unclosed '{{{'")
        }
        let name = trimmed(tag + 3, close)
        append(.value(path: try path(name, at: tag), escaped: false))
        index = close + 3
        continue
      }
      guard let close = find([0x7D, 0x7D], from: tag + 2) else {
        throw Template.SyntaxError(offset: tag, reason: "unclosed '{{'")
      }
      index = close + 2
      var start = tag + 2
      while start < close, isSpace(bytes[start]) { start += 1 }
      let sigil = start < close ? bytes[start] : 0
      let rest = trimmed(start + 1, close)
      switch sigil {
      case UInt8(ascii: "!"):
        continue
      case UInt8(ascii: "&"):
        append(.value(path: try path(rest, at: tag), escaped: false))
      case UInt8(ascii: "#"), UInt8(ascii: "^"):
        guard open.count < Template.maxNesting else {
          throw Template.SyntaxError(
            offset: tag, reason: "sections nested more than \(Template.maxNesting) deep")
        }
        open.append(
          Open(
            name: rest, path: try path(rest, at: tag), inverted: sigil == UInt8(ascii: "^"),
            offset: tag))
      case UInt8(ascii: "/"):
        guard let section = open.popLast() else {
          throw Template.SyntaxError(
            offset: tag, reason: "'{{/\(rest)}}' closes a section that was never opened")
        }
        guard section.name == rest else {
          throw Template.SyntaxError(
            offset: tag,
            reason: "'{{/\(rest)}}' does not close section '\(section.name)' opened at byte "
              + "\(section.offset)")
        }
        append(.section(path: section.path, inverted: section.inverted, body: section.nodes))
      case UInt8(ascii: ">"):
        // Webhooks have no partials; mustache renders an unknown partial as nothing.
        _ = try path(rest, at: tag)
      case UInt8(ascii: "="):
        throw Template.SyntaxError(offset: tag, reason: "changing delimiters is not supported")
      default:
        append(.value(path: try path(trimmed(tag + 2, close), at: tag), escaped: true))
      }
    }
    if let section = open.last {
      throw Template.SyntaxError(
        offset: section.offset, reason: "unclosed section '\(section.name)'")
    }
    return root
  }

  /// The segments of a tag's name: `.` is the current context, `a.0.b` three steps.
  private func path(_ name: String, at offset: Int) throws(Template.SyntaxError) -> [String] {
    guard !name.isEmpty else {
      throw Template.SyntaxError(offset: offset, reason: "empty tag name")
    }
    if name == "." { return [] }
    let segments = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard !segments.contains(where: \.isEmpty) else {
      throw Template.SyntaxError(offset: offset, reason: "malformed name '\(name)'")
    }
    return segments
  }

  private func trimmed(_ start: Int, _ end: Int) -> String {
    var from = min(start, end)
    var to = end
    while from < to, isSpace(bytes[from]) { from += 1 }
    while to > from, isSpace(bytes[to - 1]) { to -= 1 }
    return String(decoding: bytes[from..<to], as: UTF8.self)
  }

  private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  private func find(_ needle: [UInt8], from start: Int) -> Int? {
    guard needle.count <= bytes.count else { return nil }
    var at = start
    while at + needle.count <= bytes.count {
      if bytes[at] == needle[0] {
        var n = 1
        while n < needle.count, bytes[at + n] == needle[n] { n += 1 }
        if n == needle.count { return at }
      }
      at += 1
    }
    return nil
  }
}
