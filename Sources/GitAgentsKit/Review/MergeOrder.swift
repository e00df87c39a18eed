// An order to merge finished agents in that avoids conflicts where it can and postpones them where it cannot.
import Foundation

/// Dependencies come first, always: a dependant's branch holds its dependencies' work, so merging it first
/// would bring that work in unreviewed, and its conflicts would be theirs. Among the agents whose
/// dependencies are placed, the one that conflicts with the fewest others (the target counts as one) goes
/// next; ties keep dependency order (then by name). So the agents that conflict with nobody merge cleanly
/// first, and a conflict between two agents falls on the one that conflicts with more — merged later, when
/// the others are in and one resolution settles all of its conflicts.
public struct MergeOrder: Sendable {
    /// An agent that will meet conflicts when merged in this order: with the target, and with the agents
    /// merged before it. Its conflicts are resolved when it is merged (`git agents resolve --agent A`).
    public struct Resolution: Encodable, Sendable, Equatable {
        public let agent: String
        public let conflictsWithTarget: Bool
        public let conflictsWithAgents: [String]

        public init(agent: String, conflictsWithTarget: Bool, conflictsWithAgents: [String]) {
            self.agent = agent
            self.conflictsWithTarget = conflictsWithTarget
            self.conflictsWithAgents = conflictsWithAgents
        }
    }

    public let names: [String]
    public let resolutions: [Resolution]

    /// `agents` in dependency order with what each depends on (dependencies not in the list are ignored: they
    /// are not being merged now).
    public init(agents: [(name: String, dependsOn: [String])], conflictsWithTarget: Set<String>,
                conflictingPairs: [(String, String)]) {
        let known = Set(agents.map(\.name))
        var partners: [String: Set<String>] = [:]
        for (one, two) in conflictingPairs {
            partners[one, default: []].insert(two)
            partners[two, default: []].insert(one)
        }
        func weight(_ name: String) -> Int { (partners[name]?.count ?? 0) + (conflictsWithTarget.contains(name) ? 1 : 0) }
        let position = Dictionary(agents.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var remaining = agents, placed: [String] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.dependsOn.allSatisfy { !known.contains($0) || placed.contains($0) } }
            // A cycle (refused when the session was planned) cannot block the order: take what is left in turn.
            let candidates = ready.isEmpty ? remaining : ready
            let next = candidates.min {
                (weight($0.name), position[$0.name] ?? 0, $0.name) < (weight($1.name), position[$1.name] ?? 0, $1.name)
            }!
            placed.append(next.name)
            remaining.removeAll { $0.name == next.name }
        }
        names = placed
        resolutions = placed.enumerated().compactMap { index, name in
            let earlier = placed[..<index].filter { partners[name]?.contains($0) ?? false }
            guard conflictsWithTarget.contains(name) || !earlier.isEmpty else { return nil }
            return Resolution(agent: name, conflictsWithTarget: conflictsWithTarget.contains(name),
                              conflictsWithAgents: Array(earlier))
        }
    }
}
