// The orchestrator command: given the task, the roles and the file list, it prints a JSON plan.
import Foundation
import GitKit

struct Orchestrator {
    let workspace: Workspace
    let configuration: Configuration
    let base: OID

    /// The request on stdin, for scripted orchestrators; LLM CLIs get the same as their prompt.
    struct Request: Encodable {
        struct RoleInfo: Encodable {
            let name: String
            let description: String?
            let dependsOn: [String]
            let paths: [String]
        }

        let task: String
        let roles: [RoleInfo]
        let files: [String]
        let planFormat: String
    }

    static let planFormat = #"{"agents": [{"name": "db", "role": "database", "title": "Schema design", "task": "…", "dependsOn": []}]}"#
    /// Enough of the file list to plan from without flooding a model's context.
    static let maxFiles = 2000

    func plan(task: String, command: String, roles: [Role]) throws -> [PlanEntry] {
        let files = try workspace.repository.treeFiles(try workspace.repository.commit(base).tree).keys.sorted()
        let request = Request(
            task: task,
            roles: roles.sorted { $0.name < $1.name }.map {
                Request.RoleInfo(name: $0.name, description: $0.description, dependsOn: $0.dependsOn, paths: $0.paths)
            },
            files: Array(files.prefix(Self.maxFiles)),
            planFormat: Self.planFormat)
        let input = try RecordJSON.encode(request)
        let prompt = """
        You are the orchestrator of several coding agents working in parallel, each on its own git branch.
        Split the task below between the roles listed, giving each agent a short, concrete task.
        Answer with JSON only, in this shape: \(Self.planFormat)
        "role" must be one of the roles listed; "title" is the assignment in two or three words; "dependsOn" names agents that must finish first.

        \(String(decoding: input, as: UTF8.self))
        """
        let output = try OrchestratorCall.ask(command, prompt: prompt, request: input, configuration: configuration,
                                              in: workspace.worktreeRoot, task: task)
        guard let plan = OrchestratorCall.jsonObject(in: output) else {
            throw AgentsError.usage("the orchestrator (\(command)) printed no JSON plan",
                                    hint: "it must print \(Self.planFormat)")
        }
        return try PlanDocument.parse(plan, source: "the orchestrator's plan").entries
    }
}
