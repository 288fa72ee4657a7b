/// What one device used in one billing month: its data operations and cellular bytes, which
/// `sim list` shows as the SIM's month-to-date use.
public struct DeviceUsage: Sendable, Equatable {
  /// `YYYY-MM`.
  public var month: String
  public var counter: UsageMonth.Counter

  public init(month: String, counter: UsageMonth.Counter) {
    self.month = month
    self.counter = counter
  }

  /// What it used in `month`: nothing when its latest month is another.
  public func used(in month: String) -> UsageMonth.Counter {
    self.month == month ? counter : UsageMonth.Counter()
  }
}

extension Device {
  /// Adds `counter` to what the device used in `month`, starting over in a new month.
  mutating func addUsage(_ counter: UsageMonth.Counter, month: String) {
    let before = usage?.used(in: month) ?? UsageMonth.Counter()
    usage = DeviceUsage(month: month, counter: before + counter)
  }
}

extension DeviceUsage {
  init(stored json: JSONObject) throws {
    let month = try json.string("month")
    guard Timestamp(month: month) != nil else {
      throw JSONObject.ShapeError(path: json.path + ".month", problem: "expected YYYY-MM")
    }
    let operations = try json.int("data_operations")
    let cellular = try json.int("cellular_bytes")
    for (name, value) in [("data_operations", operations), ("cellular_bytes", cellular)]
    where !(0...UsageMonth.counterLimit).contains(Int64(value)) {
      throw JSONObject.ShapeError(
        path: json.path + "." + name, problem: "\(value) is not a count from 0 to 2^53")
    }
    self.init(
      month: month,
      counter: UsageMonth.Counter(dataOperations: Int64(operations), cellularBytes: Int64(cellular))
    )
  }

  var stored: JSON {
    .object([
      ("month", .string(month)), ("data_operations", .int(counter.dataOperations)),
      ("cellular_bytes", .int(counter.cellularBytes)),
    ])
  }
}
