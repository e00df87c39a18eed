// What shell completion offers for an option's value, read from the repository the shell stands in. A
// completion must answer at once and never complain: any failure offers nothing, and nothing is changed
// (no supervisor is started, no record written).
import Foundation
import GitKit

public enum CompletionCandidates {
    /// Session ids, newest first, archived ones too (a finished session is still one to look at).
    public static func sessions() -> [String] {
        guard let workspace = try? Workspace.discover() else { return [] }
        return (try? SessionStore(repository: workspace.repository).allIDs(archived: true)) ?? []
    }

    /// The agents of `session` (as typed after `--session`), else of the session a command would choose there.
    public static func agents(session: String?) -> [String] {
        guard let workspace = try? Workspace.discover() else { return [] }
        let store = SessionStore(repository: workspace.repository)
        guard let id = try? store.choose(session, worktreeRoot: workspace.worktreeRoot).id,
              let snapshot = try? store.load(id) else { return [] }
        return SessionStore.dependencyOrder(snapshot.agents).map(\.name)
    }

    /// The roles the resolved configuration defines.
    public static func roles() -> [String] {
        guard let workspace = try? Workspace.discover(),
              let configuration = try? Configuration.load(workspace) else { return [] }
        return configuration.roles.map(\.name)
    }

    /// The repository's remotes.
    public static func remotes() -> [String] {
        guard let workspace = try? Workspace.discover() else { return [] }
        return (try? workspace.repository.remoteNames()) ?? []
    }
}
