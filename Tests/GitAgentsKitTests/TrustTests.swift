// Trust (SPEC §4): commands from committed files run only after `trust` recorded the file's content in .git/config.
import Foundation
import Testing
import TestSupport
@testable import GitAgentsKit

@Suite("Trusting committed agent commands", .scratchRepository)
struct TrustTests {
    var scratch: ScratchRepository { .current }

    private func expectRefused(_ key: String, in configuration: Configuration, naming file: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: AgentsError.self, sourceLocation: sourceLocation) { try configuration.command(key) }
        #expect(error?.exitCode == 2, sourceLocation: sourceLocation)
        #expect(error?.message.contains(file) == true, "\(error?.message ?? "")", sourceLocation: sourceLocation)
        #expect(error?.hint?.contains("git agents trust") == true, sourceLocation: sourceLocation)
    }

    @Test func aGitagentsCommandIsRefusedUntilTrustedAndAgainAfterAChange() throws {
        try scratch.writeConfigFile("[agents]\n\tcommand = mytool --yes {prompt}\n[role \"api\"]\n\tcommand = other {prompt}\n",
                                    to: ".gitagents")
        let workspace = try scratch.configWorkspace()
        let before = try Configuration.load(workspace)
        expectRefused("agents.command", in: before, naming: ".gitagents")
        expectRefused("role.api.command", in: before, naming: ".gitagents")
        #expect(before.untrustedFiles == [".gitagents"])
        // A key that runs nothing is readable whatever the trust.
        #expect(try before.command("agents.maxParallel") == "4")

        let records = try Trust.trustAll(workspace, before)
        #expect(records.map(\.file) == [".gitagents"])
        // The record is git's own blob id of the file, kept in .git/config.
        let blob = try scratch.git("hash-object", ".gitagents")
        #expect(records.first?.hash == blob)
        #expect(try scratch.git("config", "--local", "--get-all", "agents.trusted") == "\(blob) .gitagents")

        let trusted = try Configuration.load(workspace)
        #expect(try trusted.command("agents.command") == "mytool --yes {prompt}")
        #expect(try trusted.command("role.api.command") == "other {prompt}")
        #expect(trusted.untrustedFiles.isEmpty)
        #expect(trusted.isTrusted(".gitagents"))

        try scratch.writeConfigFile("[agents]\n\tcommand = mytool --yes --dangerously {prompt}\n", to: ".gitagents")
        let changed = try Configuration.load(workspace)
        expectRefused("agents.command", in: changed, naming: ".gitagents")
        #expect(changed.untrustedFiles == [".gitagents"])
    }

    @Test func trustingAgainKeepsOneRecordPerFile() throws {
        try scratch.writeConfigFile("[agents]\n\tcommand = one {prompt}\n", to: ".gitagents")
        try scratch.writeConfigFile(#"{"command": "kilo {prompt}"}"#, to: ".kilocode/agent-manager.json")
        let workspace = try scratch.configWorkspace()
        try Trust.trustAll(workspace, try Configuration.load(workspace))
        try scratch.writeConfigFile("[agents]\n\tcommand = two {prompt}\n", to: ".gitagents")
        let records = try Trust.trustAll(workspace, try Configuration.load(workspace))
        #expect(Set(records.map(\.file)) == [".gitagents", ".kilocode/agent-manager.json"])

        let lines = try scratch.git("config", "--local", "--get-all", "agents.trusted").split(separator: "\n")
        #expect(lines.sorted() == [
            "\(try scratch.git("hash-object", ".gitagents")) .gitagents",
            "\(try scratch.git("hash-object", ".kilocode/agent-manager.json")) .kilocode/agent-manager.json",
        ].sorted())
        #expect(try Configuration.load(workspace).command("agents.command") == "two {prompt}")
    }

    @Test func aKilocodeCommandNeedsTrustToo() throws {
        try scratch.writeConfigFile(#"{"orchestrator": {"command": "planner {prompt}"}}"#, to: ".kilocode/agent-manager.json")
        let workspace = try scratch.configWorkspace()
        expectRefused("agents.orchestrator", in: try Configuration.load(workspace), naming: ".kilocode/agent-manager.json")
        try Trust.trustAll(workspace, try Configuration.load(workspace))
        #expect(try Configuration.load(workspace).command("agents.orchestrator") == "planner {prompt}")
    }

    @Test func aCommandFromGitConfigIsTrustedWithoutTrust() throws {
        try scratch.writeConfigFile("[agents]\n\tcommand = committed {prompt}\n\tsetup = make deps\n", to: ".gitagents")
        try scratch.git("config", "agents.command", "mine --yes {prompt}")
        try scratch.git("config", "role.api.command", "api-agent {prompt}")
        let configuration = try scratch.loadConfiguration()
        #expect(try configuration.command("agents.command") == "mine --yes {prompt}")
        #expect(try configuration.command("role.api.command") == "api-agent {prompt}")
        // The committed file's other command is still held back.
        expectRefused("agents.setup", in: configuration, naming: ".gitagents")
    }

    @Test func aCommittedFileCannotPlantItsOwnTrust() throws {
        try scratch.writeConfigFile(#"{"command": "evil {prompt}"}"#, to: ".kilocode/agent-manager.json")
        let kilocodeBlob = try scratch.git("hash-object", ".kilocode/agent-manager.json")
        // A committed .gitagents that claims the Kilo Code file (with its right hash) and itself are trusted.
        try scratch.writeConfigFile("""
            [agents]
            \ttrusted = \(kilocodeBlob) .kilocode/agent-manager.json
            \tprCommand = gh pr create --fill

            """, to: ".gitagents")
        let configuration = try scratch.loadConfiguration()
        #expect(configuration["agents.trusted"]?.origin.layer == .gitagents)
        #expect(configuration.trustRecords.isEmpty)
        expectRefused("agents.command", in: configuration, naming: ".kilocode/agent-manager.json")
        expectRefused("agents.prCommand", in: configuration, naming: ".gitagents")
        #expect(configuration.untrustedFiles == [".gitagents", ".kilocode/agent-manager.json"])
    }

    @Test func aFileWithoutCommandsNeedsNoTrust() throws {
        try scratch.writeConfigFile("[role \"api\"]\n\tdependsOn = database\n", to: ".gitagents")
        let configuration = try scratch.loadConfiguration()
        #expect(configuration.untrustedFiles.isEmpty)
        #expect(configuration.presentCommittedFiles == [".gitagents"])
        #expect(configuration.commands(from: ".gitagents").isEmpty)
    }

    @Test func onlyCommandKeysAreGuarded() {
        for key in ["agents.command", "agents.orchestrator", "agents.setup", "agents.testCommand", "agents.prCommand",
                    "role.api.command", "role.db.v2.command"] {
            #expect(ConfigKeys.isCommand(key), "\(key)")
        }
        for key in ["agents.model", "role.api.description", "agents.maxParallel", "agents.trusted"] {
            #expect(!ConfigKeys.isCommand(key), "\(key)")
        }
    }
}
