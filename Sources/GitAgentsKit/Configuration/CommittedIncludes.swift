// Committed configuration files may not include other files: trust records one file's content hash, and
// an included file could change (with a pull) and bring a command in without anyone trusting it again.
import Foundation
import GitKit

enum CommittedIncludes {
    /// Refuses (exit 2, naming the file and line) a committed git-config file with `[include]` or `[includeIf]`.
    static func refuse(_ path: String, shownAs name: String, entries: [ConfigEntry]) throws {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let line = firstIncludeLine(in: text)
        guard line != nil || entries.contains(where: { isInclude($0.name) }) else { return }
        throw AgentsError.usage("\(name)\(line.map { ":\($0)" } ?? ""): a committed file may not include other files",
                                hint: "move those settings into \(name) itself, or into .git/config")
    }

    /// `include.path` and `includeIf.<condition>.path`, as git and libgit2 spell them.
    static func isInclude(_ key: String) -> Bool {
        let lower = key.lowercased()
        return lower == "include.path" || (lower.hasPrefix("includeif.") && lower.hasSuffix(".path"))
    }

    /// The 1-based line of the first `path` in an `[include]` or `[includeIf "…"]` section, if any.
    static func firstIncludeLine(in text: String) -> Int? {
        var inInclude = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw.trimmingCharacters(in: .whitespaces))
            if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
                let header = line[line.index(after: line.startIndex)..<close]
                let section = header.prefix { !$0.isWhitespace && $0 != "\"" && $0 != "." }.lowercased()
                inInclude = section == "include" || section == "includeif"
                // `[include] path = x` keeps its key on the header's line.
                line = Substring(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces))
            }
            let key = line.prefix { $0.isLetter || $0.isNumber || $0 == "-" }.lowercased()
            if inInclude, key == "path" { return index + 1 }
        }
        return nil
    }
}
