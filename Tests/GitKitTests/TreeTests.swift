// Blobs and trees: nested paths written through writeTree read back by treeFiles and by `git ls-tree`.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct TreeTests {
    let scratch = ScratchRepository.current

    @Test func blobRoundTripMatchesGitHashObject() throws {
        let repository = try Repository.open(at: scratch.path)
        let content = Data("line one\nline two\n".utf8)

        let blob = try repository.writeBlob(content)

        #expect(try repository.readBlob(blob) == content)
        #expect(try scratch.git("cat-file", "-p", blob.hex) == "line one\nline two")
        try content.write(to: URL(fileURLWithPath: scratch.root + "/content"))
        #expect(try scratch.git("hash-object", scratch.root + "/content") == blob.hex)
        #expect(try Repository.blobID(of: content) == blob)
    }

    @Test func emptyBlobReadsBackEmpty() throws {
        let repository = try Repository.open(at: scratch.path)
        let blob = try repository.writeBlob(Data())
        #expect(blob.hex == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
        #expect(try repository.readBlob(blob).isEmpty)
    }

    @Test func nestedTreeRoundTrip() throws {
        let repository = try Repository.open(at: scratch.path)
        let json = try repository.writeBlob(Data("{}\n".utf8))
        let log = try repository.writeBlob(Data("started\n".utf8))
        let script = try repository.writeBlob(Data("#!/bin/sh\necho hi\n".utf8))
        let files: [String: TreeFile] = [
            "session.json": TreeFile(blob: json),
            "agents/api.json": TreeFile(blob: json),
            "agents/db.json": TreeFile(blob: json),
            "logs/api.log": TreeFile(blob: log),
            "artifacts/review/deep/nested/report.md": TreeFile(blob: log),
            "artifacts/review/run.sh": TreeFile(blob: script, executable: true),
        ]

        let tree = try repository.writeTree(files)

        #expect(try repository.treeFiles(tree) == files)
        let listing = try scratch.git("ls-tree", "-r", tree.hex).split(separator: "\n").map(String.init)
        let expected = files.map { path, file in
            "\(file.executable ? "100755" : "100644") blob \(file.blob.hex)\t\(path)"
        }
        #expect(listing.sorted() == expected.sorted())
        #expect(try scratch.git("ls-tree", "--name-only", tree.hex).split(separator: "\n") ==
                ["agents", "artifacts", "logs", "session.json"])
    }

    @Test func sameFilesGiveTheSameTree() throws {
        let repository = try Repository.open(at: scratch.path)
        let blob = try repository.writeBlob(Data("x".utf8))
        let first = try repository.writeTree(["b/c": TreeFile(blob: blob), "a": TreeFile(blob: blob)])
        let second = try repository.writeTree(["a": TreeFile(blob: blob), "b/c": TreeFile(blob: blob)])
        #expect(first == second)
    }

    @Test func symbolicLinkEntryKeepsItsModeAndTargetText() throws {
        let repository = try Repository.open(at: scratch.path)
        let target = try repository.writeBlob(Data("../../etc/passwd".utf8))
        let files: [String: TreeFile] = ["artifacts/db/link": TreeFile(blob: target, mode: .link)]

        let tree = try repository.writeTree(files)

        #expect(try repository.treeFiles(tree) == files)
        #expect(try scratch.git("ls-tree", "-r", tree.hex) == "120000 blob \(target.hex)\tartifacts/db/link")
        #expect(try scratch.git("cat-file", "blob", target.hex) == "../../etc/passwd")
        // git checks such a tree out as a link, not as a file holding the text.
        let commit = try repository.createCommit(tree: tree, parents: [], message: "link")
        try scratch.git("worktree", "add", "--quiet", "--detach", scratch.root + "/linked", commit.hex)
        let attributes = try FileManager.default.attributesOfItem(atPath: scratch.root + "/linked/artifacts/db/link")
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
    }

    @Test func emptyTreeIsGitsEmptyTree() throws {
        let repository = try Repository.open(at: scratch.path)
        let tree = try repository.writeTree([:])
        #expect(tree.hex == "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
        #expect(try repository.treeFiles(tree).isEmpty)
    }

    @Test func readingAMissingBlobThrowsNotFound() throws {
        let repository = try Repository.open(at: scratch.path)
        let missing = try #require(OID(hex: String(repeating: "1", count: 40)))
        let error = try #require(throws: GitError.self) { try repository.readBlob(missing) }
        #expect(error.code == .notFound)
    }
}

/// `treeFile(at:in:)` answers what the whole list `treeFiles` would, for every path and for what is not a file.
@Suite(.scratchRepository)
struct TreeFileLookupTests {
    let scratch = ScratchRepository.current

    @Test func aPathLookupAgreesWithTheWholeList() throws {
        for path in ["src/a.txt", "src/deep/b.txt", "src/deep/er/c.txt", "tools/run.sh"] { try scratch.write(path, to: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.path + "/tools/run.sh")
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/src/link", withDestinationPath: "a.txt")
        try scratch.git("add", "-A")
        try scratch.git("update-index", "--add", "--cacheinfo", "160000,\(try scratch.git("rev-parse", "HEAD")),vendor/sub")
        try scratch.git("commit", "--quiet", "-m", "files of every kind")
        let repository = try Repository.open(at: scratch.path)
        let tree = try repository.commit(try #require(OID(hex: try scratch.git("rev-parse", "HEAD")))).tree

        let files = try repository.treeFiles(tree)
        #expect(files.count == 7)
        for (path, file) in files { #expect(try repository.treeFile(at: path, in: tree) == file, "\(path)") }
        #expect(try repository.treeFile(at: "tools/run.sh", in: tree)?.executable == true)
        #expect(try repository.treeFile(at: "src/link", in: tree)?.mode == .link)
        #expect(try repository.treeFile(at: "vendor/sub", in: tree)?.mode == .submodule)
        for notAFile in ["src", "src/deep", "vendor", "missing", "src/missing.txt", "src/a.txt/below", "", "/src/a.txt",
                         "src/", "src//a.txt", "./src/a.txt", "src/../README.md"] {
            #expect(try repository.treeFile(at: notAFile, in: tree) == nil, "\(notAFile)")
        }
    }
}
