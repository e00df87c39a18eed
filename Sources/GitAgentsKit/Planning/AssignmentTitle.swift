// A short title for an assignment ("Schema design", "Endpoints"), so status rows differ at a glance.
import Foundation

public enum AssignmentTitle {
    /// Longest title shown; longer ones are cut at a word boundary.
    static let maxLength = 32

    /// The first clause of `text` (up to a sentence end, colon, semicolon or dash), at most `maxLength`
    /// characters, first letter capitalised. Empty text gives an empty title.
    public static func derive(from text: String) -> String {
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        var clause = firstLine.trimmingCharacters(in: .whitespaces)
        for separator in [". ", ": ", "; ", " — ", " - ", " (", ", "] {
            if let range = clause.range(of: separator), clause.distance(from: clause.startIndex, to: range.lowerBound) >= 3 {
                clause = String(clause[..<range.lowerBound])
            }
        }
        clause = clause.trimmingCharacters(in: CharacterSet(charactersIn: " .:;,"))
        if clause.count > maxLength {
            let cut = clause.prefix(maxLength - 1)
            let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
            clause = atWord.trimmingCharacters(in: CharacterSet(charactersIn: " .:;,")) + "…"
        }
        return clause.prefix(1).uppercased() + clause.dropFirst()
    }

    /// A title given by a plan, tidied: one line, not longer than `maxLength`; nil when it is blank.
    public static func given(_ title: String?) -> String? {
        guard let title, !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        let line = title.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return line.count > maxLength ? derive(from: line) : line
    }
}
