// stop, restart and recreate (SPEC §1): each keeps the agent's work.
import Foundation
import GitKit

public struct SessionControl {
    let workspace: Workspace
    let sessionID: String
    var store: SessionStore { SessionStore(repository: workspace.repository) }
    var runtime: RuntimeFolder { RuntimeFolder(workspace, session: sessionID) }

    public init(workspace: Workspace, sessionID: String) {
        self.workspace = workspace
        self.sessionID = sessionID
    }

    func agent(_ name: String) throws -> AgentRecord {
        let snapshot = try store.load(sessionID)
        guard let agent = snapshot.agent(name) else {
            throw AgentsError.usage("session \(sessionID) has no agent '\(name)'",
                                    hint: "its agents: \(snapshot.agents.map(\.name).joined(separator: ", "))")
        }
        return agent
    }

    // MARK: stop

    /// Stops one agent (or all, when `agent` is nil): waiting ones never start, running ones get SIGTERM,
    /// then SIGKILL after the grace period. Their work is committed to their branches. Returns who stopped;
    /// fails (exit 1) when one was still running after the grace period.
    @discardableResult
    public func stop(agent name: String? = nil, grace: TimeInterval = 5) throws -> [String] {
        if let notice = try InterruptedStart.recover(workspace, session: sessionID) {
            throw AgentsError.failed(notice, hint: "nothing was running; see git agents list")
        }
        let targets = try (name.map { [try agent($0)] } ?? store.load(sessionID).agents)
            .filter { !$0.status.isFinal }.map(\.name)
        try runtime.create()
        // Markers first: an agent the supervisor claims from now on sees it and ends as stopped at once.
        for target in targets {
            try? RuntimeFile.touch(runtime.stopMarker(agent: target))
        }
        var running: [String] = []
        var stoppedWaiting: [String] = []
        try store.update(sessionID) { document in
            running = []
            stoppedWaiting = []
            for target in targets {
                if document.transition(target, { try $0.stopBeforeStart(at: Date()) }) {
                    stoppedWaiting.append(target)
                } else if document.agents[target]?.status == .running {
                    running.append(target)
                }
            }
            return stoppedWaiting.isEmpty ? nil : "stopped before starting: \(stoppedWaiting.joined(separator: ", "))"
        }
        // Markers of agents that were not running (stopped while waiting, or ended meanwhile) are not needed.
        for target in targets where !running.contains(target) {
            try? FileManager.default.removeItem(atPath: runtime.stopMarker(agent: target))
        }
        let snapshot = try store.load(sessionID)
        for target in running {
            if let pid = snapshot.agent(target)?.pid { Spawn.signalGroup(pid, SIGTERM) }
        }
        // The runners record the end; wait for them (they escalate to SIGKILL after the grace period).
        let deadline = Date().addingTimeInterval(grace + 10)
        var stillRunning = running
        while !stillRunning.isEmpty && Date() < deadline {
            let current = try store.load(sessionID)
            stillRunning = running.filter { !(current.agent($0)?.status.isFinal ?? true) }
            if stillRunning.isEmpty { break }
            _ = try Supervision.ensure(workspace, session: sessionID)
            usleep(100_000)
        }
        // After a whole-session stop the session ends at once, even without a live supervisor.
        if name == nil { _ = try Supervisor.endSession(sessionID, store: store) }
        guard stillRunning.isEmpty else {
            throw AgentsError.failed("\(stillRunning.joined(separator: ", ")) did not end within \(Int(grace + 10))s of being stopped",
                                     hint: "see git agents status; its runner kills it when its grace period is over")
        }
        // An agent that finished by itself at that very moment is not reported as stopped.
        let ended = try store.load(sessionID)
        return (stoppedWaiting + running.filter { ended.agent($0)?.status == .stopped }).sorted()
    }

    // MARK: restart

