// How `git agents diff` shows its output, decided as git decides it for `git diff`: colour (color.diff,
// color.ui, a terminal, NO_COLOR) and the pager (GIT_PAGER, core.pager, PAGER, less).
import Foundation
import GitKit

public struct DiffDisplay: Equatable, Sendable {
    /// The shell command to page through, nil to write straight to standard output.
    public let pager: String?
    public let color: Bool

    /// The git settings the choice depends on, read from the repository's configuration.
    public struct Settings: Equatable, Sendable {
        public var colorDiff: String?
        public var colorUI: String?
        public var colorPager: String?
        public var corePager: String?

        public init(colorDiff: String? = nil, colorUI: String? = nil, colorPager: String? = nil, corePager: String? = nil) {
            self.colorDiff = colorDiff
            self.colorUI = colorUI
            self.colorPager = colorPager
            self.corePager = corePager
        }

        public static func read(_ workspace: Workspace) throws -> Settings {
            let config = try workspace.repository.config()
            return Settings(colorDiff: try config.string("color.diff"), colorUI: try config.string("color.ui"),
                            colorPager: try config.string("color.pager"), corePager: try config.string("core.pager"))
        }
    }

    /// - Parameters:
    ///   - noColor: `--no-color`; `noPager`: `--no-pager` (`git --no-pager agents …` arrives as GIT_PAGER=cat).
    ///   - stdoutIsTerminal: `isatty(1)`. A pager git started for us (`git -p agents diff`, `pager.agents`)
    ///     makes it false and sets GIT_PAGER_IN_USE: no second pager, and colour as for a terminal.
    public static func choose(_ settings: Settings, environment: [String: String], stdoutIsTerminal: Bool,
                              noColor: Bool, noPager: Bool) -> DiffDisplay {
        let pager = noPager ? nil : pagerCommand(settings, environment: environment, stdoutIsTerminal: stdoutIsTerminal)
        let pagerInUse = isTrue(environment["GIT_PAGER_IN_USE"]) ?? false
        let pagerGetsColor = isTrue(settings.colorPager) ?? true
        var color: Bool
        switch colorSetting(settings.colorDiff ?? settings.colorUI) {
        case .always: color = true
        case .never: color = false
        case .auto:
            let toTerminal = stdoutIsTerminal && (pager == nil || pagerGetsColor)
            let term = environment["TERM"] ?? ""
            // An explicit `always` in the config wins over NO_COLOR (no-color.org: configuration overrides it).
            color = (toTerminal || (pagerInUse && pagerGetsColor)) && !term.isEmpty && term != "dumb"
                && (environment["NO_COLOR"] ?? "").isEmpty
        }
        if noColor { color = false }
        return DiffDisplay(pager: pager, color: color)
    }

    /// git's order: GIT_PAGER, core.pager, PAGER, `less`; only for a terminal; empty or `cat` means none.
    static func pagerCommand(_ settings: Settings, environment: [String: String], stdoutIsTerminal: Bool) -> String? {
        guard stdoutIsTerminal else { return nil }
        let pager = environment["GIT_PAGER"] ?? settings.corePager ?? environment["PAGER"] ?? "less"
        return pager.isEmpty || pager == "cat" ? nil : pager
    }

    /// The pager's environment: git's build-time defaults `LESS=FRX` (quit when one screen is enough, keep
    /// colours, leave the screen as it is) and `LV=-c` (colours in lv), each only when not set already.
    public static func pagerEnvironment(_ environment: [String: String]) -> [String: String] {
        var result = environment
        if result["LESS"] == nil { result["LESS"] = "FRX" }
        if result["LV"] == nil { result["LV"] = "-c" }
        return result
    }

    enum ColorSetting { case always, never, auto }

    /// git's colour booleans: `always`, `never`, `auto`, or a boolean where true means auto; unset is auto
    /// (git's default for color.ui since 1.8.4).
    static func colorSetting(_ value: String?) -> ColorSetting {
        guard let value else { return .auto }
        switch value.lowercased() {
        case "always": return .always
        case "never": return .never
        case "auto": return .auto
        default: return isTrue(value) == false ? .never : .auto
        }
    }

    /// A git boolean (`true/yes/on/1`, `false/no/off/0`; an empty value is false), nil when not one.
    static func isTrue(_ value: String?) -> Bool? {
        guard let value else { return nil }
        switch value.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0", "": return false
        default: return nil
        }
    }
}
