// git-config files through libgit2's parser: reading entries with their level, writing values.
import Clibgit2
import Foundation

public struct ConfigEntry: Sendable, Equatable {
    public enum Level: Sendable, Equatable {
        case system, xdg, global, local, app, other(Int32)

        init(_ raw: git_config_level_t) {
            switch raw {
            case GIT_CONFIG_LEVEL_SYSTEM: self = .system
            case GIT_CONFIG_LEVEL_XDG: self = .xdg
            case GIT_CONFIG_LEVEL_GLOBAL: self = .global
            case GIT_CONFIG_LEVEL_LOCAL: self = .local
            case GIT_CONFIG_LEVEL_APP: self = .app
            default: self = .other(raw.rawValue)
            }
        }
    }

    /// Lower-cased section and variable, subsection as written: `role.api.dependson`.
    public let name: String
    public let value: String
    public let level: Level
}

public final class GitConfig {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_config_free(pointer) }

    /// Parses one file (e.g. `.gitagents`); a syntax error throws with the file and line in its message.
    public static func open(file path: String) throws -> GitConfig {
        ensureLibgit2()
        var config: OpaquePointer?
        try check(git_config_open_ondisk(&config, path), "git_config_open_ondisk")
        return GitConfig(config!)
    }

    /// The user's files git reads, lowest priority first, that exist on this machine.
    public static func userFiles() -> [(level: ConfigEntry.Level, path: String)] {
        ensureLibgit2()
        let finders: [(ConfigEntry.Level, (UnsafeMutablePointer<git_buf>) -> Int32)] = [
            (.system, git_config_find_system), (.xdg, git_config_find_xdg), (.global, git_config_find_global),
        ]
        // Like git, GIT_CONFIG_NOSYSTEM=1 leaves out the system-wide file.
        let skipSystem = ["1", "true", "yes", "on"].contains(ProcessInfo.processInfo.environment["GIT_CONFIG_NOSYSTEM"]?.lowercased() ?? "")
        return finders.filter { !(skipSystem && $0.0 == .system) }.compactMap { level, find in
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            guard find(&buffer) == 0, let text = buffer.ptr else { return nil }
            return (level, String(cString: text))
        }
    }

    /// Every entry in file order (multi-valued keys appear once per value).
    public func entries() throws -> [ConfigEntry] {
        var iterator: OpaquePointer?
        try check(git_config_iterator_new(&iterator, pointer), "git_config_iterator_new")
        defer { git_config_iterator_free(iterator) }
        var result: [ConfigEntry] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while true {
            let rc = git_config_next(&entry, iterator)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, "git_config_next")
            guard let entry else { continue }
            result.append(ConfigEntry(name: String(cString: entry.pointee.name),
                                      value: entry.pointee.value.map { String(cString: $0) } ?? "",
                                      level: .init(entry.pointee.level)))
        }
        return result
    }

    /// The highest-priority value of `name`, or nil.
    public func string(_ name: String) throws -> String? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let rc = git_config_get_string_buf(&buffer, pointer, name)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_config_get_string_buf")
        return String(cString: buffer.ptr)
    }

    /// All values of a multi-valued `name`.
    public func multivar(_ name: String) throws -> [String] {
        var values: [String] = []
        for entry in try entries() where entry.name == name.lowercasedKey { values.append(entry.value) }
        return values
    }

    public func set(_ name: String, to value: String) throws {
        try check(git_config_set_string(pointer, name, value), "git_config_set_string")
    }

    /// Adds a value to a multi-valued key (git config --add).
    public func add(_ name: String, value: String) throws {
        // A regexp that matches nothing makes set_multivar append instead of replacing.
        try check(git_config_set_multivar(pointer, name, "^$a", value), "git_config_set_multivar")
    }

    /// Removes the values of `name` matching the regular expression.
    public func remove(_ name: String, matching regex: String) throws {
        let rc = git_config_delete_multivar(pointer, name, regex)
        if rc == GIT_ENOTFOUND.rawValue { return }
        try check(rc, "git_config_delete_multivar")
    }
}

extension String {
    /// git compares section and variable names case-insensitively, subsections exactly.
    var lowercasedKey: String {
        let parts = split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return lowercased() }
        let section = parts.first!.lowercased(), variable = parts.last!.lowercased()
        let middle = parts.dropFirst().dropLast().joined(separator: ".")
        return middle.isEmpty ? "\(section).\(variable)" : "\(section).\(middle).\(variable)"
    }
}

extension Repository {
    /// The repository's own `config` file in the common git dir (where `git config --local` writes).
    public func localConfig() throws -> GitConfig {
        let all = try config()
        var local: OpaquePointer?
        try check(git_config_open_level(&local, all.pointer, GIT_CONFIG_LEVEL_LOCAL), "git_config_open_level")
        return GitConfig(local!)
    }
}
