/// A declared state file: where it lives, what a missing file reads as, and how its value is
/// decoded from and encoded to JSON. `Transaction.load` and `save` work with any declaration, and
/// the doctor checks every declared file, so a new kind of file is added by declaring it.
///
/// A file that exists must have every key its declaration reads, with the right type: only a
/// missing file reads as empty.
public struct StateFile<Value>: Sendable {
  /// The file's path inside the state.
  public let path: String
  let missing: @Sendable () -> Value
  let decode: @Sendable (JSONObject) throws -> Value
  /// The file's new content, or nil to remove it.
  let encode: @Sendable (Value) -> JSON?

  init(
    _ path: String, missing: @escaping @Sendable () -> Value,
    decode: @escaping @Sendable (JSONObject) throws -> Value,
    encode: @escaping @Sendable (Value) -> JSON?
  ) {
    self.path = path
    self.missing = missing
    self.decode = decode
    self.encode = encode
  }

  /// The declaration as the doctor checks it: load it and see whether it reads.
  var checked: CheckedFile {
    CheckedFile(path: path) { transaction in _ = try transaction.load(self) }
  }
}

/// A state file the doctor reads through its declaration.
struct CheckedFile: Sendable {
  let path: String
  let check: @Sendable (Transaction) throws -> Void
}

/// A directory of state files of one declaration (device shards, indexes), for the doctor.
struct CheckedFamily: Sendable {
  let directory: String
  /// The declared file for a name in the directory, or nil for a name that does not belong.
  let file: @Sendable (String) -> CheckedFile?
}
