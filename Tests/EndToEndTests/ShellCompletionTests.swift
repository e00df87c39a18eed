// The committed completion scripts loaded in bash (also through git's own completion), zsh and fish, and
// asked for values that only the repository knows: session ids, agent names, roles, strategies, remotes.
import Foundation
import Testing

@Suite("Shell completion", .timeLimit(.minutes(10)))
struct ShellCompletionTests {
    static let completions = GeneratedDocsTests.repository.appendingPathComponent("completions")

    /// A repository with one finished session of two agents and a remote; its id is returned.
    static func session(_ fixture: SessionFixture) throws -> String {
        try fixture.role("database")
        try fixture.role("api")
        try fixture.git(["remote", "add", "upstream", "https://example.com/upstream.git"])
        let start = try fixture.agents("start", "Build it", "--agent-cmd", try fixture.succeedingAgent() + " {prompt}", "--wait")
        try #require(start.status == 0, "\(start)")
        return try fixture.newestSession()
    }

    /// What bash completes for `line` (its last word is the one completed) with the committed script loaded;
    /// `throughGit` completes `git …` through git's own completion, which hands `agents` to `_git_agents`.
    func bash(_ line: String, throughGit: Bool = false, in directory: URL? = nil, _ fixture: SessionFixture) throws -> Set<String> {
        let loadGit = throughGit ? "source /usr/share/bash-completion/completions/git\n" : ""
        let complete = throughGit ? "__git_wrap__git_main" : "_git-agents git-agents \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\""
        let script = """
            \(loadGit)source '\(Self.completions.appendingPathComponent("git-agents.bash").path)'
            COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
            read -ra COMP_WORDS <<< "$COMP_LINE"; [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            \(complete)
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        return try candidates(Binary.onPath("bash").run(["-c", script, "bash", line], in: directory ?? fixture.repo,
                                                          environment: fixture.environment))
    }

    /// Prints what zsh's own completion offers: an interactive zsh runs in a pseudo-terminal with the folder
    /// of _git-agents ($1) on fpath, the line ($2) is typed and TAB pressed; every match added is printed.
    static let zshDriver = #"""
        zmodload zsh/zpty
        zpty shell zsh -f -i
        zpty -w shell 'PROMPT= RPROMPT= PS2=; unsetopt zle_bracketed_paste 2>/dev/null'
        zpty -w shell "fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D"
        zpty -w shell 'compadd() { local -a hits; builtin compadd -O hits "$@"; print -rl -- "<"hit">"${^hits}; builtin compadd "$@" }'
        zpty -w shell 'finished() { print "<"done">"; exit }; zle -N finished; bindkey "^X" finished'
        zpty -n -w shell "$2"$'\t'
        zpty -n -w shell $'\C-x'
        while zpty -r shell line; do
            line=${line//$'\r'/}
            [[ $line == *'<done>'* ]] && break
            [[ $line == *'<hit>'* ]] && print -r -- "${line##*<hit>}"
        done
        zpty -d shell
        """#

    func zsh(_ line: String, _ fixture: SessionFixture) throws -> Set<String> {
        try candidates(Binary.onPath("zsh").run(["-f", "-c", Self.zshDriver, "zsh", Self.completions.path, line], in: fixture.repo,
                                                environment: fixture.environment, timeout: .seconds(30)))
    }

    /// Fish 3 cannot tell the cursor's place in a word (`commandline -tC`) outside an interactive session, where
    /// `complete -C` runs here: the line is completed at its end, as a person pressing TAB there would.
    static let fish3Cursor = """
        if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -le 3
            functions -c __git-agents_tokens __git-agents_tokens_as_generated
            function __git-agents_tokens
                if test "$argv" = -tC; string length -- "$(commandline -ct)"; else; __git-agents_tokens_as_generated $argv; end
            end
        end
        """

    func fish(_ line: String, _ fixture: SessionFixture) throws -> Set<String> {
        let script = "source \(Self.completions.appendingPathComponent("git-agents.fish").path)\n\(Self.fish3Cursor)\ncomplete -C \"$argv[1]\""
        return try candidates(Binary.onPath("fish").run(["--no-config", "-c", script, line], in: fixture.repo,
                                                         environment: fixture.environment))
    }

    /// The words offered, one per line (fish adds a tab and a description).
    private func candidates(_ output: ProcessOutput) throws -> Set<String> {
        try #require(output.status == 0, "\(output)")
        return Set(output.stdout.split(separator: "\n").compactMap { $0.split(separator: "\t").first.map(String.init) })
    }

    static func installed(_ shell: String) -> Bool { (try? Binary.onPath(shell)) != nil }

    @Test func bashCompletesValuesFromTheRepository() throws {
        let fixture = try SessionFixture()
        let id = try Self.session(fixture)
        try expectRepositoryValues(id: id) { try bash($0, fixture) }
        #expect(try bash("git-agents stop --session \(id) --agent a", fixture) == ["api"])
        #expect(try bash("git-agents start --role ", fixture) == ["database", "api"])
        #expect(try bash("git-agents send --to ", fixture) == ["database", "api", "orchestrator", "person"])
        #expect(try bash("git-agents artifact put x --agent ", fixture) == ["database", "api"])
        #expect(try bash("git-agents sta", fixture) == ["start", "status"])
        #expect(try bash("git-agents config role.api.dep", fixture) == ["role.api.dependsOn"])
        #expect(try bash("git-agents start --into ma", fixture) == ["main"])
        #expect(try bash("git-agents start --agent-cmd cl", fixture) == ["claude"])
        // `git agents <TAB>` through git's own completion.
        #expect(try bash("git agents merge --reject ", throughGit: true, fixture) == ["database", "api"])
        #expect(try bash("git agents rev", throughGit: true, fixture) == ["review"])
        // From elsewhere, as git's own commands complete: git -C DIR, git --git-dir=DIR.
        #expect(try bash("git -C \(fixture.repo.path) agents logs --agent ", throughGit: true, in: fixture.root, fixture)
                == ["database", "api"])
        #expect(try bash("git --git-dir=\(fixture.repo.path)/.git agents logs --agent ", throughGit: true, in: fixture.root, fixture)
                == ["database", "api"])
    }

    /// What every shell must offer in the repository of `session(_:)`, whose id is `id`.
    func expectRepositoryValues(id: String, _ complete: (String) throws -> Set<String>) throws {
        #expect(try complete("git-agents logs --agent ") == ["database", "api"])
        #expect(try complete("git-agents status --session ") == [id])
        #expect(try complete("git-agents start --strategy ") == ["orchestrator-review", "auto", "manual"])
    }

    @Test(.enabled(if: installed("zsh"), "zsh is installed by .ci/run"))
    func zshCompletesValuesFromTheRepository() throws {
        let fixture = try SessionFixture()
        try expectRepositoryValues(id: try Self.session(fixture)) { try zsh($0, fixture) }
        // `git agents <TAB>` through zsh's own _git, which hands `agents …` to _git-agents.
        #expect(try zsh("git agents logs --agent ", fixture) == ["database", "api"])
    }

    @Test(.enabled(if: installed("fish"), "fish is installed by .ci/run"))
    func fishCompletesValuesFromTheRepository() throws {
        let fixture = try SessionFixture()
        try expectRepositoryValues(id: try Self.session(fixture)) { try fish($0, fixture) }
    }

    /// Outside a repository a completion offers nothing and says nothing (no error in the middle of a line).
    @Test func completionOutsideARepositoryIsSilent() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("git-agents-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try Binary.gitAgents.run(["---completion", "logs", "--", "--agent", "2", "0", "git-agents", "logs", "--agent", ""],
                                              in: folder, environment: Binary.environment(["GIT_CEILING_DIRECTORIES": folder.path]))
        #expect(output.status == 0 && output.stdout.isEmpty && output.stderr.isEmpty, "\(output)")
    }
}
