#!/usr/bin/env bash
# `git agents review` of 8 finished agent branches against 8 × `git merge-tree --write-tree` of the same
# branches onto the target (start-up included), side by side in one run (issue #8's performance target).
# Usage: bench/review.sh [RUNS]   (builds release first; prints the mean wall time of each and the ratio)
set -euo pipefail
runs=${1:-20}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
swift build -c release --static-swift-stdlib --product git-agents --package-path "$root" >/dev/null
bin="$root/.build/release/git-agents"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch" "$scratch-worktrees"' EXIT
cd "$scratch"
git init -q -b main
# A repository of some size: 400 files in 20 folders.
for d in $(seq 1 20); do mkdir -p "src/m$d"; for f in $(seq 1 20); do seq 1 200 > "src/m$d/f$f.txt"; done; done
git add -A && git -c user.name=b -c user.email=b@b commit -qm init
cat > "$scratch/agent.sh" <<'AGENT'
#!/bin/sh
# Each agent edits a few files of its own folder and commits.
n=${GIT_AGENTS_AGENT#a}
for f in 1 2 3; do sed -i "s/^1$/changed by $GIT_AGENTS_AGENT/" "src/m$n/f$f.txt"; done
echo "new work of $GIT_AGENTS_AGENT" > "src/m$n/new.txt"
git add -A && git -c user.name=a -c user.email=a@a commit -qm "$GIT_AGENTS_AGENT: work"
AGENT
chmod +x "$scratch/agent.sh"
for i in $(seq 1 8); do git config "role.a$i.description" "Agent $i"; done
git config agents.command "$scratch/agent.sh {prompt}"
"$bin" start "bench review" --max-parallel 8 --wait >/dev/null
branches=$(git for-each-ref --format='%(refname:short)' 'refs/heads/agents/')

time_ms() {
    local start end
    start=$(date +%s%N)
    for ((i = 0; i < runs; i++)); do "$@" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    echo "($end - $start) / $runs / 1000000" | bc -l
}
merge_trees() { for b in $branches; do git merge-tree --write-tree main "$b" >/dev/null; done; }

git_ms=$(time_ms merge_trees)
review_ms=$(time_ms "$bin" review)
printf '%-44s %8.2f ms\n' "8 × git merge-tree --write-tree (reference)" "$git_ms"
printf '%-44s %8.2f ms\n' "git-agents review (8 agents)" "$review_ms"
printf '%-44s %8.2f\n' "ratio (review / merge-tree)" "$(echo "$review_ms / $git_ms" | bc -l)"
