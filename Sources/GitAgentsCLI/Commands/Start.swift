// `git agents start "TASK"`: plan, create branches and worktrees, launch the supervisor, report.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Plan a task, give each agent a branch and worktree, and run the agents in the background.",
            discussion: """
            Planning: --plan FILE or --role flags as given; else the configured agents.orchestrator prints a \
            plan; else every configured role gets the task, framed by its description. Nothing is created \
            when the plan is refused. Returns once the supervisor runs, unless --wait.
            """)

        @Argument(help: "What the agents should do.")
        var task: String

        @Option(name: .customLong("role"), help: ArgumentHelp("Limit to, or assign, a role (repeatable).", valueName: "NAME[=TASK]"), completion: .roles)
        var roles: [String] = []

        @Option(help: ArgumentHelp("A JSON plan: {\"agents\": [{\"name\", \"role\", \"task\", \"dependsOn\"}]}.", valueName: "FILE"), completion: .file(extensions: ["json"]))
        var plan: String?

        @Option(name: .customLong("agent-cmd"), help: ArgumentHelp("One agent command for every role: a preset or an argv template.", valueName: "CMD"), completion: .presets)
        var agentCommand: String?

        @Option(name: .customLong("max-parallel"), help: ArgumentHelp("How many agents may run at once.", valueName: "N"))
        var maxParallel: Int?

        @Option(name: .customLong("batch-size"), help: ArgumentHelp("Run the agents in waves of N.", valueName: "N"))
        var batchSize: Int?

        @Option(help: ArgumentHelp("One agent per item of the base tree matching PATHSPEC (e.g. 'src/components/*').", valueName: "PATHSPEC"))
        var over: String?

        @Option(help: ArgumentHelp("The commit agents start from (default: HEAD).", valueName: "REV"), completion: .branches)
        var base: String?

        @Option(help: ArgumentHelp("The branch results merge into (default: the branch checked out here).", valueName: "BRANCH"), completion: .branches)
        var into: String?

        @Option(help: ArgumentHelp("How results are merged: orchestrator-review, auto or manual.", valueName: "STRATEGY"), completion: .strategies)
        var strategy: String?

        @Option(help: ArgumentHelp("Per-agent time limit, e.g. 30m or 2h.", valueName: "DURATION"))
        var timeout: String?

        @Flag(name: .customLong("dry-run"), help: "Print the plan and create nothing.")
        var dryRun = false

        @Flag(help: "Stay in the foreground with a live view; exit 0 when every agent succeeded, 1 otherwise.")
        var wait = false

        @OptionGroup var color: ColorOptions

        func validate() throws {
            if let maxParallel, maxParallel < 1 { throw ValidationError("--max-parallel must be at least 1") }
            if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
            if let strategy, MergeStrategy(rawValue: strategy) == nil {
                throw ValidationError("--strategy must be one of: orchestrator-review, auto, manual")
            }
            if let timeout, (Units.seconds(timeout) ?? 0) <= 0 {
                throw ValidationError("--timeout takes a duration above zero, such as 90s, 30m or 2h")
            }
            if plan != nil && over != nil { throw ValidationError("give --plan or --over, not both") }
            if plan != nil && !roles.isEmpty { throw ValidationError("--role and --plan do not go together: the plan names the roles") }
            if over != nil && (roles.count > 1 || roles.contains { $0.contains("=") }) {
                throw ValidationError("with --over, give at most one --role NAME (each item is its task)")
            }
        }

        func run() throws {
            let context = try CommandContext(color)
            let terminal = context.terminal, workspace = context.workspace
            var request = StartRequest(task: task)
            request.plan.roleFlags = roles
            request.plan.planFile = plan.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            request.plan.over = over
            request.plan.batchSize = batchSize
            request.agentCommand = agentCommand
            request.maxParallel = maxParallel
            request.base = base
            request.into = into
            request.strategy = strategy
            request.timeout = timeout
            guard let reported = try StartReport(terminal: terminal).start(workspace, request, dryRun: dryRun) else { return }
            if wait {
                if try !LiveView(context: context).follow(reported) {
                    throw ExitCode(1)
                }
            } else {
                terminal.line()
                terminal.line("Agents are working. Check them with: git agents status   (logs: git agents logs --follow)")
            }
        }
    }
}
