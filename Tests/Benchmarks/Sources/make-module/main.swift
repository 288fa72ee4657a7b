import Foundation
import PconCore

// make-module PLATFORM-ID PRODUCT-ID VERSION FILE: writes an application module built as
// Device OS builds one, for the firmware benchmarks to upload.
let arguments = CommandLine.arguments.dropFirst().map { $0 }
guard arguments.count == 4, let platform = Int(arguments[0]), let product = Int(arguments[1]),
  let version = Int(arguments[2])
else {
  let usage = "usage: make-module PLATFORM-ID PRODUCT-ID VERSION FILE\n"
  FileHandle.standardError.write(Data(usage.utf8))
  exit(2)
}
var builder = ModuleBuilder(platformID: platform, productID: product, productVersion: version)
builder.payload = Array(repeating: UInt8(version & 0xFF), count: 64 * 1024)
FileManager.default.createFile(atPath: arguments[3], contents: Data(builder.build()))
