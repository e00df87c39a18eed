// Trust (SPEC §4): commands from committed files run only once their content hash is recorded locally.
import Foundation
import GitKit

public struct TrustRecord: Sendable, Equatable {
    /// Path relative to the worktree root.
    public let file: String
    /// The git blob id of the content that was trusted.
    public let hash: String
}

extension Configuration {
    static let trustKey = "agents.trusted"

    /// Trust records from the repository's own config (only `.git/config` counts: a committed file cannot trust itself).
    var trustRecords: [TrustRecord] {
        guard let value = values[Self.trustKey], value.origin.layer == .local else { return [] }
        return value.values.compactMap { entry in
            let parts = entry.split(separator: " ", maxSplits: 1)
            return parts.count == 2 ? TrustRecord(file: String(parts[1]), hash: String(parts[0])) : nil
        }
    }

    /// True when `file`'s current content was trusted.
    public func isTrusted(_ file: String) -> Bool {
        guard let hash = committedFileHashes[file] else { return true }
        return trustRecords.contains(TrustRecord(file: file, hash: hash))
    }

    /// The committed files that name commands (or copies) and are not trusted in their current content.
    public var untrustedFiles: [String] {
        Set(values.values.filter { ConfigKeys.needsTrust($0.key) && $0.origin.layer.isCommitted }
            .compactMap(\.origin.file))
            .filter { !isTrusted($0) }.sorted()
    }

    /// A command-valued key, refused (exit 2) when it comes from a committed file that is not trusted.
    public func command(_ key: String) throws -> String? {
        try trusted(key)?.value
    }

    /// A key that needs trust, refused (exit 2) when it comes from a committed file that is not trusted.
    public func trusted(_ key: String) throws -> ConfigValue? {
        guard let value = values[key] else { return nil }
        if value.origin.layer.isCommitted, let file = value.origin.file, !isTrusted(file) {
            throw AgentsError.usage("\(key) comes from \(file), which is not trusted yet (or changed since)",
                                    hint: "read \(file), then run: git agents trust")
        }
        return value
    }

    /// Commands (and copies) that a committed file names, for showing what `trust` is about to allow.
    public func commands(from file: String) -> [ConfigValue] {
        values.values.filter { ConfigKeys.needsTrust($0.key) && $0.origin.file == file }.sorted { $0.key < $1.key }
    }

    public var presentCommittedFiles: [String] { committedFileHashes.keys.sorted() }
}

public enum Trust {
    /// Records the current content hash of every committed configuration file in `.git/config`.
    /// Returns the files trusted.
    @discardableResult
    public static func trustAll(_ workspace: Workspace, _ configuration: Configuration) throws -> [TrustRecord] {
        try trust(configuration.presentCommittedFiles, workspace, configuration)
    }

    /// Records the current content hash of the given committed files (those present).
    @discardableResult
    static func trust(_ files: [String], _ workspace: Workspace, _ configuration: Configuration) throws -> [TrustRecord] {
        let config = try workspace.repository.localConfig()
        var trusted: [TrustRecord] = []
        for file in files {
            guard let hash = configuration.committedFileHashes[file] else { continue }
            // One record per file: the old hash goes, so an edit needs trust again.
            try config.remove(Configuration.trustKey, matching: " " + NSRegularExpression.escapedPattern(for: file) + "$")
            try config.add(Configuration.trustKey, value: "\(hash) \(file)")
            trusted.append(TrustRecord(file: file, hash: hash))
        }
        return trusted
    }
}
