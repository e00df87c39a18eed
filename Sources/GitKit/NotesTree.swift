// Notes commits read and written whole, for merging two notes refs (libgit2 has no `git notes merge`).
// Fanned-out notes trees (`ab/cdef…`) are read and written by libgit2's own notes functions.
import Clibgit2
import Foundation

extension Repository {
    /// Every note in the notes commit `notesCommit`: the annotated object and the note's text.
    public func notes(inNotesCommit notesCommit: OID) throws -> [OID: String] {
        var commit: OpaquePointer?
        var raw = notesCommit.raw
        try check(git_commit_lookup(&commit, pointer, &raw), "git_commit_lookup")
        defer { git_commit_free(commit) }
        var iterator: OpaquePointer?
        let rc = git_note_commit_iterator_new(&iterator, commit)
        if rc == GIT_ENOTFOUND.rawValue { return [:] }
        try check(rc, "git_note_commit_iterator_new")
        defer { git_note_iterator_free(iterator) }
        var result: [OID: String] = [:]
        var blob = git_oid(), annotated = git_oid()
        while true {
            let next = git_note_next(&blob, &annotated, iterator)
            if next == GIT_ITEROVER.rawValue { break }
            try check(next, "git_note_next")
            result[OID(annotated)] = String(decoding: try readBlob(OID(blob)), as: UTF8.self)
        }
        return result
    }

    /// A new notes commit holding `base`'s notes with `notes` set over them, whose parents are `parents`
    /// (a merge's two tips). No reference moves: the caller publishes it with compare-and-swap.
    public func notesCommit(from base: OID, setting notes: [OID: String], parents: [OID], message: String) throws -> OID {
        var current = base
        let author = try signature()
        defer { git_signature_free(author) }
        // One intermediate commit per note (libgit2 writes notes only as commits); only the last tree is kept.
        for (target, text) in notes.sorted(by: { $0.key.hex < $1.key.hex }) {
            var parent: OpaquePointer?
            var raw = current.raw
            try check(git_commit_lookup(&parent, pointer, &raw), "git_commit_lookup")
            defer { git_commit_free(parent) }
            var commit = git_oid(), blob = git_oid()
            var annotated = target.raw
            try check(git_note_commit_create(&commit, &blob, pointer, parent, author, author, &annotated, text, 1),
                      "git_note_commit_create")
            current = OID(commit)
        }
        return try createCommit(tree: try commit(current).tree, parents: parents, message: message)
    }
}
