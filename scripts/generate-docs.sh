#!/usr/bin/env bash
# Regenerates man/git-agents.1 and completions/* from the command tree; commit what changes.
#
# The man page is swift-argument-parser's (generate-manual plugin, single page) for the commands and options,
# followed by `git-agents man-sections` (configuration keys, presets, environment, files, exit status,
# examples: from the domain's tables). It ends with `.\" generated from: sha256 <hash>` of
# `git-agents --experimental-dump-help` followed by `git-agents man-sections`, so a test can tell it is stale
# without running the plugin.
# It is rewritten only when that hash changes (the plugin stamps today's date), or with --force.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

force=false
case "${1-}" in
    "") ;;
    --force) force=true ;;
    -h|--help) echo "usage: scripts/generate-docs.sh [--force]"; exit 0 ;;
    *) echo "error: unknown argument '$1'" >&2; exit 2 ;;
esac

# Writes the standard output of a command to a file, leaving the file alone if it fails.
write() {
    local file=$1
    shift
    "$@" >"$file.tmp" || { rm -f "$file.tmp"; return 1; }
    mv "$file.tmp" "$file"
    echo "wrote $file"
}

echo "building git-agents"
swift build --product git-agents
binary="$(swift build --show-bin-path)/git-agents"

# (`write` runs these in an `||` list, where `set -e` does not apply: chain with &&.)
bash_completion() {
    "$binary" --generate-completion-script bash && cat completions/git-shim.bash.in
}
write completions/git-agents.bash bash_completion
# `git agents <TAB>` in zsh: git's _git hands the words from `agents` on to _git-agents, which runs its first
# word for values from the repository (session ids, agents, remotes): `agents` is no command, git-agents is.
# GeneratedDocsTests makes the same replacement; ShellCompletionTests fails if it no longer applies.
zsh_completion() {
    "$binary" --generate-completion-script zsh |
        sed 's/^\(    local -r command_name=\)"${words\[1\]}"$/\1"${${words[1]:#agents}:-git-agents}"/'
}
write completions/_git-agents zsh_completion
write completions/git-agents.fish "$binary" --generate-completion-script fish

hash=$({ "$binary" --experimental-dump-help && "$binary" man-sections; } | sha256sum | cut -d' ' -f1)
marker=".\\\" generated from: sha256 $hash"
if ! $force && [[ -f man/git-agents.1 ]] && [[ $(tail -n 1 man/git-agents.1) == "$marker" ]]; then
    echo "man/git-agents.1 is current"
    exit 0
fi

outputs=.build/plugins/GenerateManual/outputs
rm -rf "$outputs"
swift package plugin generate-manual --configuration debug
page=$(find "$outputs" -name git-agents.1 -type f | head -n 1)
[[ -n $page ]] || { echo "error: generate-manual left no git-agents.1 under $outputs" >&2; exit 1; }
# The plugin leaves blank lines (mdoc wants .Pp) and no newline at the end, and it documents the
# commands git-agents runs itself (hidden from --help): their blocks are dropped (the hidden commands are
# those `--experimental-dump-help` marks shouldDisplay false). `--version` belongs to the root only, not to
# every subcommand, and its generic EXIT STATUS gives way to ours.
man_page() {
    local hidden
    hidden=$("$binary" --experimental-dump-help | python3 -c '
import json, sys
tree = json.load(sys.stdin)["command"]
print("|".join(c["commandName"] for c in tree.get("subcommands", []) if not c.get("shouldDisplay", True)))')
    awk -v hidden="^\\.It Em ($hidden)\$" '
        $0 ~ hidden { skip = 1; depth = 0; next }
        skip && /^\.Bl/ { depth++; next }
        skip && /^\.El/ { if (--depth <= 0) skip = 0; next }
        skip { next }
        /^\.It Fl -version$/ { if (seenVersion++) { dropNext = 1; next } }
        dropNext { dropNext = 0; if ($0 == "Show the version.") next }
        /^\.Sh "EXIT STATUS"$/ || /^\.Ex -std$/ { next }
        { print ($0 == "" ? ".Pp" : $0) }
    ' "$page" && "$binary" man-sections && printf '%s\n' "$marker"
}
write man/git-agents.1 man_page
