// `git agents doctor`: checks the tools, the configuration files, hooks, worktrees and sessions.
import Foundation
import GitKit

public struct DoctorCheck: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case ok, info, warning, problem
    }

    public let area: String
    public let status: Status
    public let detail: String
}

public struct DoctorReport: Encodable, Sendable {
    public let checks: [DoctorCheck]
    public var healthy: Bool { !checks.contains { $0.status == .problem } }

    enum CodingKeys: String, CodingKey { case healthy, checks }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(healthy, forKey: .healthy)
        try container.encode(checks, forKey: .checks)
    }
}

public enum Doctor {
    public static func run(_ workspace: Workspace) -> DoctorReport {
        var checks: [DoctorCheck] = []
        func add(_ area: String, _ status: DoctorCheck.Status, _ detail: String) {
            checks.append(DoctorCheck(area: area, status: status, detail: detail))
        }

        add("libgit2", .ok, "libgit2 \(LibGit2.version)")
        if let git = gitVersion() { add("git", .ok, git) } else { add("git", .warning, "git not found on PATH") }

        let found = AgentCLIs.installed()
        if found.isEmpty {
            add("agent CLIs", .info, "none of \(AgentCLIs.known.joined(separator: ", ")) on PATH (git agents demo needs none)")
        }
        for cli in found { add("agent CLIs", .ok, "\(cli.name): \(cli.path)") }

        let configuration = checkConfiguration(workspace, add)
        if let configuration {
            checkRoles(configuration, add)
            checkSkills(workspace, configuration, add)
            checkAgentCommands(workspace, configuration, add)
        }
        checkHooks(workspace, add)
        checkWorktrees(workspace, add)
        checkSessions(workspace, add)
        return DoctorReport(checks: checks)
    }

