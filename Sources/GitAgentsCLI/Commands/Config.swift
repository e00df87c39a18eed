// `git agents config`: the resolved configuration and where each value came from.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract: "Show the resolved configuration (defaults, .kilocode, .gitagents, git config) and its origins.")

        @Flag(name: [.short, .long], help: "List every resolved key and value.")
        var list = false

        @Flag(name: .customLong("show-origin"), help: "Show the layer and file each value came from.")
        var showOrigin = false

        @OptionGroup var output: OutputOptions

        @Argument(help: "A key such as agents.maxParallel or role.api.dependsOn: print its value.", completion: .configKeys)
        var key: String?

        func validate() throws {
            if key != nil && list { throw ValidationError("give either --list or a KEY, not both") }
        }

        func run() throws {
            let context = try CommandContext(output)
            let terminal = context.terminal
            let configuration = try Configuration.load(context.workspace)
            if let key {
                try printOne(key, configuration, terminal)
            } else if output.json {
                try JSONOutput.print(ConfigListing(configuration))
            } else {
                printList(configuration, terminal)
            }
        }

        private func printOne(_ key: String, _ configuration: Configuration, _ terminal: Terminal) throws {
            guard let canonical = ConfigKeys.canonical(key), let value = configuration[canonical] else {
                // Like `git config KEY`: an unset key is exit 1 with nothing printed.
                throw ExitCode(1)
            }
            if output.json {
                try JSONOutput.print(ConfigListing.Entry(value))
                return
            }
            for item in value.values {
                terminal.line(showOrigin ? "\(value.origin.describe)\t\(Terminal.safe(item))" : Terminal.safe(item))
            }
        }

        private func printList(_ configuration: Configuration, _ terminal: Terminal) {
            var table = Table("ORIGIN", "KEY=VALUE")
            for value in configuration.sortedValues {
                for item in value.values { table.add(value.origin.describe, "\(value.key)=\(item)") }
                guard showOrigin else { continue }
                for loser in configuration.overridden[value.key] ?? [] {
                    table.add(loser.origin.describe, "(overridden) \(value.key)=\(loser.values.joined(separator: ","))")
                }
            }
            if showOrigin {
                terminal.line(table.render(terminal) { _, column, _ in column == 0 ? .dim : nil }
                    .split(separator: "\n").dropFirst().joined(separator: "\n"))
            } else {
                for row in table.rows { terminal.line(row[1]) }
            }
            for unknown in configuration.unknownKeys {
                Terminal.warn("unknown key \(unknown.key) in \(unknown.origin.describe)")
            }
            for setting in configuration.unsupported {
                Terminal.warn("\(setting.file): \(setting.field) is not supported: \(setting.reason)")
            }
        }
    }
}

/// `config --json`: every value with its origin, plus what was ignored and why.
struct ConfigListing: Encodable {
    struct Entry: Encodable {
        let key: String
        let values: [String]
        let layer: String
        let file: String?

        init(_ value: ConfigValue) {
            key = value.key
            values = value.values
            layer = value.origin.layer.rawValue
            file = value.origin.file
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(values, forKey: .values)
            try container.encode(layer, forKey: .layer)
            try container.encode(file, forKey: .file)
        }

        enum CodingKeys: String, CodingKey { case key, values, layer, file }
    }

    let values: [Entry]
    /// Values a higher layer or later file replaced, with where they came from.
    let overridden: [Entry]
    let unknown: [Entry]
    let unsupported: [UnsupportedSetting]

    init(_ configuration: Configuration) {
        values = configuration.sortedValues.map(Entry.init)
        overridden = configuration.sortedValues.flatMap { configuration.overridden[$0.key] ?? [] }.map(Entry.init)
        unknown = configuration.unknownKeys.map(Entry.init)
        unsupported = configuration.unsupported
    }
}
