// Artifacts (the seed's agent-artifacts/): files an agent leaves in GIT_AGENTS_ARTIFACTS go into the record
// as `artifacts/<role>/…` when it ends; its dependants get them as files to read.
import Foundation
import GitKit

struct ArtifactShelf {
    let workspace: Workspace
    let runtime: RuntimeFolder

    init(workspace: Workspace, runtime: RuntimeFolder) {
        self.workspace = workspace
        self.runtime = runtime
    }

    /// Writes the dependencies' artifacts under the runtime folder; returns them for the prompt.
    func materialize(for agent: AgentRecord, in snapshot: SessionSnapshot) throws -> [(role: String, name: String, path: String)] {
        let roles = Set(agent.dependsOn.compactMap { snapshot.agent($0)?.role })
        var shared: [(role: String, name: String, path: String)] = []
        for path in snapshot.tree.paths where path.hasPrefix("artifacts/") {
            let parts = path.split(separator: "/", maxSplits: 2).map(String.init)
            guard parts.count == 3, roles.contains(parts[1]), let data = try snapshot.tree.data(at: path) else { continue }
            let target = runtime.path + "/shared/\(agent.name)/\(parts[1])/\(parts[2])"
            try runtime.makeFolder((target as NSString).deletingLastPathComponent)
            try RuntimeFile.write(data, to: target)
            shared.append((parts[1], parts[2], target))
        }
        return shared
    }

    /// The files the agent left in its artifact folder, by path relative to it.
    static func collect(from folder: String) -> [String: Data] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [:] }
        var files: [String: Data] = [:]
        while let relative = enumerator.nextObject() as? String {
            // Paths git cannot hold in a tree (a `.git` component) stay out of the record.
            if relative.split(separator: "/").contains(where: { $0 == ".git" || $0 == ".." }) { continue }
            // A link the agent left that leads out of the folder is not read: the record may be pushed.
            if (try? ContainedPath.check(relative, in: folder, for: "artifacts")) == nil { continue }
            var isFolder: ObjCBool = false
            let path = folder + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
               let data = FileManager.default.contents(atPath: path) {
                files[relative] = data
            }
        }
        return files
    }
}
