/// Which devices `device list` shows, and in what order.
public struct DeviceQuery: Sendable, Equatable {
  /// The orders `--sort` offers.
  public enum Sort: String, Sendable, CaseIterable {
    case id, name
    case lastHeard = "last-heard"
  }

  public var online: Bool?
  public var platform: Platform?
  /// A device matches when it is in any of these groups (none: no filter).
  public var groups: [String] = []
  public var development: Bool?
  /// A case-insensitive substring of the name.
  public var nameContains: String?
  public var sort: Sort = .name
  public var limit: Int?

  public init() {}

  /// Whether `device` passes every filter.
  public func matches(_ device: Device) -> Bool {
    if let online, device.online != online { return false }
    if let platform, device.platformID != platform.id { return false }
    if !groups.isEmpty, !groups.contains(where: device.groups.contains) { return false }
    if let development, device.development != development { return false }
    if let nameContains {
      guard let name = device.name, name.lowercased().contains(nameContains.lowercased()) else {
        return false
      }
    }
    return true
  }

  /// The matching devices, sorted and cut to `limit`.
  public func apply(to devices: [Device]) -> [Device] {
    var result = devices.filter(matches)
    switch sort {
    case .id:
      result.sort { $0.id < $1.id }
    case .name:
      // Named devices first by name, then unnamed ones by ID.
      result.sort { a, b in
        switch (a.name, b.name) {
        case (let x?, let y?):
          return x == y
            ? a.id < b.id
            : x.lowercased() == y.lowercased() ? x < y : x.lowercased() < y.lowercased()
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a.id < b.id
        }
      }
    case .lastHeard:
      // Most recently heard first; never-heard devices last.
      result.sort { a, b in
        switch (a.lastHeard, b.lastHeard) {
        case (let x?, let y?): return x == y ? a.id < b.id : x > y
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a.id < b.id
        }
      }
    }
    if let limit, result.count > limit { result.removeSubrange(limit...) }
    return result
  }
}
