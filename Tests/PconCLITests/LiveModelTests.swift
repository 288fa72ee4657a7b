import PconCore
import Testing

@testable import PconCLI

/// The live log view's model, driven by messages and read through its screen.
@Suite struct LiveModelTests {
  static let device = "e00fce68000000000000000a"

  static func event(_ id: Int64, _ name: String = "temp", data: String = "21.5") -> Event {
    Event(
      id: id, name: name, data: data, ttl: 60,
      publishedAt: Timestamp(millisecondsSince1970: 1_795_000_000_000 + id * 1000),
      coreid: device, productID: nil)
  }

  static func events(_ ids: ClosedRange<Int64>) -> [Event] { ids.map { event($0) } }

  /// A model 80 × 10 (seven event rows) holding `ids`.
  static func model(_ ids: ClosedRange<Int64>? = nil, capacity: Int = 10_000) -> LiveModel {
    var model = LiveModel(
      query: "", names: [device: "greenhouse"], width: 80, height: 10, capacity: capacity)
    if let ids { _ = model.update(.events(events(ids))) }
    return model
  }

  /// Presses `keys` in order, returning every effect asked for.
  @discardableResult
  static func press(_ model: inout LiveModel, _ keys: Key...) -> [LiveModel.Effect] {
    keys.flatMap { model.update(.key($0)) }
  }

  static func selectedID(_ model: LiveModel) -> Int64? {
    model.shown.indices.contains(model.selection) ? model.shown[model.selection].id : nil
  }

  @Test func pauseQueuesNewEventsAndPlayReleasesThemInOrder() {
    var model = Self.model(1...3)
    Self.press(&model, .character(" "))
    _ = model.update(.events(Self.events(4...6)))
    #expect(model.shown.map(\.id) == [1, 2, 3])
    #expect(model.queue.map(\.id) == [4, 5, 6])
    #expect(model.render().lines[8].hasPrefix("PAUSED · all events · 3 shown · 3 queued"))
    Self.press(&model, .character(" "))
    #expect(model.shown.map(\.id) == [1, 2, 3, 4, 5, 6])
    #expect(model.queue.isEmpty)
    #expect(model.render().lines[8].hasPrefix("following · all events · 6 shown · 0 queued"))
  }

  @Test func navigationStopsAtBothEdges() {
    var model = Self.model(1...20)
    #expect(Self.selectedID(model) == 20)
    Self.press(&model, .down)
    #expect(Self.selectedID(model) == 20)
    Self.press(&model, .home, .up, .character("k"))
    #expect(Self.selectedID(model) == 1)
    #expect(model.top == 0)
    Self.press(&model, .pageDown)
    #expect(Self.selectedID(model) == 7)
    Self.press(&model, .pageDown, .pageDown, .pageDown)
    #expect(Self.selectedID(model) == 20)
    #expect(model.following)
    Self.press(&model, .pageUp, .pageUp, .pageUp, .pageUp)
    #expect(Self.selectedID(model) == 1)
    // The selected row is drawn selected, and it is on screen.
    let screen = model.render()
    #expect(screen.rows[1].style == .selected)
    #expect(screen.lines[1].contains("temp"))
  }

  @Test func navigationInAnEmptyListDoesNothing() {
    var model = Self.model()
    #expect(Self.press(&model, .up, .down, .pageUp, .home, .end, .enter).isEmpty)
    #expect(model.mode == .list)
    #expect(model.render().lines[1] == "waiting for events…")
  }

