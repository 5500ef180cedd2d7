# bash completion for kpidesk(1): commands, their verbs and options, the
# values an option takes (formats, roles, KPI names, screens), and files.
# Installed into bash-completion's completionsdir; tests/cli/completion.sh
# checks it against `kpidesk help`.

_kpidesk_commands="init user config import check kpi export history source audit help demo"
_kpidesk_kpis="repeat-customers daily-trend monthly-trend regional-revenue top-spenders all"
_kpidesk_screens="home upload orders checks kpi history audit users"

# The verbs of a command (empty: it has none).
_kpidesk_verbs() {
	case $1 in
	user) echo "list add passwd roles disable enable unlock" ;;
	config) echo "list set" ;;
	import) echo "customers orders accept discard" ;;
	export) echo "request list approve reject write" ;;
	history) echo "list snapshot show verify diff files reexport months" ;;
	source) echo "list add remove query queries" ;;
	audit) echo "list verify anchor" ;;
	help) echo "$_kpidesk_commands" ;;
	esac
}

# The options of a command, --db and --help included.
_kpidesk_options() {
	case $1 in
	init) echo "--admin --tz --password-file" ;;
	user) echo "--role --password-file --format" ;;
	config) echo "--format" ;;
	import) echo "--user --password-file --rejects --accept-rejects --hold
	    --format --source --sqlite --query --saved-query
	    --source-password-file --amount-scope --source-tz --sheet
	    --encoding --jobs" ;;
	check) echo "--format" ;;
	kpi) echo "--as-of --format --out --chart --limit --period --raw" ;;
	export) echo "--user --approver --password-file
	    --approver-password-file --as-of --out --force" ;;
	history) echo "--format --kpi --user --password-file --export --out" ;;
	source) echo "--format" ;;
	audit) echo "--actor --user --action --since --until --format --anchor" ;;
	demo) echo "--reset --start" ;;
	esac
	echo "--db --help"
}

# Whether option $1 takes a value (the next word).
_kpidesk_takes_value() {
	case $1 in
	--db|--password-file|--approver-password-file|--rejects|--anchor|\
	--source-password-file|--sqlite|--out|--format|--role|--period|\
	--amount-scope|--encoding|--kpi|--start|--admin|--user|--approver|\
	--actor|--action|--tz|--source-tz|--sheet|--query|--saved-query|\
	--source|--as-of|--since|--until|--limit|--export|--jobs) return 0 ;;
	esac
	return 1
}

_kpidesk() {
	local cur prev cmd i words nargs
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	# The command: the first word that is not an option or its value;
	# nargs: the words after it so far that are neither.
	cmd=
	nargs=0
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) _kpidesk_takes_value "${COMP_WORDS[i]}" && ((i++)) ;;
		*)
			if [ -z "$cmd" ]; then
				cmd=${COMP_WORDS[i]}
			else
				((nargs++))
			fi ;;
		esac
	done

	# An option's value.
	case $prev in
	--db|--password-file|--approver-password-file|--rejects|--anchor|\
	--source-password-file|--sqlite)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--out)
		if [ "$cmd" = kpi ]; then
			COMPREPLY=($(compgen -d -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return ;;
	--format)
		case $cmd in
		kpi) words="table csv json" ;;
		*) words="table json" ;;
		esac
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return ;;
	--role) COMPREPLY=($(compgen -W "analyst approver auditor admin" -- "$cur")); return ;;
	--period) COMPREPLY=($(compgen -W "all day mtd 30d" -- "$cur")); return ;;
	--amount-scope) COMPREPLY=($(compgen -W "auto line order" -- "$cur")); return ;;
	--encoding) COMPREPLY=($(compgen -W "windows-1252 iso-8859-1" -- "$cur")); return ;;
	--jobs) COMPREPLY=($(compgen -W "1 2 3 4 5 6 7 8" -- "$cur")); return ;;
	--kpi) COMPREPLY=($(compgen -W "${_kpidesk_kpis% all}" -- "$cur")); return ;;
	--start) COMPREPLY=($(compgen -W "$_kpidesk_screens" -- "$cur")); return ;;
	--admin|--user|--approver|--actor|--action|--tz|--source-tz|--sheet|\
	--query|--saved-query|--source|--as-of|--since|--until|--limit|--export)
		return ;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --start --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_kpidesk_commands" -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_kpidesk_options "$cmd")" -- "$cur"))
		return
	fi
	# The first word after the command: its verb, or a KPI name.
	if [ "$nargs" -eq 0 ]; then
		case $cmd in
		kpi) COMPREPLY=($(compgen -W "$_kpidesk_kpis" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$(_kpidesk_verbs "$cmd")" -- "$cur")) ;;
		esac
		return
	fi
	# Further words: files where a verb takes one.
	case $cmd in
	import|history) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}

complete -F _kpidesk kpidesk
