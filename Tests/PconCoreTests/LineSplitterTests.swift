import Testing

@testable import PconCore

@Suite struct LineSplitterTests {
  /// Splits `bytes` in two at `cut` and returns the lines, CR and LF removed.
  static func lines(_ bytes: [UInt8], cuts: [Int], limit: Int = 1 << 10) throws -> [String] {
    var splitter = LineSplitter(limit: limit)
    var found: [String] = []
    var numbers: [Int] = []
    let collect = { (number: Int, line: UnsafeBufferPointer<UInt8>) in
      numbers.append(number)
      found.append(String(decoding: line, as: UTF8.self))
    }
    var start = 0
    for cut in cuts + [bytes.count] {
      try bytes[start..<cut].withUnsafeBytes { try splitter.feed($0, collect) }
      start = cut
    }
    try splitter.finish(collect)
    #expect(numbers == Array(1...max(1, found.count)).prefix(found.count).map { $0 })
    return found
  }

  @Test func aLineSplitAtEveryPossibleBoundaryComesOutWhole() throws {
    let text = Array("first\r\nsecond line\n\nthird\r\n".utf8)
    for cut in 0...text.count {
      #expect(
        try Self.lines(text, cuts: [cut]) == ["first", "second line", "", "third"], "cut at \(cut)")
    }
    // Every pair of cuts too, so a line can straddle three pieces.
    for first in 0...text.count {
      for second in first...text.count {
        #expect(try Self.lines(text, cuts: [first, second]).count == 4)
      }
    }
  }

  @Test func crlfSplitAcrossPiecesLosesItsCR() throws {
    let text = Array("a\r\nb\r\n".utf8)
    #expect(try Self.lines(text, cuts: [2]) == ["a", "b"])
    #expect(try Self.lines(text, cuts: [2, 5]) == ["a", "b"])
  }

  @Test func aLastLineWithoutNewlineIsALine() throws {
    #expect(try Self.lines(Array("a\nlast".utf8), cuts: [3]) == ["a", "last"])
    #expect(try Self.lines(Array("only".utf8), cuts: []) == ["only"])
    #expect(try Self.lines([], cuts: []) == [])
  }

  @Test func aLineLongerThanTheLimitIsRefusedWithItsNumber() throws {
    // Within a piece, across pieces, and without a newline at all.
    #expect(throws: LineSplitter.LineTooLong(line: 2)) {
      try Self.lines(Array("ok\n0123456789\n".utf8), cuts: [], limit: 8)
    }
    #expect(throws: LineSplitter.LineTooLong(line: 2)) {
      try Self.lines(Array("ok\n0123456789\n".utf8), cuts: [5, 7], limit: 8)
    }
    #expect(throws: LineSplitter.LineTooLong(line: 1)) {
      try Self.lines(Array(repeating: 0, count: 100), cuts: [10, 20], limit: 8)
    }
    #expect(try Self.lines(Array("01234567\n".utf8), cuts: [4], limit: 8) == ["01234567"])
  }

  @Test func aSourceWithoutEndFailsAtTheLimitNamingItsInput() throws {
    // An endless source of zeros: the read stops at the limit instead of growing.
    struct Zeros: ByteSource {
      let name = "/dev/zero"
      var served = 0
      mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        served += buffer.count
        return buffer.count
      }
    }
    var zeros = Zeros()
    #expect(throws: PconError.inputLineTooLong(input: "/dev/zero", line: 1, limit: 4096)) {
      try zeros.forEachLine(limit: 4096) { _, _ in }
    }
    #expect(zeros.served <= 4096 + (1 << 16))
    #expect(
      PconError.inputLineTooLong(input: "/dev/zero", line: 1, limit: 4096).message
        == "line 1 of /dev/zero is longer than 4096 bytes")
  }

  @Test func anImportListReadsInPiecesAndRefusesTooManyLines() throws {
    let ids = "# fleet\r\nE00FCE68AAAAAAAAAAAAAAAA\r\ne00fce68aaaaaaaaaaaaaaaa # again\n\nnope"
    var source = MemorySource(Array(ids.utf8), name: "ids.txt", pieceSize: 3)
    let list = try DeviceImport.read(&source)
    #expect(list.ids == ["e00fce68aaaaaaaaaaaaaaaa"] && list.invalid == ["nope"])
    #expect(list == DeviceImport.parse(ids))
    var endless = MemorySource(
      [UInt8](repeating: 0x0A, count: DeviceImport.maxLines + 1), name: "blank.txt")
    #expect(
      throws: PconError.inputTooLarge(
        input: "blank.txt", limit: DeviceImport.maxLines, unit: "lines")
    ) { try DeviceImport.read(&endless) }
  }
}
