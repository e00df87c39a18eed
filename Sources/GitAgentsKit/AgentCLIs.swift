// The agent CLIs git-agents knows by name, and finding them on PATH.
import Foundation

public enum AgentCLIs {
    /// Preference order when `init` picks a default.
    public static let known = ["claude", "codex", "aider", "gemini", "qwen", "opencode", "kilocode"]

    /// The executable's full path when `name` is on PATH (or is itself a path to an executable).
    public static func locate(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for folder in (path ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    /// Known CLIs found on PATH, in preference order, with their paths.
    public static func installed() -> [(name: String, path: String)] {
        known.compactMap { name in locate(name).map { (name, $0) } }
    }
}
