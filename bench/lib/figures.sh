# The figures of bench/run (issue #11), one function each. They use $bin (git-agents), $runs, $small,
# $bench_out and the helpers of measure.sh and repo.sh; each appends its rows to $bench_results.

# newest_session DIR: the id of the newest session in DIR.
newest_session() { git -C "$1" for-each-ref --sort=-refname --count=1 --format='%(refname:lstrip=3)' refs/agents/sessions; }

# session DIR N COMMAND: starts N agents running COMMAND and waits until the session ends; prints its id.
session() {
    local dir=$1 n=$2 command=$3
    git -C "$dir" config agents.command "$command"
    (cd "$dir" && "$bin" start "bench" $(roles "$n") --max-parallel "$n" --wait >/dev/null 2>&1) || true
    wait_supervisors "$dir"
    newest_session "$dir"
}

# grow_record DIR ID TOTAL: appends activity commits (same files) until the record's first-parent history has TOTAL.
grow_record() {
    local dir=$1 id=$2 total=$3 ref=refs/agents/sessions/$2 have
    have=$(git -C "$dir" rev-list --first-parent --count "$ref")
    ((total > have)) || return 0
    awk -v n=$((total - have)) -v ref="$ref" -v tip="$(git -C "$dir" rev-parse "$ref")" 'BEGIN {
        for (i = 1; i <= n; i++) {
            msg = "a1 at " (i % 100) "%: step " i
            print "commit " ref; print "committer Bench <bench@example.com> " (1800000000 + i) " +0000"
            print "data " length(msg); print msg; if (i == 1) print "from " tip; print ""
        }
    }' | git -C "$dir" fast-import --quiet
}

# git_status_pipeline DIR ID: the git CLI reading what status shows (the issue's reference).
git_status_pipeline() {
    local dir=$1 ref=refs/agents/sessions/$2
    git -C "$dir" for-each-ref refs/agents/sessions >/dev/null
    git -C "$dir" ls-tree -r "$ref" | awk '{ print $3 }' | git -C "$dir" cat-file --batch >/dev/null
    git -C "$dir" log -8 --first-parent "$ref" >/dev/null
    git -C "$dir" worktree list >/dev/null
}

# merge_trees DIR ID: 8 × git merge-tree --write-tree of the session's branches onto main.
merge_trees() {
    local dir=$1 branch
    for branch in $(git -C "$dir" for-each-ref --format='%(refname:short)' "refs/heads/agents/$2/"); do
        git -C "$dir" merge-tree --write-tree main "$branch" >/dev/null
    done
    return 0
}

figure_start_up() {
    compare version "$((runs * 4))" : "'$bin' --version" : "git --version"
    row "process start: \`git-agents --version\` vs \`git --version\`" "$(ms "$MEDIAN_A")" "$(ms "$MEDIAN_B")" "$(ratio "$RATIO")" "—" "(fixed cost)"
}

# figure_worktrees DIR WHERE: start with 8 and with 1 no-op agent vs as many `git worktree add -b`.
figure_worktrees() {
    local dir=$1 where=$2 n count=$wt_runs
    [[ $where == disk ]] && count=$disk_runs
    configure_agents "$dir" "$bench_agents/noop.sh"
    for n in 8 1; do
        # sync: the previous run's files reach the disk before the next timing, not during it.
        compare "worktrees-$where-$n" "$count" "reset_agents '$dir'; sync" "(cd '$dir' && '$bin' start bench $(roles $n) --max-parallel 8)" \
            "reset_git '$dir'; sync" "git_worktrees '$dir' $n"
        row "\`start\`, $n no-op agent(s) ($where) vs $n × \`git worktree add -b\`" "$(ms "$MEDIAN_A")" "$(ms "$MEDIAN_B")" \
            "$(ratio "$RATIO")" "≤ 1.00×" "$(meets "$RATIO" 1.0)"
    done
    reset_agents "$dir"; reset_git "$dir"
}

# figure_status DIR: status --json on 16 agents and ~500 record commits vs the git pipeline.
figure_status() {
    local dir=$1 id
    configure_agents "$dir" "$bench_agents/noop.sh"
    id=$(session "$dir" 16 "$bench_agents/noop.sh")
    grow_record "$dir" "$id" 532
    compare status "$runs" : "(cd '$dir' && '$bin' status --json --session $id)" : "git_status_pipeline '$dir' $id"
    row "\`status --json\`, 16 agents, 532 record commits vs git pipeline" "$(ms "$MEDIAN_A")" "$(ms "$MEDIAN_B")" \
        "$(ratio "$RATIO")" "≤ 1.00×" "$(meets "$RATIO" 1.0)"
    reset_agents "$dir"
}

