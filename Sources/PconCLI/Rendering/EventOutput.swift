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
  /// The terminal's width, when stdout is one; tables are cut to fit it and never otherwise.
  let width: Int?
  /// Whether rows are printed as they come (`--follow`), in fixed columns.
  let following: Bool
  private var buffer: [UInt8] = []
  private var rows: [Event] = []
  private var opened = false

  init(format: Format, run: Invocation, names: [String: String]) {
    self.format = format
    self.sink = run.context.stdout
    self.colour = run.colour
    self.headers = !run.line.flag("no-headers")
    self.names = names
    self.width = run.terminalWidth
    self.following = run.line.flag("follow")
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

  /// Writes what is held. Before following, history takes the fixed columns new rows will use.
  mutating func finish() {
    if format == .table, following {
      eventWidth = max(rows.map { Visible.text($0.name).count }.max() ?? 0, eventWidth)
      streamHeader()
      for event in rows { sink.write(followRow(event)) }
      rows.removeAll()
    } else if format == .table {
      var table = Table(["TIME", "EVENT", "DEVICE", "DATA"])
      for event in rows {
        table.add([
          .init(Views.time(event.publishedAt), .dim), .init(event.name, .cyan),
          .init(device(event)),
          .init(Views.oneLine(event.data)),
        ])
      }
      if !rows.isEmpty || headers {
        sink.write(table.render(headers: headers, colour: colour, width: width))
      }
      rows.removeAll()
    }
    flushBuffer()
  }

  /// The event column of `--follow`: as long as most names, or the longest in the history
  /// printed first. On a terminal a longer name arriving later is cut to it.
  private var eventWidth = 24

  /// The fixed widths of `--follow`, since later rows cannot realign earlier ones: the event
  /// column, and the longest name of a device whose events can appear.
  private var followWidths: (event: Int, device: Int) {
    (eventWidth, max(names.values.map { Visible.text($0).count }.max() ?? 0, 24))
  }

  private func followLine(
    _ time: String, _ name: String, _ device: String, _ data: String, header: Bool
  ) -> String {
    let (eventWidth, deviceWidth) = followWidths
    var (name, device, data) = (Visible.text(name), Visible.text(device), Visible.text(data))
    if let width {
      // On a terminal the row fits: a long name gives way, then the data takes what is left.
      name = Table.clip(name, to: eventWidth)
      data = Table.clip(data, to: max(width - 20 - eventWidth - deviceWidth - 6, 8))
    }
    let cells = [
      (time.padding(toLength: 20, withPad: " ", startingAt: 0), header ? Style.bold : .dim),
      (
        name.padding(toLength: max(name.count, eventWidth), withPad: " ", startingAt: 0),
        header ? .bold : .cyan
      ),
      (
        device.padding(toLength: max(device.count, deviceWidth), withPad: " ", startingAt: 0),
        header ? .bold : .plain
      ),
      (data, header ? .bold : .plain),
    ]
    let line = cells.map { $0.1.apply($0.0, enabled: colour) }.joined(separator: "  ")
    return (colour ? line : String(line.reversed().drop { $0 == " " }.reversed())) + "\n"
  }

  private func followRow(_ event: Event) -> String {
    followLine(
      Views.time(event.publishedAt), event.name, device(event), Views.oneLine(event.data),
      header: false)
  }

  /// The header row for `--follow` in a table, with the widths its rows use.
  func streamHeader() {
    guard format == .table, headers else { return }
    sink.write(followLine("TIME", "EVENT", "DEVICE", "DATA", header: true))
  }

  /// Writes one event at once, for `--follow`: fixed columns in a table, a line otherwise.
  mutating func stream(_ match: EventQuery.Match) {
    if format == .table {
      sink.write(followRow(match.event))
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
