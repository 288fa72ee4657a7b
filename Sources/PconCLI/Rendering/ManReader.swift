import Foundation

/// Shows a man page to a person at a terminal the way `man` would, through `man -l -`.
enum ManReader {
  /// Renders `page` (roff) through the `man` on PATH; false when there is none or it fails
  /// to start, so the caller prints the roff instead.
  static func show(_ page: String, context: CLIContext) -> Bool {
    let folders = (context.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    guard
      let man = folders.map({ "\($0)/man" }).first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: man)
    process.arguments = ["-l", "-"]
    process.environment = context.environment
    let input = Pipe()
    process.standardInput = input
    context.stdout.flush()
    do { try process.run() } catch { return false }
    input.fileHandleForWriting.write(Data(page.utf8))
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
    return true
  }
}
