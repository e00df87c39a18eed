// Turns a task into a plan (SPEC §3): plan file or --role flags as given, else the orchestrator, else every role.
import Foundation
import GitKit

public struct PlanRequest: Sendable {
    public var task: String
    /// `--role NAME[=TASK]` flags as typed.
    public var roleFlags: [String] = []
    public var planFile: String?
    /// `--over PATHSPEC`: one agent per matching item of the base tree.
    public var over: String?
    public var batchSize: Int?

    public init(task: String) { self.task = task }
}

public struct Planner {
    let workspace: Workspace
    let configuration: Configuration
    /// The commit agents start from (the `--over` items and the orchestrator's file list come from it).
    let base: OID

    public init(workspace: Workspace, configuration: Configuration, base: OID) {
        self.workspace = workspace
        self.configuration = configuration
        self.base = base
    }

    public func plan(_ request: PlanRequest) throws -> Plan {
        let roles = Dictionary(uniqueKeysWithValues: configuration.roles.map { ($0.name, $0) })
        let agents: [PlannedAgent]
        var name: String?
        if let file = request.planFile {
            (agents, name) = try fromPlanFile(file, roles: roles, task: request.task)
        } else if let pathspec = request.over {
            agents = try overItems(pathspec, request: request, roles: roles)
        } else if !request.roleFlags.isEmpty {
            agents = try fromRoleFlags(request.roleFlags, task: request.task, roles: roles)
        } else if let orchestrator = try configuration.command("agents.orchestrator") {
            agents = try Orchestrator(workspace: workspace, configuration: configuration, base: base)
                .plan(task: request.task, command: orchestrator, roles: Array(roles.values))
                .map { try resolve($0, roles: roles, task: request.task, source: "the orchestrator's plan", rolesDefineThemselves: false) }
        } else {
            guard !roles.isEmpty else {
                throw AgentsError.usage("no roles are configured, so there is nobody to give the task to",
                                        hint: "run git agents init, or pass --role NAME=TASK or --plan FILE")
            }
            agents = roles.values.sorted { $0.name < $1.name }.map { role in
                PlannedAgent(name: role.name, role: role.name, task: Self.frame(request.task, by: role),
                             title: Self.title(of: role), dependsOn: role.dependsOn, skills: role.skills, paths: role.paths)
            }
        }
        let plan = Plan(agents: try Self.checked(agents, roles: roles), batchSize: request.batchSize)
        var sorted = Plan(agents: DependencyGraph.sorted(plan.agents, name: \.name, dependsOn: \.dependsOn),
                          batchSize: request.batchSize)
        sorted.name = name
        return sorted
    }

    /// "every configured role gets the task, framed by its role description".
    static func frame(_ task: String, by role: Role) -> String {
        guard let description = role.description, !description.isEmpty else { return task }
        return "\(description) for: \(task)"
    }

    /// A framed assignment's title: what the role does ("Database schema and migrations"), not the session's
    /// task, which every framed agent shares.
    static func title(of role: Role) -> String? {
        guard let description = role.description, !description.isEmpty else { return nil }
        return AssignmentTitle.derive(from: description)
    }

    private func fromRoleFlags(_ flags: [String], task: String, roles: [String: Role]) throws -> [PlannedAgent] {
        try flags.map { flag in
            let parts = flag.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts.first ?? ""
            guard let role = roles[name] else { throw Self.unknownRole(name, roles: roles, source: "--role \(flag)") }
            let assigned = parts.count > 1 ? parts[1] : Self.frame(task, by: role)
            let title = parts.count > 1 ? AssignmentTitle.derive(from: parts[1]) : Self.title(of: role)
            // Only the roles named take part: dependencies on roles left out are dropped.
            let chosen = Set(flags.map { String($0.split(separator: "=", maxSplits: 1).first ?? "") })
            return PlannedAgent(name: name, role: name, task: assigned, title: title,
                                dependsOn: role.dependsOn.filter(chosen.contains), skills: role.skills, paths: role.paths)
        }
    }

