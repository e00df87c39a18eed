// Diff text as git prints it, coloured with git's default colours when asked: meta bold, frag cyan,
// old red, new green, trailing whitespace of new lines on red — the same bytes `git diff --color` writes.
import Foundation
import GitAgentsKit
import GitKit

struct DiffRenderer {
    let color: Bool

    private enum Code: String {
        case meta = "\u{1B}[1m", frag = "\u{1B}[36m", old = "\u{1B}[31m", new = "\u{1B}[32m"
        case whitespace = "\u{1B}[41m", header = "\u{1B}[33m", reset = "\u{1B}[m"
    }

    /// The line that introduces an agent when several are shown:
    /// `# agent api (agents/20260403-001/api): 3 files, +40 -2`.
    func header(_ changes: AgentChanges) -> Data {
        let agent = changes.agent
        var place = agent.branch
        if !changes.branchExists { place += ", branch deleted; at its recorded head \(changes.tip.short)" }
        let stat = changes.stat
        let summary = stat.files == 0 ? "no changes"
            : "\(Units.count(stat.files, "file")), +\(stat.insertions) -\(stat.deletions)"
        // Names come from plans: shown safely, unlike file content, which git prints raw.
        let line = Terminal.safe("# agent \(agent.name) (\(place)): \(summary)")
        return Data((color ? Code.header.rawValue + line + Code.reset.rawValue : line).utf8) + Data("\n".utf8)
    }

    func patch(_ lines: [DiffLine]) -> Data {
        guard color else { return lines.reduce(into: Data()) { $0 += $1.text } }
        var out = Data()
        for line in lines {
            switch line.kind {
            case .fileHeader:
                for row in rows(line.text) { paint(row.body, .meta, into: &out); out += row.end }
            case .hunkHeader: hunkHeader(line.text, into: &out)
            case .deletion:
                let (body, end) = split(line.text)
                paint(body, .old, into: &out)
                out += end
            case .addition: addition(line.text, into: &out)
            case .context, .noNewlineAtEnd:
                // A context line's text goes uncoloured but ends with a reset, as git's does; an empty one
                // has nothing to reset. (`\ No newline` arrives with the newline the line before it lacked.)
                for row in rows(line.text) {
                    out += row.body
                    if row.body.count > 1 || line.kind == .noNewlineAtEnd && !row.body.isEmpty { out += code(.reset) }
                    out += row.end
                }
            case .binary, .name: out += line.text
            }
        }
        return out
    }

    /// The colours of a coloured --stat's bars, nil when not coloured.
    var statColors: StatColors? {
        color ? StatColors(new: Code.new.rawValue, old: Code.old.rawValue, reset: Code.reset.rawValue) : nil
    }

    // MARK: git's colouring, line by line

    /// `@@ -a,b +c,d @@` in cyan, then the function context uncoloured, each piece closed by a reset.
    private func hunkHeader(_ text: Data, into out: inout Data) {
        let (body, end) = split(text)
        let marker = Data("@@".utf8)
        guard let first = body.range(of: marker),
              let second = body.range(of: marker, in: first.upperBound..<body.endIndex) else {
            paint(body, .frag, into: &out)
            out += end
            return
        }
        paint(body[..<second.upperBound], .frag, into: &out)
        let rest = body[second.upperBound...]
        let blank = rest.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        if !blank.isEmpty { out += blank + code(.reset) }
        let function = rest.dropFirst(blank.count)
        if !function.isEmpty { out += function + code(.reset) }
        out += end
    }

    /// `+` and the text each in green, and whitespace at the end of the line on red (git's blank-at-eol).
    private func addition(_ text: Data, into out: inout Data) {
        let (body, end) = split(text)
        paint(body.prefix(1), .new, into: &out)
        let content = body.dropFirst()
        let trailing = content.reversed().prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == 0x0D }.count
        if content.count > trailing { paint(content.dropLast(trailing), .new, into: &out) }
        if trailing > 0 { paint(content.suffix(trailing), .whitespace, into: &out) }
        out += end
    }

    private func code(_ code: Code) -> Data { Data(code.rawValue.utf8) }

    private func paint<Bytes: Sequence>(_ bytes: Bytes, _ colour: Code, into out: inout Data) where Bytes.Element == UInt8 {
        out += code(colour)
        out.append(contentsOf: bytes)
        out += code(.reset)
    }

    /// The line without its newline, and the newline (empty when the line has none).
    private func split(_ text: Data) -> (body: Data, end: Data) {
        text.last == UInt8(ascii: "\n") ? (text.dropLast(), Data("\n".utf8)) : (text, Data())
    }

    /// Each line of a multi-line piece, split as `split` does.
    private func rows(_ text: Data) -> [(body: Data, end: Data)] {
        var rows: [(Data, Data)] = []
        var start = text.startIndex
        while start < text.endIndex {
            let newline = text[start...].firstIndex(of: UInt8(ascii: "\n"))
            let stop = newline.map { text.index(after: $0) } ?? text.endIndex
            rows.append(split(Data(text[start..<stop])))
            start = stop
        }
        return rows
    }
}
