/// The classes of device a growth-plan organization buys blocks for: each class has its own
/// blocks, and its own usage measured against them.
public enum DeviceClass: String, Sendable, CaseIterable, Comparable {
  case wifi, cellular, tracker

  /// The class of a platform: trackers apart from other cellular devices, which have less data.
  public init(platform: Platform?) {
    guard let platform else {
      self = .wifi
      return
    }
    if platform.name.hasPrefix("tracker") {
      self = .tracker
    } else {
      self = platform.isCellular ? .cellular : .wifi
    }
  }

  /// How the console names it.
  public var title: String {
    switch self {
    case .wifi: return "Wi-Fi"
    case .cellular: return "Cellular"
    case .tracker: return "Tracker"
    }
  }

  /// The order the console lists classes in.
  private var rank: Int {
    switch self {
    case .wifi: return 0
    case .cellular: return 1
    case .tracker: return 2
    }
  }

  public static func < (a: DeviceClass, b: DeviceClass) -> Bool { a.rank < b.rank }
}
