// Starting processes without a shell: argv as given, a new session or process group when asked.
// Foundation.Process cannot start a process in a new session (setsid), which a detached supervisor needs.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum Spawn {
    public enum Grouping {
        /// Stays in the caller's process group.
        case inherit
        /// Leads a new process group (so a whole agent tree can be signalled at once).
        case newProcessGroup
        /// Leads a new session: survives the terminal closing and the caller exiting.
        case newSession
    }

    /// Starts `argv` (argv[0] looked up on PATH when it has no slash); returns its pid.
    /// stdin/stdout/stderr: file descriptors to give the child (nil: /dev/null).
    public static func start(_ argv: [String], directory: String? = nil, environment: [String: String]? = nil,
                             stdin: Int32? = nil, stdout: Int32? = nil, stderr: Int32? = nil,
                             grouping: Grouping = .inherit) throws -> pid_t {
        guard let executable = argv.first, let path = AgentCLIs.locate(executable) else {
            throw AgentsError.failed("cannot run \(argv.first ?? "an empty command"): not found on PATH",
                                     hint: "install it, or give the full path of the program")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (source, target) in [(stdin, STDIN_FILENO), (stdout, STDOUT_FILENO), (stderr, STDERR_FILENO)] {
            if let source {
                posix_spawn_file_actions_adddup2(&actions, source, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
            }
        }
        // Nothing else leaks into the child: a detached supervisor holding a caller's pipe open would keep
        // that caller (a script reading our output) waiting for end-of-file as long as the session runs.
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        if let directory { posix_spawn_file_actions_addchdir_np(&actions, directory) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Children start with default signal dispositions and an empty mask, whatever the caller set.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        switch grouping {
        case .inherit: break
        case .newProcessGroup:
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        case .newSession: flags |= Int32(POSIX_SPAWN_SETSID)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let environment = environment ?? ProcessInfo.processInfo.environment
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, cArgs, cEnv)
        guard rc == 0 else {
            throw AgentsError.failed("cannot start \(path): \(String(cString: strerror(rc)))")
        }
        return pid
    }

    /// Waits for a child; returns its exit code, or 128+signal when a signal ended it.
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Sends `signal` to every process of the group led by `pid`; false when none is left.
    @discardableResult
    public static func signalGroup(_ pid: pid_t, _ signal: Int32) -> Bool {
        pid > 0 && kill(-pid, signal) == 0
    }

    /// Replaces this process with `argv` (used by the agent wrapper after it has applied limits).
    public static func exec(_ argv: [String], environment: [String: String]) -> Never {
        let path = AgentCLIs.locate(argv.first ?? "") ?? argv.first ?? "/nonexistent"
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(path, cArgs, cEnv)
        let reason = String(cString: strerror(errno))
        FileHandle.standardError.write(Data("git-agents: cannot run \(path): \(reason)\n".utf8))
        exit(127)
    }
}
