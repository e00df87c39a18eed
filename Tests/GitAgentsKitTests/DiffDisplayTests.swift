// Colour and pager for `git agents diff`, decided as git decides them for `git diff`.
import GitAgentsKit
import Testing

struct DiffDisplayTests {
    typealias Settings = DiffDisplay.Settings
    let terminal = ["TERM": "xterm-256color"]

    func choose(_ settings: Settings = Settings(), _ environment: [String: String]? = nil, tty: Bool = true,
                noColor: Bool = false, noPager: Bool = false) -> DiffDisplay {
        DiffDisplay.choose(settings, environment: environment ?? terminal, stdoutIsTerminal: tty, noColor: noColor,
                           noPager: noPager)
    }

    @Test func colourIsAutoByDefault() {
        #expect(choose().color)
        #expect(!choose(tty: false).color)
        #expect(!choose(Settings(), [:]).color, "no TERM is a dumb terminal for git")
        #expect(!choose(Settings(), ["TERM": "dumb"]).color)
        #expect(!choose(Settings(), terminal.merging(["NO_COLOR": "1"]) { $1 }).color)
        #expect(choose(Settings(), terminal.merging(["NO_COLOR": ""]) { $1 }).color, "an empty NO_COLOR is not set")
    }

    @Test(arguments: [
        ("always", false, true), ("never", true, false), ("auto", true, true), ("auto", false, false),
        ("true", true, true), ("true", false, false), ("false", true, false), ("off", true, false), ("yes", true, true),
    ])
    func colourSettingsAsGitReadsThem(_ value: String, _ tty: Bool, _ expected: Bool) {
        #expect(choose(Settings(colorDiff: value), tty: tty).color == expected)
        #expect(choose(Settings(colorUI: value), tty: tty).color == expected)
    }

    @Test func colorDiffWinsOverColorUI() {
        #expect(!choose(Settings(colorDiff: "never", colorUI: "always")).color)
        #expect(choose(Settings(colorDiff: "always", colorUI: "never"), tty: false).color)
    }

    @Test func theFlagWinsOverEverythingAndAlwaysOverNoColor() {
        #expect(!choose(Settings(colorUI: "always"), noColor: true).color)
        #expect(choose(Settings(colorUI: "always"), ["NO_COLOR": "1"], tty: false).color)
    }

    @Test func aPagerGitStartedGetsColourUnlessColorPagerIsOff() {
        let paged = terminal.merging(["GIT_PAGER_IN_USE": "true"]) { $1 }
        #expect(choose(Settings(), paged, tty: false).color)
        #expect(choose(Settings(), paged, tty: false).pager == nil, "git's pager is already there")
        #expect(!choose(Settings(colorPager: "false"), paged, tty: false).color)
        #expect(!choose(Settings(colorPager: "false")).color, "our own pager, color.pager off")
        #expect(choose(Settings(colorPager: "false"), noPager: true).color)
    }

    @Test func pagerInGitsOrder() {
        let all = ["GIT_PAGER": "git-pager", "PAGER": "plain-pager"]
        #expect(choose(Settings(corePager: "core-pager"), all).pager == "git-pager")
        #expect(choose(Settings(corePager: "core-pager"), ["PAGER": "plain-pager"]).pager == "core-pager")
        #expect(choose(Settings(), ["PAGER": "plain-pager"]).pager == "plain-pager")
        #expect(choose(Settings(), [:]).pager == "less")
        #expect(choose(Settings(corePager: "less -S")).pager == "less -S")
    }

    @Test func noPagerOffATerminalOrWhenAskedNotTo() {
        #expect(choose(tty: false).pager == nil)
        #expect(choose(noPager: true).pager == nil)
        // `git --no-pager agents diff` gives us GIT_PAGER=cat.
        #expect(choose(Settings(corePager: "less"), ["GIT_PAGER": "cat"]).pager == nil)
        #expect(choose(Settings(), ["GIT_PAGER": ""]).pager == nil)
        #expect(choose(Settings(corePager: "")).pager == nil)
    }

    @Test func thePagerGetsLessAndLvDefaultsOnlyWhenUnset() {
        #expect(DiffDisplay.pagerEnvironment(["HOME": "/h"]) == ["HOME": "/h", "LESS": "FRX", "LV": "-c"])
        #expect(DiffDisplay.pagerEnvironment(["LESS": "-R", "LV": ""]) == ["LESS": "-R", "LV": ""])
    }
}
