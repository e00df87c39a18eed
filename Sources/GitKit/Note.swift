// Notes: provenance records attached to commits (refs/notes/agents).
import Clibgit2

extension Repository {
    public func note(on target: OID, notesRef: String) throws -> String? {
        var note: OpaquePointer?
        var raw = target.raw
        let rc = git_note_read(&note, pointer, notesRef, &raw)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_note_read")
        defer { git_note_free(note) }
        return String(cString: git_note_message(note))
    }

    /// Writes (or replaces) the note on `target`. A concurrent notes writer makes this throw `.modified`: retry.
    public func setNote(_ text: String, on target: OID, notesRef: String) throws {
        let author = try signature()
        defer { git_signature_free(author) }
        var raw = target.raw
        var oid = git_oid()
        try check(git_note_create(&oid, pointer, notesRef, author, author, &raw, text, 1), "git_note_create")
    }
}
