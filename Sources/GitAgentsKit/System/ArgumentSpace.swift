// How much text one exec can carry: each argument or environment string, and all of them together.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum ArgumentSpace {
    /// The longest single argument or environment string, its terminating NUL included. Linux's
    /// MAX_ARG_STRLEN is 32 pages (128 KiB with 4 KiB pages); longer strings fail exec with E2BIG.
    static var perString: Int { 32 * Int(sysconf(Int32(_SC_PAGESIZE))) }

    /// argv and environment together, strings and their pointers (the kernel's ARG_MAX check).
    static var total: Int { Int(sysconf(Int32(_SC_ARG_MAX))) }

    /// What one string costs: its bytes and the NUL after them.
    static func size(_ string: String) -> Int { string.utf8.count + 1 }

    /// What argv and the environment cost together, each string with its pointer, and the two NULL pointers.
    static func size(argv: [String], environment: [String: String]) -> Int {
        let pointer = MemoryLayout<UnsafeRawPointer>.size
        let arguments = argv.reduce(0) { $0 + size($1) + pointer }
        let variables = environment.reduce(0) { $0 + size("\($1.key)=\($1.value)") + pointer }
        return arguments + variables + 2 * pointer
    }

    /// A size as people read it: 128 KiB, 5.0 MiB.
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        if bytes >= 1 << 10 {
            return bytes % 1024 == 0 ? "\(bytes >> 10) KiB" : String(format: "%.1f KiB", Double(bytes) / 1024)
        }
        return "\(bytes) bytes"
    }
}
