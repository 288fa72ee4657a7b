/// Commands of particle-cli that pcon spells differently, so a habit typed from particle-cli
/// is answered with the pcon command that does the same.
enum ParticleHabits {
  /// The pcon command for each particle-cli command (by its words after the program name).
  static let commands: [[String]: String] = [
    ["list"]: "pcon device list",
    ["subscribe"]: "pcon logs --follow",
    ["claim"]: "pcon device claim",
    ["rename"]: "pcon device rename",
    ["remove"]: "pcon device unclaim",
    ["device", "add"]: "pcon device claim",
  ]

  /// The pcon command for `word` typed under the command at `path`, when it is a habit.
  static func command(for word: String, under path: [String]) -> String? {
    commands[path + [word.lowercased()]]
  }
}
