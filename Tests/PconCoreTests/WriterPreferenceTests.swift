import Foundation
import PconCore
import Testing

/// Readers that keep re-taking the shared lock do not starve a writer: once a writer waits, new
/// readers wait behind it.
@Suite struct WriterPreferenceTests {
  /// Two readers that hand the shared lock to each other, and a record of how often each took it.
  final class Relay: @unchecked Sendable {
    private let condition = NSCondition()
    private var takes = [0, 0]
    private var stopped = false

    /// Records that `reader` holds the lock again; returns how often the other one has taken it.
    func took(_ reader: Int) -> Int {
      condition.lock()
      defer { condition.unlock() }
      takes[reader] += 1
      condition.broadcast()
      return takes[1 - reader]
    }

    /// Waits until the other reader takes the lock again after `seen` takes, or `stop`, or, as a
    /// reader's section is bounded, until `limit` seconds pass.
    func holdUntilRelieved(_ reader: Int, seen: Int, limit: Double) {
      condition.lock()
      defer { condition.unlock() }
      let deadline = Date().addingTimeInterval(limit)
      while takes[1 - reader] == seen, !stopped, condition.wait(until: deadline) {}
    }

    /// Waits until every reader has taken the lock at least `count` times; false after 10 s.
    func awaitTakes(_ count: Int) -> Bool {
      condition.lock()
      defer { condition.unlock() }
      let deadline = Date().addingTimeInterval(10)
      while takes.contains(where: { $0 < count }) {
        if !condition.wait(until: deadline) { return false }
      }
      return true
    }

    var total: Int {
      condition.lock()
      defer { condition.unlock() }
      return takes.reduce(0, +)
    }

    var isStopped: Bool {
      condition.lock()
      defer { condition.unlock() }
      return stopped
    }

    func stop() {
      condition.lock()
      stopped = true
      condition.broadcast()
      condition.unlock()
    }
  }

  @Test func aWriterGetsInWhileReadersKeepRetakingTheSharedLock() throws {
    let (storage, cleanUp) = Backend.posix.make()
    defer { cleanUp() }
    try storage.createRoot()
    let relay = Relay()
    let readers = DispatchGroup()
    for reader in 0..<2 {
      DispatchQueue.global().async(group: readers) {
        // Each reader lets go only once the other holds the lock again, so without writer
        // preference the shared lock is never free for a moment.
        while !relay.isStopped {
          guard let lock = try? storage.lock(.shared, timeout: 10) else { continue }
          let seen = relay.took(reader)
          relay.holdUntilRelieved(reader, seen: seen, limit: 0.2)
          withExtendedLifetime(lock) {}
        }
      }
    }
    defer {
      relay.stop()
      readers.wait()
    }
    #expect(relay.awaitTakes(20), "the readers never got going")
    let start = Date()
    do {
      let writer = try storage.lock(.exclusive, timeout: 3)
      let waited = Date().timeIntervalSince(start)
      // The writer waited for one bounded read section, not for the readers to stop.
      #expect(waited < 2, "the writer waited \(waited) s")
      withExtendedLifetime(writer) {}
    }
    // Readers take the lock again once the writer is done.
    let before = relay.total
    #expect(relay.awaitTakes(before / 2 + 5))
  }
}
