// Writing to the terminal: colour only on a TTY, never with NO_COLOR or --no-color, and never a control
// character that came from an agent.
import Foundation

struct Terminal {
    let useColor: Bool
    let isTTY: Bool

    init(colorDisabled: Bool = false) {
        isTTY = isatty(STDOUT_FILENO) == 1
        // The environment only when a terminal could show colour (copying it is measurable in `status`).
        useColor = isTTY && !colorDisabled && Self.environmentAllowsColor()
    }

    private static func environmentAllowsColor() -> Bool {
        let environment = ProcessInfo.processInfo.environment
        return (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", cyan = "36"
    }

    func paint(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    func line(_ text: String = "") { print(text) }

    /// Text from agents, plans or committed files (log lines, activity and progress messages, tasks, names,
    /// reasons) as human output shows it: an agent's ESC, BEL or OSC sequence must not retitle, recolour or
    /// clear the person's terminal. C0 controls and DEL become caret notation (`^[`, `^G`, `^?`, as `cat -v`
    /// shows them), C1 controls `<U+009B>`, tabs spaces to the next multiple of 8. JSON and the record keep
    /// the bytes. Every human renderer passes such text through here.
    static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var shown = ""
        var column = 0
        for scalar in text.unicodeScalars {
            let piece: String
            switch scalar.value {
            case 0x09: piece = String(repeating: " ", count: 8 - column % 8)
            case 0x00..<0x20: piece = "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
            case 0x7F: piece = "^?"
            case 0x80..<0xA0: piece = String(format: "<U+%04X>", scalar.value)
            default: piece = String(scalar)
            }
            shown += piece
            column += piece.count
        }
        return shown
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
    }

    /// One line per line of `text`, each made safe (error messages may quote agents and plans).
    private static func safeLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { safe(String($0)) }.joined(separator: "\n")
    }

    static func printError(_ message: String, hint: String?) {
        var text = "error: \(safeLines(message))\n"
        if let hint { text += "hint: \(safeLines(hint))\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(safeLines(message))\n".utf8))
    }
}
