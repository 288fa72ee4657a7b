import Testing

@testable import PconCLI

/// The live view's terminal side that needs no terminal: key decoding and row-diff painting.
@Suite struct LiveTerminalTests {
  static let sequences: [(String, Key)] = [
    ("\u{1b}[A", .up), ("\u{1b}OA", .up), ("\u{1b}[B", .down), ("\u{1b}OB", .down),
    ("\u{1b}[5~", .pageUp), ("\u{1b}[6~", .pageDown), ("\u{1b}[H", .home), ("\u{1b}OH", .home),
    ("\u{1b}[1~", .home), ("\u{1b}[7~", .home), ("\u{1b}[F", .end), ("\u{1b}OF", .end),
    ("\u{1b}[4~", .end), ("\u{1b}[8~", .end), ("\r", .enter), ("\u{7f}", .backspace),
    ("\u{3}", .control("c")), ("é", .character("é")), ("/", .character("/")),
  ]

  @Test(arguments: sequences)
  func everySplitOfASequenceDecodesToOneKey(_ text: String, _ key: Key) {
    let bytes = Array(text.utf8)
    for cut in 0...bytes.count {
      var decoder = KeyDecoder()
      let keys = decoder.feed(bytes[..<cut]) + decoder.feed(bytes[cut...])
      #expect(keys == [key], "split at \(cut)")
      #expect(!decoder.isWaiting)
    }
  }

  @Test func aLoneEscapeIsKnownOnlyWhenNothingFollows() {
    var decoder = KeyDecoder()
    #expect(decoder.feed([0x1b]).isEmpty)
    #expect(decoder.isWaiting)
    #expect(decoder.flushEscape() == [.escape])
    #expect(!decoder.isWaiting)
    // Esc then a letter is the two keys, and unknown sequences are skipped whole.
    #expect(
      decoder.feed(Array("\u{1b}q\u{1b}[15~j".utf8)) == [.escape, .character("q"), .character("j")])
    #expect(decoder.feed(Array("\u{1b}[1;5A".utf8)) == [.up])
  }

  @Test func onlyChangedRowsAreRepainted() {
    var painter = ScreenPainter()
    var screen = ScreenBuffer(width: 10, height: 3)
    screen.set(0, "one")
    screen.set(2, "three", style: .status)
    let first = painter.paint(screen)
    #expect(first.contains("\u{1b}[2J") && first.contains("\u{1b}[1;1H") && first.contains("three"))
    #expect(painter.paint(screen).isEmpty)
    screen.set(1, "two")
    let second = painter.paint(screen)
    #expect(second == "\u{1b}[2;1Htwo       \u{1b}[0m")
    // After a resize everything is drawn again.
    let resized = ScreenBuffer(width: 12, height: 3)
    #expect(painter.paint(resized).hasPrefix("\u{1b}[0m\u{1b}[2J"))
  }
}
