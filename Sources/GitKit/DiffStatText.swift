// `git diff --stat` text laid out as git lays it out (libgit2 1.5's own layout differs: it never shortens
// names, pads counts differently around binary files and scales long bars with a stray `-`).
import Clibgit2
import Foundation

/// One file's line of a diffstat.
public struct FileStat: Sendable, Equatable {
    /// As git shows it: quoted when unusual, a rename as `dir/{old => new}/name`.
    public let name: String
    public let added: Int
    public let deleted: Int
    /// For a binary file, its sizes in bytes before and after instead of lines.
    public let binarySizes: (old: Int, new: Int)?

    public static func == (left: FileStat, right: FileStat) -> Bool {
        left.name == right.name && left.added == right.added && left.deleted == right.deleted
            && left.binarySizes?.old == right.binarySizes?.old && left.binarySizes?.new == right.binarySizes?.new
    }
}

/// The escape codes a coloured diffstat wraps its bars in (git's `new` and `old` colours).
public struct StatColors: Sendable {
    public let new: String, old: String, reset: String
    public init(new: String, old: String, reset: String) {
        self.new = new
        self.old = old
        self.reset = reset
    }
}

extension TreeDiff {
    /// Each changed file's counts, in the diff's order (paths sorted, as git sorts them).
    public func fileStats() throws -> [FileStat] {
        try (0..<git_diff_num_deltas(pointer)).map { index in
            var patch: OpaquePointer?
            try check(git_patch_from_diff(&patch, pointer, index), "git_patch_from_diff")
            defer { git_patch_free(patch) }
            var context = 0, added = 0, deleted = 0
            try check(git_patch_line_stats(&context, &added, &deleted, patch), "git_patch_line_stats")
            let delta = git_patch_get_delta(patch)!.pointee
            let old = String(cString: delta.old_file.path), new = String(cString: delta.new_file.path)
            let renamed = delta.status == GIT_DELTA_RENAMED || delta.status == GIT_DELTA_COPIED
            let name = renamed ? Self.renameName(from: old, to: new) : Self.quoted(new)
            let binary = delta.flags & GIT_DIFF_FLAG_BINARY.rawValue != 0
            return FileStat(name: name, added: added, deleted: deleted,
                            binarySizes: binary ? (Int(delta.old_file.size), Int(delta.new_file.size)) : nil)
        }
    }

    /// The diffstat for a terminal `width` columns wide (git's default 80 off a terminal), coloured when asked.
    public func statText(width: Int, colors: StatColors? = nil) throws -> String {
        Self.layout(try fileStats(), width: width, colors: colors)
    }

