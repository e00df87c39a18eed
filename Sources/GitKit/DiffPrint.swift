// A diff between two commits, printed as `git diff A B` prints it: patch, --stat and --name-only text.
import Clibgit2
import Foundation

/// One piece of printed diff text, with what kind of line it is (so a caller can colour it as git does).
public struct DiffLine: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `diff --git`, `index`, mode, rename and `---`/`+++` lines: one or more whole lines.
        case fileHeader
        /// `@@ -a,b +c,d @@ context`.
        case hunkHeader
        case context, addition, deletion
        /// `\ No newline at end of file`.
        case noNewlineAtEnd
        /// `Binary files a/x and b/x differ`.
        case binary
        /// A name of `--name-only` output.
        case name
    }

    public let kind: Kind
    /// The bytes git prints, origin character included; file content is raw, not necessarily UTF-8.
    public let text: Data
}

/// The changes from one tree to another; owns libgit2's diff and frees it.
public final class TreeDiff {
    let pointer: OpaquePointer
    /// libgit2 reads blobs through the repository while it prints: the repository must outlive the diff.
    let repository: Repository

    init(_ pointer: OpaquePointer, in repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_diff_free(pointer) }

    /// The patch (`git diff`), or the changed paths (`git diff --name-only`).
    public func lines(nameOnly: Bool = false) throws -> [DiffLine] {
        final class Collector {
            let nameOnly: Bool
            var lines: [DiffLine] = []
            init(nameOnly: Bool) { self.nameOnly = nameOnly }
        }
        let collector = Collector(nameOnly: nameOnly)
        let format = nameOnly ? GIT_DIFF_FORMAT_NAME_ONLY : GIT_DIFF_FORMAT_PATCH
        // A C callback cannot capture: the collector travels through the payload.
        let rc = git_diff_print(pointer, format, { _, _, line, payload in
            guard let line, let payload else { return 0 }
            let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
            let origin = UInt8(bitPattern: line.pointee.origin)
            // Name-only output comes as file-header lines; they are names.
            guard let kind = collector.nameOnly ? .name : DiffLine.Kind(origin: origin) else { return 0 }
            var text = Data()
            // libgit2 gives the origin separately for content lines; git prints it as the line's first byte.
            if kind == .context || kind == .addition || kind == .deletion { text.append(origin) }
            if let content = line.pointee.content, line.pointee.content_len > 0 {
                content.withMemoryRebound(to: UInt8.self, capacity: line.pointee.content_len) {
                    text.append($0, count: line.pointee.content_len)
                }
            }
            collector.lines.append(DiffLine(kind: kind, text: text))
            return 0
        }, Unmanaged.passUnretained(collector).toOpaque())
        try check(rc, "git_diff_print")
        return withExtendedLifetime(collector) {
            nameOnly ? collector.lines.map(Self.quotedName) : Self.asGitPrintsThem(collector.lines)
        }
    }

    /// A `--name-only` line as git prints it with `core.quotePath` on (its default): a name holding a control
    /// character, a quote, a backslash or a non-ASCII byte is quoted C-style, octal for bytes (libgit2 quotes
    /// the patch's names but not these).
    static func quotedName(_ line: DiffLine) -> DiffLine {
        let name = line.text.last == UInt8(ascii: "\n") ? line.text.dropLast() : line.text[...]
        guard name.contains(where: { $0 < 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        else { return line }
        var quoted = "\""
        for byte in name {
            switch byte {
            case 0x07: quoted += "\\a"
            case 0x08: quoted += "\\b"
            case 0x09: quoted += "\\t"
            case 0x0A: quoted += "\\n"
            case 0x0B: quoted += "\\v"
            case 0x0C: quoted += "\\f"
            case 0x0D: quoted += "\\r"
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): quoted += "\\" + String(UnicodeScalar(byte))
            case 0x20..<0x7F: quoted += String(UnicodeScalar(byte))
            default: quoted += "\\" + String(byte, radix: 8).leftPadded(to: 3)
            }
        }
        return DiffLine(kind: line.kind, text: Data((quoted + "\"\n").utf8))
    }

    /// Two places where libgit2 1.5's patch text differs from git's, put right: git prints the `---`/`+++`
    /// lines only when a hunk follows (an empty file added or deleted has none), and ends them with a tab
    /// when the path holds a space (so GNU patch reads the whole name).
    static func asGitPrintsThem(_ lines: [DiffLine]) -> [DiffLine] {
        lines.enumerated().map { index, line in
            guard line.kind == .fileHeader else { return line }
            let next = index + 1 < lines.count ? lines[index + 1].kind : nil
            let hasHunks = next == .hunkHeader || next == .binary
            var header = Data()
            for row in line.text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
                let isPathLine = row.starts(with: Data("--- ".utf8)) || row.starts(with: Data("+++ ".utf8))
                if isPathLine && !hasHunks { continue }
                header.append(contentsOf: row)
                if isPathLine && row.dropFirst(4).contains(UInt8(ascii: " ")) && row.last != UInt8(ascii: "\t") {
                    header.append(UInt8(ascii: "\t"))
                }
                header.append(UInt8(ascii: "\n"))
            }
            return DiffLine(kind: .fileHeader, text: header)
        }
    }

