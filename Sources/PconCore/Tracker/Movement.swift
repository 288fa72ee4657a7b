import Glibc

/// How simulated trackers move: standing, at a walk or driving, along a deterministic path so
/// a rehearsal draws the same tracks every time.
public enum Movement: String, Sendable, CaseIterable {
  case stationary, walking, driving

  /// The speed along the path, in metres per second.
  public var speed: Double {
    switch self {
    case .stationary: return 0
    case .walking: return 1.4
    case .driving: return 14
    }
  }

  /// Where a device starts when it never reported a location: where `get_loc` says it is.
  public static let start = (
    latitude: TrackerCommand.defaultLocation.latitude,
    longitude: TrackerCommand.defaultLocation.longitude
  )
  /// How many publishes the path runs straight before it turns right.
  static let legPublishes: Int64 = 10

  /// Where a device that started at (`latitude`, `longitude`) is after `tick` publishes
  /// `everySeconds` apart: straight legs of `legPublishes` publishes, turning 90° right after
  /// each, from a heading `seed` picks (so devices fan out instead of moving as one).
  public func position(
    from latitude: Double, _ longitude: Double, tick: Int64, everySeconds: Int64, seed: String
  ) -> (latitude: Double, longitude: Double) {
    guard speed > 0, tick > 0 else { return (latitude, longitude) }
    var heading = Double(Self.hash(seed) % 360)
    var point = (latitude: latitude, longitude: longitude)
    let step = speed * Double(everySeconds)
    var left = tick
    // A closed square every four legs: only the last lap matters.
    left %= Self.legPublishes * 4
    while left > 0 {
      let run = min(left, Self.legPublishes)
      point = Geo.destination(
        point.latitude, point.longitude, bearing: heading, metres: step * Double(run))
      left -= run
      heading += 90
    }
    return point
  }
}

extension Movement {
  /// The battery's change per hour, in percent: a tracker on foot drains it; one in a vehicle
  /// runs on the vehicle's power and charges.
  var batteryPerHour: Double {
    switch self {
    case .stationary: return -0.2
    case .walking: return -0.5
    case .driving: return 2
    }
  }

  /// The battery a device that had `start` percent reports `seconds` later: between 5 (where
  /// Tracker Edge shuts down) and 100.
  func battery(from start: Double, afterSeconds seconds: Int64) -> Double {
    let level = start + batteryPerHour * Double(seconds) / 3600
    return (min(100, max(5, level)) * 10).rounded() / 10
  }

  /// The board's temperature at `time`: a daily swing around 24 °C peaking mid-afternoon (UTC),
  /// each device a little warmer or cooler than the next.
  static func boardTemperature(at time: Timestamp, seed: String) -> Double {
    let hours = Double(time.millisecondsSince1970 % 86_400_000) / 3_600_000
    let swing = 5 * sin((hours - 9) / 24 * 2 * Double.pi)
    let offset = Double(hash(seed) % 31) / 10 - 1.5
    return ((24 + swing + offset) * 10).rounded() / 10
  }

  /// The location a device moving from `origin` (with `battery` percent then) reports at its
  /// `tick`th publish, at `time`: where it is, its battery and its board's temperature.
  func location(
    from origin: (latitude: Double, longitude: Double), battery: Double, tick: Int64,
    everySeconds: Int64, at time: Timestamp, seed: String
  ) -> Location {
    let point = position(
      from: origin.latitude, origin.longitude, tick: tick, everySeconds: everySeconds, seed: seed)
    return Location(
      latitude: point.latitude, longitude: point.longitude, time: time,
      temperature: Self.boardTemperature(at: time, seed: seed),
      battery: self.battery(from: battery, afterSeconds: tick * everySeconds))
  }

  /// FNV-1a: device IDs that differ in one digit still get unrelated headings and temperatures.
  static func hash(_ seed: String) -> UInt64 {
    seed.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
  }
}
