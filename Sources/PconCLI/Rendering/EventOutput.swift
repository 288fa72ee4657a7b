import Foundation
import PconCore

/// Writes events as a table, NDJSON, or Particle's SSE wire format.
struct EventOutput {
  enum Format: String, CaseIterable {
    case table, json, sse
  }

  let format: Format
  let sink: TextSink
  let colour: Bool
  let headers: Bool
  /// Device names by ID, shown in place of IDs.
  let names: [String: String]
  let width: Int
  private var buffer: [UInt8] = []
  private var rows: [Event] = []
  private var opened = false

  init(format: Format, run: Invocation, names: [String: String]) {
    self.format = format
    self.sink = run.context.stdout
    self.colour = run.colour
    self.headers = !run.line.flag("no-headers")
    self.names = names
    let columns = run.context.environment["COLUMNS"].flatMap(Int.init)
    self.width = max(run.context.terminalWidth ?? columns ?? 120, 60)
  }

  /// Adds one event; in a table it is held until `finish` so columns can align.
  mutating func add(_ match: EventQuery.Match) {
    switch format {
    case .json:
      buffer.append(contentsOf: match.rawLine)
      buffer.append(0x0A)
    case .sse:
      if !opened {
        buffer.append(contentsOf: EventStreamFormat.opening)
        opened = true
      }
      buffer.append(contentsOf: EventStreamFormat.encode(match.event))
    case .table:
      rows.append(match.event)
    }
    if buffer.count >= 1 << 16 { flushBuffer() }
  }

  /// Writes what is held.
  mutating func finish() {
    if format == .table {
      var table = Table(["TIME", "EVENT", "DATA", "DEVICE"])
      let eventWidth = min(rows.map(\.name.count).max() ?? 5, 40)
      let deviceWidth = rows.map { device($0).count }.max() ?? 6
      let dataWidth = max(width - 22 - eventWidth - deviceWidth - 6, 12)
      for event in rows {
        table.add([
          .init(Views.time(event.publishedAt), .dim), .init(event.name, .cyan),
          .init(Views.summarise(event.data, dataWidth)),
          .init(device(event)),
        ])
      }
      if !rows.isEmpty || headers { sink.write(table.render(headers: headers, colour: colour)) }
      rows.removeAll()
    }
    flushBuffer()
  }

  /// The fixed column widths `--follow` uses, since later rows cannot realign earlier ones.
  private var followDataWidth: Int { max(width - 22 - 26 - 26, 12) }

  private func followRow(
    _ time: String, _ name: String, _ data: String, _ device: String, header: Bool
  ) -> String {
    let (name, data, device) = (Visible.text(name), Visible.text(data), Visible.text(device))
    let cells = [
      (time.padding(toLength: 20, withPad: " ", startingAt: 0), header ? Style.bold : .dim),
      (
        name.padding(toLength: max(name.count, 24), withPad: " ", startingAt: 0),
        header ? .bold : .cyan
      ),
      (
        data.padding(toLength: max(data.count, followDataWidth), withPad: " ", startingAt: 0),
        header ? .bold : .plain
      ),
      (device, header ? .bold : .plain),
    ]
    return cells.map { $0.1.apply($0.0, enabled: colour) }.joined(separator: "  ") + "\n"
  }

  /// The header row for `--follow` in a table, with the widths its rows use.
  func streamHeader() {
    guard format == .table, headers else { return }
    sink.write(followRow("TIME", "EVENT", "DATA", "DEVICE", header: true))
  }

  /// Writes one event at once, for `--follow`: fixed columns in a table, a line otherwise.
  mutating func stream(_ match: EventQuery.Match) {
    if format == .table {
      let event = match.event
      sink.write(
        followRow(
          Views.time(event.publishedAt), event.name, Views.summarise(event.data, followDataWidth),
          device(event), header: false))
    } else {
      add(match)
      flushBuffer()
    }
    sink.flush()
  }

  private func device(_ event: Event) -> String { names[event.coreid] ?? event.coreid }

  private mutating func flushBuffer() {
    guard !buffer.isEmpty else { return }
    sink.write(bytes: buffer)
    buffer.removeAll(keepingCapacity: true)
  }
}
