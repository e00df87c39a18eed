// An agent command: an argv template with placeholders, parsed from configuration and filled in per agent.
import Foundation

/// The words of an agent command, placeholders included, and the preset it came from (nil when custom).
///
/// Placeholders are substituted per argument, never through a shell: a word that is exactly `{prompt}`
/// becomes the prompt byte for byte, whatever quotes, `$(…)` or newlines it holds. A word with a
/// placeholder inside other text (`--model={model}`) is substituted textually, in one pass, so a value
/// that itself contains `{model}` is left alone.
///
/// The nil rule: an optional value (model, temperature, maxTokens, mcpConfig) that is absent or empty
/// removes every word that uses it. When that word is exactly the placeholder, the flag word just
/// before it (one that starts with `-`, is not `--` and has no placeholder) goes too, because it was
/// only there to carry the value: `--model {model}` disappears as a pair when no model is set.
public struct AgentCommand: Sendable, Equatable {
    public let template: [String]
    public let preset: String?

    public init(template: [String], preset: String? = nil) {
        self.template = template
        self.preset = preset
    }

    public enum Placeholder: String, CaseIterable, Sendable {
        case prompt, model, temperature, maxTokens, role, worktree, mcpConfig

        public var token: String { "{\(rawValue)}" }
    }

    /// A preset name (the whole text, trimmed) or a command line split into words without expansion.
    public static func parse(_ text: String) throws -> AgentCommand {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let template = presets[trimmed] { return AgentCommand(template: template, preset: trimmed) }
        let words: [String]
        do {
            words = try ShellWords.split(text)
        } catch {
            let which = error == .unterminatedSingleQuote ? "single" : "double"
            throw AgentsError.usage("the agent command \(text) has an unterminated \(which) quote",
                                    hint: "close the quote, or use a preset: \(presets.keys.sorted().joined(separator: ", "))")
        }
        guard !words.isEmpty else {
            throw AgentsError.usage("the agent command is empty",
                                    hint: "set agents.command or role.<name>.command to a preset or a command line")
        }
        return AgentCommand(template: words, preset: nil)
    }

    /// Whether any word of the template uses `placeholder`.
    public func uses(_ placeholder: Placeholder) -> Bool {
        template.contains { $0.contains(placeholder.token) }
    }

    /// The argv to start the agent with. Without `{prompt}` in the template the prompt is the last argument.
    public func argv(prompt: String, model: String?, temperature: String?, maxTokens: String?,
                     role: String, worktree: String, mcpConfigPath: String?) -> [String] {
        // An empty optional value counts as absent: `git config role.x.model ""` means "no model".
        func optional(_ value: String?) -> String? { value?.isEmpty == false ? value : nil }
        var values: [Placeholder: String] = [.prompt: prompt, .role: role, .worktree: worktree]
        values[.model] = optional(model)
        values[.temperature] = optional(temperature)
        values[.maxTokens] = optional(maxTokens)
        values[.mcpConfig] = optional(mcpConfigPath)

        var arguments: [String] = []
        // Index in `arguments` of a flag word that was appended last and may carry the next value.
        var pendingFlag: Int?
        for word in template {
            if let placeholder = Placeholder.allCases.first(where: { $0.token == word }) {
                if let value = values[placeholder] {
                    arguments.append(value)
                } else if let flag = pendingFlag, flag == arguments.count - 1 {
                    arguments.removeLast()
                }
                pendingFlag = nil
                continue
            }
            guard let substituted = Self.substitute(word, values) else {
                pendingFlag = nil
                continue
            }
            arguments.append(substituted)
            pendingFlag = Self.isFlag(word) ? arguments.count - 1 : nil
        }
        if !uses(.prompt) { arguments.append(prompt) }
        return arguments
    }

    /// A word that can carry the value after it: `-m`, `--model`; not `--`, not a value-bearing `--x=…`.
    private static func isFlag(_ word: String) -> Bool {
        word.count > 1 && word.hasPrefix("-") && word != "--" && !word.contains("{")
    }

    /// `word` with every known placeholder replaced in one left-to-right pass; nil when one has no value.
    /// Braces that do not form a known placeholder are kept as they are.
    static func substitute(_ word: String, _ values: [Placeholder: String]) -> String? {
        var result = ""
        var rest = word[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
               let placeholder = Placeholder(rawValue: String(rest[afterOpen..<close])) {
                guard let value = values[placeholder] else { return nil }
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result.append("{")
                rest = rest[afterOpen...]
            }
        }
        result += rest
        return result
    }
}
