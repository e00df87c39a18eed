# Prints what zsh's own completion offers for a command line: zsh-complete.zsh FOLDER LINE, where FOLDER holds
# _git-agents. An interactive zsh runs in a pseudo-terminal, LINE is typed and TAB pressed; every match
# completion adds is printed, one per line.
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
