# Scratch repositories for bench/run: a generated history, and resets between timed runs.

# generate DIR FILES FOLDERS COMMITS: a packed repository on branch main, FILES small files in FOLDERS
# folders, COMMITS commits (the first adds every file, each later one changes ten), checked out.
generate() {
    local dir=$1 files=$2 folders=$3 commits=$4
    rm -rf "$dir" "$dir-worktrees" "$dir-git"
    git init -q -b main "$dir"
    awk -v files="$files" -v folders="$folders" -v commits="$commits" 'BEGIN {
        per = int(files / folders); t = 1700000000
        for (c = 1; c <= commits; c++) {
            msg = "commit " c
            print "commit refs/heads/main"; print "committer Bench <bench@example.com> " (t + c) " +0000"
            print "data " length(msg); print msg
            for (k = 0; k < (c == 1 ? files : 10); k++) {
                if (c == 1) { d = int(k / per); f = k % per } else { d = (c * 7 + k * 13) % folders; f = (c + k) % per }
                body = "folder " d " file " f (c == 1 ? "" : " changed in " c) "\nline two\n"
                print "M 644 inline src/d" d "/f" f ".txt"; print "data " length(body); print body
            }
            print ""
        }
    }' | git -C "$dir" fast-import --quiet
    git -C "$dir" repack -adq
    git -C "$dir" reset -q --hard main
    git -C "$dir" config user.name Bench
    git -C "$dir" config user.email bench@example.com
}

# configure_agents DIR COMMAND: roles a1…a32 and the agent command (an argv template).
configure_agents() {
    local dir=$1 command=$2 i
    git -C "$dir" config agents.command "$command"
    for ((i = 1; i <= 32; i++)); do git -C "$dir" config "role.a$i.description" "Agent $i"; done
}

# roles N: the --role flags that start N agents.
roles() { local i; for ((i = 1; i <= $1; i++)); do printf -- '--role a%d ' "$i"; done; }

# wait_supervisors DIR: until no supervisor of DIR's sessions is alive (so nothing runs during a timing).
wait_supervisors() {
    local dir=$1 pidfile pid
    for pidfile in "$dir"/.git/agents/*/supervisor.pid; do
        [[ -f $pidfile ]] || continue
        pid=$(head -n 1 "$pidfile" | tr -dc 0-9)
        while [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    done
}

# reset_agents DIR: removes every session, its worktrees, branches and runtime folder (bench data only).
reset_agents() {
    local dir=$1
    wait_supervisors "$dir"
    rm -rf "$dir-worktrees" "$dir/.git/agents"
    git -C "$dir" worktree prune
    git -C "$dir" for-each-ref --format='delete %(refname)' refs/heads/agents refs/agents refs/notes/agents |
        git -C "$dir" update-ref --stdin
}

# reset_git DIR: removes what git_worktrees made.
reset_git() {
    local dir=$1
    rm -rf "$dir-git"
    git -C "$dir" worktree prune
    git -C "$dir" for-each-ref --format='delete %(refname)' refs/heads/bench | git -C "$dir" update-ref --stdin
}

# git_worktrees DIR N: N × `git worktree add -b` of main, one after another (what a script would do).
git_worktrees() {
    local dir=$1 n=$2 i
    for ((i = 1; i <= n; i++)); do git -C "$dir" worktree add -q -b "bench/w$i" "$dir-git/w$i" main || return 1; done
}
