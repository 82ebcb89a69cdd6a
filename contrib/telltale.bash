# SPDX-License-Identifier: Apache-2.0
# bash completion for telltale: commands, recipients subcommands, each command's options
# (read from its own --help, so they cannot drift from it), document ids for DOC arguments
# and recipient names after --to/--recipient.  Installed by `make install` into
# $(PREFIX)/share/bash-completion/completions/telltale.
_telltale() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local cmd="" i vault=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --vault) vault=(--vault "${COMP_WORDS[i+1]}"); ((i++)) ;;
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$(telltale --help 2>/dev/null | awk '/^Commands:/{f=1;next} /^$/{f=0} f{print $1}') --vault --json --help --version" -- "$cur"))
        return
    fi
    case $prev in
        --to|--recipient)
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(telltale "${vault[@]}" recipients list --json 2>/dev/null | sed -n 's/.*"name":"\([^"]*\)".*/\1/p')" -- "$cur"))
            return ;;
        --html|--out|--canary|--sig|--baseline|--vault) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(telltale "$cmd" --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
        return
    fi
    if [[ $cmd == recipients && $prev == recipients ]]; then
        COMPREPLY=($(compgen -W "add import list show rename update retire remove" -- "$cur"))
        return
    fi
    case $cmd in
        show|retire|slots|issue|copies)
            COMPREPLY=($(compgen -W "$(telltale "${vault[@]}" docs --json 2>/dev/null | sed -n 's/.*"doc":"\([^"]*\)".*/\1/p')" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
}
complete -F _telltale telltale
