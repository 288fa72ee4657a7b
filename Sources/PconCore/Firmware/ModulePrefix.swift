/// The 24-byte `module_info_t` Device OS puts at a module's start or after its vector table:
/// where the module lives in flash, what it is, and what it needs.
public struct ModulePrefix: Sendable, Equatable {
  /// One `module_dependency_t`: a module of this function and index at this version or later.
  public struct Dependency: Sendable, Equatable {
    public let function: Int
    public let index: Int
    public let version: Int
  }

  /// The flash address of the file's first byte.
  public let startAddress: UInt32
  /// The exclusive end address in flash: where the 4-byte CRC starts.
  public let endAddress: UInt32
  public let flags: Int
  public let moduleVersion: Int
  public let platformID: Int
  public let function: Int
  public let index: Int
  /// The two dependency slots, empty ones included.
  public let dependencies: [Dependency]

  /// The size of the prefix in bytes.
  static let size = 24
  /// Where Device OS puts the prefix: at the start, or after a Gen 3, Gen 2, Bluz or Core vector
  /// table.
  static let knownOffsets = [0, 0x200, 0x184, 0xC0, 0x10C]
  /// Flag bits Device OS defines (drop module info, compressed, combined, encrypted, prefix
  /// extensions).
  static let knownFlags = 0x1F
  /// The highest score a prefix can have: every check of `score(in:)` passes.
  static let fullScore = 7

  /// The prefix at `offset` of `bytes`; nil when fewer than 24 bytes remain there.
  init?(_ bytes: [UInt8], at offset: Int) {
    guard offset >= 0, offset <= bytes.count - Self.size else { return nil }
    let reader = LittleEndian(bytes, base: offset)
    startAddress = reader.u32(0)
    endAddress = reader.u32(4)
    flags = Int(bytes[offset + 9])
    moduleVersion = reader.u16(10)
    platformID = reader.u16(12)
    function = Int(bytes[offset + 14])
    index = Int(bytes[offset + 15])
    dependencies = [16, 20].map {
      Dependency(
        function: Int(bytes[offset + $0]), index: Int(bytes[offset + $0 + 1]),
        version: reader.u16($0 + 2))
    }
  }

  /// How much this looks like a real prefix in a file of `length` bytes: 0 when it cannot be
  /// one, up to `fullScore` (the scoring of Particle's binary-version-reader).
  func score(fileLength length: Int) -> Int {
    guard endAddress > startAddress, UInt64(length) >= moduleLength + 4, function != 0 else {
      return 0
    }
    for dependency in dependencies
    where dependency.function == 0 && (dependency.index != 0 || dependency.version != 0) {
      return 0
    }
    var score = 1
    if ModulePlatforms.isKnown(platformID) { score += 1 }
    if (1...9).contains(function) { score += 1 }
    for dependency in dependencies where (0...9).contains(dependency.function) { score += 1 }
    if UInt64(length) == moduleLength + 4 { score += 1 }
    if flags & ~Self.knownFlags == 0 { score += 1 }
    return score
  }

  /// The module's length in flash, CRC excluded.
  var moduleLength: UInt64 { UInt64(endAddress) - UInt64(startAddress) }

  /// Where the prefix of `bytes` is, found as Device OS places it: the first known offset with
  /// a perfect score, else the first perfect one on a 4-byte boundary in the first 8 KiB, else
  /// the best-scoring one; nil when nothing could be a prefix.
  static func find(in bytes: [UInt8]) -> (offset: Int, prefix: ModulePrefix)? {
    var best: (offset: Int, prefix: ModulePrefix, score: Int)?
    let reader = LittleEndian(bytes)
    func consider(_ offset: Int) -> Bool {
      // Most offsets of a scan fail the address checks: rule them out before decoding.
      guard offset >= 0, offset <= bytes.count - size, bytes[offset + 14] != 0 else { return false }
      let start = UInt64(reader.u32(offset))
      let end = UInt64(reader.u32(offset + 4))
      guard end > start, UInt64(bytes.count) >= end - start + 4,
        let prefix = ModulePrefix(bytes, at: offset)
      else { return false }
      let score = prefix.score(fileLength: bytes.count)
      if score > 0, score > best?.score ?? 0 { best = (offset, prefix, score) }
      return score == fullScore
    }
    for offset in knownOffsets where consider(offset) { return best.map { ($0.offset, $0.prefix) } }
    let last = min(8192, bytes.count - ModuleInfo.smallestSuffix - size - 4)
    if last >= 4 {
      for offset in stride(from: 4, through: last, by: 4) where consider(offset) {
        return best.map { ($0.offset, $0.prefix) }
      }
    }
    return best.map { ($0.offset, $0.prefix) }
  }
}

/// Little-endian numbers read from fixed positions after `base`; callers check the bounds.
struct LittleEndian {
  let bytes: [UInt8]
  let base: Int

  init(_ bytes: [UInt8], base: Int = 0) {
    self.bytes = bytes
    self.base = base
  }

  func u16(_ offset: Int) -> Int {
    Int(bytes[base + offset]) | Int(bytes[base + offset + 1]) << 8
  }

  func u32(_ offset: Int) -> UInt32 {
    UInt32(u16(offset)) | UInt32(u16(offset + 2)) << 16
  }
}
