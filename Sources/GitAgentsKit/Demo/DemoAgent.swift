// The demo's scripted agent: writes its role's files step by step, reports progress, commits its work.
import Foundation
import GitKit

public enum DemoAgent {
    /// Files written per role, one step each.
    static let steps: [String: [(file: String, line: String, content: String)]] = [
        "database": [
            ("db/migrations/001_create_user_profiles.sql", "Created migration file",
             "CREATE TABLE user_profiles (\n  user_id INTEGER PRIMARY KEY,\n  display_name TEXT NOT NULL,\n  bio TEXT\n);\n"),
            ("db/migrations/002_add_avatars.sql", "Added avatars table",
             "CREATE TABLE avatars (\n  user_id INTEGER REFERENCES user_profiles(user_id),\n  url TEXT NOT NULL\n);\n"),
        ],
        "api": [
            ("src/api/profile.js", "Implemented profile endpoint",
             "module.exports = (app, db) => {\n  app.get('/profile/:id', async (req, res) => res.json(await db.profile(req.params.id)));\n};\n"),
            ("src/api/upload.js", "Added file upload handler",
             "module.exports = (app, store) => {\n  app.post('/profile/:id/avatar', store.single('avatar'), (req, res) => res.sendStatus(201));\n};\n"),
        ],
        "frontend": [
            ("src/components/ProfilePage.jsx", "Created ProfilePage component",
             "export default function ProfilePage({ profile }) {\n  return <section><h2>{profile.displayName}</h2></section>;\n}\n"),
            ("src/components/AvatarUpload.jsx", "Created AvatarUpload component",
             "export default function AvatarUpload({ onUpload }) {\n  return <input type=\"file\" accept=\"image/*\" onChange={onUpload} />;\n}\n"),
        ],
        "testing": [
            ("tests/profile.test.js", "Wrote profile endpoint tests",
             "test('GET /profile/:id returns the profile', async () => {});\n"),
            ("tests/avatar.test.js", "Wrote avatar upload tests",
             "test('POST /profile/:id/avatar stores the file', async () => {});\n"),
        ],
    ]

    public static func run(in workspace: Workspace, pause: useconds_t = 700_000) throws {
        let environment = ProcessInfo.processInfo.environment
        let role = environment["GIT_AGENTS_ROLE"] ?? "agent"
        let plan = steps[role] ?? [("notes/\(role).md", "Wrote notes", "# \(role)\n\n\(environment["GIT_AGENTS_TASK"] ?? "")\n")]
        print("Reading the task: \(environment["GIT_AGENTS_TASK"] ?? "(none)")")
        for (index, step) in plan.enumerated() {
            usleep(pause)
            let path = workspace.worktreeRoot + "/" + step.file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try step.content.write(toFile: path, atomically: true, encoding: .utf8)
            print("\(step.line): \(step.file)")
            fflush(nil)
            try ProgressReport.record(workspace, percent: (index + 1) * 90 / plan.count, message: step.line)
        }
        if let artifacts = environment["GIT_AGENTS_ARTIFACTS"], !artifacts.isEmpty {
            try "\(role): \(plan.map(\.file).joined(separator: ", "))\n"
                .write(toFile: artifacts + "/summary.txt", atomically: true, encoding: .utf8)
        }
        usleep(pause)
        let repository = try Repository.open(at: workspace.worktreeRoot)
        if let commit = try repository.commitWorkingTree(message: "\(role): \(plan.map(\.line).joined(separator: ", "))") {
            print("✓ Committed \(commit.short)")
        }
    }
}