    /// git's rules: the name gets what it needs but at most 5/8 of the width when space is short (shortened
    /// from the left to `.../rest`), the bar the remaining columns, scaled to the largest change.
    static func layout(_ files: [FileStat], width requested: Int, colors: StatColors?) -> String {
        guard !files.isEmpty else { return "" }
        let textFiles = files.filter { $0.binarySizes == nil }
        let maxChange = textFiles.map { $0.added + $0.deleted }.max() ?? 0
        let binWidth = files.compactMap { $0.binarySizes.map { 14 + digits($0.new) + digits($0.old) } }.max() ?? 0
        let numberWidth = max(digits(maxChange), binWidth > 0 ? 3 : 0)
        let width = max(requested, 16 + 6 + numberWidth)
        var graphWidth = maxChange + 4 > binWidth ? maxChange : binWidth - 4
        var nameWidth = files.map(\.name.count).max() ?? 0
        if nameWidth + numberWidth + 6 + graphWidth > width {
            if graphWidth > width * 3 / 8 - numberWidth - 6 { graphWidth = max(6, width * 3 / 8 - numberWidth - 6) }
            if nameWidth > width - numberWidth - 6 - graphWidth {
                nameWidth = width - numberWidth - 6 - graphWidth
            } else {
                graphWidth = width - numberWidth - 6 - nameWidth
            }
        }
        func paint(_ text: String, _ code: KeyPath<StatColors, String>) -> String {
            guard let colors, !text.isEmpty else { return text }
            return colors[keyPath: code] + text + colors.reset
        }
        var out = ""
        for file in files {
            var name = file.name, room = nameWidth, prefix = ""
            if nameWidth < name.count {
                prefix = "..."
                room = max(0, nameWidth - 3)
                name = String(name.suffix(room))
                if let slash = name.firstIndex(of: "/") { name = String(name[slash...]) }
            }
            let label = " " + prefix + name + String(repeating: " ", count: max(0, room - name.count)) + " | "
            if let sizes = file.binarySizes {
                out += label + pad("Bin", numberWidth)
                out += sizes.old == 0 && sizes.new == 0 ? "\n"
                    : " " + paint(String(sizes.old), \.old) + " -> " + paint(String(sizes.new), \.new) + " bytes\n"
                continue
            }
            var plus = file.added, minus = file.deleted
            if graphWidth <= maxChange {
                var total = scale(plus + minus, graphWidth, maxChange)
                if total < 2 && plus > 0 && minus > 0 { total = 2 }
                if plus < minus {
                    plus = scale(plus, graphWidth, maxChange)
                    minus = total - plus
                } else {
                    minus = scale(minus, graphWidth, maxChange)
                    plus = total - minus
                }
            }
            let changes = file.added + file.deleted
            out += label + pad(String(changes), numberWidth) + (changes > 0 ? " " : "")
                + paint(String(repeating: "+", count: plus), \.new) + paint(String(repeating: "-", count: minus), \.old) + "\n"
        }
        return out + summary(files: files.count, added: textFiles.map(\.added).reduce(0, +),
                             deleted: textFiles.map(\.deleted).reduce(0, +))
    }

    /// ` 3 files changed, 40 insertions(+), 2 deletions(-)`: a zero count is left out unless both are zero.
    static func summary(files: Int, added: Int, deleted: Int) -> String {
        var line = " \(files) file\(files == 1 ? "" : "s") changed"
        if added > 0 || deleted == 0 { line += ", \(added) insertion\(added == 1 ? "" : "s")(+)" }
        if deleted > 0 || added == 0 { line += ", \(deleted) deletion\(deleted == 1 ? "" : "s")(-)" }
        return line + "\n"
    }

    /// `dir/{old => new}/name`: the common leading folders and trailing path shown once.
    static func renameName(from old: String, to new: String) -> String {
        let a = Array(quoted(old).utf8), b = Array(quoted(new).utf8)
        var prefix = 0, index = 0
        while index < a.count, index < b.count, a[index] == b[index] {
            if a[index] == UInt8(ascii: "/") { prefix = index + 1 }
            index += 1
        }
        // A common suffix starts at a slash and may reach back onto the prefix's own final slash.
        var suffix = 0, i = a.count - 1, j = b.count - 1
        let floor = prefix - (prefix > 0 ? 1 : 0)
        while i >= floor, j >= floor, i >= 0, j >= 0, a[i] == b[j] {
            if a[i] == UInt8(ascii: "/") { suffix = a.count - i }
            i -= 1
            j -= 1
        }
        let text = { (bytes: ArraySlice<UInt8>) in String(decoding: bytes, as: UTF8.self) }
        let oldMiddle = text(a[prefix..<max(prefix, a.count - suffix)]), newMiddle = text(b[prefix..<max(prefix, b.count - suffix)])
        guard prefix + suffix > 0 else { return "\(oldMiddle) => \(newMiddle)" }
        return text(a[..<prefix]) + "{\(oldMiddle) => \(newMiddle)}" + text(a[(a.count - suffix)...])
    }

    /// A path as git shows it in --stat and --name-only (`core.quotePath` on).
    static func quoted(_ path: String) -> String {
        String(decoding: quotedName(DiffLine(kind: .name, text: Data((path + "\n").utf8))).text.dropLast(), as: UTF8.self)
    }

    private static func scale(_ value: Int, _ width: Int, _ maxChange: Int) -> Int {
        value == 0 ? 0 : 1 + value * (width - 1) / maxChange
    }

    private static func digits(_ number: Int) -> Int { String(number).count }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
