// Role ownership: which files an agent changed outside the paths it owns (`role.<name>.paths`, a plan's
// `directory`, its `--over` item). `status` and `review` flag them, naming the paths.
import Foundation
import GitKit

public enum PathOwnership {
    /// Of `changed`, the files outside `owned`; none when the agent owns no paths (then it owns them all).
    static func outside(_ changed: [String], owned: [String]) -> [String] {
        owned.isEmpty ? [] : changed.filter { !isInside($0, owned) }
    }

    /// The files `agent`'s committed work changed outside `owned`.
    static func outside(of agent: AgentRecord, owned: [String], in repository: Repository) -> [String] {
        guard !owned.isEmpty else { return [] }
        let work = Integration.work(of: agent, in: repository)
        guard work != agent.base, let diff = try? repository.diff(from: agent.base, to: work) else { return [] }
        return outside(diff.paths, owned: owned)
    }

    /// `path` lies in one of the folders (`src/api` owns `src/api/x.ts`; a leading `./`, a trailing `/` or `*`
    /// is ignored: `./src/api/` is how people write the same folder).
    static func isInside(_ path: String, _ folders: [String]) -> Bool {
        folders.contains { folder in
            var trimmed = Substring(folder)
            while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
            trimmed = Substring(trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "/*")))
            return trimmed.isEmpty || trimmed == "." || ContainedPath.isInside(path, String(trimmed))
        }
    }
}
