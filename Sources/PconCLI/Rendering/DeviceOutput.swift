import PconCore

/// Streams device lists as JSON without building one large document first.
enum DeviceOutput {
  /// Writes `devices` as an indented JSON array, one device object at a time.
  static func emitList(_ devices: [Device], to sink: TextSink) {
    guard !devices.isEmpty else { return sink.write("[]\n") }
    let writer = JSONWriter(pretty: true)
    var buffer: [UInt8] = [UInt8(ascii: "["), 0x0A]
    buffer.reserveCapacity(1 << 17)
    for (n, device) in devices.enumerated() {
      buffer.append(contentsOf: [0x20, 0x20])
      writer.write(DeviceView.json(device), into: &buffer, indent: 1)
      buffer.append(contentsOf: n == devices.count - 1 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
      if buffer.count >= 1 << 16 {
        sink.write(bytes: buffer)
        buffer.removeAll(keepingCapacity: true)
      }
    }
    buffer.append(contentsOf: [UInt8(ascii: "]"), 0x0A])
    sink.write(bytes: buffer)
  }
}
