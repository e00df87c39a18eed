// What shell completion offers, read from a real repository, and the configuration reference the man page
// is generated from.
import Foundation
@testable import GitAgentsKit
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct CompletionCandidatesTests {
    let scratch = ScratchRepository.current

    @Test func sessionsAndAgentsComeFromTheRecords() throws {
        let store = try scratch.store(), base = try scratch.head()
        let older = try store.create(Fixture.session(base: base), agents: [Fixture.agent("db", base: base)]).session.id
        let newer = try store.create(Fixture.session(base: base), agents: [
            Fixture.agent("web", dependsOn: ["api"], base: base), Fixture.agent("api", base: base),
        ]).session.id
        try store.archive(older)

        #expect(CompletionCandidates.sessions(from: scratch.path) == [newer, older])
        #expect(CompletionCandidates.agents(session: nil, from: scratch.path) == ["api", "web"])
        #expect(CompletionCandidates.agents(session: older, from: scratch.path) == ["db"])
        #expect(CompletionCandidates.agents(session: "20990101-001", from: scratch.path) == [])
    }

    @Test func rolesKeysBranchesAndRemotesComeFromTheRepository() throws {
        try scratch.git("config", "role.api.description", "the API")
        try scratch.git("remote", "add", "upstream", "https://example.com/upstream.git")
        try scratch.git("branch", "feature/x")

        #expect(CompletionCandidates.roles(from: scratch.path) == ["api"])
        let keys = CompletionCandidates.configKeys(from: scratch.path)
        #expect(keys.contains("agents.maxParallel") && keys.contains("role.api.dependsOn"), "\(keys)")
        #expect(!keys.contains { $0.contains("<name>") }, "\(keys)")
        #expect(CompletionCandidates.branches(from: scratch.path) == ["feature/x", "main"])
        #expect(CompletionCandidates.remotes(from: scratch.path) == ["upstream"])
    }

    /// Outside a repository a completion offers nothing rather than failing in the middle of a line.
    @Test func outsideARepositoryNothingIsOffered() throws {
        let outside = scratch.root + "/home"
        #expect(CompletionCandidates.sessions(from: outside).isEmpty)
        #expect(CompletionCandidates.agents(session: nil, from: outside).isEmpty)
        #expect(CompletionCandidates.roles(from: outside).isEmpty)
        #expect(CompletionCandidates.branches(from: outside).isEmpty)
    }

    /// Every key of the key table is in the man page's reference, described, with the built-in default.
    @Test func theConfigurationReferenceCoversEveryKey() {
        let reference = ConfigKeys.reference
        #expect(Set(reference.map(\.key)) == Set(ConfigKeys.agents.keys.map { "agents." + $0 } + ConfigKeys.role.keys.map { "role.<name>." + $0 }))
        for entry in reference {
            #expect(entry.summary != nil, "\(entry.key) has no summary in ConfigReference.swift")
        }
        for (key, value) in Configuration.defaults(repositoryName: "<repo>") {
            #expect(reference.first { $0.key == key }?.defaultValue == value, "\(key)")
        }
    }
}
