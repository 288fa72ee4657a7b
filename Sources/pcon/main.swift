import Glibc
import PconCLI

// Ignore SIGPIPE so `pcon … | head` ends quietly instead of being killed mid-write.
signal(SIGPIPE, SIG_IGN)
exit(Pcon.run(Array(CommandLine.arguments.dropFirst()), context: .live()))