# figure_review_and_growth DIR: review of 8 branches vs merge-tree; status and review at 1, 8, 32 agents
# and at 10, 1,000, 10,000 record commits (three one-agent sessions, grown with activity commits).
figure_review_and_growth() {
    local dir=$1 n id total
    local -A at
    configure_agents "$dir" "$bench_agents/work.sh"
    for n in 1 8 32; do
        id=$(session "$dir" "$n" "$bench_agents/work.sh")
        if ((n == 8)); then
            compare review "$runs" : "(cd '$dir' && '$bin' review --session $id)" : "merge_trees '$dir' $id"
            row "\`review\`, 8 agents × 50 files, 2 pairs conflicting vs 8 × \`git merge-tree --write-tree\`" \
                "$(ms "$MEDIAN_A")" "$(ms "$MEDIAN_B")" "$(ratio "$RATIO")" "≤ 1.00×" "$(meets "$RATIO" 1.0)"
        fi
        single "growth-status-$n" "$growth_runs" : "(cd '$dir' && '$bin' status --json --session $id)"; growth_status[$n]=$MEDIAN_A
        single "growth-review-$n" "$growth_runs" : "(cd '$dir' && '$bin' review --session $id)"; growth_review[$n]=$MEDIAN_A
    done
    for total in 10 1000 10000; do
        at[$total]=$(session "$dir" 1 "$bench_agents/noop.sh")
        grow_record "$dir" "${at[$total]}" "$total"
        single "history-review-$total" "$growth_runs" : "(cd '$dir' && '$bin' review --session ${at[$total]})"
        history_review[$total]=$MEDIAN_A
    done
    single history-status-1000 "$growth_runs" : "(cd '$dir' && '$bin' status --json --session ${at[1000]})"
    history_status[1000]=$MEDIAN_A
    # Side by side, so that the machine's load changes nothing between the two.
    compare history-status "$runs" : "(cd '$dir' && '$bin' status --json --session ${at[10000]})" \
        : "(cd '$dir' && '$bin' status --json --session ${at[10]})"
    history_status[10000]=$MEDIAN_A history_status[10]=$MEDIAN_B
    row "\`status\` at 10,000 record commits vs at 10" "$(ms "$MEDIAN_A")" "$(ms "$MEDIAN_B") (at 10)" \
        "$(ratio "$RATIO")" "≤ 1.10×" "$(meets "$RATIO" 1.1)"
    reset_agents "$dir"
}

# figure_progress DIR: 8 agents calling `git agents progress` concurrently; updates/s and none lost.
figure_progress() {
    local dir=$1 id calls=$progress_calls first last written rate
    rm -f "$bench_out"/progress.*
    id=$(session "$dir" 8 "$bench_agents/progress.sh")
    first=$(cat "$bench_out"/progress.*.start | sort -n | head -1); last=$(cat "$bench_out"/progress.*.end | sort -n | tail -1)
    written=$(git -C "$dir" log --first-parent --format=%s "refs/agents/sessions/$id" | grep -c ': bench update ')
    rate=$(awk -v n=$((8 * calls)) -v ns=$((last - first)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
    row "\`progress\` from 8 concurrent agents ($((8 * calls)) updates)" "$rate updates/s, $written of $((8 * calls)) recorded" "—" "—" \
        "≥ 100/s, none lost" "$( ((rate >= 100 && written == 8 * calls)) && echo yes || echo '**no**')"
    reset_agents "$dir"
}

# figure_supervisor DIR: the supervisor's own CPU time and peak RSS while 8 agents sleep.
figure_supervisor() {
    local dir=$1 id pid before after hwm cpu ticks
    git -C "$dir" config agents.command "$bench_agents/sleep.sh"
    (cd "$dir" && "$bin" start bench $(roles 8) --max-parallel 8 >/dev/null 2>&1)
    id=$(newest_session "$dir"); pid=$(head -n 1 "$dir/.git/agents/$id/supervisor.pid" | tr -dc 0-9)
    ticks=$(getconf CLK_TCK)
    before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat"); sleep "$sleep_seconds"
    after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat"); hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
    cpu=$(awk -v d=$((after - before)) -v t="$ticks" -v s="$sleep_seconds" 'BEGIN { printf "%.2f", 100 * d / t / s }')
    row "supervisor while 8 agents sleep ${sleep_seconds} s: CPU, peak RSS" "$cpu% of a core, $((hwm / 1024)) MB" "—" "—" "< 1%, < 30 MB" \
        "$(awk -v c="$cpu" -v m="$hwm" 'BEGIN { print (c < 1 && m < 30 * 1024 ? "yes" : "**no**") }')"
    wait_supervisors "$dir"; reset_agents "$dir"
}

# figure_hook DIR: what installed hooks add to a ref update that is not an agent's.
figure_hook() {
    local dir=$1
    if ! "$bin" hooks --help >/dev/null 2>&1; then
        row "hook call for a ref that is not an agent's" "skipped: \`git agents hooks\` does not exist yet" "—" "—" "≤ 5 ms" "—"
        return
    fi
    (cd "$dir" && "$bin" hooks install >/dev/null)
    compare hook "$runs" : "git -C '$dir' update-ref refs/heads/bench-hook main" \
        : "git -C '$dir' -c core.hooksPath=/nonexistent update-ref refs/heads/bench-hook main"
    local extra; extra=$(awk -v a="$MEDIAN_A" -v b="$MEDIAN_B" 'BEGIN { print a - b }')
    row "\`git update-ref\` of a non-agent ref, hooks installed vs not" "$(ms "$MEDIAN_A")" "$(ms "$MEDIAN_B")" "$(ratio "$RATIO")" \
        "≤ 5 ms extra" "$(meets "$extra" 5) ($(ms "$extra") extra)"
    (cd "$dir" && "$bin" hooks uninstall >/dev/null)
}
