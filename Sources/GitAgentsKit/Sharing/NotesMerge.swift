// Merging another clone's provenance notes into ours without losing a line of either (libgit2 has no
// `git notes merge`): a fast-forward when one side has everything, else a merge commit with both tips as
// parents whose notes are, per annotated commit, our lines followed by their lines we lack.
import Foundation
import GitKit

struct NotesMerge {
    let repository: Repository

    /// Merges the notes commit at `theirsRef` into `oursRef` (compare-and-swap, retried when a local writer
    /// adds a note meanwhile). True when a merge commit was needed.
    @discardableResult
    func merge(_ theirsRef: String, into oursRef: String) throws -> Bool {
        guard let theirs = try repository.referenceTarget(theirsRef) else { return false }
        for _ in 0..<SessionLog.maxAttempts {
            let ours = try repository.referenceTarget(oursRef)
            let merged: OID
            if let ours {
                if try ours == theirs || repository.isAncestor(theirs, of: ours) { return false }
                merged = try repository.isAncestor(ours, of: theirs) ? theirs : try mergeCommit(ours: ours, theirs: theirs)
            } else {
                merged = theirs
            }
            do {
                try repository.updateReference(oursRef, to: merged, expected: ours, message: "notes: merged \(theirsRef)")
                return merged != theirs
            } catch let error as GitError where [.modified, .exists, .locked].contains(error.code) {
                usleep(UInt32.random(in: 500...5_000))
            }
        }
        throw AgentsError.failed("could not merge \(theirsRef) into \(oursRef): it kept changing", hint: "try again")
    }

    private func mergeCommit(ours: OID, theirs: OID) throws -> OID {
        let ourNotes = try repository.notes(inNotesCommit: ours)
        var changes: [OID: String] = [:]
        for (target, text) in try repository.notes(inNotesCommit: theirs) {
            let union = Self.union(ourNotes[target], text)
            if union != ourNotes[target] { changes[target] = union }
        }
        return try repository.notesCommit(from: ours, setting: changes, parents: [ours, theirs],
                                          message: "Notes merged by git agents fetch")
    }

    /// Our lines, then their lines we do not have, in their order; ending in a newline when either did.
    static func union(_ ours: String?, _ theirs: String) -> String {
        guard let ours else { return theirs }
        var lines = ours.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var seen = Set(lines)
        for line in theirs.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        where !line.isEmpty && seen.insert(line).inserted {
            lines.append(line)
        }
        let joined = lines.joined(separator: "\n")
        return ours.hasSuffix("\n") || theirs.hasSuffix("\n") ? joined + "\n" : joined
    }
}
