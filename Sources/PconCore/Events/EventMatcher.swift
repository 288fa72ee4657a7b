/// An `EventFilter` compiled against the actor's devices, matching stored lines in place.
struct EventMatcher {
  private enum Compiled {
    case word([UInt8])
    case devices(Set<[UInt8]>)
    case event(Wildcard)
    case data(Wildcard)
    case range(Double, Double)
  }

  private let required: [[Compiled]]
  private let excluded: [Compiled]
  /// Device names by ID, for words that match a publisher's name.
  private let names: [[UInt8]: [UInt8]]

  /// - Parameter deviceNames: the actor's device names by device ID.
  init(_ filter: EventFilter, deviceNames: [String: String]) {
    var names: [[UInt8]: [UInt8]] = [:]
    var idsByName: [String: [String]] = [:]
    for (id, name) in deviceNames {
      names[Array(id.utf8)] = Array(name.lowercased().utf8)
      idsByName[name, default: []].append(id)
    }
    func compile(_ term: EventFilter.Term) -> Compiled {
      switch term {
      case .word(let word): return .word(Array(word.utf8))
      case .device(let reference):
        // A name means the device called that now; anything else is compared with coreid.
        let ids =
          idsByName[reference] ?? [Device.isID(reference) ? reference.lowercased() : reference]
        return .devices(Set(ids.map { Array($0.utf8) }))
      case .event(let pattern): return .event(pattern)
      case .data(let pattern): return .data(pattern)
      case .range(let low, let high): return .range(low, high)
      }
    }
    self.names = names
    required = filter.required.map { $0.map(compile) }
    excluded = filter.excluded.map(compile)
  }

  func matches(_ line: EventLine, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var data: [UInt8]?
    func holds(_ term: Compiled) -> Bool {
      switch term {
      case .event(let pattern):
        return pattern.matches(UnsafeBufferPointer(rebasing: bytes[line.name]))
      case .devices(let ids):
        return ids.contains(Array(UnsafeBufferPointer(rebasing: bytes[line.coreid])))
      case .data(let pattern):
        if line.dataIsPlain {
          return pattern.matches(UnsafeBufferPointer(rebasing: bytes[line.data]))
        }
        let decoded = data ?? line.decodedData(bytes)
        data = decoded
        return decoded.withUnsafeBufferPointer { pattern.matches($0) }
      case .range(let low, let high):
        let value: Double?
        if line.dataIsPlain {
          value = FilterParser.decimal(UnsafeBufferPointer(rebasing: bytes[line.data]))
        } else {
          let decoded = data ?? line.decodedData(bytes)
          data = decoded
          value = FilterParser.decimal(decoded)
        }
        guard let value else { return false }
        return value >= low && value <= high
      case .word(let word):
        if contains(UnsafeBufferPointer(rebasing: bytes[line.name]), word)
          || contains(UnsafeBufferPointer(rebasing: bytes[line.publishedAt]), word)
          || contains(UnsafeBufferPointer(rebasing: bytes[line.coreid]), word)
        {
          return true
        }
        if let name = names[Array(UnsafeBufferPointer(rebasing: bytes[line.coreid]))],
          name.withUnsafeBufferPointer({ contains($0, word) })
        {
          return true
        }
        if line.dataIsPlain {
          return contains(UnsafeBufferPointer(rebasing: bytes[line.data]), word)
        }
        let decoded = data ?? line.decodedData(bytes)
        data = decoded
        return decoded.withUnsafeBufferPointer { contains($0, word) }
      }
    }
    for group in required where !group.contains(where: holds) { return false }
    for term in excluded where holds(term) { return false }
    return true
  }

  /// Case-insensitive substring search; `needle` is already lower-case.
  private func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard haystack.count >= needle.count else { return false }
    if haystack.contains(where: { $0 >= 0x80 }) || needle.contains(where: { $0 >= 0x80 }) {
      // Non-ASCII text: fold case with the full Unicode rules.
      return String(decoding: haystack, as: UTF8.self).lowercased().contains(
        String(decoding: needle, as: UTF8.self))
    }
    let first = needle[0]
    let last = haystack.count - needle.count
    var i = 0
    while i <= last {
      if lower(haystack[i]) == first {
        var j = 1
        while j < needle.count, lower(haystack[i + j]) == needle[j] { j += 1 }
        if j == needle.count { return true }
      }
      i += 1
    }
    return false
  }

  private func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
