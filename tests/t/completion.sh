# The bash completion (doc/bash-completion/dbdump) against a throwaway server:
# what it offers, and that what it puts on the line reaches dbdump as the
# argument it names (a mixed-case table keeps its double quotes).
#
# Bash is driven as readline drives it: COMP_LINE, COMP_POINT, COMP_WORDS and
# the word to complete ($2, readline's: the text after an open quote or after
# the last "=" or ":"); readline then puts the one candidate in place of
# that text, and the line is read back by the shell as dbdump would get it.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/completion.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi

source "$(dirname "$0")/lib.sh"

newdb shop
q shop "CREATE TABLE orders (id int PRIMARY KEY);
	CREATE TABLE \"OrderLines\" (order_id int, qty int);
	INSERT INTO \"OrderLines\" VALUES (1, 2);
	CREATE SCHEMA sales;
	CREATE TABLE sales.\"Big Table\" (v text);
	INSERT INTO sales.\"Big Table\" VALUES ('x');" >/dev/null
newdb "my shop"

# The completion asks psql, found in PATH, with libpq's environment (lib.sh's).
PATH=$PG_CLIENT_BINDIR:$PATH
# dbdump as the command on the line, as a user would have it.
PATH=$(dirname "$DBDUMP"):$PATH
source "$TOP_SRCDIR/doc/bash-completion/dbdump"

check_eq "$(complete -p dbdump)" "complete -F _dbdump dbdump" "the completion is registered for dbdump"

# rl_text LINE: readline's word to complete at the end of LINE (RL_TEXT) and
# where it starts (RL_START): after a quote left open, else after the last
# unquoted character of COMP_WORDBREAKS.
rl_text() {
	local line=$1 i c quote= qpos=-1
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ $quote == "'" ]]; then
			[[ $c == "'" ]] && quote=
			continue
		fi
		if [[ $c == \\ ]]; then
			((i++))
			continue
		fi
		if [[ $quote == '"' ]]; then
			[[ $c == '"' ]] && quote=
			continue
		fi
		[[ $c == "'" || $c == '"' ]] && quote=$c qpos=$i
	done
	RL_START=0
	if [[ -n $quote ]]; then
		RL_START=$((qpos + 1))
	else
		for ((i = ${#line} - 1; i >= 0; i--)); do
			c=${line:i:1}
			if [[ $COMP_WORDBREAKS == *"$c"* ]] && { ((i == 0)) || [[ ${line:i-1:1} != \\ ]]; }; then
				RL_START=$((i + 1))
				break
			fi
		done
	fi
	RL_TEXT=${line:RL_START}
}

# complete_line LINE [REST]: press TAB at the end of LINE (REST follows the
# cursor). Sets COMPREPLY, and ARGS to the arguments dbdump would get from
# the line readline makes with the one candidate (empty with several).
complete_line() {
	local line=$1 rest=${2:-} fn
	rl_text "$line"
	COMP_LINE=$line$rest COMP_POINT=${#line}
	read -r -a COMP_WORDS <<<"$line"
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	fn=$(complete -p dbdump | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
	COMPREPLY=()
	"$fn" dbdump "$RL_TEXT" ""
	ARGS=()
	if ((${#COMPREPLY[@]} == 1)); then
		eval "ARGS=(${line:0:RL_START}${COMPREPLY[0]}$rest)"
		ARGS=("${ARGS[@]:1}")
	fi
}

# offers LINE WORD MSG: completing LINE offers WORD among others.
offers() {
	complete_line "$1"
	local w
	for w in "${COMPREPLY[@]}"; do
		if [ "$w" = "$2" ]; then
			ok "$3"
			return
		fi
	done
	fail "$3" "completing [$1] offered: ${COMPREPLY[*]}"
}

# completes_to LINE ARG...: completing LINE gives dbdump exactly ARG...
completes_to() {
	local line=$1
	shift
	complete_line "$line"
	check_eq "$(printf '<%s>' "${ARGS[@]}")" "$(printf '<%s>' "$@")" \
		"[$line<TAB>] reaches dbdump as $*   (reply: ${COMPREPLY[*]})"
}

# ------------------------------------------------------------ options

complete_line "dbdump --schema-o"
check_eq "${COMPREPLY[*]}" "--schema-only" "--schema-only completes without '=' (it takes no value)"
complete_line "dbdump --data-o"
check_eq "${COMPREPLY[*]}" "--data-only" "--data-only completes without '='"
complete_line "dbdump --dump-m"
check_eq "${COMPREPLY[*]}" "--dump-mode=" "--dump-mode completes with '=' (it takes a value)"
complete_line "dbdump --userna"
check_eq "${COMPREPLY[*]}" "--username=" "--username completes"
complete_line "dbdump --dump-mode=sc"
check_eq "${COMPREPLY[*]}" "schema" "--dump-mode=VALUE completes its values"

# ------------------------------------------------------------ databases

offers "dbdump -s " shop "after -s, database names"
offers "dbdump -a " shop "after -a, database names"
offers "dbdump --clean -v " shop "after --clean -v, database names"
completes_to "dbdump -s sho" -s shop
completes_to "dbdump -a sho" -a shop
completes_to "dbdump my" "my shop"
complete_line "dbdump -h "
check_eq "${COMPREPLY[*]}" "" "after -h (a host comes next), no database names"

# ------------------------------------------------------------ tables

completes_to "dbdump shop ord" shop orders
completes_to 'dbdump shop "Or' shop '"OrderLines"'
completes_to "dbdump shop '\"Or" shop '"OrderLines"'
completes_to 'dbdump shop \"Or' shop '"OrderLines"'
completes_to 'dbdump shop public."Or' shop 'public."OrderLines"'
completes_to 'dbdump shop sales.' shop 'sales."Big Table"'
completes_to 'dbdump shop sales."Bi' shop 'sales."Big Table"'
completes_to 'dbdump shop -t "Or' shop -t '"OrderLines"'
completes_to 'dbdump shop --where="Or' shop '--where="OrderLines":'
completes_to 'dbdump shop --where=ord' shop '--where=orders:'
completes_to 'dbdump shop -n sa' shop -n sales

# The database named after the cursor counts too.
complete_line 'dbdump -t \"Or' " shop"
check_eq "$(printf '<%s>' "${ARGS[@]}")" '<-t><"OrderLines"><shop>' "-t completes the tables of the database named after it"

# What the completion puts on the line, dbdump takes: the table is found.
complete_line 'dbdump shop "Or'
run "$DBDUMP" "${ARGS[@]}"
dump_ok "dbdump ${ARGS[*]} (completed)"
check_contains "$out" 'public."OrderLines"' "the completed mixed-case table is the one dumped"
complete_line 'dbdump shop sales."Bi'
run "$DBDUMP" "${ARGS[@]}"
dump_ok "dbdump ${ARGS[*]} (completed)"
check_contains "$out" 'sales."Big Table"' "the completed name with a blank is the one dumped"

done_testing
