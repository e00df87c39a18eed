// Paging output as git does: the pager command through `sh -c`, fed on its standard input, with the
// terminal as its output; we wait for it so the person's shell prompt comes back after it.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum Pager {
    /// Writes `output` to `command`'s standard input and waits until it exits. A pager that quits early
    /// (`q` in less) ends the writing quietly, as it does for git.
    public static func page(_ output: Data, through command: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            throw AgentsError.failed("cannot start the pager \(command): \(String(cString: strerror(errno)))",
                                     hint: "run again with --no-pager")
        }
        let pid: pid_t
        do {
            pid = try Spawn.start(["/bin/sh", "-c", command], environment: DiffDisplay.pagerEnvironment(environment),
                                  stdin: ends[0], stdout: STDOUT_FILENO, stderr: STDERR_FILENO)
        } catch {
            close(ends[0])
            close(ends[1])
            throw error
        }
        close(ends[0])
        // Ctrl-C and Ctrl-\ are the pager's to handle (less does); dying on them would leave it on the terminal.
        let interrupt = signal(SIGINT, SIG_IGN), quit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, interrupt)
            signal(SIGQUIT, quit)
        }
        output.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(ends[1], bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
        close(ends[1])
        _ = Spawn.wait(pid)
    }
}
