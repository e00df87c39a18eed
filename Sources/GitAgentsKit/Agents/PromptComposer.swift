// Builds the prompt an agent receives (SPEC §5): role, task, owned paths, skills, artifacts and feedback.
import Foundation

/// The composed prompt is plain Markdown with one heading per section, in a fixed order, so the same
/// inputs always give the same text. It starts with `# Role:`, so it can never be mistaken for an option
/// by the agent CLI that receives it as an argument.
public struct PromptComposer {
    public static func compose(roleName: String, description: String?, task: String, skills: [String],
                               paths: [String], artifacts: [SharedArtifact],
                               feedback: [String], worktree: String, home: String?) -> (prompt: String, warnings: [String]) {
        var sections: [String] = []
        var warnings: [String] = []

        var heading = "# Role: \(roleName)"
        if let description = trimmed(description) { heading += "\n\n" + description }
        sections.append(heading)

        sections.append("## Task\n\n" + (trimmed(task) ?? task))

        if !paths.isEmpty {
            sections.append("## Files you own\n\nMake your changes in these paths; other roles own the rest of the repository.\n\n"
                + paths.map { "- `\($0)`" }.joined(separator: "\n"))
        }

        var loaded: [String] = []
        var seen: Set<String> = []
        for name in skills where seen.insert(name).inserted {
            switch Skills.load(name, worktree: worktree, home: home) {
            case .success(let text):
                loaded.append("### Skill: \(name)\n\n" + text)
            case .failure(let problem):
                warnings.append("skill \(name) for role \(roleName): \(problem.message)")
            }
        }
        if !loaded.isEmpty {
            sections.append("## Skills\n\nFollow these instructions.\n\n" + loaded.joined(separator: "\n\n"))
        }

        if !artifacts.isEmpty {
            sections.append("## Artifacts from the roles this one depends on\n\n"
                + "Read these before you start: each command prints one (a copy is at the path shown).\n\n"
                + artifacts.map(\.promptLine).joined(separator: "\n"))
        }

        let requests = feedback.compactMap(trimmed)
        if !requests.isEmpty {
            sections.append("## Requested changes\n\nA review of your earlier work asked for these changes; make them.\n\n"
                + requests.enumerated().map { "### Request \($0.offset + 1)\n\n\($0.element)" }.joined(separator: "\n\n"))
        }

        sections.append("## Where you work\n\nYour working directory is the git worktree `\(worktree)` on your own branch. "
            + "Whatever you leave there when you finish is committed to that branch. "
            + "Put files meant for other roles (notes, specifications, reports) in the folder named by $GIT_AGENTS_ARTIFACTS, "
            + "or share one at once with `git agents artifact put FILE`. "
            + "To ask another role or the orchestrator something, run `git agents send --to ROLE \"MESSAGE\"` "
            + "(or `--to orchestrator`); `git agents inbox` shows what was sent to you.")

        return (sections.joined(separator: "\n\n") + "\n", warnings)
    }

    private static func trimmed(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}
