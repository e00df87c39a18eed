// The demo's sample repository: a tiny web app, the seed's four roles, and the scripted agent configured.
import Foundation
import GitKit

public enum DemoRepository {
    public static let task = "Build a user profile feature with avatar upload"

    static let files: [String: String] = [
        "README.md": "# Sample app\n\nA tiny web app for the git-agents demo.\n",
        "src/server.js": "const express = require('express');\nconst app = express();\napp.listen(3000);\n",
        "src/App.jsx": "export default function App() {\n  return <h1>Sample app</h1>;\n}\n",
        ".gitignore": "node_modules/\n.env\n",
    ]

    /// Creates the repository with one commit. Refuses a folder that exists and is not empty.
    public static func create(at path: String, agentCommand: [String]) throws {
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: path), !contents.isEmpty {
            throw AgentsError.usage("\(path) exists and is not empty", hint: "give the demo a new folder: git agents demo DIR")
        }
        let repository = try Repository.create(at: path)
        for (relative, content) in files.merging([".gitagents": Initializer.starterFile(command: nil).0], uniquingKeysWith: { $1 }) {
            let file = path + "/" + relative
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try content.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let config = try repository.localConfig()
        // The scripted agent lives in .git/config: the user's own config is trusted, no `trust` needed.
        try config.set("agents.command", to: agentCommand.map(Self.quoted).joined(separator: " "))
        try config.set("agents.stallTimeout", to: "30s")
        if (try? repository.config().string("user.name")) == nil {
            try config.set("user.name", to: "git-agents demo")
            try config.set("user.email", to: "demo@git-agents.invalid")
        }
        _ = try repository.commitWorkingTree(message: "Initial sample app")
    }

    /// Quotes a word for an agent command template (split later without any shell).
    static func quoted(_ word: String) -> String {
        word.contains(where: { " \t'\"\\".contains($0) }) ? "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" : word
    }
}
