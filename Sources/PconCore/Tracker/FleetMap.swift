/// Where a tracker product's devices are: each device's last known location, filtered by place,
/// time, device, group and name, and with `track` the path its `loc` events drew.
public enum FleetMap {
  public enum Needs {
    /// Reading locations: any team role.
    public static let view = Permission.view("locations:get")
  }

  /// The part of the Earth a map is searched in.
  public enum Area: Sendable, Equatable {
    /// Within `radius` metres (great-circle) of a point.
    case circle(latitude: Double, longitude: Double, radius: Double)
    /// A box from south-west to north-east corner; `west` > `east` crosses the antimeridian.
    case box(south: Double, west: Double, north: Double, east: Double)

    /// Whether the point lies in the area.
    public func contains(latitude: Double, longitude: Double) -> Bool {
      switch self {
      case .circle(let lat, let lon, let radius):
        return Geo.distance(lat, lon, latitude, longitude) <= radius
      case .box(let south, let west, let north, let east):
        guard south <= latitude, latitude <= north else { return false }
        return west <= east
          ? west <= longitude && longitude <= east : longitude >= west || longitude <= east
      }
    }
  }

  /// What to show.
  public struct Query: Sendable {
    public var area: Area?
    /// Only devices whose last location is at or after this instant.
    public var since: Timestamp?
    /// The map as it stood then: each device's last fix at or before this instant (by default
    /// now, so a rehearsal's fixes dated later do not count yet).
    public var until: Timestamp?
    /// Only these devices (IDs or names); all when empty.
    public var devices: [String] = []
    /// Only devices in this group.
    public var group: String?
    /// Only devices whose name contains this (in any case).
    public var name: String?
    /// Also each device's track: its `loc` events in the window, oldest first.
    public var track = false

    public init() {}
  }

  /// One device on the map.
  public struct Entry: Sendable {
    public let device: Device
    public let location: Location
    /// Metres from the centre of a circular search area.
    public let distance: Double?
    /// The device's locations in the window, oldest first, with `track`.
    public var track: [Location] = []
  }

  /// The map of `product`'s trackers `query` selects, nearest first for a circle, else by name.
  public static func locate(
    product reference: String, _ query: Query, by actor: Actor, in transaction: Transaction
  ) throws -> [Entry] {
    let product = try Tracker.product(reference, Needs.view, actor: actor, in: transaction)
    var devices: [Device]
    if query.devices.isEmpty {
      devices = try transaction.productDevices(product.id)
    } else {
      var seen: Set<String> = []
      devices = try query.devices.map {
        try Tracker.member($0, of: product, actor: actor, in: transaction)
      }.filter { seen.insert($0.id).inserted }
    }
    if let group = query.group {
      guard
        try transaction.load(StateFiles.productGroups(product.id)).contains(where: {
          $0.name == group
        })
      else { throw PconError.groupNotFound(group, product: reference) }
      devices = devices.filter { $0.groups.contains(group) }
    }
    if let name = query.name?.lowercased() {
      devices = devices.filter { $0.name?.lowercased().contains(name) ?? false }
    }
    var query = query
    query.until = query.until ?? transaction.now
    let fixes = try lastFixes(
      of: devices, in: .product(id: product.id), since: query.since, through: query.until,
      transaction)
    var entries: [Entry] = devices.compactMap { device in
      let location = fixes[device.id] ?? device.location
      guard let location, selects(location, query) else {
        return nil
      }
      var distance: Double?
      if case .circle(let lat, let lon, _) = query.area {
        distance = Geo.distance(lat, lon, location.latitude, location.longitude)
      }
      return Entry(device: device, location: location, distance: distance)
    }
    entries.sort {
      if let a = $0.distance, let b = $1.distance, a != b { return a < b }
      return ($0.device.name ?? $0.device.id) < ($1.device.name ?? $1.device.id)
    }
    if query.track { try addTracks(&entries, product: product, query, in: transaction) }
    return entries
  }

  /// Whether `location` is in the query's area and window.
  static func selects(_ location: Location, _ query: Query) -> Bool {
    if let since = query.since, location.time < since { return false }
    if let until = query.until, location.time > until { return false }
    return query.area?.contains(latitude: location.latitude, longitude: location.longitude)
      ?? true
  }

  /// The last fix at or before `until` of each device whose newest fix is later (one a
  /// rehearsal dated ahead, or a map of the past), read from `stream`'s `loc` events once; nil
  /// for a device with none by then. Devices whose newest fix is not later are not in it.
  static func lastFixes(
    of devices: [Device], in stream: EventStream, since: Timestamp?, through until: Timestamp?,
    _ transaction: Transaction
  ) throws -> [String: Location?] {
    guard let until else { return [:] }
    let later = Set(
      devices.filter { device in device.location.map { $0.time > until } ?? false }.map(\.id))
    guard !later.isEmpty else { return [:] }
    var fixes: [String: Location] = [:]
    var reading = EventQuery(stream: stream)
    reading.since = since
    reading.until = until
    reading.publishers = later
    try reading.run(in: transaction) { match in
      let event = match.event
      guard event.name == TrackerPlatforms.locEvent, later.contains(event.coreid),
        let location = Location(locData: event.data, publishedAt: event.publishedAt),
        location.time <= until, fixes[event.coreid].map({ $0.time <= location.time }) ?? true
      else { return }
      fixes[event.coreid] = location
    }
    return Dictionary(uniqueKeysWithValues: later.map { ($0, fixes[$0]) })
  }

  /// Where `device` last was at or before `time`: its newest fix, or when that is dated later
  /// (a rehearsal's), the last one by then from its log.
  static func lastFix(of device: Device, at time: Timestamp, in transaction: Transaction) throws
    -> Location?
  {
    guard let newest = device.location, newest.time > time,
      let stream = try EventStream.of(device, in: transaction)
    else { return device.location }
    let fixes = try lastFixes(of: [device], in: stream, since: nil, through: time, transaction)
    return fixes[device.id] ?? nil
  }

  /// Reads the product's `loc` events in the window once, giving each entry its track.
  private static func addTracks(
    _ entries: inout [Entry], product: Product, _ query: Query, in transaction: Transaction
  ) throws {
    var index: [String: Int] = [:]
    for (position, entry) in entries.enumerated() { index[entry.device.id] = position }
    guard !index.isEmpty else { return }
    // A fix is published at or after its time, so the log before `since` holds none in the
    // window; a stored-and-forwarded fix may be published after `until`, so that end is cut a
    // day later. Only the mapped devices' events are parsed.
    var reading = EventQuery(stream: .product(id: product.id))
    reading.since = query.since
    reading.until = query.until?.adding(seconds: 86_400)
    reading.publishers = Set(index.keys)
    var window = query
    window.area = nil
    try reading.run(in: transaction) { match in
      let event = match.event
      guard event.name == TrackerPlatforms.locEvent, let position = index[event.coreid],
        let location = Location(locData: event.data, publishedAt: event.publishedAt),
        selects(location, window)
      else { return }
      entries[position].track.append(location)
    }
    for position in entries.indices {
      entries[position].track.sort { $0.time < $1.time }
    }
  }
}
