// `git agents list`: the sessions of this repository, newest first.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the sessions of this repository, newest first.")

        @Flag(help: "Include cleaned-up and archived sessions.")
        var all = false

        @OptionGroup var output: OutputOptions

        struct Row: Encodable {
            let id: String
            let state: String
            let task: String
            let createdAt: Date
            let agents: Int
            let done: Int
            let archived: Bool
            /// The remote a session fetched from another clone came from (absent for this clone's own).
            var remote: String? = nil
        }

        func run() throws {
            let context = try CommandContext(output)
            let terminal = context.terminal
            let store = SessionStore(repository: context.workspace.repository)
            var rows: [Row] = []
            let (sessions, unreadable) = try store.readAll(archived: all)
            // One bad record never hides the good ones: it is named once, and doctor says more.
            if let warning = SessionChoice.warning(skipping: unreadable) { Terminal.warn(warning) }
            for var snapshot in sessions {
                let id = snapshot.session.id
                if [.running, .planning].contains(snapshot.session.state), try context.superviseIfNeeded(id) {
                    guard let fresh = try? store.load(id) else { continue }
                    snapshot = fresh
                }
                if !all && snapshot.session.state == .cleaned { continue }
                rows.append(Row(id: id, state: snapshot.session.state.rawValue, task: snapshot.session.task,
                                createdAt: snapshot.session.createdAt, agents: snapshot.agents.count,
                                done: snapshot.agents.filter(\.status.isSuccess).count,
                                archived: try store.isArchived(id)))
            }
            // Sessions fetched from other clones, after ours: read-only here, with no supervisor to look after.
            let fetched = try store.readFetched(archived: all)
            // Not ours to repair (doctor looks at this clone's records only): say whose they are and where to see why.
            if !fetched.unreadable.isEmpty {
                Terminal.warn("skipped \(fetched.unreadable.count) session record(s) fetched from other clones that cannot be read here: \(fetched.unreadable.map(\.ref).joined(separator: ", ")) (git agents status --session REMOTE/CLONE/ID says why)")
            }
            for snapshot in fetched.sessions where all || snapshot.session.state != .cleaned {
                rows.append(Row(id: snapshot.session.id, state: snapshot.session.state.rawValue, task: snapshot.session.task,
                                createdAt: snapshot.session.createdAt, agents: snapshot.agents.count,
                                done: snapshot.agents.filter(\.status.isSuccess).count,
                                archived: try store.isArchived(snapshot.session.id), remote: snapshot.fetched?.remote))
            }
            if output.json {
                try JSONOutput.print(["sessions": rows])
                return
            }
            if rows.isEmpty {
                terminal.line(all ? "No sessions in this repository." : "No sessions (see archived ones with --all). Start one with: git agents start \"TASK\"")
                return
            }
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            var table = Table("SESSION", "STATE", "AGENTS", "CREATED", "TASK")
            for row in rows {
                let state = row.state + (row.archived ? " (archived)" : "") + (row.remote.map { " (from \($0))" } ?? "")
                table.add(row.id, state, "\(row.done)/\(row.agents) done",
                          formatter.string(from: row.createdAt), StartReport.oneLine(row.task, limit: 60))
            }
            terminal.line(table.render(terminal))
        }
    }
}
