// Option values a shell completes from the repository (`git agents logs --agent <TAB>`): the completion
// scripts ask this binary through swift-argument-parser's custom completion, which reads through the domain.
import ArgumentParser
import GitAgentsKit

extension CompletionKind {
    static var sessions: CompletionKind { .custom { _, _, _ in CompletionCandidates.sessions() } }

    /// The agents of the session named earlier on the line with `--session`, else of the session meant there.
    static var agents: CompletionKind {
        .custom { words, _, _ in CompletionCandidates.agents(session: sessionNamed(in: words)) }
    }

    static var roles: CompletionKind { .custom { _, _, _ in CompletionCandidates.roles() } }

    /// Whom `send --to` can reach: the session's agents, the roles, the orchestrator and a person.
    static var recipients: CompletionKind {
        .custom { words, _, _ in
            var seen = Set<String>()
            return (CompletionCandidates.agents(session: sessionNamed(in: words)) + CompletionCandidates.roles()
                + [Message.orchestrator, Message.person]).filter { seen.insert($0).inserted }
        }
    }

    static var configKeys: CompletionKind { .custom { _, _, _ in CompletionCandidates.configKeys() } }

    static var branches: CompletionKind { .custom { _, _, _ in CompletionCandidates.branches() } }

    static var remotes: CompletionKind { .custom { _, _, _ in CompletionCandidates.remotes() } }

    static var strategies: CompletionKind { .list(MergeStrategy.allCases.map(\.rawValue)) }

    static var presets: CompletionKind { .list(AgentCommand.presets.keys.sorted()) }

    /// The value of `--session ID` or `--session=ID` among the shell words, when one is typed (fish 3 gives an
    /// empty word as `''`).
    static func sessionNamed(in words: [String]) -> String? {
        for (index, word) in words.enumerated() {
            if word.hasPrefix("--session=") { return String(word.dropFirst("--session=".count)) }
            if word == "--session", index + 1 < words.count, !["", "''"].contains(words[index + 1]) { return words[index + 1] }
        }
        return nil
    }
}
