// Per-agent resource limits: memory (cgroup v2 where writable, else RLIMIT_AS) and CPUs (affinity, cpu.max).
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public struct AgentLimits: Codable, Sendable, Equatable {
    public var memoryBytes: UInt64?
    public var cpus: Int?

    public init(memoryBytes: UInt64? = nil, cpus: Int? = nil) {
        self.memoryBytes = memoryBytes
        self.cpus = cpus
    }

    /// Applies the limits to the calling process (the agent wrapper, just before it execs the agent).
    /// `slot` spreads agents over different CPUs. Returns how each limit was applied, for the log.
    public func applyToSelf(cgroupName: String, slot: Int) -> [String] {
        var applied: [String] = []
        let cgroup = memoryBytes != nil || cpus != nil ? joinCgroup(named: cgroupName) : nil
        if let memoryBytes {
            if let cgroup, (try? "\(memoryBytes)".write(toFile: cgroup + "/memory.max", atomically: false, encoding: .utf8)) != nil {
                applied.append("memory: cgroup v2 memory.max=\(memoryBytes)")
            } else {
                // RLIMIT_DATA, not RLIMIT_AS: JavaScript runtimes (claude, codex, gemini) reserve far more
                // address space than they use and would not even start under an address-space limit.
                var limit = rlimit(rlim_cur: rlim_t(memoryBytes), rlim_max: rlim_t(memoryBytes))
                if setrlimit(__rlimit_resource_t(RLIMIT_DATA.rawValue), &limit) == 0 {
                    applied.append("memory: RLIMIT_DATA=\(memoryBytes) (no writable cgroup v2)")
                }
            }
        }
        if let cpus, cpus > 0 {
            let available = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
            let count = min(cpus, max(1, available))
            var set = cpu_set_t()
            for index in 0..<count {
                let cpu = (slot * count + index) % max(1, available)
                withUnsafeMutableBytes(of: &set) { bytes in bytes[cpu / 8] |= UInt8(1 << (cpu % 8)) }
            }
            if sched_setaffinity(0, MemoryLayout<cpu_set_t>.size, &set) == 0 {
                applied.append("cpu: affinity to \(count) of \(available) CPUs")
            }
            if let cgroup, (try? "\(count * 100_000) 100000".write(toFile: cgroup + "/cpu.max", atomically: false, encoding: .utf8)) != nil {
                applied.append("cpu: cgroup v2 cpu.max=\(Units.count(count, "CPU"))")
            }
        }
        return applied
    }

    /// `/sys/fs/cgroup/<parent of ours>/git-agents-<name>`: a sibling of our own cgroup, since a process may
    /// not sit in a cgroup whose children have controllers. Nil without cgroup v2.
    static func cgroupFolder(named name: String) -> String? {
        guard let membership = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
              let line = membership.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) else { return nil }
        let own = "/sys/fs/cgroup" + line.dropFirst(3)
        return (own as NSString).deletingLastPathComponent + "/git-agents-" + name
    }

    /// Removes the agent's cgroup once its processes are gone (the runner calls it after the agent ended).
    /// Anything still in it (a daemon the agent left behind) is killed first, or the folder cannot go.
    public static func removeCgroup(named name: String) {
        guard let folder = cgroupFolder(named: name), FileManager.default.fileExists(atPath: folder) else { return }
        try? "1".write(toFile: folder + "/cgroup.kill", atomically: false, encoding: .utf8)
        for _ in 0..<20 where rmdir(folder) != 0 { usleep(50_000) }
    }

    /// Creates the agent's cgroup and moves this process in, when cgroup v2 lets us.
    private func joinCgroup(named name: String) -> String? {
        guard let folder = Self.cgroupFolder(named: name) else { return nil }
        let parent = (folder as NSString).deletingLastPathComponent
        guard FileManager.default.isWritableFile(atPath: parent),
              (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil,
              (try? "\(getpid())".write(toFile: folder + "/cgroup.procs", atomically: false, encoding: .utf8)) != nil
        else { return nil }
        return folder
    }
}