    private func fromPlanFile(_ file: String, roles: [String: Role], task: String) throws -> ([PlannedAgent], String?) {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw AgentsError.usage("cannot read the plan file \(file)", hint: "check the path given to --plan")
        }
        let (entries, isPattern, name) = try PlanDocument.parse(data, source: file)
        return (try entries.map { try resolve($0, roles: roles, task: task, source: file, rolesDefineThemselves: isPattern) }, name)
    }

    /// Fills in a plan entry's defaults from its role; a seed session pattern's roles need no configuration.
    func resolve(_ entry: PlanEntry, roles: [String: Role], task: String, source: String,
                 rolesDefineThemselves: Bool) throws -> PlannedAgent {
        guard let roleName = entry.role ?? entry.name else {
            throw AgentsError.usage("\(source): every agent of a plan needs a \"role\"")
        }
        let role = roles[roleName]
        if role == nil && !rolesDefineThemselves { throw Self.unknownRole(roleName, roles: roles, source: source) }
        let assigned = entry.task ?? role.map { Self.frame(task, by: $0) } ?? Self.frame(task, directory: entry.directory)
        let title = AssignmentTitle.given(entry.title)
            ?? (entry.task.map(AssignmentTitle.derive) ?? role.flatMap(Self.title) ?? entry.directory.map(AssignmentTitle.derive))
        return PlannedAgent(name: entry.name ?? roleName, role: roleName, task: assigned, title: title,
                            dependsOn: entry.dependsOn ?? role?.dependsOn ?? [],
                            skills: (role?.skills ?? []) + (entry.skills ?? []),
                            paths: entry.paths ?? entry.directory.map { [$0] } ?? role?.paths ?? [],
                            branch: entry.branch ?? entry.worktree)
    }

    static func frame(_ task: String, directory: String?) -> String {
        directory.map { "\(task) (work in \($0))" } ?? task
    }

    private func overItems(_ pathspec: String, request: PlanRequest, roles: [String: Role]) throws -> [PlannedAgent] {
        let roleName = request.roleFlags.first.map { String($0.split(separator: "=").first ?? "") }
        if let roleName, roles[roleName] == nil { throw Self.unknownRole(roleName, roles: roles, source: "--role") }
        let items = try PathspecItems.matching(pathspec, in: workspace.repository, commit: base)
        guard !items.isEmpty else {
            throw AgentsError.usage("--over \(pathspec) matches nothing in \(base.short)",
                                    hint: "give a pattern such as 'src/components/*' that matches folders or files")
        }
        var used = Set<String>()
        return items.map { item in
            var name = AgentName.sanitized(URL(fileURLWithPath: item).lastPathComponent)
            var counter = 2
            while used.contains(name) {
                name = "\(AgentName.sanitized(URL(fileURLWithPath: item).lastPathComponent))-\(counter)"
                counter += 1
            }
            used.insert(name)
            let role = roleName.flatMap { roles[$0] }
            return PlannedAgent(name: name, role: roleName ?? "worker",
                                task: "\(request.task)\n\nYour part: \(item) (only this; other agents take the rest)",
                                title: AssignmentTitle.given(item), skills: role?.skills ?? [], paths: [item])
        }
    }

    static func unknownRole(_ name: String, roles: [String: Role], source: String) -> AgentsError {
        let known = roles.keys.sorted().joined(separator: ", ")
        return .usage("unknown role '\(name)' in \(source)",
                      hint: known.isEmpty ? "configure it with: git config role.\(name).description \"…\"" : "configured roles: \(known)")
    }

    /// Names valid and unique, dependencies known (a role name stands for every agent of that role), no cycles.
    static func checked(_ agents: [PlannedAgent], roles: [String: Role]) throws -> [PlannedAgent] {
        guard !agents.isEmpty else { throw AgentsError.usage("the plan has no agents") }
        var seen = Set<String>()
        for agent in agents {
            guard AgentName.isValid(agent.name) else {
                throw AgentsError.usage("'\(agent.name)' cannot name an agent", hint: "use letters, digits, '.', '_' and '-'")
            }
            guard seen.insert(agent.name).inserted else {
                throw AgentsError.usage("two agents are named '\(agent.name)'", hint: "give each agent of the plan its own \"name\"")
            }
        }
        let resolved = try agents.map { agent -> PlannedAgent in
            var copy = agent
            copy.dependsOn = try agent.dependsOn.flatMap { dependency -> [String] in
                if seen.contains(dependency) { return [dependency] }
                let byRole = agents.filter { $0.role == dependency && $0.name != agent.name }.map(\.name)
                if !byRole.isEmpty { return byRole }
                // A configured role that is simply not part of this session is no dependency.
                if roles[dependency] != nil { return [] }
                throw AgentsError.usage("agent '\(agent.name)' depends on '\(dependency)', which is neither an agent nor a role of the plan")
            }
            copy.dependsOn = Array(NSOrderedSet(array: copy.dependsOn)) as? [String] ?? copy.dependsOn
            return copy
        }
        if let cycle = DependencyGraph(resolved.map { ($0.name, $0.dependsOn) }).cycle() {
            throw AgentsError.usage("the plan's dependencies form a cycle: \(cycle.joined(separator: " → "))",
                                    hint: "remove one of these dependencies")
        }
        return resolved
    }
}

public enum AgentName {
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix(".") && !name.hasPrefix("-") && !name.hasSuffix(".lock")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            && !name.contains("..")
    }

    static func sanitized(_ text: String) -> String {
        let mapped = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_-".contains($0)) ? $0 : "-" })
        let trimmed = mapped.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return trimmed.isEmpty ? "item" : String(trimmed.prefix(64))
    }
}