    /// Stops the agent if it runs, then runs it again in its worktree. `fresh` first resets its branch to its
    /// base; the old head stays reachable through the session record.
    public func restart(agent name: String, fresh: Bool) throws {
        if try agent(name).status == .running { try stop(agent: name) }
        let snapshot = try store.load(sessionID)
        guard [.running, .done, .failed, .stopped].contains(snapshot.session.state) else {
            throw AgentsError.usage("session \(sessionID) is \(snapshot.session.state.rawValue): its agents cannot run again",
                                    hint: "start a new session for more work")
        }
        let record = try agent(name)
        guard record.status != .merged else {
            throw AgentsError.usage("\(name) was merged already", hint: "start a new session for more work")
        }
        // Whether it can run again is the lifecycle's to say (its `reset`), not a list kept here.
        var probe = record.lifecycle
        guard (try? probe.reset()) != nil || !record.status.isFinal else {
            throw AgentsError.usage("\(name) is \(record.status): it cannot be restarted")
        }
        guard record.status.isFinal else {
            throw AgentsError.usage("\(name) is \(record.status.rawValue), so there is nothing to restart yet",
                                    hint: "it starts when its dependencies are done; see git agents status")
        }
        // Run again, a blocked agent would be blocked again at once: what blocks it has to run first.
        if record.status == .blocked {
            let blockers = record.dependsOn.filter { dependency in
                snapshot.agent(dependency).map { $0.status.isFinal && !$0.status.isSuccess } ?? false
            }
            if let blocker = blockers.first {
                throw AgentsError.usage("\(name) is blocked by \(blockers.joined(separator: ", ")), which did not finish",
                                        hint: "restart that first: git agents restart --agent \(blocker) (\(name) then runs after it)")
            }
        }
        if fresh {
            try resetToBase(record)
        }
        try? FileManager.default.removeItem(atPath: runtime.stopMarker(agent: name))
        let oldHead = record.head
        var restarted = false
        try store.update(sessionID) { document in
            // Someone else may have restarted it meanwhile: only an ended run is made to wait again.
            restarted = document.transition(name) { try $0.reset() }
            guard restarted, var agent = document.agents[name] else { return nil }
            if fresh {
                agent.head = agent.base
                agent.stats = DiffStats()
                if oldHead != agent.base { document.tree.keepReachable(oldHead) }
                document.agents[name] = agent
            }
            // Dependants that this agent blocked get their chance again (and theirs, in turn).
            var released = [name]
            while let next = released.popLast() {
                for (other, dependant) in document.agents where dependant.dependsOn.contains(next) && dependant.status == .blocked {
                    if document.transition(other, { try $0.unblock() }) { released.append(other) }
                }
            }
            document.transitionSession { try $0.reopen() }
            return fresh ? "\(name): restarted fresh from \(agent.base.short) (old head \(oldHead.short) kept in this record)"
                : "\(name): restarted"
        }
        guard restarted else { throw AgentsError.failed("\(name) was restarted by someone else meanwhile") }
        // Always a new supervisor: the old one may be ending right now. The lock lets only one of them work.
        try Supervision.launch(workspace, session: sessionID)
    }

    private func resetToBase(_ record: AgentRecord) throws {
        guard FileManager.default.fileExists(atPath: record.worktree + "/.git") else {
            throw AgentsError.failed("the worktree of \(record.name) is missing", hint: "git agents recreate --agent \(record.name)")
        }
        let worktree = try Repository.open(at: record.worktree)
        // Only the agent's own branch is reset: a worktree left on another branch is the person's to sort out.
        guard try worktree.headBranch() == "refs/heads/" + record.branch else {
            throw AgentsError.usage("the worktree of \(record.name) is not on its branch \(record.branch)",
                                    hint: "check it out there first: git -C \(record.worktree) switch \(record.branch)")
        }
        _ = try worktree.commitWorkingTree(message: "\(record.name): uncommitted work kept before a fresh restart")
        guard let head = try worktree.headCommit() else { return }
        // Keep the old head reachable before moving the branch away from it.
        try store.update(sessionID) { document in
            document.tree.keepReachable(head)
            return "\(record.name): head \(head.short) kept before a fresh restart"
        }
        if head != record.base { try worktree.moveBranchAndCheckout(to: record.base, expected: head) }
    }

    // MARK: recreate

    /// Removes a broken worktree and makes it again, at the same place, from the agent's branch.
    public func recreate(agent name: String) throws -> (worktree: String, oldFolder: String?) {
        let record = try agent(name)
        guard record.status != .running else {
            throw AgentsError.usage("\(name) is running", hint: "stop it first: git agents stop --agent \(name)")
        }
        let repository = workspace.repository
        guard try repository.referenceTarget("refs/heads/" + record.branch) != nil else {
            throw AgentsError.failed("the branch \(record.branch) of \(name) is gone, so there is nothing to recreate from")
        }
        let folderName = URL(fileURLWithPath: record.worktree).lastPathComponent
        // Work in a worktree that still opens is committed first — unless it has no index: a checkout that never
        // finished, whose missing files would be committed as deleted (its folder is kept aside below anyway).
        if let worktree = try? Repository.open(at: record.worktree),
           FileManager.default.fileExists(atPath: worktree.gitDir + "/index") {
            _ = try? worktree.commitWorkingTree(message: "\(name): uncommitted work kept before the worktree was recreated")
        }
        if let registered = try repository.worktrees().first(where: { $0.path == record.worktree || $0.name == folderName }) {
            try repository.pruneWorktree(name: registered.name, deleteFolder: false)
        }
        // The old folder is never deleted: whatever could not be committed (or is ignored) stays in it.
        var movedAside: String?
        if FileManager.default.fileExists(atPath: record.worktree) {
            let aside = record.worktree + ".broken-" + SessionStore.dayPrefix(Date()) + "-\(getpid())"
            try FileManager.default.moveItem(atPath: record.worktree, toPath: aside)
            movedAside = aside
        }
        try repository.addWorktree(name: folderName, path: record.worktree, branch: "refs/heads/" + record.branch,
                                   checkoutThreads: SessionBuilder.checkoutThreads(forWorktrees: 1))
        let note = movedAside.map { "; the old folder is kept at \($0)" } ?? ""
        try store.update(sessionID, activity: "\(name): worktree recreated at \(record.worktree)\(note)") { _ in }
        return (record.worktree, movedAside)
    }
}
