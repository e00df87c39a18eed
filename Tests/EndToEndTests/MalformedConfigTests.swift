// Broken configuration files stop every command that reads them with exit 2, naming the file and line.
import Foundation
import Testing

@Suite("Malformed configuration")
struct MalformedConfigTests {
    @Test("a malformed .gitagents names the file and line", arguments: [["config", "--list"], ["start", "x", "--dry-run"]])
    func malformedGitagents(command: [String]) throws {
        let fixture = try SessionFixture()
        try fixture.write("[agents]\n\tmaxParallel = 2\n[role \"api\"\n\tdescription = broken\n", to: ".gitagents")
        let output = try fixture.agents(command)
        #expect(output.status == 2, "\(output)")
        #expect(output.stderr.contains(".gitagents"), "\(output)")
        #expect(output.stderr.contains(":3") || output.stderr.contains("line 3"), "\(output)")
        #expect(output.stderr.split(separator: "\n").count <= 2, "\(output)")
    }

    @Test("malformed .kilocode JSON names the file and line",
          arguments: [".kilocode/agent-manager.json", ".kilocode/agents-config.json"])
    func malformedKilocode(file: String) throws {
        let fixture = try SessionFixture()
        try fixture.write("{\n  \"maxParallelAgents\": 4,\n  \"merge\": { \"strategy\": }\n}\n", to: file)
        let output = try fixture.agents(["config", "--list"])
        #expect(output.status == 2, "\(output)")
        #expect(output.stderr.contains("\(file):3"), "\(output)")
        #expect(output.stderr.split(separator: "\n").count <= 2, "\(output)")
    }

    @Test("an agent command from an untrusted .gitagents is refused until git agents trust")
    func untrustedCommandIsRefused() throws {
        let fixture = try SessionFixture()
        let agent = try fixture.succeedingAgent()
        try fixture.write("[agents]\n\tcommand = \(agent)\n[role \"solo\"]\n\tdescription = alone\n", to: ".gitagents")
        let refused = try fixture.agents(["start", "x", "--dry-run"])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("git agents trust"), "\(refused)")
        try fixture.agents(["trust"]).requireSuccess()
        #expect(try fixture.agents(["start", "x", "--dry-run"]).status == 0)
        try fixture.write("[agents]\n\tcommand = \(agent) --changed\n[role \"solo\"]\n\tdescription = alone\n", to: ".gitagents")
        #expect(try fixture.agents(["start", "x", "--dry-run"]).status == 2)
    }
}
