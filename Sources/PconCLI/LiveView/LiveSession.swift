import Foundation
import PconCore

/// Runs the live log view on the terminal: keys and new events in, the model's screen out,
/// until q, Ctrl-C, SIGINT or SIGTERM. The terminal is restored on every way out.
struct LiveSession {
  /// What the view asks of the store, done by the command that opened it.
  struct Actions {
    /// Clears the log as `logs clear` does; the last ID hidden.
    var clear: () throws -> Int64
    /// Which events the query `text` shows.
    var select: (_ text: String) throws -> @Sendable (Event) -> Bool
  }

  /// How long an Esc waits for the rest of a sequence before it counts as the Esc key.
  static let escapeWait = 0.03

  var model: LiveModel
  let feed: EventFeed
  let actions: Actions

  /// Takes over the terminal and runs until the person quits or a signal asks to stop.
  mutating func run() throws {
    defer { feed.stop() }
    let terminal = try RawTerminal()
    defer { terminal.restore() }
    Interrupt.install()
    WindowResize.install()
    if let size = terminal.size {
      _ = model.update(.resize(width: size.width, height: size.height))
    }
    var painter = ScreenPainter()
    var decoder = KeyDecoder()
    var escapeDeadline: Double?
    terminal.write(painter.paint(model.render()))
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !Interrupt.requested {
      var fds = [
        pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
        pollfd(fd: feed.wakeDescriptor, events: Int16(POLLIN), revents: 0),
      ]
      let timeout = escapeDeadline.map { Int32(max(($0 - Self.now) * 1000, 0)) + 1 } ?? 1000
      if poll(&fds, 2, timeout) < 0, errno != EINTR {
        throw RawTerminal.Failure(
          description: "cannot wait for the terminal: \(String(cString: strerror(errno)))")
      }
      var keys: [Key] = []
      if fds[0].revents != 0 {
        let count = read(0, &buffer, buffer.count)
        // The terminal went away (hung up): there is no one left to show anything to.
        if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) { break }
        if count > 0 {
          keys += decoder.feed(buffer[0..<count])
          escapeDeadline = decoder.isWaiting ? Self.now + Self.escapeWait : nil
        }
      }
      if let deadline = escapeDeadline, Self.now >= deadline {
        keys += decoder.flushEscape()
        escapeDeadline = nil
      }
      if fds[1].revents != 0 {
        let events = try feed.take()
        if !events.isEmpty { _ = model.update(.events(events)) }
      }
      if WindowResize.take(), let size = terminal.size {
        _ = model.update(.resize(width: size.width, height: size.height))
        painter.invalidate()
      }
      for key in keys {
        for effect in model.update(.key(key)) {
          if effect == .quit { return terminal.write(painter.paint(model.render())) }
          perform(effect, on: terminal)
        }
      }
      // One paint for everything this turn brought, so a flood of events costs one redraw.
      terminal.write(painter.paint(model.render()))
    }
  }

  private mutating func perform(_ effect: LiveModel.Effect, on terminal: RawTerminal) {
    switch effect {
    case .quit: break
    case .clear:
      do {
        _ = model.update(.cleared(through: try actions.clear()))
      } catch {
        _ = model.update(.notice("could not clear: " + Self.describe(error)))
      }
    case .query(let text):
      do {
        _ = model.update(.queryApplied(text, admits: try actions.select(text)))
      } catch {
        _ = model.update(.queryRefused(Self.describe(error)))
      }
    case .copy(let text):
      // OSC 52: the terminal puts the text on the clipboard; one that does not support it
      // ignores the sequence. Base64 keeps device bytes from being read as escapes.
      terminal.write("\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}")
    }
  }

  /// The one-line message of an error, as `error:` would print it.
  static func describe(_ error: any Error) -> String {
    if let error = error as? PconError { return error.message }
    if let error = error as? UsageError { return error.message }
    return String(describing: error)
  }

  private static var now: Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
