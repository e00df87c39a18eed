// Machine output: one JSON document on stdout, keys sorted, times in ISO-8601 UTC.
import Foundation
import GitAgentsKit

enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        Swift.print(String(decoding: try RecordJSON.encoder().encode(value), as: UTF8.self))
    }
}
