// The settings a hook reads: the resolved configuration, with `git -c KEY=VALUE` of the git command that runs
// the hook on top. git hands those to its hooks in GIT_CONFIG_PARAMETERS, which libgit2 does not read.
import Foundation

struct HookSettings {
    let configuration: Configuration?
    let overrides: [String: String]

    init(_ workspace: Workspace, environment: [String: String] = ProcessInfo.processInfo.environment) {
        configuration = try? Configuration.load(workspace)
        overrides = Self.parameters(environment["GIT_CONFIG_PARAMETERS"] ?? "")
    }

    /// A boolean key: `git -c` first, then the configuration, then `fallback`; a value that is not a boolean
    /// counts as `fallback` (a hook never fails on it: `git agents doctor` reports it).
    func bool(_ key: String, default fallback: Bool) -> Bool {
        if let value = overrides[key.lowercased()] { return Configuration.bool(value) ?? fallback }
        return ((try? configuration?.bool(key)) ?? nil) ?? fallback
    }

    /// GIT_CONFIG_PARAMETERS: shell-quoted words, `'key'='value'` (git 2.31 and later) or `'key=value'`. Keys
    /// come back lower-cased (two-part keys are case-insensitive); a later word wins, as in git.
    static func parameters(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        // git writes each word sq-quoted (`'a'\''b'` is `a'b`): shell word splitting reads it back.
        for word in (try? ShellWords.split(text)) ?? [] {
            // `git -c key` with no value is true, as git reads it; `-c key=` is empty, false.
            guard let equals = word.firstIndex(of: "=") else {
                result[word.lowercased()] = "true"
                continue
            }
            result[String(word[..<equals]).lowercased()] = String(word[word.index(after: equals)...])
        }
        return result
    }
}
