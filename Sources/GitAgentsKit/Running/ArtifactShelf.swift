// Artifacts (the seed's agent-artifacts/): files an agent leaves in GIT_AGENTS_ARTIFACTS go into the record
// as `artifacts/<role>/…` when it ends, named, sized and stored as `artifact put` stores them; its dependants
// get them as files to read and as `artifact get` commands in their prompt.
import Foundation
import GitKit
#if canImport(Glibc)
import Glibc
#endif

/// An artifact of a dependency as a dependant's prompt lists it: `file` is its copy under the runtime folder
/// (nil for a symbolic link, which is never written out).
public struct SharedArtifact: Equatable, Sendable {
    public let role: String
    public let name: String
    public let file: String?

    public init(role: String, name: String, file: String?) {
        (self.role, self.name, self.file) = (role, name, file)
    }

    /// `- ROLE/NAME: `git agents artifact get ROLE/NAME`` and where its copy is, for the prompt.
    var promptLine: String {
        let path = role + "/" + name
        // A name is any plain path: quoted for a shell unless it is made of characters no shell treats specially.
        let safe = path.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "._/-+@=".unicodeScalars.contains($0) }
        let argument = safe ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        let copy = file.map { " (copy: `\($0)`)" } ?? " (a symbolic link: the command prints its target)"
        return "- \(path): `git agents artifact get \(argument)`" + copy
    }
}

struct ArtifactShelf {
    let workspace: Workspace
    let runtime: RuntimeFolder

    init(workspace: Workspace, runtime: RuntimeFolder) {
        self.workspace = workspace
        self.runtime = runtime
    }

    /// Writes the dependencies' artifacts under the runtime folder; returns them for the prompt.
    func materialize(for agent: AgentRecord, in snapshot: SessionSnapshot) throws -> [SharedArtifact] {
        let roles = Set(agent.dependsOn.compactMap { snapshot.agent($0)?.role })
        var shared: [SharedArtifact] = []
        for path in snapshot.tree.paths where path.hasPrefix(Artifacts.folder) {
            let parts = path.split(separator: "/", maxSplits: 2).map(String.init)
            // A record fetched from elsewhere may hold names `artifact put` refuses: those are not written out.
            guard parts.count == 3, roles.contains(parts[1]), (try? ArtifactName.check(parts[2])) != nil,
                  let data = try snapshot.tree.data(at: path) else { continue }
            guard snapshot.tree.mode(at: path) != .link else {
                shared.append(SharedArtifact(role: parts[1], name: parts[2], file: nil))
                continue
            }
            let target = runtime.path + "/shared/\(agent.name)/\(parts[1])/\(parts[2])"
            try runtime.makeFolder((target as NSString).deletingLastPathComponent)
            try RuntimeFile.write(data, to: target)
            shared.append(SharedArtifact(role: parts[1], name: parts[2], file: target))
        }
        return shared
    }

    /// How many files, and how many times `agents.maxArtifactSize` in all, one run may leave to be kept: the
    /// files are read into memory and into the record, so an agent that leaves a build tree there must not be
    /// able to exhaust either. What is left beyond stays in the runtime folder, named in the agent's log.
    static let maxFilesPerRun = 1_000
    static let maxSizesPerRun: UInt64 = 10

    /// The files the agent left in its artifact folder by name (their path relative to it), checked and read as
    /// `artifact put` checks and reads them; each one refused is a line saying why.
    static func collect(from folder: String, limit: UInt64) -> (artifacts: [String: ArtifactContent], refused: [String]) {
        var artifacts: [String: ArtifactContent] = [:], refused: [String] = []
        var total: UInt64 = 0
        let totalLimit = limit.multipliedReportingOverflow(by: maxSizesPerRun).overflow ? .max : limit * maxSizesPerRun
        // Folders are walked with lstat: a link to a folder is an artifact (a link), never a way out.
        func walk(_ relative: String) {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            for entry in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() {
                let name = relative.isEmpty ? entry : relative + "/" + entry
                var info = stat()
                guard lstat(folder + "/" + name, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    walk(name)
                    continue
                }
                do {
                    try ArtifactName.check(name)
                    guard artifacts.count < maxFilesPerRun else {
                        refused.append("artifact not kept: \(name.debugDescription): more than \(maxFilesPerRun) files were left in $GIT_AGENTS_ARTIFACTS")
                        continue
                    }
                    let content = try ArtifactName.read(folder + "/" + name, limit: limit)
                    guard total + UInt64(content.data.count) <= totalLimit else {
                        refused.append("artifact not kept: \(name.debugDescription): the files left in $GIT_AGENTS_ARTIFACTS "
                            + "come to more than \(maxSizesPerRun) × agents.maxArtifactSize")
                        continue
                    }
                    total += UInt64(content.data.count)
                    artifacts[name] = content
                } catch {
                    refused.append("artifact not kept: \(AgentFinisher.brief(error))")
                }
            }
        }
        walk("")
        return (artifacts, refused)
    }
}
