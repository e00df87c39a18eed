// The review gate of plain `git merge` (SPEC §7): the work of a rejected agent, or one with changes requested,
// is not merged by hand. A merge that makes a commit is stopped by pre-merge-commit (`--no-verify` skips it); a
// fast-forward makes none, so reference-transaction stops it in its `prepared` state
// (`git -c agents.reviewGate=false merge …` lets one command through).
import Foundation
import GitKit

/// A deliberate refusal: the one line said on stderr, and the hook's failure.
public struct GateRefusal: Error, Equatable {
    public let message: String
}

struct ReviewGate {
    let workspace: Workspace
    let agents: HookAgents
    let environment: [String: String]

    static let overrideKey = "agents.reviewGate"

    /// pre-merge-commit: the commits being merged are the merge's arguments (git exports them as
    /// GIT_REFLOG_ACTION, "merge <args>"; MERGE_HEAD is not written yet), or FETCH_HEAD's for a pull.
    func checkMergeCommit() throws {
        let repository = workspace.repository
        guard let head = try repository.headCommit() else { return }
        for heads in mergeHeads() {
            if let agent = agents.refusedWork(from: head, to: heads.commit).first {
                throw refusal(agent, merging: heads.name, override: "git merge --abort, then git merge --no-verify …")
            }
        }
    }

    /// reference-transaction `prepared` of a merge or pull. git sets ORIG_HEAD before it touches the working
    /// tree: a fast-forward onto refused work is stopped there, leaving nothing half-done. Each branch it moves is
    /// checked too; a merge commit whose first parent is the old tip was made by this command, and
    /// pre-merge-commit (or the person's --no-verify) decided on it.
    func checkUpdates(_ updates: [RefUpdate]) throws {
        let repository = workspace.repository
        if updates.contains(where: { $0.ref == "ORIG_HEAD" }) { try checkFastForward() }
        for update in updates where update.ref.hasPrefix("refs/heads/") {
            guard let old = update.old, let new = update.new else { continue }
            let commit = try repository.commit(new)
            let madeHere = commit.parents.count > 1 && commit.parents.first == old
                && !agents.agents.contains { agents.contains($0.tip, new) }
            if madeHere { continue }
            if let agent = agents.refusedWork(from: old, to: new).first {
                throw refusal(agent, merging: agent.record.branch, override: "git -c \(Self.overrideKey)=false merge …")
            }
        }
    }

    /// A merge concluded by `git commit` (after a conflict, or after pre-merge-commit refused it, which is what
    /// git then suggests): the commits in MERGE_HEAD are what it brings in.
    func checkConcludedMerge(_ updates: [RefUpdate]) throws {
        let merged = (try? workspace.repository.mergeHeads()) ?? []
        for update in updates where update.ref.hasPrefix("refs/heads/") {
            // Only the merge commit itself: `git merge --abort` and friends move refs while MERGE_HEAD exists too.
            guard let new = update.new, new != update.old else { continue }
            let parents = try workspace.repository.commit(new).parents
            for commit in merged where parents.contains(commit) {
                if let agent = agents.refusedWork(from: update.old, to: commit).first {
                    throw refusal(agent, merging: agent.record.branch, override: "git -c \(Self.overrideKey)=false commit")
                }
            }
        }
    }

    /// The commit that concludes `git merge --squash`: a squash makes no merge commit (pre-merge-commit never
    /// runs) and leaves no MERGE_HEAD, only SQUASH_MSG, which lists each commit squashed ("commit <id>").
    func checkSquashCommit(_ updates: [RefUpdate]) throws {
        let text = (try? String(contentsOfFile: workspace.repository.gitDir + "/SQUASH_MSG", encoding: .utf8)) ?? ""
        let squashed = text.split(separator: "\n").compactMap { line in
            line.hasPrefix("commit ") ? OID(hex: String(line.dropFirst(7).prefix(40))) : nil
        }
        for update in updates where update.ref.hasPrefix("refs/heads/") && update.new != update.old {
            for commit in squashed {
                if let agent = agents.refusedWork(from: update.old, to: commit).first {
                    throw refusal(agent, merging: agent.record.branch, override: "git -c \(Self.overrideKey)=false commit")
                }
            }
        }
    }

    /// A merge that will fast-forward (HEAD is an ancestor of what is merged, and no --no-ff) onto refused work.
    /// A --no-ff merge makes a merge commit: pre-merge-commit decides on it (and --no-verify skips it). git keeps
    /// the options out of GIT_REFLOG_ACTION; the shim passes the merge's command line (GIT_AGENTS_MERGE_COMMAND).
    private func checkFastForward() throws {
        let words = (environment["GIT_AGENTS_MERGE_COMMAND"] ?? "").split(separator: " ")
        guard !words.contains("--no-ff"), words.contains("--ff") || words.contains("--ff-only") || !noFastForwardConfigured,
              let head = try workspace.repository.headCommit() else { return }
        for heads in mergeHeads() where agents.contains(heads.commit, head) {
            if let agent = agents.refusedWork(from: head, to: heads.commit).first {
                throw refusal(agent, merging: heads.name, override: "git -c \(Self.overrideKey)=false merge …")
            }
        }
    }

    /// `merge.ff = false` (in the configuration or `git -c`): every merge makes a merge commit, as with --no-ff.
    private var noFastForwardConfigured: Bool {
        let value = HookSettings.parameters(environment["GIT_CONFIG_PARAMETERS"] ?? "")["merge.ff"]
            ?? ((try? workspace.repository.config().string("merge.ff")) ?? nil)
        return value.flatMap(Configuration.bool) == false
    }

    private func refusal(_ agent: HookAgent, merging name: String, override: String) -> GateRefusal {
        GateRefusal(message: "git-agents: not merging \(name): agent \(agent.record.name) of session \(agent.session.id) is "
                    + "\(agent.verdict); to merge it anyway: \(override)")
    }

    /// The merge's arguments that name commits (options and words that name nothing are skipped).
    private func mergeHeads() -> [(name: String, commit: OID)] {
        let repository = workspace.repository
        let words = (environment["GIT_REFLOG_ACTION"] ?? "").split(separator: " ").map(String.init)
        guard let command = words.first else { return [] }
        if command == "pull" {
            return ((try? repository.fetchHeadsForMerge()) ?? []).map { head in
                (head.ref.isEmpty ? head.id.short : head.ref, head.id)
            }
        }
        guard command == "merge" else { return [] }
        return words.dropFirst().filter { !$0.hasPrefix("-") }.compactMap { word in
            (try? repository.resolveCommit(word)).map { (word, $0) }
        }
    }
}

/// One line of reference-transaction's input: `<old> <new> <ref>`; a zero id (created or deleted) is nil.
struct RefUpdate: Equatable {
    let old: OID?
    let new: OID?
    let ref: String

    static func parse(_ input: String) -> [RefUpdate] {
        input.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard fields.count == 3, let old = OID(hex: fields[0]), let new = OID(hex: fields[1]) else { return nil }
            return RefUpdate(old: old.isZero ? nil : old, new: new.isZero ? nil : new, ref: fields[2])
        }
    }
}
