// Machine output: one JSON document on stdout, keys sorted, times in ISO-8601 UTC, and every document (every
// line of a JSON-lines stream) carrying `schemaVersion`, so that scripts can tell a shape they know (docs/json.md).
import Foundation
import GitAgentsKit

enum JSONOutput {
    /// The version of every `--json` shape in docs/json.md: raised when a field is removed or changes meaning;
    /// adding a field does not raise it (readers ignore fields they do not know).
    static let schemaVersion = 1

    /// Prints `value`, an object, as one pretty-printed document with `schemaVersion` added.
    static func print<T: Encodable>(_ value: T) throws {
        Swift.print(terminalSafe(String(decoding: try RecordJSON.encoder().encode(Versioned(value)), as: UTF8.self)))
    }

    /// Prints `value`, an object, as one line of a JSON-lines stream (`logs --json`), `schemaVersion` added.
    static func printLine<T: Encodable>(_ value: T) throws {
        let encoder = RecordJSON.encoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        Swift.print(terminalSafe(String(decoding: try encoder.encode(Versioned(value)), as: UTF8.self)))
    }

    /// `value`'s own keys plus `schemaVersion`: both write into the one keyed container of the document.
    private struct Versioned<Value: Encodable>: Encodable {
        let value: Value
        init(_ value: Value) { self.value = value }

        private enum Key: String, CodingKey { case schemaVersion }

        func encode(to encoder: Encoder) throws {
            // A top-level array has no place for `schemaVersion` (and the encoder would trap on the second
            // container): a command that lists things names its list in an object, as `list` does.
            guard !(value is [Any]) else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "a --json document must be an object"))
            }
            try value.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(JSONOutput.schemaVersion, forKey: .schemaVersion)
        }
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
