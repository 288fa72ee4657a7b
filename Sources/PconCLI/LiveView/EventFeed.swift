import Foundation
import PconCore

/// Reads new events from a tail on a thread of its own, so waiting for the state lock never
/// delays a key: the view takes what has arrived whenever `wakeDescriptor` is readable.
final class EventFeed: @unchecked Sendable {
  /// Readable when events (or a failure) are waiting to be taken.
  let wakeDescriptor: Int32
  private let wakeWriter: Int32
  private let lock = NSLockLike()
  private var arrived: [Event] = []
  private var failure: (any Error)?
  private var stopping = false
  private let done = DispatchSemaphore(value: 0)
  /// The most events held for the view; a view that falls further behind keeps the newest.
  private let capacity: Int

  /// Starts polling `tail` in `store` every `interval` seconds.
  init(store: StateStore, tail: EventTail, interval: Double = 0.1, capacity: Int = 10_000) throws {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else {
      throw RawTerminal.Failure(
        description: "cannot create a pipe: \(String(cString: strerror(errno)))")
    }
    for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
    wakeDescriptor = ends[0]
    wakeWriter = ends[1]
    self.capacity = capacity
    let thread = Thread { [self] in self.follow(store: store, tail: tail, interval: interval) }
    thread.start()
  }

  deinit {
    close(wakeDescriptor)
    close(wakeWriter)
  }

  /// The events that arrived since the last call, oldest first; throws what stopped the reader.
  func take() throws -> [Event] {
    var byte: UInt8 = 0
    while read(wakeDescriptor, &byte, 1) > 0 {}
    let (events, failure) = lock.locked {
      defer { arrived.removeAll() }
      return (arrived, self.failure)
    }
    if let failure { throw failure }
    return events
  }

  /// Stops the reader and waits for it to finish its current poll.
  func stop() {
    let running = lock.locked {
      defer { stopping = true }
      return !stopping
    }
    if running { done.wait() }
  }

  private var isStopping: Bool { lock.locked { stopping } }

  private func follow(store: StateStore, tail: EventTail, interval: Double) {
    defer { done.signal() }
    var tail = tail
    while !isStopping {
      var events: [Event] = []
      do {
        try store.read { tx in try tail.poll(in: tx) { events.append($0.event) } }
      } catch {
        lock.locked { failure = error }
        wake()
        return
      }
      if !events.isEmpty {
        lock.locked {
          arrived.append(contentsOf: events)
          if arrived.count > capacity { arrived.removeFirst(arrived.count - capacity) }
        }
        wake()
      }
      usleep(useconds_t(interval * 1_000_000))
    }
  }

  private func wake() {
    var byte: UInt8 = 1
    _ = write(wakeWriter, &byte, 1)
  }
}
