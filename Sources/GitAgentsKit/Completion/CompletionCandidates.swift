// What shell completion offers for an option's value, read from the repository the shell stands in
// (`directory`, else the current folder as git finds it). A completion must answer at once and never
// complain: any failure offers nothing, and nothing is changed (no supervisor started, no record written).
import Foundation
import GitKit

public enum CompletionCandidates {
    /// Session ids, newest first, archived ones too (a finished session is still one to look at).
    public static func sessions(from directory: String? = nil) -> [String] {
        guard let workspace = try? Workspace.discover(from: directory) else { return [] }
        let store = SessionStore(repository: workspace.repository)
        // Sessions fetched from other clones too, by their full names (REMOTE/CLONE/ID).
        return ((try? store.allIDs(archived: true)) ?? []) + ((try? store.readFetched(archived: true).sessions.map(\.session.id)) ?? [])
    }

    /// The agents of `session` (as typed after `--session`), else of the session a command would choose there,
    /// in dependency order.
    public static func agents(session: String?, from directory: String? = nil) -> [String] {
        guard let workspace = try? Workspace.discover(from: directory) else { return [] }
        let store = SessionStore(repository: workspace.repository)
        guard let id = try? store.choose(session, worktreeRoot: workspace.worktreeRoot).id,
              let snapshot = try? store.load(id) else { return [] }
        return SessionStore.dependencyOrder(snapshot.agents).map(\.name)
    }

    /// The roles the resolved configuration defines.
    public static func roles(from directory: String? = nil) -> [String] {
        configuration(from: directory)?.roles.map(\.name) ?? []
    }

    /// Every `agents.*` key, and every `role.<name>.*` key of each configured role.
    public static func configKeys(from directory: String? = nil) -> [String] {
        let roles = roles(from: directory)
        return ConfigKeys.reference.flatMap { entry -> [String] in
            guard entry.key.hasPrefix("role.<name>.") else { return [entry.key] }
            let variable = entry.key.dropFirst("role.<name>.".count)
            return roles.map { "role.\($0).\(variable)" }
        }
    }

    /// The repository's local branches.
    public static func branches(from directory: String? = nil) -> [String] {
        guard let workspace = try? Workspace.discover(from: directory),
              let references = try? workspace.repository.references(matching: "refs/heads/*") else { return [] }
        return references.map { String($0.name.dropFirst("refs/heads/".count)) }.sorted()
    }

    /// The repository's remotes.
    public static func remotes(from directory: String? = nil) -> [String] {
        guard let workspace = try? Workspace.discover(from: directory) else { return [] }
        return (try? workspace.repository.remoteNames()) ?? []
    }

    private static func configuration(from directory: String?) -> Configuration? {
        guard let workspace = try? Workspace.discover(from: directory) else { return nil }
        return try? Configuration.load(workspace)
    }
}
