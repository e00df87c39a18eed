// What every command starts from (SwiftPM's SwiftCommandState): the repository found as git finds it, the
// terminal its output options ask for, and — for commands about a session — that session with a live
// supervisor behind it.
import Foundation
import GitAgentsKit

struct CommandContext {
    let workspace: Workspace
    /// Coloured or not as the output options say; never coloured for `--json`.
    let terminal: Terminal

    /// A read command: `--json` and `--no-color`.
    init(_ output: OutputOptions) throws {
        try self.init(terminal: output.terminal())
    }

    /// A command with human output only; `directory` instead of where the command runs (demo).
    init(_ color: ColorOptions, directory: String? = nil) throws {
        try self.init(terminal: color.terminal(), directory: directory)
    }

    /// The commands git-agents runs itself, whose output goes to a log.
    init(terminal: Terminal = Terminal(colorDisabled: true), directory: String? = nil) throws {
        workspace = try Workspace.discover(from: directory)
        self.terminal = terminal
    }

    /// The session `--session` names, else the session of the agent worktree the command runs in, else the
    /// newest one (unreadable records skipped, with one warning); a dead supervisor is replaced first.
    /// A session fetched from another clone only when `readOnly`: it is changed only where it started.
    func session(_ option: SessionOption, readOnly: Bool = false) throws -> String {
        let choice = try SessionStore(repository: workspace.repository)
            .choose(option.session, worktreeRoot: workspace.worktreeRoot)
        if let warning = choice.warning { Terminal.warn(warning) }
        if FetchedSessionName(choice.id) != nil {
            guard readOnly else { throw AgentsError.fetchedSession(choice.id) }
            return choice.id
        }
        try superviseIfNeeded(choice.id)
        return choice.id
    }

    /// A running session whose supervisor died gets a new one, and a session whose `start` died half-way is
    /// rolled back; the person is told. True when something was done.
    /// A watching command (`status --watch`, `logs --follow`, `start --wait`) that has to replace the supervisor
    /// again and again stops and says where to look, rather than starting dying supervisors forever.
    @discardableResult
    func superviseIfNeeded(_ id: String) throws -> Bool {
        // A fetched session's supervisor runs (or not) in the clone that started it.
        guard FetchedSessionName(id) == nil, let notice = try Supervision.ensure(workspace, session: id) else {
            Self.takeoversInARow[id] = 0
            return false
        }
        Terminal.warn(notice)
        let count = (Self.takeoversInARow[id] ?? 0) + 1
        Self.takeoversInARow[id] = count
        if count >= 5 {
            let log = RuntimeFolder(workspace, session: id).supervisorLog
            throw AgentsError.failed("the supervisor of session \(id) ended right after starting, \(count) times in a row",
                                     hint: "see \(log) for why; the session's record is untouched")
        }
        return true
    }

    /// Supervisors started for each session since one was last found alive (this process only).
    nonisolated(unsafe) private static var takeoversInARow: [String: Int] = [:]
}
