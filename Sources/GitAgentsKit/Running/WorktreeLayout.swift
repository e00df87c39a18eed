// Names of agent branches and worktrees (SPEC §2): `agents/<session>/<agent>` or `<branchPrefix>-NNN`,
// `<worktreeBase>/<worktreePrefix>-NNN`.
import Foundation
import GitKit

struct WorktreeLayout {
    let workspace: Workspace
    /// The folder holding the worktrees, absolute.
    let base: String
    private var takenBranches: Set<String>
    private var takenFolders: Set<String>

    init(workspace: Workspace, worktreeBase: String) throws {
        self.workspace = workspace
        base = try Self.base(workspace, worktreeBase)
        takenBranches = Set(try workspace.repository.references(matching: "refs/heads/*").map { String($0.name.dropFirst(11)) })
        takenFolders = Set(try workspace.repository.worktrees().flatMap { [$0.name, URL(fileURLWithPath: $0.path).lastPathComponent] })
        takenFolders.formUnion((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
    }

    /// `agents.worktreeBase` as an absolute folder; refused (exit 2) where worktrees would nest in the
    /// repository (`git add -A` would take them in as embedded repositories) or where a file is in the way.
    static func base(_ workspace: Workspace, _ worktreeBase: String) throws -> String {
        // `~` is the HOME of the person running git-agents, as git expands it (not the passwd entry's).
        let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        let expanded = worktreeBase == "~" ? (home ?? worktreeBase)
            : worktreeBase.hasPrefix("~/") && home != nil ? home! + worktreeBase.dropFirst(1)
            : (worktreeBase as NSString).expandingTildeInPath
        let base = expanded.hasPrefix("/") ? expanded
            : URL(fileURLWithPath: workspace.mainWorktreeRoot).appendingPathComponent(expanded).standardized.path
        // Compared with links and `..` resolved: `../link-to-repo/x` is inside the repository too.
        let real = ContainedPath.resolvedAsFarAsExists(base)
        // Every linked worktree too: a worktree nested in an agent's would end up in that agent's commits.
        let linked = ((try? workspace.repository.worktrees()) ?? []).map { ("the worktree", $0.path) }
        let forbidden = [("the main worktree", workspace.mainWorktreeRoot), ("the git directory", workspace.commonDir),
                         ("this worktree", workspace.worktreeRoot)] + linked
        if real == "/" || real.isEmpty {
            throw AgentsError.usage("agents.worktreeBase \(worktreeBase) is the root folder /",
                                    hint: "use a folder beside the repository, like ../\(workspace.repositoryName)-worktrees")
        }
        for (what, folder) in forbidden {
            let realFolder = ContainedPath.resolved(folder) ?? folder
            guard ContainedPath.isInside(real, realFolder) else { continue }
            throw AgentsError.usage("agents.worktreeBase \(worktreeBase) (\(real)) is inside \(what) \(realFolder)",
                                    hint: "worktrees there would be committed with the repository; use a folder beside it, like ../\(workspace.repositoryName)-worktrees")
        }
        var existing = base
        while !FileManager.default.fileExists(atPath: existing) { existing = (existing as NSString).deletingLastPathComponent }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: existing, isDirectory: &isFolder), !isFolder.boolValue {
            throw AgentsError.usage("agents.worktreeBase \(worktreeBase): \(existing) is a file, not a folder",
                                    hint: "move that file away, or set agents.worktreeBase to a folder")
        }
        return base
    }

    /// A branch for the agent: the plan's own name, `<prefix>-NNN`, or `agents/<session>/<agent>`.
    mutating func branch(for agent: PlannedAgent, role: Role?, session: String) throws -> String {
        let name: String
        if let chosen = agent.branch {
            name = chosen
        } else if let prefix = role?.branchPrefix, !prefix.isEmpty {
            name = next(prefix, taken: takenBranches)
        } else {
            name = "agents/\(session)/\(agent.name)"
        }
        guard Repository.isValidBranchName(name) else {
            throw AgentsError.usage("'\(name)' is not a valid branch name (agent \(agent.name))",
                                    hint: "fix the role's branchPrefix or the plan's branch")
        }
        guard !takenBranches.contains(name) else {
            throw AgentsError.usage("branch \(name) exists already (agent \(agent.name))",
                                    hint: "delete it, or choose another branch name in the plan")
        }
        takenBranches.insert(name)
        return name
    }

    /// A fresh folder `<base>/<prefix>-NNN` (the prefix defaults to the agent's name).
    mutating func worktree(for agent: PlannedAgent, role: Role?) -> String {
        let prefix = role?.worktreePrefix.flatMap { $0.isEmpty ? nil : $0 } ?? agent.name
        let folder = next(AgentName.sanitized(prefix), taken: takenFolders)
        takenFolders.insert(folder)
        return base + "/" + folder
    }

    /// The planned names, renumbered when someone took them since planning (another `start` meanwhile).
    mutating func reserve(branch: String, worktree: String) -> (branch: String, worktree: String) {
        var branch = branch, folder = URL(fileURLWithPath: worktree).lastPathComponent
        while takenBranches.contains(branch) { branch = Self.bumped(branch) }
        while takenFolders.contains(folder) || FileManager.default.fileExists(atPath: base + "/" + folder) {
            folder = Self.bumped(folder)
        }
        takenBranches.insert(branch)
        takenFolders.insert(folder)
        return (branch, base + "/" + folder)
    }

    /// `feature/db-001` → `feature/db-002`; a name without a number gets `-2`.
    static func bumped(_ name: String) -> String {
        if let dash = name.lastIndex(of: "-"), let number = Int(name[name.index(after: dash)...]) {
            let width = name.distance(from: name.index(after: dash), to: name.endIndex)
            return name[..<dash] + "-" + String(format: "%0\(width)d", number + 1)
        }
        return name + "-2"
    }

    /// `<prefix>-NNN` with NNN one more than the highest taken.
    private func next(_ prefix: String, taken: Set<String>) -> String {
        let numbers = taken.compactMap { name -> Int? in
            guard name.hasPrefix(prefix + "-") else { return nil }
            return Int(name.dropFirst(prefix.count + 1))
        }
        return String(format: "%@-%03d", prefix, (numbers.max() ?? 0) + 1)
    }
}
