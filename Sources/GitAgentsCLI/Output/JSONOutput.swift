// Machine output: one JSON document on stdout, keys sorted, times in ISO-8601 UTC.
import Foundation
import GitAgentsKit

enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        Swift.print(terminalSafe(String(decoding: try RecordJSON.encoder().encode(value), as: UTF8.self)))
    }

    /// JSON encoders escape C0 controls but may write DEL and C1 controls (U+007F–U+009F) as they are, which
    /// a terminal can act on: they are escaped too. Outside strings JSON has no such characters, so this never
    /// changes what a reader decodes.
    static func terminalSafe(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { (0x7F..<0xA0).contains($0.value) }) else { return json }
        var escaped = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if (0x7F..<0xA0).contains(scalar.value) {
                escaped.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            } else {
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
