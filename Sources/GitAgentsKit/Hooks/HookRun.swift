// `git agents hook <name> [args]`, started by the shims: what each hook does. Only a deliberate refusal fails a
// hook (GateRefusal); the caller turns any other error into a warning, so our failure never stops git's work.
import Foundation

public enum HookRun {
    /// Lines for the person (stderr); throws GateRefusal, and only that, when the git operation must not go on.
    public static func run(_ hook: HookName, arguments: [String], input: String, workspace: Workspace,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String] {
        do {
            return try handle(hook, arguments: arguments, input: input, workspace: workspace, environment: environment)
        } catch let refusal as GateRefusal {
            throw refusal
        } catch {
            return ["warning: git-agents \(hook.rawValue) hook: \(AgentFinisher.brief(error)) (git goes on; see git agents doctor)"]
        }
    }

    private static func handle(_ hook: HookName, arguments: [String], input: String, workspace: Workspace,
                               environment: [String: String]) throws -> [String] {
        let settings = HookSettings(workspace, environment: environment)
        switch hook {
        case .preMergeCommit:
            guard settings.bool(ReviewGate.overrideKey, default: true) else { return [] }
            try ReviewGate(workspace: workspace, agents: try HookAgents(workspace), environment: environment).checkMergeCommit()
            return []
        case .referenceTransaction:
            let updates = RefUpdate.parse(input)
            switch arguments.first {
            case "prepared":
                let action = environment["GIT_REFLOG_ACTION"]?.split(separator: " ").first.map(String.init) ?? ""
                let merging = action == "merge" || action == "pull"
                let gitDir = workspace.repository.gitDir
                let concluding = !merging && FileManager.default.fileExists(atPath: gitDir + "/MERGE_HEAD")
                let squashing = !merging && !concluding && FileManager.default.fileExists(atPath: gitDir + "/SQUASH_MSG")
                if merging || concluding || squashing, settings.bool(ReviewGate.overrideKey, default: true) {
                    let gate = ReviewGate(workspace: workspace, agents: try HookAgents(workspace), environment: environment)
                    if merging { try gate.checkUpdates(updates) }
                    if concluding { try gate.checkConcludedMerge(updates) }
                    if squashing { try gate.checkSquashCommit(updates) }
                }
                if updates.contains(where: { $0.new == nil }) {
                    try BranchDeletion(workspace: workspace, agents: try HookAgents(workspace)).prepare(updates)
                }
            case "committed":
                try BranchDeletion(workspace: workspace, agents: try HookAgents(workspace)).record(updates)
            default:
                break
            }
            return []
        case .postMerge:
            return try HandMerge(workspace: workspace, agents: try HookAgents(workspace), settings: settings).record()
        case .prePush:
            let remote = arguments.first ?? "origin"
            let check = PushCheck(workspace: workspace, agents: try HookAgents(workspace), settings: settings)
            var lines = check.warnings(remote: remote, input: input)
            if check.pushesSessions { lines.append(check.pushSessions(remote: remote)) }
            return lines
        }
    }
}
