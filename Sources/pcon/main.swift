import Glibc
import PconCLI

// Ignore SIGPIPE so `pcon … | head` ends quietly instead of being killed mid-write.
signal(SIGPIPE, SIG_IGN)
// Large buffers (an index rewritten batch after batch) are mapped apart and returned to the
// system when freed, rather than left to fragment the heap: peak memory follows what is live.
// `mallopt` is looked up because Glibc's module map leaves out <malloc.h>.
if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
  typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
  let mMmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
  _ = unsafeBitCast(symbol, to: Mallopt.self)(mMmapThreshold, 256 << 10)
}
exit(Pcon.run(Array(CommandLine.arguments.dropFirst()), context: .live()))
