// One warning per setting an agent command cannot take, naming the roles, however many agents share a role.
import GitAgentsKit
import Testing

struct UnusableSettingTests {
    static func setting(_ name: String, _ value: String, role: String, by subject: String = "codex") -> UnusableSetting {
        UnusableSetting(setting: name, value: value, role: role, consequence: "\(subject) takes no \(name) flag")
    }

    @Test func oneRoleKeepsItsOwnLine() {
        let one = Self.setting("temperature", "0.2", role: "api")
        #expect(UnusableSetting.merged([one]) == ["temperature 0.2 for role api: codex takes no temperature flag"])
        #expect(one.description == "temperature 0.2 for role api: codex takes no temperature flag")
    }

    @Test func rolesSharingASettingGetOneLineInTheirOrder() {
        let merged = UnusableSetting.merged([
            Self.setting("temperature", "0.2", role: "database"), Self.setting("maxTokens", "4000", role: "database"),
            Self.setting("temperature", "0.2", role: "api"), Self.setting("maxTokens", "8000", role: "api"),
            // --over: several agents of one role.
            Self.setting("temperature", "0.2", role: "api"),
        ])
        #expect(merged == [
            "temperature 0.2 for roles database, api: codex takes no temperature flag",
            "maxTokens for roles database (4000), api (8000): codex takes no maxTokens flag",
        ])
    }

    @Test func differentCommandsStayApart() {
        let merged = UnusableSetting.merged([
            Self.setting("temperature", "0.2", role: "database"),
            Self.setting("temperature", "0.2", role: "api", by: "aider"),
        ])
        #expect(merged.count == 2)
    }

    @Test func nothingUnusableNoLine() {
        #expect(UnusableSetting.merged([]).isEmpty)
    }
}
