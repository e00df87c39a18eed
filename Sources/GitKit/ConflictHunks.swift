// Where each conflict of a file lies in ours and in theirs, read from the text git's merge wrote with markers.
import Clibgit2
import Foundation

enum ConflictHunks {
    typealias Line = ArraySlice<UInt8>

    /// One conflict region of the marked text: its two sides' lines, and where it starts in the text one gets by
    /// keeping every conflict's ours side (resp. theirs side) — 0-based line indexes.
    struct Region {
        var ours: [Line] = []
        var theirs: [Line] = []
        var oursAt = 0
        var theirsAt = 0
    }

    /// The hunks of a file merged with markers. A conflict's sides are runs of the original files; where they
    /// start there is not in the marked text, whose other lines mix both sides' clean changes. So the marked
    /// text with every conflict resolved to ours is diffed against ours: the diff's hunks are theirs' clean
    /// changes, and they give the shift from that text's line numbers to ours'. The same for theirs.
    static func locate(marked: Data, ours: Data, theirs: Data) -> [ConflictHunk] {
        let (regions, keptOurs, keptTheirs) = parse(marked)
        guard !regions.isEmpty else { return [] }
        let ourLines = lines(ours), theirLines = lines(theirs)
        let ourShifts = shifts(from: ourLines, to: keptOurs), theirShifts = shifts(from: theirLines, to: keptTheirs)
        return regions.map { region in
            ConflictHunk(ours: place(region.ours, at: region.oursAt, shifts: ourShifts, in: ourLines),
                         theirs: place(region.theirs, at: region.theirsAt, shifts: theirShifts, in: theirLines))
        }
    }

    /// True when the text holds a complete conflict (an opening, separating and closing marker).
    static func hasMarkers(_ text: Data) -> Bool { !parse(text).regions.isEmpty }

    /// The conflict regions of the marked text, and the text with each conflict resolved to ours / to theirs.
    static func parse(_ text: Data) -> (regions: [Region], ours: [Line], theirs: [Line]) {
        enum Part { case outside, ours, ancestor, theirs }
        var part = Part.outside, current = Region()
        var regions: [Region] = [], keptOurs: [Line] = [], keptTheirs: [Line] = []
        for line in lines(text) {
            switch (part, marker(line)) {
            case (.outside, UInt8(ascii: "<")):
                current = Region(oursAt: keptOurs.count, theirsAt: keptTheirs.count)
                part = .ours
            case (.ours, UInt8(ascii: "|")): part = .ancestor
            case (.ours, UInt8(ascii: "=")), (.ancestor, UInt8(ascii: "=")): part = .theirs
            case (.theirs, UInt8(ascii: ">")):
                regions.append(current)
                keptOurs += current.ours
                keptTheirs += current.theirs
                part = .outside
            default:
                switch part {
                case .outside:
                    keptOurs.append(line)
                    keptTheirs.append(line)
                case .ours: current.ours.append(line)
                case .ancestor: break
                case .theirs: current.theirs.append(line)
                }
            }
        }
        return (regions, keptOurs, keptTheirs)
    }

    /// The marker character when the line is a conflict marker of git's default size (7), else nil.
    private static func marker(_ line: Line) -> UInt8? {
        guard let first = line.first, "<|=>".utf8.contains(first), line.count >= 7,
              line.prefix(7).allSatisfy({ $0 == first }) else { return nil }
        let rest = line.dropFirst(7)
        if first == UInt8(ascii: "=") { return rest.allSatisfy { $0 == UInt8(ascii: "\r") } ? first : nil }
        return rest.isEmpty || rest.first == UInt8(ascii: " ") || rest == [UInt8(ascii: "\r")] ? first : nil
    }

    /// Lines without their line feed; a final line feed does not start another line.
    static func lines(_ data: Data) -> [Line] {
        let bytes = [UInt8](data)
        var result = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if bytes.last == UInt8(ascii: "\n") || bytes.isEmpty { result.removeLast() }
        return result
    }

    /// A hunk of the diff from an original side to the text with every conflict resolved to that side.
    struct Shift {
        let oldLines: Int
        let newStart: Int
        let newLines: Int
        /// The 1-based line of the new text it ends at (for an insertion with no new lines, the line before it).
        var newEnd: Int { newLines > 0 ? newStart + newLines - 1 : newStart }
    }

    /// The 1-based range in `original` of a conflict side found at 0-based `index` of the resolved text.
    private static func place(_ side: [Line], at index: Int, shifts: [Shift], in original: [Line]) -> LineRange {
        let offset = shifts.filter { $0.newEnd <= index }.reduce(0) { $0 + $1.newLines - $1.oldLines }
        let estimate = index - offset
        guard !side.isEmpty, !matches(side, in: original, at: estimate) else {
            return LineRange(start: estimate + 1, count: side.count)
        }
        // A diff may pair repeated lines differently from the merge: take the nearest place the side really is.
        let candidates = (0...max(0, original.count - side.count)).filter { matches(side, in: original, at: $0) }
        let nearest = candidates.min { abs($0 - estimate) < abs($1 - estimate) } ?? estimate
        return LineRange(start: nearest + 1, count: side.count)
    }

    private static func matches(_ side: [Line], in original: [Line], at start: Int) -> Bool {
        start >= 0 && start + side.count <= original.count && zip(side, original[start...]).allSatisfy { $0 == $1 }
    }

    /// The hunks (no context lines) of the diff from `old` to `new`, as libgit2's diff finds them.
    static func shifts(from old: [Line], to new: [Line]) -> [Shift] {
        let oldText = joined(old), newText = joined(new)
        var options = git_diff_options()
        guard git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)) == 0 else { return [] }
        options.context_lines = 0
        options.interhunk_lines = 0
        options.flags |= GIT_DIFF_FORCE_TEXT.rawValue
        var found: [Shift] = []
        let rc = oldText.withUnsafeBytes { oldBytes in
            newText.withUnsafeBytes { newBytes in
                withUnsafeMutablePointer(to: &found) { payload in
                    git_diff_buffers(oldBytes.baseAddress, oldBytes.count, nil, newBytes.baseAddress, newBytes.count,
                                     nil, &options, nil, nil, { _, hunk, payload in
                        guard let hunk, let payload else { return 0 }
                        payload.assumingMemoryBound(to: [Shift].self).pointee.append(
                            Shift(oldLines: Int(hunk.pointee.old_lines), newStart: Int(hunk.pointee.new_start),
                                  newLines: Int(hunk.pointee.new_lines)))
                        return 0
                    }, nil, payload)
                }
            }
        }
        // Without the diff, the places are estimates that `place` corrects by searching.
        return rc == 0 ? found : []
    }

    private static func joined(_ lines: [Line]) -> Data {
        var data = Data()
        for line in lines {
            data.append(contentsOf: line)
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }
}
