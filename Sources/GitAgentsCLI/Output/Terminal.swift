// Writing to the terminal: colour only on a TTY, and never with NO_COLOR or --no-color.
import Foundation

struct Terminal {
    let useColor: Bool
    let isTTY: Bool

    init(colorDisabled: Bool = false) {
        isTTY = isatty(STDOUT_FILENO) == 1
        let environment = ProcessInfo.processInfo.environment
        useColor = isTTY && !colorDisabled && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", cyan = "36"
    }

    func paint(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    func line(_ text: String = "") { print(text) }

    static func printError(_ message: String, hint: String?) {
        var text = "error: \(message)\n"
        if let hint { text += "hint: \(hint)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }
}
