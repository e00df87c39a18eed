#!/usr/bin/env bash
# Times the commands agents and people call most (start-up cost dominates them), in a scratch repository.
# Usage: bench/run.sh [RUNS]   (builds release first; prints the mean wall time per command in ms)
set -euo pipefail
runs=${1:-50}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Built as install.sh builds it.
swift build -c release --static-swift-stdlib --product git-agents --package-path "$root" >/dev/null
bin="$root/.build/release/git-agents"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch" "$scratch-worktrees"' EXIT
cd "$scratch"
git init -q && echo hi > a && git add a && git -c user.name=b -c user.email=b@b commit -qm init
printf '#!/bin/sh\nsleep 30\n' > "$scratch/agent.sh" && chmod +x "$scratch/agent.sh"
git config agents.command "$scratch/agent.sh {prompt}"
git config role.worker.description "Bench worker"
"$bin" start "bench" >/dev/null
worktree=$(git worktree list --porcelain | awk '/^worktree/ {p=$2} END {print p}')

measure() {
    local label=$1 dir=$2; shift 2
    local start end
    start=$(date +%s%N)
    for ((i = 0; i < runs; i++)); do (cd "$dir" && "$@" >/dev/null 2>&1) || true; done
    end=$(date +%s%N)
    printf '%-34s %6.2f ms\n' "$label" "$(echo "($end - $start) / $runs / 1000000" | bc -l)"
}

measure "git --version (reference)" "$scratch" git --version
measure "git worktree list (reference)" "$scratch" git worktree list
measure "git-agents --version" "$scratch" "$bin" --version
measure "git-agents config --list" "$scratch" "$bin" config --list
measure "git-agents status --json" "$scratch" "$bin" status --json
measure "git-agents progress (from worktree)" "$worktree" "$bin" progress 10 bench
measure "git-agents list" "$scratch" "$bin" list
"$bin" stop >/dev/null
