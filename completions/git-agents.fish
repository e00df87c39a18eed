function __git-agents_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __git-agents_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __git-agents_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __git-agents_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __git-agents_parse_tokens -S
    set -l unparsed_tokens (__git-agents_tokens -pc)
    switch $unparsed_tokens[1]
    case 'git-agents'
        __git-agents_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'init'
            __git-agents_parse_subcommand 0 'force' 'no-color' 'version' 'h/help'
        case 'start'
            __git-agents_parse_subcommand 1 'role=+' 'plan=' 'agent-cmd=' 'max-parallel=' 'batch-size=' 'over=' 'base=' 'into=' 'strategy=' 'timeout=' 'dry-run' 'wait' 'no-color' 'version' 'h/help'
        case 'status'
            __git-agents_parse_subcommand 0 'session=' 'json' 'no-color' 'watch' 'version' 'h/help'
        case 'logs'
            __git-agents_parse_subcommand 0 'session=' 'agent=' 'f/follow' 'last=' 'json' 'no-color' 'version' 'h/help'
        case 'list'
            __git-agents_parse_subcommand 0 'all' 'json' 'no-color' 'version' 'h/help'
        case 'progress'
            __git-agents_parse_subcommand 2 'no-color' 'version' 'h/help'
        case 'artifact'
            __git-agents_parse_subcommand 0 'no-color' 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'put'
                __git-agents_parse_subcommand 2 'session=' 'agent=' 'no-color' 'version' 'h/help'
            case 'get'
                __git-agents_parse_subcommand 1 'o/output=' 'session=' 'no-color' 'version' 'h/help'
            case 'list'
                __git-agents_parse_subcommand 0 'session=' 'json' 'no-color' 'version' 'h/help'
            end
        case 'stop'
            __git-agents_parse_subcommand 0 'session=' 'agent=' 'no-color' 'version' 'h/help'
        case 'restart'
            __git-agents_parse_subcommand 0 'session=' 'agent=' 'fresh' 'no-color' 'version' 'h/help'
        case 'recreate'
            __git-agents_parse_subcommand 0 'session=' 'agent=' 'no-color' 'version' 'h/help'
        case 'review'
            __git-agents_parse_subcommand 0 'session=' 'json' 'no-color' 'version' 'h/help'
        case 'diff'
            __git-agents_parse_subcommand 0 'session=' 'agent=' 'stat' 'name-only' 'no-pager' 'no-color' 'version' 'h/help'
        case 'conflicts'
            __git-agents_parse_subcommand 0 'session=' 'json' 'no-color' 'version' 'h/help'
        case 'resolve'
            __git-agents_parse_subcommand 0 'session=' 'agent=' 'continue' 'abort' 'auto' 'no-color' 'version' 'h/help'
        case 'merge'
            __git-agents_parse_subcommand 0 'session=' 'approve' 'reject=' 'request-changes=' 'm/message=' 'force' 'no-color' 'version' 'h/help'
        case 'cleanup'
            __git-agents_parse_subcommand 0 'session=' 'keep-failed' 'force' 'all' 'json' 'no-color' 'version' 'h/help'
        case 'demo'
            __git-agents_parse_subcommand 1 'no-color' 'version' 'h/help'
        case 'config'
            __git-agents_parse_subcommand 1 'l/list' 'show-origin' 'json' 'no-color' 'version' 'h/help'
        case 'trust'
            __git-agents_parse_subcommand 0 'no-color' 'version' 'h/help'
        case 'hooks'
            __git-agents_parse_subcommand 1 'json' 'no-color' 'version' 'h/help'
        case 'doctor'
            __git-agents_parse_subcommand 0 'json' 'no-color' 'version' 'h/help'
        case 'send'
            __git-agents_parse_subcommand 1 'session=' 'to=' 'reply-to=' 'no-color' 'version' 'h/help'
        case 'inbox'
            __git-agents_parse_subcommand 0 'session=' 'f/follow' 'all' 'json' 'no-color' 'version' 'h/help'
        case 'push'
            __git-agents_parse_subcommand 1 'json' 'no-color' 'version' 'h/help'
        case 'fetch'
            __git-agents_parse_subcommand 1 'json' 'no-color' 'version' 'h/help'
        case 'help'
            __git-agents_parse_subcommand -r 1 'version'
        end
    end
end

