// Which changed files lie outside the folders a role owns (`role.<name>.paths`, a plan's `directory`).
@testable import GitAgentsKit
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
}
