/// One captured event's JSON object turned into a draft.
///
/// Almost every record is a flat object of plain ASCII strings and integers, in whatever key
/// order the capture used; those are read in one forward pass over the bytes, without building
/// a JSON value. Anything else, and every record that would be refused, goes through the full
/// parser, so the outcome and its message are the same either way.
enum CapturedRecord {
  /// The draft for the object in `bytes`; `name` is SSE's `event:` name, which wins over the
  /// object's own.
  static func draft(_ bytes: UnsafeBufferPointer<UInt8>, name: String?) throws -> EventLog.Draft {
    if let draft = quickDraft(bytes, name: name) { return draft }
    let value = try JSONParser.parse(Array(String(decoding: bytes, as: UTF8.self).utf8))
    return try draft(from: value, name: name)
  }

  /// The draft from a parsed JSON value: every rule, with the reasons a record is refused.
  static func draft(from value: JSON, name sseName: String?) throws -> EventLog.Draft {
    let object = try JSONObject(value, path: "")
    guard let name = try sseName ?? object.optionalString("name") else {
      throw IngestError("no event name")
    }
    guard EventRules.isWellFormed(name: name) else {
      throw IngestError("invalid event name '\(name.prefix(80))'")
    }
    let data: String
    switch value["data"] {
    case nil, .null?: data = ""
    case .string(let text)?: data = text
    case let other?: data = JSONWriter(pretty: false).string(other)
    }
    guard data.utf8.count <= EventIngest.maxCapturedData else {
      throw IngestError("data is longer than \(EventIngest.maxCapturedData) bytes")
    }
    let ttl: Int
    switch value["ttl"] {
    case nil, .null?: ttl = Event.defaultTTL
    case .int(let number)? where number >= 0 && number <= Int64(EventRules.maxTTL):
      ttl = Int(number)
    case .string(let text)? where Int(text).map({ $0 >= 0 && $0 <= EventRules.maxTTL }) == true:
      ttl = Int(text) ?? 60
    default: throw IngestError("ttl is not a number of seconds")
    }
    guard let publishedText = try object.optionalString("published_at") else {
      throw IngestError("no published_at")
    }
    guard let publishedAt = Timestamp(iso8601: publishedText) else {
      throw IngestError(
        "published_at '\(publishedText.prefix(80))' is not an ISO-8601 time in years 0000–9999 UTC")
    }
    guard var coreid = try object.optionalString("coreid"), !coreid.isEmpty else {
      throw IngestError("no coreid")
    }
    if Device.isID(coreid) { coreid = coreid.lowercased() }
    guard EventRules.isPublisher(coreid) else {
      throw IngestError(
        "coreid '\(coreid.prefix(80))' is neither a device ID nor one of the cloud's publishers")
    }
    var productID: Int?
    for key in ["productID", "product_id"] {
      if case .int(let number)? = value[key], number > 0, number < Int64(Int32.max) {
        productID = Int(number)
      }
    }
    return EventLog.Draft(
      name: name, data: data, ttl: ttl, publishedAt: publishedAt,
      coreid: coreid, productID: productID)
  }

  /// The draft of a flat object of plain values whose every rule holds, or nil to take the
  /// full parser's way.
  static func quickDraft(_ bytes: UnsafeBufferPointer<UInt8>, name sseName: String?)
    -> EventLog.Draft?
  {
    var scan = FlatObjectScanner(bytes)
    var fields = Fields()
    guard scan.open() else { return nil }
    while let key = scan.key() {
      guard fields.read(key, from: &scan, ignoringName: sseName != nil) else { return nil }
      guard let more = scan.next() else { return nil }
      if !more { break }
    }
    guard scan.atEnd else { return nil }
    return fields.draft(bytes, name: sseName)
  }
}

/// The fields of a record found by the quick path, as ranges of its bytes.
private struct Fields {
  var seen: UInt8 = 0
  var name: Range<Int>?
  var data: Range<Int>?
  var dataEscaped = false
  var ttl = Event.defaultTTL
  var publishedAt: Range<Int>?
  var coreid: Range<Int>?
  var productID: Int?
  var productIDUnderscored: Int?

  /// Reads the value of `key`; false when the record needs the full parser.
  mutating func read(_ key: Range<Int>, from scan: inout FlatObjectScanner, ignoringName: Bool)
    -> Bool
  {
    guard let keyword = scan.keyword(key) else { return scan.skipValue() }
    // A repeated key: the full parser decides which one counts.
    guard seen & keyword.bit == 0 else { return false }
    seen |= keyword.bit
    switch keyword {
    case .name:
      if ignoringName { return scan.skipValue() }
      name = scan.plainString()
      return name != nil
    case .data:
      if scan.null() { return true }
      guard let (value, escaped) = scan.string() else { return false }
      (data, dataEscaped) = (value, escaped)
    case .ttl:
      if scan.null() { return true }
      if let number = scan.integer() {
        guard (0...Int64(EventRules.maxTTL)).contains(number) else { return false }
        ttl = Int(number)
      } else if let text = scan.plainString(), let number = scan.digits(text),
        number <= EventRules.maxTTL
      {
        ttl = number
      } else {
        return false
      }
    case .publishedAt:
      publishedAt = scan.plainString()
      return publishedAt != nil
    case .coreid:
      coreid = scan.plainString()
      return coreid != nil
    case .productID, .productIDUnderscored:
      var number: Int?
      if let value = scan.integer() {
        number = value > 0 && value < Int64(Int32.max) ? Int(value) : nil
      } else if !scan.skipValue() {
        return false
      }
      if keyword == .productID { productID = number } else { productIDUnderscored = number }
    }
    return true
  }

  func draft(_ bytes: UnsafeBufferPointer<UInt8>, name sseName: String?) -> EventLog.Draft? {
    func text(_ range: Range<Int>) -> String {
      String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
    guard let publishedAt, let coreid, !coreid.isEmpty, coreid.count <= 64,
      let time = Timestamp(iso8601: UnsafeBufferPointer(rebasing: bytes[publishedAt]))
    else { return nil }
    let eventName: String
    if let sseName {
      eventName = sseName
    } else {
      guard let name else { return nil }
      eventName = text(name)
    }
    guard EventRules.isWellFormed(name: eventName) else { return nil }
    var dataText = ""
    if let data {
      let raw = UnsafeBufferPointer(rebasing: bytes[data])
      guard
        let decoded = dataEscaped
          ? FlatObjectScanner.unescape(raw) : String(decoding: raw, as: UTF8.self),
        decoded.utf8.count <= EventIngest.maxCapturedData
      else { return nil }
      dataText = decoded
    }
    var publisher = text(coreid)
    if coreid.count == 24, Device.isID(publisher) { publisher = publisher.lowercased() }
    guard EventRules.isPublisher(publisher) else { return nil }
    return EventLog.Draft(
      name: eventName, data: dataText, ttl: ttl, publishedAt: time, coreid: publisher,
      productID: productIDUnderscored ?? productID)
  }
}
