import Testing

extension Pcon {
  /// Product 10001 (argon) of owner@example.com with `device` imported, named `name` when
  /// given, and claimed for its customer alice@example.com.
  static func customerFleet(device: String, named name: String? = nil) throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account("owner@example.com")
    try pcon.ok("product create Pumps --platform argon --id 10001")
    let imported = try pcon.run(
      ["device", "import", "--product", "10001", "-"], stdin: device + "\n")
    #expect(imported.status == 0, "\(imported.stderr)")
    if let name { try pcon.ok("device rename \(device) \(name)") }
    try pcon.ok("customer create alice@example.com --product 10001")
    try pcon.ok("customer claim \(device) alice@example.com --product 10001")
    return pcon
  }
}
