// Splits a configured agent command into words the way a POSIX shell would, but without any expansion.
import Foundation

/// Word splitting only: quotes and backslashes group and escape characters, and nothing else is special.
/// `$VAR`, `$(…)`, backticks, globs, `~`, `#`, `|`, `;` and `>` stay literal characters, because the
/// command is started directly (never through a shell) and a template must mean the same thing everywhere.
enum ShellWords {
    enum Failure: Error, Equatable {
        case unterminatedSingleQuote, unterminatedDoubleQuote
    }

    static func split(_ text: String) throws(Failure) -> [String] {
        var words: [String] = []
        var word = ""
        // A word exists once anything, even an empty pair of quotes, has been seen since the last separator.
        var inWord = false
        var characters = Array(text)[...]

        while let character = characters.popFirst() {
            switch character {
            case " ", "\t", "\n", "\r", "\r\n":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                guard let close = characters.firstIndex(of: "'") else { throw .unterminatedSingleQuote }
                word += String(characters[..<close])
                characters = characters[(close + 1)...]
            case "\"":
                inWord = true
                word += try doubleQuoted(&characters)
            case "\\":
                guard let next = characters.popFirst() else {
                    // A lone trailing backslash has nothing to escape; keep it, as bash does.
                    word.append("\\")
                    inWord = true
                    continue
                }
                // Backslash-newline is a line continuation: both disappear.
                if next == "\n" || next == "\r\n" { continue }
                word.append(next)
                inWord = true
            default:
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// The text up to the closing double quote, which is consumed. Inside double quotes POSIX lets a
    /// backslash escape only `$`, backquote, `"`, `\` and newline; before anything else it is kept.
    private static func doubleQuoted(_ characters: inout ArraySlice<Character>) throws(Failure) -> String {
        var text = ""
        while let character = characters.popFirst() {
            switch character {
            case "\"":
                return text
            case "\\":
                guard let next = characters.popFirst() else { throw .unterminatedDoubleQuote }
                switch next {
                case "$", "`", "\"", "\\": text.append(next)
                case "\n", "\r\n": break
                default: text.append("\\"); text.append(next)
                }
            default:
                text.append(character)
            }
        }
        throw .unterminatedDoubleQuote
    }
}
