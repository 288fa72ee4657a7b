import PconCore

extension LiveModel {
  /// The keys the list offers, on its last line.
  static let listKeys =
    "space pause/play  ↑↓ jk PgUp PgDn Home End move  enter open  / query  x clear  q quit"
  /// The keys an opened event offers.
  static let detailKeys = "r raw  c copy  ↑↓ scroll  esc back  ctrl-c quit"
  /// The keys while editing the query.
  static let editingKeys = "enter apply  esc cancel  ctrl-u erase"

  /// The whole screen for the current state.
  func render() -> ScreenBuffer {
    var screen = ScreenBuffer(width: width, height: height)
    switch mode {
    case .detail(let event, let raw, let scroll): renderDetail(event, raw, scroll, into: &screen)
    case .list, .editing: renderList(into: &screen)
    }
    return screen
  }

  private func renderList(into screen: inout ScreenBuffer) {
    let visible = shown.dropFirst(top).prefix(listRows)
    // Columns fit what is on screen now: a long name or device gives way to the data.
    let eventWidth = min(max(visible.map { Visible.text($0.name).count }.max() ?? 0, 5), 24)
    let deviceWidth = min(max(visible.map { Visible.text(device($0)).count }.max() ?? 0, 6), 24)
    func row(_ time: String, _ name: String, _ device: String, _ data: String) -> String {
      [
        ScreenBuffer.fit(time, to: 20), ScreenBuffer.fit(name, to: eventWidth),
        ScreenBuffer.fit(device, to: deviceWidth), data,
      ].joined(separator: "  ")
    }
    screen.set(0, row("TIME", "EVENT", "DEVICE", "DATA"), style: .heading)
    for (offset, event) in visible.enumerated() {
      let index = top + offset
      screen.set(
        1 + offset,
        row(
          Views.time(event.publishedAt), Visible.text(event.name), Visible.text(device(event)),
          Visible.text(Views.oneLine(event.data))),
        style: index == selection && !following ? .selected : .plain)
    }
    if shown.isEmpty {
      screen.set(1, paused ? "paused: new events wait in the queue" : "waiting for events…")
    }
    if case .editing(let draft, let error) = mode {
      screen.set(height - 2, "query: " + Visible.text(draft) + "▏", style: .status)
      screen.set(height - 1, error.map { "error: " + Visible.text($0) } ?? Self.editingKeys)
    } else {
      screen.set(height - 2, status, style: .status)
      screen.set(height - 1, message.map(Visible.text) ?? Self.listKeys)
    }
  }

  /// The status line: state, query, and the counts of shown, queued and hidden events.
  var status: String {
    var parts = [paused ? "PAUSED" : following ? "following" : "selecting"]
    parts.append(query.isEmpty ? "all events" : "query: " + Visible.text(query))
    parts.append("\(shown.count) shown")
    parts.append("\(queue.count) queued")
    if hidden > 0 { parts.append("\(hidden) hidden by clear") }
    return parts.joined(separator: " · ")
  }

  private func renderDetail(
    _ event: Event, _ raw: Bool, _ scroll: Int, into screen: inout ScreenBuffer
  ) {
    screen.set(0, "event \(event.id)", style: .heading)
    let lines = detailLines(event, raw: raw)
    for (offset, line) in lines.dropFirst(scroll).prefix(max(height - 3, 0)).enumerated() {
      screen.set(1 + offset, line)
    }
    screen.set(
      height - 2, "event \(event.id) · data \(raw ? "raw" : "pretty")", style: .status)
    screen.set(height - 1, message.map(Visible.text) ?? Self.detailKeys)
  }

  /// Every field of `event`, then its data (pretty-printed JSON unless `raw`), one per line,
  /// with control characters made visible.
  func detailLines(_ event: Event, raw: Bool) -> [String] {
    var lines = [
      "id            \(event.id)",
      "name          " + Visible.text(event.name),
      "published_at  " + event.publishedAt.iso8601,
      "ttl           \(event.ttl)",
      "coreid        " + Visible.text(event.coreid)
        + (names[event.coreid].map { " (" + Visible.text($0) + ")" } ?? ""),
      "product_id    " + (event.productID.map(String.init) ?? "-"),
      "",
      "data:",
    ]
    let data = raw ? event.data : EventView.prettyData(event.data)
    lines += Visible.lines(data).split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    return lines
  }

  private func device(_ event: Event) -> String { names[event.coreid] ?? event.coreid }
}
