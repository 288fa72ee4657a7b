import PconCore

/// The live log view's state: the events in view, the queue while paused, the selection, the
/// mode, and the query. Updated by messages and rendered to a `ScreenBuffer`; it does no I/O,
/// and asks for what needs the store or the terminal by returning effects.
struct LiveModel {
  /// What the model is told.
  enum Message {
    case key(Key)
    /// Events that arrived from the tail, oldest first.
    case events([Event])
    case resize(width: Int, height: Int)
    /// `logs clear` was done: events up to `through` are hidden.
    case cleared(through: Int64)
    /// The query `text` is in force; `admits` says which events it shows.
    case queryApplied(String, admits: @Sendable (Event) -> Bool)
    /// The store refused the query (say, a device name that is not one of yours).
    case queryRefused(String)
    /// A line for the status area, such as why a clear failed.
    case notice(String)
  }

  /// What the model asks its driver to do.
  enum Effect: Equatable {
    case quit
    /// Clear the log as `logs clear` does, then send `.cleared`.
    case clear
    /// Apply this query (already parsed once), then send `.queryApplied` or `.queryRefused`.
    case query(String)
    /// Put this text on the clipboard.
    case copy(String)
  }

  /// What fills the screen.
  enum Mode: Equatable {
    case list
    /// One event opened: every field, its data pretty or `raw`, scrolled by `scroll` lines.
    case detail(Event, raw: Bool, scroll: Int)
    /// The query being edited, and why the last attempt was refused.
    case editing(draft: String, error: String?)
  }

  /// How many events the view keeps; older ones stay in the log only.
  let capacity: Int
  /// Device names by ID, shown in place of IDs.
  let names: [String: String]
  private(set) var width: Int
  private(set) var height: Int
  /// Everything that arrived (and was not cleared), oldest first: what a new query re-filters.
  private(set) var received: [Event] = []
  /// The events the query admits, oldest first: the list on screen.
  private(set) var shown: [Event] = []
  /// Events that arrived while paused, waiting for space.
  private(set) var queue: [Event] = []
  private(set) var paused = false
  /// The index in `shown` of the selected event.
  private(set) var selection = 0
  /// Whether the selection rides on the newest event.
  private(set) var following = true
  /// The index in `shown` of the first row on screen.
  private(set) var top = 0
  private(set) var mode = Mode.list
  /// The query in force, as typed.
  private(set) var query: String
  /// Events shown once and then hidden by a clear (with those the history hid at the start).
  private(set) var hidden: Int
  /// A one-line message for the status area, until the next key.
  private(set) var message: String?
  private var admits: @Sendable (Event) -> Bool

  init(
    query: String, names: [String: String], width: Int, height: Int, hidden: Int = 0,
    capacity: Int = 10_000, admits: @escaping @Sendable (Event) -> Bool = { _ in true }
  ) {
    self.query = query
    self.names = names
    self.width = max(width, 1)
    self.height = max(height, 1)
    self.hidden = hidden
    self.capacity = max(capacity, 1)
    self.admits = admits
  }

  /// The rows the list shows events in: all but the heading and the two status lines.
  var listRows: Int { max(height - 3, 1) }

  /// Applies `message`; what the driver must do as a result.
  mutating func update(_ message: Message) -> [Effect] {
    switch message {
    case .key(let key):
      self.message = nil
      return press(key)
    case .events(let events):
      if paused {
        queue.append(contentsOf: events)
        if queue.count > capacity { queue.removeFirst(queue.count - capacity) }
      } else {
        receive(events)
      }
    case .resize(let width, let height):
      self.width = max(width, 1)
      self.height = max(height, 1)
    case .cleared(let through):
      let before = shown.count + queue.count(where: admits)
      received.removeAll { $0.id <= through }
      shown.removeAll { $0.id <= through }
      queue.removeAll { $0.id <= through }
      hidden += before - shown.count - queue.count(where: admits)
      selection = min(selection, max(shown.count - 1, 0))
      if shown.isEmpty { following = true }
      self.message = "cleared: 'pcon logs --all' shows hidden events"
    case .queryApplied(let text, let admits):
      query = text
      self.admits = admits
      shown = received.filter(admits)
      following = true
    case .queryRefused(let reason):
      mode = .editing(draft: pendingDraft ?? query, error: reason)
    case .notice(let text):
      self.message = text
    }
    reveal()
    return []
  }

  /// The draft last sent to be applied, so a refusal reopens it for correction.
  private var pendingDraft: String?

