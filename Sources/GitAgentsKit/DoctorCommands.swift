// `git agents doctor`: whether every role has an agent command whose program the agents will find.
import Foundation

extension Doctor {
    /// One line per distinct command: the roles using it, and where its program is or why it cannot start.
    /// A role without any command, or a program that is not there, is a problem: `start` would refuse it.
    static func checkAgentCommands(_ workspace: Workspace, _ configuration: Configuration,
                                   _ add: (String, DoctorCheck.Status, String) -> Void) {
        let fallback = configuration.string("agents.command").flatMap { $0.isEmpty ? nil : $0 }
        let roles = configuration.roles.sorted { $0.name < $1.name }
        var users: [(command: String, roles: [String])] = []
        var roleless: [String] = []
        for role in roles {
            guard let text = role.command ?? fallback else {
                roleless.append(role.name)
                continue
            }
            if let index = users.firstIndex(where: { $0.command == text }) { users[index].roles.append(role.name) }
            else { users.append((text, [role.name])) }
        }
        if roles.isEmpty {
            if let fallback { users.append((fallback, [])) } else { roleless.append("") }
        }
        if !roleless.isEmpty {
            let who = roleless == [""] ? "" : " for " + rolesLabel(roleless)
            add("agent commands", .problem, "no agent command\(who): set agents.command (git agents init does) or role.<name>.command")
        }
        let head = try? workspace.repository.headCommit()
        guard let finder = try? SessionStarter.executableFinder(workspace, configuration: configuration, base: head)
        else { return }
        var commands = users.map { user in
            (label: user.roles.isEmpty ? "agents.command" : rolesLabel(user.roles), text: user.command)
        }
        if let orchestrator = configuration.string("agents.orchestrator"), !orchestrator.isEmpty {
            commands.append(("agents.orchestrator", orchestrator))
        }
        for (label, text) in commands {
            guard let command = try? AgentCommand.parse(text) else {
                add("agent commands", .problem, "\(label): \(text) cannot be read as a command line")
                continue
            }
            // Relative programs are looked for in the main worktree, which stands in for an agent's one.
            if let problem = finder.problem(command, worktree: workspace.worktreeRoot) {
                add("agent commands", .problem, "\(label): \(text) cannot start: \(problem)")
            } else if let program = command.template.first,
                      let path = AgentCLIs.locate(program, path: AgentEnvironment.searchPath()) {
                add("agent commands", .ok, "\(label): runs \(path)")
            } else {
                add("agent commands", .ok, "\(label): \(text)")
            }
        }
    }

    static func rolesLabel(_ roles: [String]) -> String {
        (roles.count == 1 ? "role " : "roles ") + roles.joined(separator: ", ")
    }
}
