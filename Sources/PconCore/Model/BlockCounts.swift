/// How many growth-plan blocks an organization holds of each device class.
public struct BlockCounts: Sendable, Equatable {
  private var counts: [DeviceClass: Int]

  /// `count` blocks of every class.
  public init(each count: Int) {
    counts = Dictionary(uniqueKeysWithValues: DeviceClass.allCases.map { ($0, count) })
  }

  public subscript(_ deviceClass: DeviceClass) -> Int {
    get { counts[deviceClass] ?? 0 }
    set { counts[deviceClass] = newValue }
  }

  /// The blocks of `classes`, summed.
  public func total(of classes: [DeviceClass] = DeviceClass.allCases) -> Int {
    classes.reduce(0) { $0 + self[$1] }
  }

  /// The most blocks a class may hold: far past any fleet, and small enough that every
  /// allowance computed from it fits in 64 bits.
  public static let maximum = 100_000
}

extension BlockCounts {
  /// Reads `blocks`: an object by class, or (as format 3 wrote) one number for every class.
  init(stored json: JSONObject, key: String) throws {
    if let single = try? json.int(key) {
      self.init(each: single)
    } else {
      let object = try json.object(key)
      self.init(each: 0)
      for deviceClass in DeviceClass.allCases {
        self[deviceClass] = try object.int(deviceClass.rawValue)
      }
    }
    for deviceClass in DeviceClass.allCases
    where !(0...Self.maximum).contains(self[deviceClass]) {
      throw JSONObject.ShapeError(
        path: json.path.isEmpty ? key : "\(json.path).\(key)",
        problem:
          "\(self[deviceClass]) \(deviceClass.rawValue) blocks is not from 0 to \(Self.maximum)")
    }
  }

  var stored: JSON {
    .object(DeviceClass.allCases.map { ($0.rawValue, .int(Int64(self[$0]))) })
  }
}
