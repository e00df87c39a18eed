// `git agents artifact put|get|list`: files shared between the agents of a session, kept in its record.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct ArtifactCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "artifact",
            abstract: "Share files between the agents of a session (put, get, list).",
            discussion: """
            Artifacts live in the session record under artifacts/<role>/<name>, put there at once, so a running \
            dependant or a person reads them while the session runs. A symbolic link is stored as a link and never followed.
            """,
            subcommands: [Put.self, Get.self, List.self])

        // Every command takes --no-color (`git agents artifact --no-color` shows this help uncoloured).
        @OptionGroup var color: ColorOptions
    }
}

extension GitAgents.ArtifactCommand {
    struct Put: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "put",
            abstract: "Put a file into the session record as an artifact of an agent's role.",
            discussion: """
            From an agent's worktree the artifact is that agent's; elsewhere name it with --session and --agent. \
            NAME (default: the file's name) may hold folders (docs/api.md) but no '..', '.git', control characters \
            or leading '/'. A file over agents.maxArtifactSize (default 10M) is refused (exit 2). Putting a name again replaces it; a name another agent of the \
            same role put is refused (exit 2).
            """)

        @Argument(help: ArgumentHelp("The file to share (a symbolic link is stored as a link).", valueName: "FILE"))
        var file: String

        @Argument(help: ArgumentHelp("Its name under artifacts/<role>/ (default: the file's name).", valueName: "NAME"))
        var name: String?

        @OptionGroup var session: SessionOption

        @Option(help: ArgumentHelp("The agent whose artifact this is (outside its worktree).", valueName: "AGENT"), completion: .agents)
        var agent: String?

        @OptionGroup var color: ColorOptions

        func run() throws {
            let context = try CommandContext(color)
            let id: String, owner: String
            if let agent {
                (id, owner) = (try context.session(session), agent)
            } else if session.session != nil {
                throw AgentsError.usage("--session needs --agent: whose artifact is it?",
                                        hint: "git agents artifact put FILE --session ID --agent NAME")
            } else {
                (id, owner) = try Artifacts.agentHere(context.workspace)
            }
            let artifact = try Artifacts.put(context.workspace, session: id, agent: owner, file: file, name: name)
            context.terminal.line("\(artifact.path): \(Units.count(artifact.size, "byte")) (session \(id), agent \(owner))")
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            abstract: "Print an artifact (ROLE/NAME), or write it to a new file with -o.",
            discussion: """
            The bytes are printed exactly as stored. A symbolic link prints its target text; with -o it is made \
            again as a link (what it points at is never read). -o never replaces an existing file or link (exit 2), \
            and never writes through a link that leads out of the worktree it runs in.
            """)

        @Argument(help: ArgumentHelp("The artifact, as its role and name.", valueName: "ROLE/NAME"))
        var path: String

        @Option(name: .shortAndLong, help: ArgumentHelp("Write it to this new file instead of standard output.", valueName: "FILE"))
        var output: String?

        @OptionGroup var session: SessionOption

        @OptionGroup var color: ColorOptions

        func run() throws {
            let context = try CommandContext(color)
            let (content, isLink) = try Artifacts.get(context.workspace, session: try context.session(session, readOnly: true), path: path)
            if let output {
                try ArtifactCopy.save(content, isLink: isLink, to: output, from: FileManager.default.currentDirectoryPath,
                                      worktreeRoot: context.workspace.worktreeRoot)
            } else {
                FileHandle.standardOutput.write(content)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List a session's artifacts: role, name, size, type, which agent put it and when.",
            discussion: "With --json, {schemaVersion, artifacts: [{role, name, size, type, agent, putAt}]} (docs/json.md).")

        @OptionGroup var session: SessionOption

        @OptionGroup var output: OutputOptions

        func run() throws {
            let context = try CommandContext(output)
            let id = try context.session(session, readOnly: true)
            let artifacts = try Artifacts.list(context.workspace, session: id)
            if output.json {
                try JSONOutput.print(["artifacts": artifacts])
                return
            }
            guard !artifacts.isEmpty else {
                context.terminal.line("No artifacts in session \(id). Share one with: git agents artifact put FILE")
                return
            }
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            var table = Table("ROLE", "NAME", "SIZE", "TYPE", "AGENT", "PUT AT")
            for artifact in artifacts {
                table.add(artifact.role, artifact.name, "\(artifact.size)", artifact.type, artifact.agent ?? "-",
                          artifact.putAt.map(formatter.string) ?? "-")
            }
            context.terminal.line(table.render(context.terminal))
        }
    }
}