function __git-agents_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __git-agents_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __git-agents_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __git-agents_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__git-agents_tokens -p)
    if test -z "$(__git-agents_tokens -t)"
        set -l index (count (__git-agents_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'git-agents' -f
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'init' -d 'Write a starter .gitagents (the seed\'s four roles, or what .kilocode/*.json lack) and detect installed agent CLIs.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'start' -d 'Plan a task, give each agent a branch and worktree, and run the agents in the background.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'status' -d 'Show a session: its agents\' status, progress and elapsed time, and recent activity.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'logs' -d 'Show the agents\' output, merged by time or for one agent.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'list' -d 'List the sessions of this repository, newest first.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'progress' -d 'Record an agent\'s progress and an activity line (run it from the agent\'s worktree).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'artifact' -d 'Share files between the agents of a session (put, get, list).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'stop' -d 'Stop one agent or the whole session (SIGTERM, then SIGKILL); work is committed to its branch.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'restart' -d 'Stop and relaunch one agent in its worktree; --fresh resets its branch to its base first.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'recreate' -d 'Remove and re-create an agent\'s broken or missing worktree from its branch.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'review' -d 'Summarise each agent\'s changes, review decisions and conflicts before merging (nothing is changed).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'diff' -d 'Show the agents\' changes against their base, as git diff shows them.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'conflicts' -d 'Show which agents conflict with the target and with each other, on which paths and lines.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'resolve' -d 'Resolve an agent\'s conflicts with the target branch in a resolution worktree.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'merge' -d 'Merge the approved agents into the target branch as one commit, or reject or send back one agent.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'cleanup' -d 'Remove a finished session\'s worktrees and merged agent branches, and archive its record.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'demo' -d 'Make a sample repository and run the seed\'s example session with a built-in scripted agent.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'config' -d 'Show the resolved configuration (defaults, .kilocode, .gitagents, git config) and its origins.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'trust' -d 'Trust the agent commands in .gitagents and .kilocode/*.json as they are now.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'hooks' -d 'Install, remove or show the git hooks that bring review and cleanup into plain git merge and push.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'doctor' -d 'Check libgit2, git, agent CLIs, configuration files, hooks, worktrees and sessions.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'send' -d 'Send a message to an agent, a role, the orchestrator or the person.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'inbox' -d 'Show the session\'s messages: an agent\'s own (to it or its role), or all of them for a person.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'push' -d 'Share this clone\'s sessions and notes through a remote.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'fetch' -d 'Fetch the sessions and notes other clones shared through a remote.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents init" force' -l 'force' -d 'Replace an existing .gitagents.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents init" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents init" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start"' -l 'role' -d 'Limit to, or assign, a role (repeatable).' -rfka '(__git-agents_custom_completion ---completion start -- --role (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" plan' -l 'plan' -d 'A JSON plan: {"agents": [{"name", "role", "task", "dependsOn"}]}.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'json\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" agent-cmd' -l 'agent-cmd' -d 'One agent command for every role: a preset or an argv template.' -rfka 'aider claude codex gemini kilocode opencode qwen'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" max-parallel' -l 'max-parallel' -d 'How many agents may run at once.' -rfka ''
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" batch-size' -l 'batch-size' -d 'Run the agents in waves of N.' -rfka ''
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" over' -l 'over' -d 'One agent per item of the base tree matching PATHSPEC (e.g. \'src/components/*\').' -rfka ''
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" base' -l 'base' -d 'The commit agents start from (default: HEAD).' -rfka '(__git-agents_custom_completion ---completion start -- --base (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" into' -l 'into' -d 'The branch results merge into (default: the branch checked out here).' -rfka '(__git-agents_custom_completion ---completion start -- --into (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" strategy' -l 'strategy' -d 'How results are merged: orchestrator-review, auto or manual.' -rfka 'orchestrator-review auto manual'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" timeout' -l 'timeout' -d 'Per-agent time limit, e.g. 30m or 2h.' -rfka ''
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" dry-run' -l 'dry-run' -d 'Print the plan and create nothing.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" wait' -l 'wait' -d 'Stay in the foreground with a live view; exit 0 when every agent succeeded, 1 otherwise.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents start" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents status" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion status -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents status" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents status" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents status" watch' -l 'watch' -d 'Refresh until every agent has ended (in place on a terminal).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents status" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents logs" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion logs -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents logs" agent' -l 'agent' -d 'Only this agent\'s lines.' -rfka '(__git-agents_custom_completion ---completion logs -- --agent (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents logs" f follow' -s 'f' -l 'follow' -d 'Keep printing new lines until every agent has ended.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents logs" last' -l 'last' -d 'Only the last N lines.' -rfka ''
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents logs" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents logs" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents logs" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents logs" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents list" all' -l 'all' -d 'Include cleaned-up and archived sessions.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents list" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents list" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents list" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents progress" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents progress" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents progress" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents artifact" -eq 1' -fa 'put' -d 'Put a file into the session record as an artifact of an agent\'s role.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents artifact" -eq 1' -fa 'get' -d 'Print an artifact (ROLE/NAME), or write it to a new file with -o.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents artifact" -eq 1' -fa 'list' -d 'List a session\'s artifacts: role, name, size, type, which agent put it and when.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact put" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion artifact put -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact put" agent' -l 'agent' -d 'The agent whose artifact this is (outside its worktree).' -rfka '(__git-agents_custom_completion ---completion artifact put -- --agent (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact put" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact put" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact put" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact get" o output' -l 'output' -s 'o' -d 'Write it to this new file instead of standard output.' -rfka ''
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact get" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion artifact get -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact get" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact get" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact get" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact list" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion artifact list -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact list" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact list" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact list" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents artifact list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents stop" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion stop -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents stop" agent' -l 'agent' -d 'Stop only this agent.' -rfka '(__git-agents_custom_completion ---completion stop -- --agent (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents stop" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents stop" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents stop" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents restart" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion restart -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents restart" agent' -l 'agent' -d 'The agent to restart.' -rfka '(__git-agents_custom_completion ---completion restart -- --agent (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents restart" fresh' -l 'fresh' -d 'Reset the agent\'s branch to its base first (its old head stays reachable through the session record).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents restart" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents restart" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents restart" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents recreate" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion recreate -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents recreate" agent' -l 'agent' -d 'The agent whose worktree to recreate.' -rfka '(__git-agents_custom_completion ---completion recreate -- --agent (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents recreate" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents recreate" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents recreate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents review" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion review -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents review" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents review" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents review" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents review" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents diff" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion diff -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents diff" agent' -l 'agent' -d 'Only this agent\'s changes, with no header line.' -rfka '(__git-agents_custom_completion ---completion diff -- --agent (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents diff" stat' -l 'stat' -d 'Show a diffstat (files changed, lines added and deleted) instead of the patch.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents diff" name-only' -l 'name-only' -d 'Show only the names of changed files.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents diff" no-pager' -l 'no-pager' -d 'Write to standard output even on a terminal.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents diff" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents diff" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents diff" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents conflicts" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion conflicts -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents conflicts" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents conflicts" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents conflicts" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents conflicts" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents resolve" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion resolve -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents resolve" agent' -l 'agent' -d 'The agent whose conflicts to resolve.' -rfka '(__git-agents_custom_completion ---completion resolve -- --agent (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents resolve" continue' -l 'continue' -d 'Record the resolution made in the resolution worktree.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents resolve" abort' -l 'abort' -d 'Remove the resolution worktree; nothing else changes.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents resolve" auto' -l 'auto' -d 'Let the orchestrator command resolve the conflicts (of --agent, else of every finished agent).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents resolve" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents resolve" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents resolve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents merge" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion merge -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents merge" approve' -l 'approve' -d 'Merge every approved agent (reviewing those not reviewed yet).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents merge" reject' -l 'reject' -d 'Leave this agent\'s work out (its branch stays).' -rfka '(__git-agents_custom_completion ---completion merge -- --reject (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents merge" request-changes' -l 'request-changes' -d 'Send this agent back to work with -m as feedback.' -rfka '(__git-agents_custom_completion ---completion merge -- --request-changes (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents merge" m message' -l 'message' -s 'm' -d 'The reason or feedback.' -rfka ''
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents merge" force' -l 'force' -d 'With --reject: leave the agents that depend on it as they are instead of blocking them.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents merge" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents merge" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents merge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents cleanup" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion cleanup -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents cleanup" keep-failed' -l 'keep-failed' -d 'Keep the worktrees and branches of failed and blocked agents, for debugging.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents cleanup" force' -l 'force' -d 'Also delete unmerged branches and worktrees with uncommitted changes; their work stays in the session record.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents cleanup" all' -l 'all' -d 'Clean up every finished session; running ones are skipped.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents cleanup" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents cleanup" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents cleanup" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents cleanup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents demo" -eq 1' -fa '(__git-agents_complete_directories)'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents demo" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents demo" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents demo" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents config" l list' -s 'l' -l 'list' -d 'List every resolved key and value.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents config" show-origin' -l 'show-origin' -d 'Show the layer and file each value came from.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents config" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents config" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents config" -eq 1' -fka '(__git-agents_custom_completion ---completion config -- positional@0 (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents config" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents trust" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents trust" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents trust" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents hooks" -eq 1' -fka 'install uninstall status'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents hooks" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents hooks" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents hooks" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents hooks" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents doctor" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents doctor" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents doctor" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents send" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion send -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents send" to' -l 'to' -d 'Who it is for: a role, an agent, orchestrator or person.' -rfka '(__git-agents_custom_completion ---completion send -- --to (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents send" reply-to' -l 'reply-to' -d 'The number of the message this answers.' -rfka ''
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents send" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents send" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents send" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents inbox" session' -l 'session' -d 'The session to act on (default: the newest session not cleaned up).' -rfka '(__git-agents_custom_completion ---completion inbox -- --session (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents inbox" f follow' -s 'f' -l 'follow' -d 'Keep printing new messages until the session ends.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents inbox" all' -l 'all' -d 'Every message of the session, not only the ones for this agent.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents inbox" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents inbox" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents inbox" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents inbox" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents push" -eq 1' -fka '(__git-agents_custom_completion ---completion push -- positional@0 (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents push" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents push" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents push" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents push" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_positional "git-agents fetch" -eq 1' -fka '(__git-agents_custom_completion ---completion fetch -- positional@0 (count (__git-agents_tokens -pc)) (__git-agents_tokens -tC))'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents fetch" json' -l 'json' -d 'Print machine-readable JSON instead of the human view.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents fetch" no-color' -l 'no-color' -d 'Never colour the output (NO_COLOR is honoured too).'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents fetch" version' -l 'version' -d 'Show the version.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents fetch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-agents' -n '__git-agents_should_offer_completions_for_flags_or_options "git-agents help" version' -l 'version' -d 'Show the version.'