    /// Files changed, lines added and deleted (renames counted once, as git counts them).
    public func stat() throws -> DiffStat {
        if let counted = try statWithDefaultDrivers() { return counted }
        return try statThroughDrivers()
    }

    /// `git_diff_get_stats`: every file's patch, each after looking up its diff driver.
    func statThroughDrivers() throws -> DiffStat {
        let stats = try Stats(self)
        return withExtendedLifetime(stats) {
            DiffStat(files: git_diff_stats_files_changed(stats.pointer),
                     insertions: git_diff_stats_insertions(stats.pointer),
                     deletions: git_diff_stats_deletions(stats.pointer))
        }
    }

    public var isEmpty: Bool { git_diff_num_deltas(pointer) == 0 }

    /// Every path the diff touches (both sides of a rename), sorted (`git diff --name-only`, unquoted).
    public var paths: [String] {
        var paths = Set<String>()
        for index in 0..<git_diff_num_deltas(pointer) {
            guard let delta = git_diff_get_delta(pointer, index) else { continue }
            if let path = delta.pointee.old_file.path { paths.insert(String(cString: path)) }
            if let path = delta.pointee.new_file.path { paths.insert(String(cString: path)) }
        }
        return paths.sorted()
    }

    /// libgit2's statistics of a diff, freed with it.
    private final class Stats {
        let pointer: OpaquePointer
        init(_ diff: TreeDiff) throws {
            var stats: OpaquePointer?
            try check(git_diff_get_stats(&stats, diff.pointer), "git_diff_get_stats")
            pointer = stats!
            self.diff = diff
        }
        deinit { git_diff_stats_free(pointer) }
        private let diff: TreeDiff
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

extension DiffLine.Kind {
    init?(origin: UInt8) {
        switch origin {
        case UInt8(ascii: "F"): self = .fileHeader
        case UInt8(ascii: "H"): self = .hunkHeader
        case UInt8(ascii: " "): self = .context
        case UInt8(ascii: "+"): self = .addition
        case UInt8(ascii: "-"): self = .deletion
        case UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "<"): self = .noNewlineAtEnd
        case UInt8(ascii: "B"): self = .binary
        default: return nil
        }
    }
}

extension Repository {
    /// The diff from `old`'s tree to `new`'s tree with git's defaults: renames found as `diff.renames` says
    /// (on unless set false), the indent heuristic on (`diff.indentHeuristic`, git's default since 2.14).
    public func diff(from old: OID, to new: OID) throws -> TreeDiff {
        try diff(from: old, to: new, narrowed: true)
    }

    /// `narrowed`: walk only the folders that hold changes (false: every folder, as libgit2 does by itself).
    func diff(from old: OID, to new: OID, narrowed: Bool) throws -> TreeDiff {
        let oldTree = try TreeObject(owning: lookupTree(ofCommit: old))
        let newTree = try TreeObject(owning: lookupTree(ofCommit: new))
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        options.flags |= GIT_DIFF_INDENT_HEURISTIC.rawValue
        // libgit2's tree diff reads every folder of both trees; given the changed paths as a literal path list it
        // reads only the folders that hold them, and finds the same changes (nil: a name Swift cannot carry).
        let changed = narrowed ? try? changedFiles(from: oldTree, to: newTree).keys.sorted() : nil
        var raw: OpaquePointer?
        try Self.withPathList(changed.map { $0.isEmpty ? [Self.nowhere] : $0 } ?? []) { pathList in
            if !pathList.isEmpty {
                options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
                options.pathspec = git_strarray(strings: pathList.baseAddress, count: pathList.count)
            }
            try check(git_diff_tree_to_tree(&raw, pointer, oldTree.pointer, newTree.pointer, &options), "git_diff_tree_to_tree")
        }
        let diff = TreeDiff(raw!, in: self)
        // No options: libgit2 then reads diff.renames (and diff.renameLimit) as git does.
        try check(git_diff_find_similar(diff.pointer, nil), "git_diff_find_similar")
        return diff
    }

    /// The path list of two equal trees, which have no change anywhere: an empty list would mean every path.
    private static let nowhere = ".git"

    private static func withPathList(_ paths: [String], _ body: (UnsafeMutableBufferPointer<UnsafeMutablePointer<CChar>?>) throws -> Void) rethrows {
        var strings = paths.map { strdup($0) }
        defer { strings.forEach { free($0) } }
        try strings.withUnsafeMutableBufferPointer { try body($0) }
    }
}
