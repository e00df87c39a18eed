// Skills (SPEC §5): a folder holding `SKILL.md`, looked up by name in the repository's skill folders, then
// the user's. Committed skills are untrusted text: they only ever reach a prompt, and are never read through
// a symbolic link that leads out of the worktree.
import Foundation
import GitKit

public enum Skills {
    /// The repository's skill folders, relative to a worktree's root, in lookup order.
    static let repositoryFolders = [".gitagents-skills", ".kilocode/skills"]

    /// The user's own skills (`~/.config/git-agents/skills`); nil without a home.
    static func userFolder(home: String?) -> String? {
        guard let home, !home.isEmpty else { return nil }
        return home + "/.config/git-agents/skills"
    }

    /// A skill name is one folder name: a slash or `..` would reach outside the skill folders.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && name != "." && name != ".."
    }

    struct Problem: Error { let message: String }

    /// The text of skill `name` as the agent working in `worktree` gets it.
    static func load(_ name: String, worktree: String, home: String?) -> Result<String, Problem> {
        guard isValidName(name) else { return .failure(Problem(message: "not a folder name")) }
        var files: [(relative: String?, path: String)] = repositoryFolders.map {
            ("\($0)/\(name)/SKILL.md", "\(worktree)/\($0)/\(name)/SKILL.md")
        }
        if let user = userFolder(home: home) { files.append((nil, "\(user)/\(name)/SKILL.md")) }
        for (relative, path) in files {
            if let relative {
                do {
                    try ContainedPath.check(relative, in: worktree, for: "skill \(name)")
                } catch let error as AgentsError {
                    return .failure(Problem(message: error.message))
                } catch {
                    return .failure(Problem(message: "\(error)"))
                }
            }
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                return .failure(Problem(message: "\(path) cannot be read as UTF-8 text"))
            }
            return .success(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return .failure(Problem(message: "not found (looked for \(files.map(\.path).joined(separator: ", ")))"))
    }

    /// Of `names`, those an agent starting from a commit whose file at a path is `file(path)` would not find. A `SKILL.md`
    /// that is a link leading out of the repository is not found: the agent never reads through it.
    static func missing(_ names: [String], in file: (String) -> TreeFile?, home: String?,
                        linkTarget: (OID) -> String? = { _ in nil }) -> [String] {
        func found(_ path: String) -> Bool {
            // A submodule at that path is a folder in the worktree, not a file the agent could read.
            guard let file = file(path), file.mode != .submodule else { return false }
            guard file.mode == .link else { return true }
            return linkTarget(file.blob).map { staysInside(link: path, target: $0) } ?? false
        }
        return names.filter { name in
            guard isValidName(name) else { return true }
            if repositoryFolders.contains(where: { found("\($0)/\(name)/SKILL.md") }) { return false }
            guard let user = userFolder(home: home) else { return true }
            // As `load` decides: a file there is found (one that cannot be read is said so when it is loaded).
            return !FileManager.default.fileExists(atPath: "\(user)/\(name)/SKILL.md")
        }
    }

    /// Whether link `link` (a path in the repository) pointing at `target` stays inside the repository.
    static func staysInside(link: String, target: String) -> Bool {
        guard !target.hasPrefix("/") else { return false }
        var depth = link.split(separator: "/").count - 1
        for part in target.split(separator: "/") where part != "." {
            depth += part == ".." ? -1 : 1
            if depth < 0 { return false }
        }
        return true
    }

    /// One line per role naming the skills it asks for that cannot be found, and where they were looked
    /// for: `start`, `start --dry-run` and `doctor` say it (the agent would run without them).
    public static func unknown(_ roles: [(role: String, skills: [String])], repository: Repository, commit: OID?,
                               home: String?) throws -> [String] {
        let tree = try commit.map { try repository.commit($0).tree }
        var asked: [(role: String, skills: [String])] = []
        for (role, skills) in roles {
            if let index = asked.firstIndex(where: { $0.role == role }) {
                asked[index].skills += skills.filter { !asked[index].skills.contains($0) }
            } else {
                var seen: Set<String> = []
                asked.append((role, skills.filter { seen.insert($0).inserted }))
            }
        }
        let places = repositoryFolders.map { $0 + "/" }.joined(separator: " and ")
            + (commit.map { " of commit \($0.short)" } ?? "") + (userFolder(home: home).map { ", and in \($0)/" } ?? "")
        return asked.compactMap { role, skills in
            let missing = missing(skills, in: { path in tree.flatMap { try? repository.treeFile(at: path, in: $0) } },
                                  home: home) { blob in
                (try? repository.readBlob(blob)).map { String(decoding: $0, as: UTF8.self) }
            }
            guard !missing.isEmpty else { return nil }
            let noun = missing.count == 1 ? "skill" : "skills"
            return "role \(role): \(noun) \(missing.joined(separator: ", ")) not found "
                + "(looked for NAME/SKILL.md in \(places))"
        }
    }
}