    private static func gitVersion() -> String? {
        guard let git = AgentCLIs.locate("git") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Each file on its own, so one broken file does not hide the state of the others.
    private static func checkConfiguration(_ workspace: Workspace,
                                           _ add: (String, DoctorCheck.Status, String) -> Void) -> Configuration? {
        let root = workspace.worktreeRoot
        for relative in [ConfigFiles.kilocodeManager, ConfigFiles.kilocodeAgents] {
            guard let data = FileManager.default.contents(atPath: root + "/" + relative) else { continue }
            do {
                _ = try KilocodeImport.read(data, file: relative)
                add("config", .ok, "\(relative): valid")
            } catch {
                add("config", .problem, error.localizedDescription.components(separatedBy: "\n")[0])
            }
        }
        var files = [(ConfigFiles.gitagents, root + "/" + ConfigFiles.gitagents)]
        files += GitConfig.userFiles().map { ($0.path, $0.path) }
        files.append((workspace.commonDir + "/config", workspace.commonDir + "/config"))
        for (name, path) in files where FileManager.default.fileExists(atPath: path) {
            do {
                _ = try GitConfig.open(file: path).entries()
                add("config", .ok, "\(name): valid")
            } catch let error as GitError {
                add("config", .problem, "\(name): \(error.message)")
            } catch {
                add("config", .problem, "\(name): \(error)")
            }
        }
        let loaded = Result { try Configuration.load(workspace) }
        // What the file syntax check above cannot see (an include in a committed file) is reported too.
        if case .failure(let error) = loaded { add("config", .problem, AgentFinisher.brief(error)) }
        guard let configuration = try? loaded.get() else { return nil }
        for error in configuration.validate() { add("config", .problem, error.message) }
        for unknown in configuration.unknownKeys {
            add("config", .warning, "unknown key \(unknown.key) in \(unknown.origin.describe)")
        }
        for setting in configuration.unsupported {
            add("config", .info, "\(setting.file): \(setting.field) is not supported: \(setting.reason)")
        }
        for file in configuration.untrustedFiles {
            add("trust", .problem, "\(file) names agent commands or files to copy but is not trusted: read it, then run git agents trust")
        }
        return configuration
    }

    /// Role settings that a role's agent CLI cannot take are reported, not silently ignored.
    private static func checkRoles(_ configuration: Configuration, _ add: (String, DoctorCheck.Status, String) -> Void) {
        let roles = configuration.roles
        let names = Set(roles.map(\.name))
        for role in roles {
            for dependency in role.dependsOn where !names.contains(dependency) {
                add("roles", .problem, "role \(role.name) depends on \(dependency), which is not a configured role")
            }
            // Settings the role's agent CLI cannot take on its command line are not applicable, not lost.
            let commandText = role.command ?? configuration.string("agents.command")
            if let commandText, let command = try? AgentCommand.parse(commandText) {
                for line in command.notApplicable(to: role) { add("roles", .info, "not applicable: \(line)") }
            }
        }
        if let cycle = DependencyGraph(roles.map { ($0.name, $0.dependsOn) }).cycle() {
            add("roles", .problem, "roles depend on each other in a cycle: \(cycle.joined(separator: " → "))")
        }
    }

    /// Skills the roles name that agents starting from HEAD would not find: they would run without them.
    private static func checkSkills(_ workspace: Workspace, _ configuration: Configuration,
                                    _ add: (String, DoctorCheck.Status, String) -> Void) {
        let asked = configuration.roles.filter { !$0.skills.isEmpty }
        guard !asked.isEmpty else { return }
        let head = try? workspace.repository.resolveCommit("HEAD")
        let home = ProcessInfo.processInfo.environment["HOME"]
        guard let lines = try? Skills.unknown(asked.map { ($0.name, $0.skills) }, repository: workspace.repository,
                                              commit: head, home: home) else { return }
        for line in lines { add("skills", .problem, line) }
        if lines.isEmpty { add("skills", .ok, "every skill the roles name is found") }
    }

    private static func checkHooks(_ workspace: Workspace, _ add: (String, DoctorCheck.Status, String) -> Void) {
        let installer = HookInstaller(workspace)
        let hooks = installer.status()
        let installed = hooks.filter { $0.state == .ours || $0.state == .chained }
        func names(_ list: [HookStatus]) -> String { list.map(\.hook).joined(separator: ", ") }
        if installed.isEmpty {
            add("hooks", .info, "not installed in \(installer.folder) (git agents hooks install)")
        } else if installed.count < hooks.count {
            add("hooks", .warning, "partly installed in \(installer.folder): missing \(names(hooks.filter { !installed.contains($0) })); run git agents hooks install")
        } else {
            let chained = hooks.filter { $0.state == .chained }
            add("hooks", .ok, "installed in \(installer.folder)" + (chained.isEmpty ? "" : "; chained before ours: \(names(chained))"))
        }
        let edited = installed.filter { HookName(rawValue: $0.hook).map(installer.edited) == true }
        if !edited.isEmpty {
            add("hooks", .warning, "changed by hand since install: \(names(edited)); move your changes away, then run git agents hooks install")
        }
        let outdated = installed.filter { $0.outdated && !edited.contains($0) }
        if !outdated.isEmpty {
            add("hooks", .warning, "written by another version of git-agents: \(names(outdated)); run git agents hooks install")
        }
    }

    private static func checkWorktrees(_ workspace: Workspace, _ add: (String, DoctorCheck.Status, String) -> Void) {
        guard let worktrees = try? workspace.repository.worktrees() else {
            add("worktrees", .problem, "cannot list the worktrees of \(workspace.commonDir)")
            return
        }
        let stale = worktrees.filter { !$0.isValid && !$0.isLocked }
        for worktree in stale {
            add("worktrees", .problem, "stale worktree \(worktree.name) (\(worktree.path) is gone): run git worktree prune")
        }
        if stale.isEmpty { add("worktrees", .ok, "\(Units.count(worktrees.count, "linked worktree")), none stale") }
    }

    private static func checkSessions(_ workspace: Workspace, _ add: (String, DoctorCheck.Status, String) -> Void) {
        let store = SessionStore(repository: workspace.repository)
        guard let (sessions, unreadable) = try? store.readAll() else { return }
        for record in unreadable {
            add("sessions", .problem, "\(record.ref) is not a readable session (\(record.problem)); "
                + "look at it with git log \(record.ref), remove it with git update-ref -d \(record.ref)")
        }
        var orphaned = 0
        for snapshot in sessions {
            let id = snapshot.session.id
            if snapshot.session.state == .running, !RuntimeFolder(workspace, session: id).hasLiveSupervisor {
                orphaned += 1
                add("sessions", .problem, "session \(id) is running but its supervisor is gone: run git agents status --session \(id) to take it over")
            } else if InterruptedStart.isAbandoned(snapshot, workspace) {
                orphaned += 1
                add("sessions", .problem, "session \(id) never finished starting (its git agents start was interrupted): "
                    + "run git agents status --session \(id) to remove what it left")
            }
            for agent in snapshot.agents where !agent.status.isFinal || agent.status == .done {
                if !FileManager.default.fileExists(atPath: agent.worktree) && snapshot.session.state != .cleaned {
                    add("sessions", .warning, "session \(id): worktree of \(agent.name) is missing: git agents recreate --agent \(agent.name) --session \(id)")
                }
            }
        }
        if orphaned == 0 && unreadable.isEmpty {
            add("sessions", .ok, "\(Units.count(sessions.count, "session")), none without a supervisor")
        }
    }
}
