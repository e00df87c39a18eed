// Which changed files lie outside the folders a role owns (`role.<name>.paths`, a plan's `directory`).
@testable import GitAgentsKit
import GitKit
import Testing

@Suite struct PathOwnershipTests {
    @Test func foldersAreMatchedAsPeopleWriteThem() {
        let changed = ["src/api/x.ts", "src/apiary/y.ts", "README.md"]
        for owned in [["src/api"], ["src/api/"], ["src/api/*"], ["./src/api"], ["././src/api/"], ["/src/api"]] {
            #expect(PathOwnership.outside(changed, owned: owned) == ["src/apiary/y.ts", "README.md"], "\(owned)")
        }
        #expect(PathOwnership.outside(changed, owned: ["."]).isEmpty)
        #expect(PathOwnership.outside(changed, owned: []).isEmpty)
        #expect(PathOwnership.outside(changed, owned: ["src/api", "README.md"]) == ["src/apiary/y.ts"])
    }

    @Test func aSkillLinkIsFollowedOnlyWhileItStaysInTheRepository() {
        #expect(Skills.staysInside(link: ".gitagents-skills/a/SKILL.md", target: "../b/SKILL.md"))
        #expect(Skills.staysInside(link: ".gitagents-skills/a/SKILL.md", target: "./notes.md"))
        #expect(Skills.staysInside(link: ".gitagents-skills/a/SKILL.md", target: "../../docs/a.md"))
        #expect(!Skills.staysInside(link: ".gitagents-skills/a/SKILL.md", target: "../../../etc/passwd"))
        #expect(!Skills.staysInside(link: ".gitagents-skills/a/SKILL.md", target: "/etc/passwd"))
        let files = [".gitagents-skills/a/SKILL.md": TreeFile(blob: OID(hex: String(repeating: "1", count: 40))!, mode: .link)]
        #expect(Skills.missing(["a"], in: { files[$0] }, home: nil) { _ in "../b/SKILL.md" }.isEmpty)
        #expect(Skills.missing(["a"], in: { files[$0] }, home: nil) { _ in "../../../../outside" } == ["a"])
        // A submodule there is a folder in the worktree: no SKILL.md the agent could read.
        let submodule = TreeFile(blob: OID(hex: String(repeating: "2", count: 40))!, mode: .submodule)
        #expect(Skills.missing(["a"], in: { $0 == ".gitagents-skills/a/SKILL.md" ? submodule : nil }, home: nil) == ["a"])
    }
}
