/// What one payer (an account's free sandbox, or an organization) used in one billing month.
public struct UsageMonth: Sendable, Equatable {
  /// Data operations and cellular bytes of one device class.
  public struct Counter: Sendable, Equatable {
    public var dataOperations: Int64 = 0
    public var cellularBytes: Int64 = 0

    public init(dataOperations: Int64 = 0, cellularBytes: Int64 = 0) {
      self.dataOperations = dataOperations
      self.cellularBytes = cellularBytes
    }

    /// The sum, held at `UsageMonth.counterLimit`, so a count read back from any file pcon
    /// accepts can always be added to and written again.
    static func + (a: Counter, b: Counter) -> Counter {
      func add(_ x: Int64, _ y: Int64) -> Int64 {
        let (sum, overflow) = x.addingReportingOverflow(y)
        return overflow ? UsageMonth.counterLimit : min(sum, UsageMonth.counterLimit)
      }
      return Counter(
        dataOperations: add(a.dataOperations, b.dataOperations),
        cellularBytes: add(a.cellularBytes, b.cellularBytes))
    }
  }

  public var counters: [DeviceClass: Counter] = [:]
  /// The notices recorded this month, oldest first.
  public var notices: [BillingNotice] = []
  /// When the free plan's limit was reached this month: its three days of grace start then.
  public var limitReachedAt: Timestamp?

  public init() {}

  /// Every class together: what the free plan pools.
  public var total: Counter { counters.values.reduce(Counter(), +) }

  /// Whether a notice with `key` was recorded this month.
  func hasNotice(_ key: String) -> Bool { notices.contains { $0.key == key } }
}

extension UsageMonth {
  /// The most either counter may hold: far past any month, and never near overflow.
  static let counterLimit: Int64 = 1 << 53

  init(stored json: JSONObject) throws {
    self.init()
    let classes = try json.object("classes")
    for deviceClass in DeviceClass.allCases {
      guard let entry = try classes.optionalObject(deviceClass.rawValue) else { continue }
      let counter = Counter(
        dataOperations: Int64(try entry.int("data_operations")),
        cellularBytes: Int64(try entry.int("cellular_bytes")))
      for (name, value) in [
        ("data_operations", counter.dataOperations), ("cellular_bytes", counter.cellularBytes),
      ] where !(0...Self.counterLimit).contains(value) {
        throw JSONObject.ShapeError(
          path: entry.path + "." + name, problem: "\(value) is not a count from 0 to 2^53")
      }
      counters[deviceClass] = counter
    }
    limitReachedAt = try json.optionalDate("limit_reached_at")
    notices = try json.objects("notices").map(BillingNotice.init(stored:))
  }

  var stored: JSON {
    .object([
      (
        "classes",
        .object(
          DeviceClass.allCases.compactMap { deviceClass in
            counters[deviceClass].map {
              (
                deviceClass.rawValue,
                .object([
                  ("data_operations", .int($0.dataOperations)),
                  ("cellular_bytes", .int($0.cellularBytes)),
                ])
              )
            }
          })
      ),
      ("limit_reached_at", .string(limitReachedAt?.iso8601)),
      ("notices", .array(notices.map(\.stored))),
    ])
  }
}
