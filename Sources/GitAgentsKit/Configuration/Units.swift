// Durations ("90s", "30m", "1h30m") and sizes ("4GB", "512M") as configuration values.
import Foundation

public enum Units {
    /// "1 file", "3 files": a count with its noun, for every count in human output and activity lines.
    public static func count(_ number: Int, _ noun: String, plural: String? = nil) -> String {
        "\(number) \(number == 1 ? noun : plural ?? noun + "s")"
    }

    /// Seconds in a duration: a plain number is seconds; units s, m, h, d may be combined ("1h30m").
    public static func seconds(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        // Finite only: "inf" parses as a Double, and an infinite timeout traps where it becomes an Int.
        if let plain = TimeInterval(trimmed) { return plain >= 0 && plain.isFinite ? plain : nil }
        var total: TimeInterval = 0, number = "", sawUnit = false
        for character in trimmed {
            if character.isNumber || character == "." {
                number.append(character)
                continue
            }
            let scale: TimeInterval
            switch character {
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            case "d": scale = 86_400
            default: return nil
            }
            guard let value = TimeInterval(number) else { return nil }
            total += value * scale
            number = ""
            sawUnit = true
        }
        return sawUnit && number.isEmpty && total.isFinite ? total : nil
    }

    /// Bytes in a size: a plain number is bytes; K, M, G, T (optionally followed by B or iB) are powers of 1024.
    public static func bytes(_ text: String) -> UInt64? {
        var trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        for suffix in ["IB", "B"] where trimmed.hasSuffix(suffix) && trimmed.count > suffix.count {
            trimmed.removeLast(suffix.count)
            break
        }
        let scales: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        if let last = trimmed.last, let scale = scales[last] {
            // UInt64(_:) traps on infinity or overflow ("infG", "99999999T"): such a size is invalid, not a crash.
            guard let value = Double(trimmed.dropLast()), value >= 0 else { return nil }
            return UInt64(exactly: (value * Double(scale)).rounded(.down))
        }
        return UInt64(trimmed)
    }

    /// "45 minutes", "2h 05m", "12s": how long something has run, for people.
    public static func elapsed(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(String(format: "%02d", total % 60))s" }
        return "\(total / 3600)h \(String(format: "%02d", (total % 3600) / 60))m"
    }
}
