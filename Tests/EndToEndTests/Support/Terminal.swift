import Foundation

/// Runs pcon with stdout on a pseudo-terminal of a given width, through util-linux `script`.
enum Terminal {
  static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/script") }

  /// Runs `pcon ARGS` (a shell word list, already quoted) on a terminal `columns` wide, with
  /// colour off unless `colour`; what it printed, with the terminal's CR LF line ends made LF.
  static func run(
    _ pcon: Pcon, _ arguments: String, columns: Int = 80, colour: Bool = false,
    env: [String: String] = [:]
  ) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = [
      "-qec", "stty cols \(columns) rows 50; '\(Pcon.binary)' \(arguments)", "/dev/null",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["PCON_STATE_DIR"] = pcon.stateDir
    environment["TERM"] = "xterm"
    environment["NO_COLOR"] = colour ? nil : "1"
    for key in ["PCON_TOKEN", "PCON_NOW", "XDG_DATA_HOME", "COLUMNS"] { environment[key] = nil }
    environment.merge(env) { $1 }
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
  }
}
