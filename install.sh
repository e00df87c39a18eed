#!/usr/bin/env bash
# Builds git-agents and installs the binary, man page and shell completions under a prefix.
#
# `git agents <TAB>` needs nothing beyond the bash completion file: git's own completion
# calls `_git_agents` for the subcommand `agents` and, when that function is not defined yet,
# asks bash-completion to load the completion for `git-agents`, which defines it.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: ./install.sh [--prefix DIR] [--uninstall | --list]

Builds git-agents (swift build -c release --static-swift-stdlib) and installs it under a prefix:
  bin/git-agents                                   the binary
  share/man/man1/git-agents.1                      man page (`git help agents`, `git agents --help`)
  share/doc/git-agents/*.md                        agents.md, data-model.md, json.md
  share/bash-completion/completions/git-agents     bash (also `git agents <TAB>`)
  share/zsh/site-functions/_git-agents             zsh
  share/fish/vendor_completions.d/git-agents.fish  fish, or the first folder of fish's
                                                   $fish_complete_path under the prefix; for
                                                   /usr/local, which fish does not search on
                                                   Debian, fish's own vendor_completions.d

On Debian and Ubuntu it first installs git and libgit2-dev when missing
(through apt-get, as root or with sudo). Swift 6 must already be on PATH.

options:
  --prefix DIR   install under DIR (default: /usr/local)
  --uninstall    remove the files listed above from the prefix
  --list         print where each file goes, build and install nothing
  -h, --help     show this help
EOF
}

prefix=/usr/local
uninstall=false
list=false
while (($#)); do
    case "$1" in
        --prefix) [[ $# -ge 2 ]] || { echo "error: --prefix needs a directory" >&2; exit 2; }
                  prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --uninstall) uninstall=true; shift ;;
        --list) list=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ -n $prefix ]] || { echo "error: --prefix needs a directory" >&2; exit 2; }
prefix=${prefix%/}
[[ -n $prefix ]] || prefix=/

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Where fish finds completions: a folder of its $fish_complete_path under the prefix, else — for the
# system-wide /usr/local, whose share/fish fish does not search on Debian — its vendor folder outside
# $HOME, else the prefix's vendor_completions.d (a staging prefix for a package).
fish_completions() {
    local folder folders=()
    command -v fish >/dev/null && mapfile -t folders < <(fish -c 'printf "%s\n" $fish_complete_path' 2>/dev/null)
    for folder in "${folders[@]}"; do
        [[ $folder == "$prefix"/*vendor_completions.d ]] && { echo "$folder"; return; }
    done
    if [[ $prefix == /usr/local ]]; then
        for folder in "${folders[@]}"; do
            [[ $folder == */vendor_completions.d && $folder != "$HOME"/* ]] && { echo "$folder"; return; }
        done
    fi
    echo "$prefix/share/fish/vendor_completions.d"
}

# Installed path, source file (relative to the repository), mode.
files=(
    "$prefix/bin/git-agents"                               ""                            755
    "$prefix/share/man/man1/git-agents.1"                  "man/git-agents.1"            644
    "$prefix/share/doc/git-agents/agents.md"               "docs/agents.md"              644
    "$prefix/share/doc/git-agents/data-model.md"           "docs/data-model.md"          644
    "$prefix/share/doc/git-agents/json.md"                 "docs/json.md"                644
    "$prefix/share/bash-completion/completions/git-agents" "completions/git-agents.bash" 644
    "$prefix/share/zsh/site-functions/_git-agents"         "completions/_git-agents"     644
    "$(fish_completions)/git-agents.fish"                  "completions/git-agents.fish" 644
)

if $list; then
    for ((i = 0; i < ${#files[@]}; i += 3)); do echo "${files[i]}"; done
    exit 0
fi

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        echo "error: need root to run '$*' and sudo is not installed" >&2
        exit 1
    fi
}

# True when every file can be written under the prefix without root.
prefix_writable() {
    local i dir
    for ((i = 0; i < ${#files[@]}; i += 3)); do
        dir=$(dirname "${files[i]}")
        while [[ ! -e $dir ]]; do dir=$(dirname "$dir"); done
        [[ -w $dir ]] || return 1
    done
}

privileged=()
if ! prefix_writable && [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "error: $prefix is not writable and sudo is not installed" >&2; exit 1; }
    privileged=(sudo)
fi

if $uninstall; then
    for ((i = 0; i < ${#files[@]}; i += 3)); do
        target=${files[i]}
        if [[ -e $target || -L $target ]]; then
            echo "removing $target"
            "${privileged[@]}" rm -f -- "$target"
        fi
    done
    echo "git-agents uninstalled from $prefix"
    exit 0
fi

if ! command -v swift >/dev/null; then
    echo "error: swift is not on PATH; install Swift 6 (https://www.swift.org/install/) and run ./install.sh again" >&2
    exit 1
fi

missing=()
command -v git >/dev/null || missing+=(git)
# libgit2 is linked statically (Package.swift): Debian's libgit2-dev brings libgit2.a (built with mbedTLS) and,
# through its dependencies, the static libraries it uses.
if [[ $(dpkg-query -W -f='${Status}' libgit2-dev 2>/dev/null) != 'install ok installed' ]]; then
    missing+=(libgit2-dev)
fi
if ((${#missing[@]})); then
    if ! command -v apt-get >/dev/null; then
        echo "error: missing ${missing[*]}; git-agents builds on Debian or Ubuntu, whose libgit2-dev (1.5) ships the static libraries it links" >&2
        exit 1
    fi
    echo "installing ${missing[*]} with apt-get"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

for ((i = 3; i < ${#files[@]}; i += 3)); do
    if [[ ! -f $repo/${files[i + 1]} ]]; then
        echo "error: $repo/${files[i + 1]} is missing; run scripts/generate-docs.sh" >&2
        exit 1
    fi
done

echo "building git-agents (release)"
# A static Swift runtime starts ~5 ms faster per call (bench/README.md), and a static libgit2 ~2.5 ms: agents
# calling `git agents progress` and git hooks feel both.
(cd "$repo" && swift build -c release --static-swift-stdlib --product git-agents)
bin=$(cd "$repo" && swift build -c release --static-swift-stdlib --show-bin-path)
# A build folder from before libgit2 was linked statically can keep linking the shared library (old objects name
# it), which also undoes the deferred CA parse: refuse it rather than install a slower binary.
if LC_ALL=C grep -q 'libgit2\.so' "$bin/git-agents"; then
    echo "error: $bin/git-agents still links the shared libgit2 (a build folder from an older version);" \
        "remove $repo/.build and run ./install.sh again" >&2
    exit 1
fi

for ((i = 0; i < ${#files[@]}; i += 3)); do
    target=${files[i]}
    if [[ -z ${files[i + 1]} ]]; then source="$bin/git-agents"; else source="$repo/${files[i + 1]}"; fi
    echo "installing $target"
    "${privileged[@]}" install -D -m "${files[i + 2]}" "$source" "$target"
done

echo "git-agents installed in $prefix/bin"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on PATH; add it so that \`git agents\` finds git-agents" ;;
esac
