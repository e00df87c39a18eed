#!/usr/bin/env bash
# What installed hooks cost an ordinary `git commit` (issue #10: at most 5 ms): hyperfine times an empty
# commit in a repository without hooks, one with `git agents hooks install`, and one where a user's own
# reference-transaction hook is chained before ours. git-agents must be on PATH (the shims look for it).
# Usage: bench/hooks.sh [RUNS]   (uses the debug build unless GIT_AGENTS_BIN names a binary's folder)
set -euo pipefail
runs=${1:-200}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="${GIT_AGENTS_BIN:-$root/.build/debug}:$PATH"
command -v git-agents >/dev/null || { echo "error: build git-agents first (swift build)" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for name in plain hooked chained; do
    git init -q -b main "$scratch/$name"
    git -C "$scratch/$name" -c user.name=b -c user.email=b@b commit -q --allow-empty -m init
done
printf '#!/bin/sh\ncat >/dev/null\n' > "$scratch/chained/.git/hooks/reference-transaction"
chmod +x "$scratch/chained/.git/hooks/reference-transaction"
(cd "$scratch/hooked" && git agents hooks install >/dev/null)
(cd "$scratch/chained" && git agents hooks install >/dev/null)
commit='git -c user.name=b -c user.email=b@b commit -q --allow-empty -m x'
hyperfine -N --warmup 10 --runs "$runs" --export-json "${EXPORT:-/dev/null}" \
    -n "no hooks" "git -C $scratch/plain ${commit#git }" \
    -n "hooks installed" "git -C $scratch/hooked ${commit#git }" \
    -n "a user's hook chained" "git -C $scratch/chained ${commit#git }"