  private mutating func receive(_ events: [Event]) {
    received.append(contentsOf: events)
    shown.append(contentsOf: events.filter(admits))
    let overflow = received.count - capacity
    guard overflow > 0 else { return }
    let oldestKept = received[overflow].id
    received.removeFirst(overflow)
    let dropped = shown.prefix { $0.id < oldestKept }.count
    shown.removeFirst(dropped)
    // The selected event keeps its place while it is in view, else the oldest kept is selected.
    selection = max(selection - dropped, 0)
    top = max(top - dropped, 0)
  }

  private mutating func press(_ key: Key) -> [Effect] {
    if key == .control("c") { return [.quit] }
    switch mode {
    case .list: return pressInList(key)
    case .detail(let event, let raw, let scroll): return pressInDetail(key, event, raw, scroll)
    case .editing(let draft, _): return pressEditing(key, draft)
    }
  }

  private mutating func pressInList(_ key: Key) -> [Effect] {
    switch key {
    case .character("q"): return [.quit]
    case .character(" "):
      paused.toggle()
      if !paused {
        let released = queue
        queue.removeAll()
        receive(released)
      }
    case .up, .character("k"): move(to: selection - 1)
    case .down, .character("j"): move(to: selection + 1)
    case .pageUp: move(to: selection - max(listRows - 1, 1))
    case .pageDown: move(to: selection + max(listRows - 1, 1))
    case .home, .character("g"): move(to: 0)
    case .end, .character("G"): move(to: shown.count - 1)
    case .enter:
      if shown.indices.contains(selection) {
        mode = .detail(shown[selection], raw: false, scroll: 0)
      }
    case .character("x"): return [.clear]
    case .character("/"): mode = .editing(draft: query, error: nil)
    default: break
    }
    reveal()
    return []
  }

  private mutating func pressInDetail(_ key: Key, _ event: Event, _ raw: Bool, _ scroll: Int)
    -> [Effect]
  {
    switch key {
    case .escape, .character("q"): mode = .list
    case .character("r"): mode = .detail(event, raw: !raw, scroll: 0)
    case .character("c"):
      let copied = Self.pasteSafe(event.data)
      message =
        "copied \(Views.count(copied.utf8.count, "byte")) of data to the clipboard"
        + (copied == event.data ? "" : " (control characters left out)")
      return [.copy(copied)]
    case .up, .character("k"): mode = .detail(event, raw: raw, scroll: max(scroll - 1, 0))
    case .down, .character("j"):
      let last = max(detailLines(event, raw: raw).count - (height - 3), 0)
      mode = .detail(event, raw: raw, scroll: min(scroll + 1, last))
    default: break
    }
    return []
  }

  private mutating func pressEditing(_ key: Key, _ draft: String) -> [Effect] {
    switch key {
    case .escape: mode = .list
    case .enter:
      do {
        _ = try FilterParser.parse(draft)
      } catch let error as PconError {
        mode = .editing(draft: draft, error: error.message)
        return []
      } catch {
        mode = .editing(draft: draft, error: "\(error)")
        return []
      }
      pendingDraft = draft
      mode = .list
      return [.query(draft)]
    case .backspace: mode = .editing(draft: String(draft.dropLast()), error: nil)
    case .control("u"): mode = .editing(draft: "", error: nil)
    case .character(let character): mode = .editing(draft: draft + String(character), error: nil)
    default: break
    }
    return []
  }

  /// Selects `index` (clamped); the newest event means following again.
  private mutating func move(to index: Int) {
    guard !shown.isEmpty else {
      following = true
      return
    }
    selection = min(max(index, 0), shown.count - 1)
    following = selection == shown.count - 1
  }

  /// Keeps the selection on the newest event while following, and on screen always.
  private mutating func reveal() {
    if following { selection = max(shown.count - 1, 0) }
    selection = min(selection, max(shown.count - 1, 0))
    if selection < top { top = selection }
    if selection >= top + listRows { top = selection - listRows + 1 }
    top = max(min(top, shown.count - listRows), 0)
  }
}

extension LiveModel {
  /// Device data as it may go on the clipboard: line feeds and tabs kept, every other control
  /// left out, so a paste cannot carry escapes (or end a bracketed paste) into a shell.
  static func pasteSafe(_ data: String) -> String {
    String(
      String.UnicodeScalarView(
        data.unicodeScalars.filter { $0 == "\n" || $0 == "\t" || !Visible.needsEscape($0) }))
  }
}
