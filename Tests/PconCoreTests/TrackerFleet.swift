@testable import PconCore

/// Ada, with tracker product 10003 holding devices `trackers` and Boron product 10001 holding
/// `borons` (numbers for `deviceHex`), made in `transaction`; ada as an actor.
func trackerFleet(trackers: [Int], borons: [Int], in transaction: Transaction) throws -> Actor {
  let ada = Actor.person(
    try Accounts.create(email: "ada@example.com", name: nil, in: transaction, random: counter))
  _ = try Products.create(
    name: "Trucks", platform: try Platform.named("tracker"), description: nil, org: nil,
    id: 10003, by: ada, in: transaction)
  _ = try Products.create(
    name: "Pumps", platform: try Platform.named("boron"), description: nil, org: nil,
    id: 10001, by: ada, in: transaction)
  _ = try DeviceImport.run(
    trackers.map { deviceHex($0) }.joined(separator: "\n"), into: "10003", by: ada,
    in: transaction)
  if !borons.isEmpty {
    _ = try DeviceImport.run(
      borons.map { deviceHex($0) }.joined(separator: "\n"), into: "10001", by: ada,
      in: transaction)
  }
  return ada
}