  @Test func selectionStopsFollowingAndEndFollowsAgain() {
    var model = Self.model(1...10)
    Self.press(&model, .up, .character("k"))
    #expect(!model.following)
    #expect(Self.selectedID(model) == 8)
    _ = model.update(.events(Self.events(11...15)))
    // New events do not move a selection that is not on the newest.
    #expect(Self.selectedID(model) == 8)
    #expect(
      model.render().rows.contains { $0.style == .selected && $0.text.contains("greenhouse") })
    Self.press(&model, .end)
    #expect(model.following)
    _ = model.update(.events(Self.events(16...16)))
    #expect(Self.selectedID(model) == 16)
    #expect(model.top == 16 - 7)
    // Reaching the newest by moving down follows again too.
    Self.press(&model, .up, .down)
    #expect(model.following)
    #expect(!model.render().rows.contains { $0.style == .selected })
  }

  @Test func clearAsksTheStoreThenHidesWhatItCleared() {
    var model = Self.model(1...5)
    Self.press(&model, .character(" "))
    _ = model.update(.events(Self.events(6...7)))
    #expect(Self.press(&model, .character("x")) == [.clear])
    #expect(model.shown.count == 5)
    _ = model.update(.cleared(through: 6))
    #expect(model.shown.isEmpty)
    #expect(model.queue.map(\.id) == [7])
    #expect(model.hidden == 6)
    #expect(model.render().lines[8].contains("6 hidden by clear"))
    Self.press(&model, .character(" "))
    #expect(model.shown.map(\.id) == [7])
  }

  @Test func aBadQueryShowsItsErrorAndKeepsTheDraft() {
    var model = Self.model(1...3)
    Self.press(&model, .character("/"))
    for character in "range:9-3" { Self.press(&model, .character(character)) }
    #expect(Self.press(&model, .enter).isEmpty)
    guard case .editing(let draft, let error?) = model.mode else {
      Issue.record("not editing with an error: \(model.mode)")
      return
    }
    #expect(draft == "range:9-3")
    #expect(error.contains("range:9-3") && error.contains("MIN is greater than MAX"))
    #expect(model.render().lines[9].hasPrefix("error: invalid filter term 'range:9-3'"))
    // Editing goes on from the draft; the old query stays in force until one parses.
    Self.press(&model, .backspace, .backspace, .backspace)
    for character in "1-9" { Self.press(&model, .character(character)) }
    #expect(Self.press(&model, .enter) == [.query("range:1-9")])
    #expect(model.query == "")
    _ = model.update(.queryApplied("range:1-9", admits: { $0.id != 2 }))
    #expect(model.query == "range:1-9")
    #expect(model.shown.map(\.id) == [1, 3])
    #expect(model.render().lines[8].contains("query: range:1-9 · 2 shown"))
  }

  @Test func aQueryTheStoreRefusesReopensTheEditor() {
    var model = Self.model(1...3)
    Self.press(&model, .character("/"), .control("u"))
    for character in "device:nope" { Self.press(&model, .character(character)) }
    #expect(Self.press(&model, .enter) == [.query("device:nope")])
    _ = model.update(.queryRefused("no device named nope"))
    #expect(model.mode == .editing(draft: "device:nope", error: "no device named nope"))
    Self.press(&model, .escape)
    #expect(model.mode == .list)
    #expect(model.shown.count == 3)
  }

  @Test func detailPrettyPrintsJSONWithSortedKeysAndTogglesRaw() {
    var model = Self.model()
    _ = model.update(.resize(width: 80, height: 30))
    _ = model.update(.events([Self.event(1, data: #"{"z":1,"a":{"y":"\u001b[2J","b":true}}"#)]))
    Self.press(&model, .enter)
    let pretty = model.render().lines
    #expect(pretty[0] == "event 1")
    #expect(pretty.contains("coreid        \(Self.device) (greenhouse)"))
    let data = Array(pretty.drop { $0 != "data:" }.dropFirst())
    #expect(data.first == "{")
    let a = data.firstIndex { $0.contains("\"a\"") }
    let z = data.firstIndex { $0.contains("\"z\"") }
    #expect(a != nil && z != nil && a ?? 0 < z ?? 0)
    // The escape the data holds is shown, never sent to the terminal.
    #expect(pretty.contains { $0.contains("\\u001b[2J") || $0.contains("\\x1b[2J") })
    #expect(!pretty.joined().contains("\u{1b}"))
    Self.press(&model, .character("r"))
    let raw = model.render().lines
    #expect(raw.contains(#"{"z":1,"a":{"y":"\u001b[2J","b":true}}"#))
    #expect(raw[28] == "event 1 · data raw")
    Self.press(&model, .escape)
    #expect(model.mode == .list)
  }

  @Test func detailShowsDataThatIsNotJSONAsItIsWithControlsVisible() {
    var model = Self.model()
    _ = model.update(.resize(width: 80, height: 30))
    _ = model.update(.events([Self.event(1, data: "line one\nline\u{7}two")]))
    Self.press(&model, .enter)
    let lines = model.render().lines
    let data = Array(lines.drop { $0 != "data:" }.dropFirst().prefix(2))
    #expect(data == ["line one", "line\\x07two"])
    #expect(lines[28] == "event 1 · data pretty")
  }

  @Test func copyAsksForTheDataAndSaysSo() {
    var model = Self.model()
    _ = model.update(.events([Self.event(1, data: "héllo")]))
    Self.press(&model, .enter)
    #expect(Self.press(&model, .character("c")) == [.copy("héllo")])
    #expect(model.render().lines[9] == "copied 6 bytes of data to the clipboard")
    Self.press(&model, .character("q"))
    #expect(model.mode == .list)
    // q in the list quits, as Ctrl-C does anywhere.
    #expect(Self.press(&model, .character("q")) == [.quit])
    Self.press(&model, .enter)
    #expect(Self.press(&model, .control("c")) == [.quit])
  }

  /// Device data goes on the clipboard without controls: a paste cannot carry an escape (or
  /// end a bracketed paste) into a shell. Line feeds and tabs stay.
  @Test func copyLeavesControlsOut() {
    var model = Self.model()
    _ = model.update(.events([Self.event(1, data: "a\u{1B}[201~rm\r\n\tb\u{9B}")]))
    Self.press(&model, .enter)
    #expect(Self.press(&model, .character("c")) == [.copy("a[201~rm\n\tb")])
    #expect(model.render().lines[9].hasSuffix("(control characters left out)"))
  }

  @Test func memoryIsBoundedToTheNewestEvents() {
    var model = Self.model(1...3, capacity: 100)
    Self.press(&model, .home)
    _ = model.update(.events(Self.events(4...250)))
    #expect(model.received.count == 100)
    #expect(model.shown.map(\.id) == Array(151...250))
    // The selected event fell out of view: the oldest kept is selected instead.
    #expect(Self.selectedID(model) == 151)
    Self.press(&model, .character(" "))
    _ = model.update(.events(Self.events(251...500)))
    #expect(model.queue.count == 100)
    #expect(model.queue.first?.id == 401)
  }

  @Test func resizeRefitsEveryRowAndKeepsTheSelectionOnScreen() {
    var model = Self.model(1...30)
    Self.press(&model, .home, .pageDown)
    _ = model.update(.resize(width: 40, height: 5))
    let small = model.render()
    #expect(small.rows.count == 5)
    #expect(small.rows.allSatisfy { $0.text.count == 40 })
    #expect(small.rows[2].style == .selected && small.lines[2].hasPrefix("2026"))
    #expect(small.lines[3].count == 40 && small.lines[3].hasSuffix("…"))
    _ = model.update(.resize(width: 120, height: 40))
    let large = model.render()
    #expect(large.rows.count == 40 && large.rows.allSatisfy { $0.text.count == 120 })
    #expect(large.rows.contains { $0.style == .selected })
    #expect(large.lines[1].hasSuffix("21.5"))
  }

  @Test func deviceTextIsMadeVisibleInTheList() {
    var model = Self.model()
    _ = model.update(.events([Self.event(1, "evil\u{1b}[2J", data: "a\u{202e}b\r\nc")]))
    let lines = model.render().lines
    #expect(lines[1].contains("evil\\x1b[2J"))
    #expect(lines[1].contains("a\\u{202e}b c"))
    #expect(!model.render().rows.contains { $0.text.contains("\u{1b}") })
  }
}
