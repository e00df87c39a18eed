#!/bin/bash

__git-agents_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__git-agents_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__git-agents_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__git-agents_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_git-agents() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __git-agents_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    init|start|status|logs|list|progress|artifact|stop|restart|recreate|review|diff|conflicts|resolve|merge|cleanup|demo|config|trust|hooks|doctor|send|inbox|push|fetch|help)
        # Offer subcommand argument completions
        "_git-agents_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'init start status logs list progress artifact stop restart recreate review diff conflicts resolve merge cleanup demo config trust hooks doctor send inbox push fetch help' -- "${cur}"))
        ;;
    esac
}

_git-agents_init() {
    repeating_flags=()
    non_repeating_flags=(--force --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options 0
}

_git-agents_start() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --wait --no-color --version -h --help)
    repeating_options=(--role)
    non_repeating_options=(--plan --agent-cmd --max-parallel --batch-size --over --base --into --strategy --timeout)
    __git-agents_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--role')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion start -- --role "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--plan')
        __git-agents_add_completions -o plusdirs -fX '!*.@(json)'
        return
        ;;
    '--agent-cmd')
        __git-agents_add_completions -W 'aider'$'\n''claude'$'\n''codex'$'\n''gemini'$'\n''kilocode'$'\n''opencode'$'\n''qwen'
        return
        ;;
    '--max-parallel')
        return
        ;;
    '--batch-size')
        return
        ;;
    '--over')
        return
        ;;
    '--base')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion start -- --base "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--into')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion start -- --into "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--strategy')
        __git-agents_add_completions -W 'orchestrator-review'$'\n''auto'$'\n''manual'
        return
        ;;
    '--timeout')
        return
        ;;
    esac
}

_git-agents_status() {
    repeating_flags=()
    non_repeating_flags=(--json --no-color --watch --version -h --help)
    repeating_options=()
    non_repeating_options=(--session)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion status -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_logs() {
    repeating_flags=()
    non_repeating_flags=(-f --follow --json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session --agent --last)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion logs -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--agent')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion logs -- --agent "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--last')
        return
        ;;
    esac
}

_git-agents_list() {
    repeating_flags=()
    non_repeating_flags=(--all --json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options 0
}

_git-agents_progress() {
    repeating_flags=()
    non_repeating_flags=(--no-color --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options 2
}

_git-agents_artifact() {
    repeating_flags=()
    non_repeating_flags=(--no-color --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    put|get|list)
        # Offer subcommand argument completions
        "_git-agents_artifact_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'put get list' -- "${cur}"))
        ;;
    esac
}

_git-agents_artifact_put() {
    repeating_flags=()
    non_repeating_flags=(--no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session --agent)
    __git-agents_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion artifact put -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--agent')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion artifact put -- --agent "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_artifact_get() {
    repeating_flags=()
    non_repeating_flags=(--no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--output -o --session)
    __git-agents_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--output'|'-o')
        return
        ;;
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion artifact get -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_artifact_list() {
    repeating_flags=()
    non_repeating_flags=(--json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion artifact list -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_stop() {
    repeating_flags=()
    non_repeating_flags=(--no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session --agent)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion stop -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--agent')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion stop -- --agent "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_restart() {
    repeating_flags=()
    non_repeating_flags=(--fresh --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session --agent)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion restart -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--agent')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion restart -- --agent "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_recreate() {
    repeating_flags=()
    non_repeating_flags=(--no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session --agent)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion recreate -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--agent')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion recreate -- --agent "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_review() {
    repeating_flags=()
    non_repeating_flags=(--json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion review -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_diff() {
    repeating_flags=()
    non_repeating_flags=(--stat --name-only --no-pager --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session --agent)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion diff -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--agent')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion diff -- --agent "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_conflicts() {
    repeating_flags=()
    non_repeating_flags=(--json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion conflicts -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_resolve() {
    repeating_flags=()
    non_repeating_flags=(--continue --abort --auto --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session --agent)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion resolve -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--agent')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion resolve -- --agent "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_merge() {
    repeating_flags=()
    non_repeating_flags=(--approve --force --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session --reject --request-changes --message -m)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion merge -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--reject')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion merge -- --reject "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--request-changes')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion merge -- --request-changes "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--message'|'-m')
        return
        ;;
    esac
}

_git-agents_cleanup() {
    repeating_flags=()
    non_repeating_flags=(--keep-failed --force --all --json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion cleanup -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_demo() {
    repeating_flags=()
    non_repeating_flags=(--no-color --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-agents_add_completions -d
        return
        ;;
    esac
}

_git-agents_config() {
    repeating_flags=()
    non_repeating_flags=(-l --list --show-origin --json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion config -- positional@0 "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_trust() {
    repeating_flags=()
    non_repeating_flags=(--no-color --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options 0
}

_git-agents_hooks() {
    repeating_flags=()
    non_repeating_flags=(--json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-agents_add_completions -W 'install'$'\n''uninstall'$'\n''status'
        return
        ;;
    esac
}

_git-agents_doctor() {
    repeating_flags=()
    non_repeating_flags=(--json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options 0
}

_git-agents_send() {
    repeating_flags=()
    non_repeating_flags=(--no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session --to --reply-to)
    __git-agents_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion send -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--to')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion send -- --to "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    '--reply-to')
        return
        ;;
    esac
}

_git-agents_inbox() {
    repeating_flags=()
    non_repeating_flags=(-f --follow --all --json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=(--session)
    __git-agents_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--session')
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion inbox -- --session "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_push() {
    repeating_flags=()
    non_repeating_flags=(--json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion push -- positional@0 "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_fetch() {
    repeating_flags=()
    non_repeating_flags=(--json --no-color --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-agents_add_completions -W "$(__git-agents_custom_complete ---completion fetch -- positional@0 "${COMP_CWORD}" "$(__git-agents_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-agents_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __git-agents_offer_flags_options -1
}

complete -o filenames -F _git-agents git-agents

# `git agents <TAB>`: git's completion calls _git_agents for the subcommand `agents` (and has
# bash-completion load this file to define it). Complete as if `git-agents …` had been typed.
_git_agents() {
    # git counts `-c a=b` as one word where COMP_WORDS has three: find `agents` in ours.
    local -i index=${__git_cmd_idx:-1} i
    for ((i = index; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == agents ]] && { index=i; break; }
    done

    local line=$COMP_LINE word
    local -i point=$COMP_POINT
    for word in "${COMP_WORDS[@]::index + 1}"; do
        while [[ -n $line && $line != "$word"* ]]; do
            line=${line:1}
            ((point--))
        done
        line=${line#"$word"}
        ((point -= ${#word}))
    done

    # `git -C DIR agents …` and `git --git-dir=DIR agents …` complete from that repository, as git's own
    # commands do: the completion runs git-agents through git with the same options.
    local command=git-agents
    if ((${#__git_C_args[@]})) || [[ -n ${__git_dir-} ]]; then command=__git_agents_through_git; fi
    local -a COMP_WORDS=("$command" "${COMP_WORDS[@]:index + 1}")
    local -i COMP_CWORD=$((COMP_CWORD - index))
    local COMP_LINE="$command$line"
    local -i COMP_POINT=$((point + ${#COMP_WORDS[0]}))
    compopt +o nospace -o filenames 2>/dev/null
    _git-agents "$command" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
}

__git_agents_through_git() {
    git "${__git_C_args[@]}" ${__git_dir:+--git-dir="$__git_dir"} agents "$@"
}
