import Glibc

/// A named instant in the commit path where a test can make the process die, to prove that a
/// change lands whole or not at all wherever a crash hits. Only debug builds honour them.
public enum CrashPoint: String, Sendable, CaseIterable {
  /// A first command: the state directory exists, nothing is in it yet.
  case directoryCreated = "directory-created"
  /// A first command: the lock is held, `pcon.json` is not written yet.
  case lockCreated = "lock-created"
  /// Several files: the journal is durable, no file has been changed yet.
  case journalWritten = "journal-written"
  /// Several files: the first file has been changed, the others not yet.
  case firstFileApplied = "first-file-applied"
  /// Several files: every file has been changed, the journal is still there.
  case beforeJournalRemoved = "before-journal-removed"
  /// One file: its new content is durable in a temporary file, not yet renamed over it.
  case beforeRename = "before-rename"
  /// One file: renamed (or appended), its directory not yet synced.
  case afterRename = "after-rename"

  /// Thrown by a hook that simulates a crash in-process: the commit stops where it is and
  /// cleans nothing up, as if the process had died.
  public struct Reached: Error, Equatable, CustomStringConvertible {
    public let point: CrashPoint
    public init(_ point: CrashPoint) { self.point = point }
    public var description: String { "stopped at the crash point \(point.rawValue)" }
  }

  /// A hook that kills the process with SIGKILL at `point`, for end-to-end tests.
  public static func killing(at point: CrashPoint) -> @Sendable (CrashPoint) throws -> Void {
    { reached in
      if reached == point { kill(getpid(), SIGKILL) }
    }
  }

  /// A hook that throws `Reached` at `point`, for in-process tests.
  public static func throwing(at point: CrashPoint) -> @Sendable (CrashPoint) throws -> Void {
    { reached in
      if reached == point { throw Reached(point) }
    }
  }
}
