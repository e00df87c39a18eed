// The suggested merge order: dependencies first, then the agents that conflict with the fewest others.
import GitAgentsKit
import Testing

struct MergeOrderTests {
    @Test func cleanAgentsFirstAndTheOneConflictingWithMostLast() {
        let order = MergeOrder(agents: [(name: "alpha", dependsOn: []), (name: "beta", dependsOn: []),
                                        (name: "gamma", dependsOn: []), (name: "zeta", dependsOn: [])],
                               conflictsWithTarget: [], conflictingPairs: [("alpha", "beta"), ("alpha", "gamma")])
        #expect(order.names == ["zeta", "beta", "gamma", "alpha"])
        #expect(order.resolutions == [MergeOrder.Resolution(agent: "alpha", conflictsWithTarget: false,
                                                            conflictsWithAgents: ["beta", "gamma"])])
    }

    @Test func dependenciesComeFirstWhateverTheyConflictWith() {
        // db conflicts with the target and with ui; api depends on db and conflicts with nobody itself.
        let order = MergeOrder(agents: [(name: "db", dependsOn: []), (name: "ui", dependsOn: []),
                                        (name: "api", dependsOn: ["db"])],
                               conflictsWithTarget: ["db"], conflictingPairs: [("db", "ui")])
        #expect(order.names == ["ui", "db", "api"])
        #expect(order.resolutions == [MergeOrder.Resolution(agent: "db", conflictsWithTarget: true, conflictsWithAgents: ["ui"])])
    }

    @Test func tiesKeepTheGivenOrderAndUnknownDependenciesAreIgnored() {
        let order = MergeOrder(agents: [(name: "b", dependsOn: ["failed-one"]), (name: "a", dependsOn: [])],
                               conflictsWithTarget: ["a", "b"], conflictingPairs: [])
        #expect(order.names == ["b", "a"])
        #expect(order.resolutions.map(\.agent) == ["b", "a"])
        #expect(order.resolutions.allSatisfy { $0.conflictsWithTarget && $0.conflictsWithAgents.isEmpty })
    }
}
