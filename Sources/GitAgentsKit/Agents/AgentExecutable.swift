// Finding the program an agent command starts the way exec will, so a missing one is named before anything
// is created for it (a missing program would otherwise fail every agent with exit status 127).
import Foundation

struct AgentExecutable {
    /// PATH as the agents get it (see AgentEnvironment.searchPath).
    let searchPath: String
    /// Whether a path relative to a worktree root will be an executable file in a new worktree.
    let inWorktree: (String) -> Bool

    /// Nil when exec will find the program of `command` in an agent's worktree; else why it will not, in words.
    /// A word with a slash is a file (a relative one from the worktree, where agents start); a word without
    /// one is searched in PATH. A program word holding a placeholder is known only at launch, so it passes.
    func problem(_ command: AgentCommand, worktree: String) -> String? {
        guard let program = command.template.first, !program.isEmpty else { return "the command is empty" }
        if AgentCommand.Placeholder.allCases.contains(where: { program.contains($0.token) }) { return nil }
        guard program.contains("/") else {
            return AgentCLIs.locate(program, path: searchPath) == nil ? "\(program) is not on PATH" : nil
        }
        let root = URL(fileURLWithPath: worktree).standardized.path
        let file = URL(fileURLWithPath: program, relativeTo: URL(fileURLWithPath: root + "/")).standardized.path
        if !program.hasPrefix("/"), file.hasPrefix(root + "/") {
            return inWorktree(String(file.dropFirst(root.count + 1))) ? nil
                : "\(program) is not an executable file of the agent's worktree"
        }
        return Self.isExecutableFile(file) ? nil : "\(file) is not an executable file"
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
