/// Where a tracker device last said it was: the position of its latest `loc` event, with the
/// board's temperature and the battery charge when the event carried them.
public struct Location: Sendable, Equatable {
  /// Degrees north, -90 to 90.
  public var latitude: Double
  /// Degrees east, -180 to 180.
  public var longitude: Double
  /// When the position was fixed.
  public var time: Timestamp
  /// The board's temperature in °C (not the air's).
  public var temperature: Double?
  /// The battery's charge in percent.
  public var battery: Double?

  public init(
    latitude: Double, longitude: Double, time: Timestamp, temperature: Double? = nil,
    battery: Double? = nil
  ) {
    self.latitude = latitude
    self.longitude = longitude
    self.time = time
    self.temperature = temperature
    self.battery = battery
  }

  /// The board temperatures, in °C, a reading may have; anything else is a faulty sensor.
  public static let temperatures = -100.0...200.0
  /// The battery charges, in percent, a reading may have.
  public static let charges = 0.0...100.0

  /// Whether a latitude and longitude name a place on Earth.
  public static func isValid(latitude: Double, longitude: Double) -> Bool {
    latitude.isFinite && longitude.isFinite && (-90...90).contains(latitude)
      && (-180...180).contains(longitude)
  }

  /// The location a `loc` event's data reports (§7.4 of Particle's Tracker interface), or nil
  /// when it is not one: not a JSON object with `cmd` `loc`, no fix (`lck` 0 or no position), or
  /// a position or time off the Earth or the calendar. The fix's own time (`loc.time`, Unix
  /// seconds) is used when it is sane, else the publish's.
  public init?(locData data: String, publishedAt: Timestamp) {
    guard let json = try? JSONParser.parse(data), json["cmd"] == .string("loc"),
      let loc = json["loc"], case .object = loc,
      let latitude = Self.number(loc["lat"]), let longitude = Self.number(loc["lon"]),
      Self.isValid(latitude: latitude, longitude: longitude)
    else { return nil }
    if let lock = Self.number(loc["lck"]), lock == 0 { return nil }
    var time = publishedAt
    // A fix is taken before it is published: one dated later (a wrong clock, or a device
    // pinning its place) is taken as of the publish, so a real fix can still replace it.
    if let seconds = Self.number(loc["time"]) ?? Self.number(json["time"]),
      seconds.isFinite, seconds >= 0, seconds < 253_402_300_799,
      Int64(seconds) * 1000 <= publishedAt.millisecondsSince1970
    {
      time = Timestamp(millisecondsSince1970: Int64(seconds) * 1000)
    }
    self.init(
      latitude: latitude, longitude: longitude, time: time,
      temperature: Self.number(loc["temp"]).flatMap { Self.temperatures.contains($0) ? $0 : nil },
      battery: Self.number(loc["batt"]).flatMap { Self.charges.contains($0) ? $0 : nil })
  }

  /// The data of a `loc` event reporting this location, fixed (`lck` 1) with `triggers`.
  public func locData(triggers: [String], requestID: Int = 1) -> String {
    let seconds = time.millisecondsSince1970 / 1000
    var loc: [(String, JSON)] = [
      ("lck", .int(1)), ("time", .int(seconds)), ("lat", .double(Self.rounded(latitude))),
      ("lon", .double(Self.rounded(longitude))),
    ]
    if let battery { loc.append(("batt", .double(battery))) }
    if let temperature { loc.append(("temp", .double(temperature))) }
    return JSONWriter(pretty: false).string(
      .object([
        ("cmd", .string("loc")), ("time", .int(seconds)), ("loc", .object(loc)),
        ("trig", .array(triggers.map(JSON.string))), ("req_id", .int(Int64(requestID))),
      ]))
  }

  /// Eight decimals, as Tracker Edge writes positions (about a millimetre).
  static func rounded(_ degrees: Double) -> Double { (degrees * 1e8).rounded() / 1e8 }

  private static func number(_ value: JSON?) -> Double? {
    switch value {
    case .int(let n): return Double(n)
    case .double(let d) where d.isFinite: return d
    default: return nil
    }
  }
}

extension Location {
  /// Reads a stored location.
  init(stored json: JSONObject) throws {
    var values: [String: JSON] = [:]
    for (key, value) in json.fields { values[key] = value }
    guard let latitude = Self.number(values["lat"]), let longitude = Self.number(values["lon"]),
      Self.isValid(latitude: latitude, longitude: longitude)
    else {
      throw JSONObject.ShapeError(
        path: json.path, problem: "expected lat (-90 to 90) and lon (-180 to 180)")
    }
    // What a loc event could not have set is damage, not a reading.
    func reading(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
      guard let value = values[key], value != .null else { return nil }
      guard let number = Self.number(value), range.contains(number) else {
        throw JSONObject.ShapeError(
          path: json.path + "." + key,
          problem: "expected a number from \(Int(range.lowerBound)) to \(Int(range.upperBound))")
      }
      return number
    }
    self.init(
      latitude: latitude, longitude: longitude, time: try json.date("time"),
      temperature: try reading("temp", in: Self.temperatures),
      battery: try reading("batt", in: Self.charges))
  }

  /// The stored record.
  var stored: JSON {
    var pairs: [(String, JSON)] = [
      ("lat", .double(latitude)), ("lon", .double(longitude)), ("time", .string(time.iso8601)),
    ]
    if let temperature { pairs.append(("temp", .double(temperature))) }
    if let battery { pairs.append(("batt", .double(battery))) }
    return .object(pairs)
  }
}
