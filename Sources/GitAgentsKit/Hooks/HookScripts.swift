// The hook files `git agents hooks install` writes (SPEC §7). Each is a small POSIX-sh shim: the hook that was
// there before runs first, then the shim decides from its arguments, ref names and environment whether git-agents
// has anything to do, and only then starts it. The same text is in hooks/ (a test checks they are equal): an
// installed binary has no source tree.
import Foundation

public enum HookName: String, CaseIterable, Sendable {
    case preMergeCommit = "pre-merge-commit"
    case postMerge = "post-merge"
    case prePush = "pre-push"
    case referenceTransaction = "reference-transaction"
}

public enum HookScripts {
    /// The line that marks a hook file as ours, whatever version of git-agents wrote it.
    public static let marker = "# git-agents hook shim"
    /// A user's own hook, moved beside ours while ours is installed: `pre-push` → `pre-push.before-git-agents`.
    public static let keptSuffix = ".before-git-agents"

    /// The blob ids (`git hash-object`) of the shims earlier versions wrote: install replaces them and uninstall
    /// removes them, while a shim with a person's edits is left alone. Add the old text's id when a shim changes.
    static let earlier: [HookName: Set<String>] = [
        .preMergeCommit: ["eb01d11d3a693cb4e5fdc5de707ed66366b89d4e"],
        .postMerge: ["015cce8f201393edab1820b187ad74f4378e5967"],
        .prePush: ["a3026a23189523bccc5519ca1a710ffa350fb201"],
        .referenceTransaction: ["b95481c8d7b3a3e1a0ae0484971a417320132616"],
    ]

    public static func script(_ hook: HookName) -> String {
        header(hook) + chain + present + body(hook)
    }

    private static func header(_ hook: HookName) -> String {
        """
        #!/bin/sh
        \(marker): \(hook.rawValue)
        # Written by `git agents hooks install`; `git agents hooks uninstall` removes it and puts back what was here.

        """
    }

    /// The user's hook, kept as `<name>.before-git-agents`, runs first with the same arguments and input; its
    /// failure is the hook's failure. Its input is then given again to the rest of this script.
    private static let chain = """
        before="$0\(keptSuffix)"
        if [ -x "$before" ]; then
            input=$(cat)
            if [ -n "$input" ]; then printf '%s\\n' "$input" | "$before" "$@"; else "$before" "$@" </dev/null; fi || exit
            exec <<EOF
        $input
        EOF
        fi

        """

    /// Without git-agents on PATH the hook does nothing more.
    private static let present = """
        command -v git-agents >/dev/null 2>&1 || exit 0

        """

    private static func body(_ hook: HookName) -> String {
        switch hook {
        case .preMergeCommit:
            return """
                # Only a refusal (status 1) stops the merge: a git-agents that fails or crashes never does.
                git agents hook pre-merge-commit "$@"
                [ $? -ne 1 ] || exit 1

                """
        case .postMerge:
            return """
                git agents hook post-merge "$@"
                exit 0

                """
        case .prePush:
            return """
                # A push is network work already: git-agents looks at every one (warnings, agents.pushSessions) and
                # never stops it.
                git agents hook pre-push "$@"
                exit 0

                """
        case .referenceTransaction:
            return """
                # Runs for every ref update (each commit too): git-agents starts only for a merge, pull or merge commit
                # moving a branch (the review gate) and for a branch being deleted. Only a refusal (status 1) aborts
                # the transaction: a git-agents that fails or crashes never does.
                case "$1" in prepared|committed) ;; *) exit 0 ;; esac
                run() { git agents hook reference-transaction "$@"; [ $? -ne 1 ] || exit 1; exit 0; }
                dir=${GIT_DIR:-.git}
                [ -f "$dir" ] && read -r _ dir <"$dir"
                if [ "$1" = prepared ]; then
                    # git leaves a merge's options (--no-ff) out of GIT_REFLOG_ACTION: its command line has them.
                    case "$GIT_REFLOG_ACTION" in
                    merge*|pull*) GIT_AGENTS_MERGE_COMMAND=$(ps -ww -o args= -p "$PPID" 2>/dev/null); export GIT_AGENTS_MERGE_COMMAND; run "$@" ;;
                    esac
                    # A merge concluded by `git commit` (after a conflict, or after pre-merge-commit refused it), and
                    # the commit of a `git merge --squash`.
                    [ -f "$dir/MERGE_HEAD" ] && run "$@"
                    [ -f "$dir/SQUASH_MSG" ] && run "$@"
                fi
                deleted=
                while read -r old new ref; do
                    case "$ref" in refs/heads/*) ;; *) continue ;; esac
                    case "$new" in *[!0]*) continue ;; esac
                    case "$1:$old" in
                    # Only a deletion naming no old id (git branch -D) needs its tip noted while the branch exists.
                    prepared:*[!0]*) continue ;;
                    # git pack-refs (and git gc) deletes each loose ref it has just packed, one transaction each: the
                    # ref lives on in packed-refs, so git-agents is not started once per packed branch.
                    committed:*[!0]*)
                        common=$dir
                        [ -f "$dir/commondir" ] && read -r common <"$dir/commondir" && case "$common" in /*) ;; *) common="$dir/$common" ;; esac
                        grep -qsxF "$old $ref" "$common/packed-refs" && continue ;;
                    esac
                    deleted="$deleted$old $new $ref
                "
                done
                [ -z "$deleted" ] || printf '%s' "$deleted" | run "$@"
                exit 0

                """
        }
    }
}
