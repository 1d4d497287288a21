# The option table (src/options.c) against what documents it: --help, the man
# page and the bash completion; so that an option added, renamed or given an
# argument in one place and not the others fails here, naming the option and
# the place. Also how the man page renders, and --help's and --version's
# GNU-style lines.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. TOP_BUILDDIR=. bash tests/t/docs.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi

source "$(dirname "$0")/lib.sh"

TOP_BUILDDIR=${TOP_BUILDDIR:-$(dirname "$DBDUMP")/..}
TABLE_PROG=$TOP_BUILDDIR/tests/options_table
MAN_IN=$TOP_SRCDIR/doc/dbdump.1.in
MAN=$TOP_BUILDDIR/doc/dbdump.1
COMPLETION=$TOP_SRCDIR/doc/bash-completion/dbdump

# ------------------------------------------------------------ the option table

# long[NAME]=none|required|optional, short_of[NAME]=letter or "-";
# short[LETTER]=none|required|optional
declare -A long=() short_of=() short=()
if ! "$TABLE_PROG" >"$TEST_TMP/table"; then
	fail "the option table can be read ($TABLE_PROG)"
	done_testing
fi
while read -r name kind letter; do
	case $name in
	--*)
		long[${name#--}]=$kind
		short_of[${name#--}]=$letter
		;;
	-?) short[${name#-}]=$kind ;;
	esac
done <"$TEST_TMP/table"
if [ ${#long[@]} -ge 40 ] && [ ${#short[@]} -ge 15 ]; then
	ok "the option table has ${#long[@]} long and ${#short[@]} short options"
else
	fail "the option table has its options" "$(cat "$TEST_TMP/table")"
fi

# kind_word KIND: how a message says it.
kind_word() {
	case $1 in
	none) echo "takes no argument" ;;
	required) echo "takes an argument" ;;
	optional) echo "takes an optional argument" ;;
	esac
}

# compare WHERE: the options found in WHERE (doc_long, doc_short, doc_pair,
# filled by the caller) against the table. One assertion each way, whose
# failure lists every option missing, extra or different, and where.
compare() {
	local where=$1 name letter problems=()
	for name in $(printf '%s\n' "${!long[@]}" | sort); do
		if [ -z "${doc_long[$name]+set}" ]; then
			problems+=("--$name ($(kind_word "${long[$name]}")) is in the option table but not in $where")
			continue
		fi
		if [ "${doc_long[$name]}" != "${long[$name]}" ]; then
			problems+=("--$name $(kind_word "${long[$name]}") in the option table, but $where shows it as one that $(kind_word "${doc_long[$name]}" | sed 's/^takes/takes/')")
		fi
		letter=${short_of[$name]}
		if [ "$letter" != - ] && [ "${doc_pair[$name]:-}" != "$letter" ]; then
			problems+=("--$name is -$letter in the option table, but $where does not give -$letter with it")
		fi
	done
	for letter in $(printf '%s\n' "${!short[@]}" | sort); do
		if [ -z "${doc_short[$letter]+set}" ]; then
			problems+=("-$letter ($(kind_word "${short[$letter]}")) is in the option table but not in $where")
		fi
	done
	if [ ${#problems[@]} -eq 0 ]; then
		ok "$where documents every option of the option table, with its argument"
	else
		fail "$where documents every option of the option table, with its argument" "${problems[@]}"
	fi
	problems=()
	for name in $(printf '%s\n' "${!doc_long[@]}" | sort); do
		[ -n "${long[$name]+set}" ] || problems+=("--$name is in $where but not in the option table")
	done
	for letter in $(printf '%s\n' "${!doc_short[@]}" | sort); do
		[ -n "${short[$letter]+set}" ] || problems+=("-$letter is in $where but not in the option table")
	done
	if [ ${#problems[@]} -eq 0 ]; then
		ok "$where documents no option the option table lacks"
	else
		fail "$where documents no option the option table lacks" "${problems[@]}"
	fi
}

# ------------------------------------------------------------ --help

run "$DBDUMP" --help
check_status "$status" 0 "--help exits 0"
check_eq "$err" "" "--help writes nothing on stderr"
cp "$TEST_TMP/out" "$TEST_TMP/help"

# An option entry is a line that starts with two to six blanks and a dash;
# its option column ends at the first two blanks: "  -h, --host=HOST   ...".
declare -A doc_long=() doc_short=() doc_pair=()
while IFS= read -r line; do
	[[ $line =~ ^\ {2,6}(-[^\ ].*)$ ]] || continue
	column=${BASH_REMATCH[1]}
	column=${column%%  *}
	kind=none
	[[ $column == *--*=* ]] && kind=required
	[[ $column == *--*\[=* ]] && kind=optional
	letters=()
	for term in ${column//,/ }; do
		case $term in
		--*) name=${term#--} name=${name%%[=[]*} doc_long[$name]=$kind ;;
		-?) doc_short[${term#-}]=$kind letters+=("${term#-}") ;;
		esac
	done
	for term in ${column//,/ }; do
		[[ $term == --* ]] || continue
		name=${term#--} name=${name%%[=[]*}
		# The letter paired with a long option: the one the table gives it,
		# if the entry lists it.
		for l in "${letters[@]}"; do
			[ "$l" = "${short_of[$name]:-}" ] && doc_pair[$name]=$l
		done
	done
done <"$TEST_TMP/help"
compare "--help"

# A short option's argument in --help is its entry's.
problems=()
for letter in "${!short[@]}"; do
	if [ -n "${doc_short[$letter]+set}" ] && [ "${doc_short[$letter]}" != "${short[$letter]}" ]; then
		problems+=("-$letter $(kind_word "${short[$letter]}") in the option table, but --help shows one that $(kind_word "${doc_short[$letter]}")")
	fi
done
if [ ${#problems[@]} -eq 0 ]; then
	ok "--help shows each short option's argument as the table has it"
else
	fail "--help shows each short option's argument as the table has it" "${problems[@]}"
fi

# GNU's --help: the usage line, mandatory arguments, exit statuses, bugs.
bugs=$(sed -n 's/^AC_INIT(\[dbdump\], *\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$TOP_SRCDIR/configure.ac")
if [ -n "$bugs" ]; then
	ok "configure.ac's AC_INIT gives a bug-report address ($bugs)"
else
	fail "configure.ac's AC_INIT gives a bug-report address" "$(grep AC_INIT "$TOP_SRCDIR/configure.ac")"
fi
check_eq "$(head -n 1 "$TEST_TMP/help")" "Usage: dbdump [OPTION]... [DBNAME [TABLE]...]" "--help: the first usage line"
check_eq "$(grep -c '^Exit status: 0 when the whole dump was written, 1 for any other failure,$' "$TEST_TMP/help")" 1 \
	"--help: exit status line for 0 and 1"
check_eq "$(grep -c '^2 for a usage error, 130 or 143 when interrupted by SIGINT or SIGTERM\.$' "$TEST_TMP/help")" 1 \
	"--help: exit status line for 2, 130 and 143"
check_eq "$(tail -n 1 "$TEST_TMP/help")" "Report bugs to: $bugs" "--help ends with the bug-report address from AC_INIT"

# ------------------------------------------------------------ --version

version=$(sed -n 's/^AC_INIT(\[dbdump\], *\[\([^]]*\)\].*/\1/p' "$TOP_SRCDIR/configure.ac")
if [[ $version =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]]; then
	ok "configure.ac's AC_INIT gives a version ($version)"
else
	fail "configure.ac's AC_INIT gives a version" "read: '$version'"
fi
run "$DBDUMP" --version
check_status "$status" 0 "--version exits 0"
check_eq "$err" "" "--version writes nothing on stderr"
check_eq "$(sed -n 1p "$TEST_TMP/out")" "dbdump $version" "--version: first line is 'dbdump VERSION', from AC_INIT"
check_eq "$(grep -c '^Copyright (C) [0-9]\{4\}' "$TEST_TMP/out")" 1 "--version has a copyright line"
check_eq "$(grep -c '^License ' "$TEST_TMP/out")" 1 "--version has a licence line"
check_eq "$(grep -c '^There is NO WARRANTY, to the extent permitted by law\.$' "$TEST_TMP/out")" 1 \
	"--version has GNU's warranty line"
check_eq "$(tail -n 1 "$TEST_TMP/out")" "Report bugs to: $bugs" "--version ends with the bug-report address"

# ------------------------------------------------------------ the man page

# Options are the tags of .TP entries: the line after .TP, such as
# .BR \-h ", " \-\-host =\fIHOST\fR  (an argument follows the name with "=").
doc_long=() doc_short=() doc_pair=()
tags=$(awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' "$MAN_IN" | sed 's/\\-/-/g')
while IFS= read -r tag; do
	[[ $tag == *-* ]] || continue
	letters=()
	rest=$tag
	while [[ $rest =~ (^|[\ \"])(--?[A-Za-z0-9][-A-Za-z0-9]*)(\ ?=)?(.*)$ ]]; do
		term=${BASH_REMATCH[2]}
		kind=none
		[ -n "${BASH_REMATCH[3]}" ] && kind=required
		rest=${BASH_REMATCH[4]}
		if [[ $term == --* ]]; then
			name=${term#--}
			doc_long[$name]=$kind
			for l in "${letters[@]}"; do
				[ "$l" = "${short_of[$name]:-}" ] && doc_pair[$name]=$l
			done
		elif [[ ${#term} -eq 2 ]]; then
			doc_short[${term#-}]=$kind
			letters+=("${term#-}")
		fi
	done
done <<<"$tags"
compare "the man page (doc/dbdump.1.in)"

# configure fills in the version and the date.
if [ -f "$MAN" ]; then
	th=$(grep '^\.TH ' "$MAN")
	check_eq "$th" ".TH DBDUMP 1 \"$(sed -n 's/^AC_SUBST(\[RELEASE_DATE\], *\[\([^]]*\)\]).*/\1/p' "$TOP_SRCDIR/configure.ac")\" \"dbdump $version\" \"User Commands\"" \
		"the man page's .TH carries configure's date and version"
	left=$(grep -o '@[A-Z_]*@' "$MAN" | sort -u | tr '\n' ' ')
	check_eq "$left" "" "configure left no @VARIABLE@ in the man page"
else
	fail "configure made the man page ($MAN)"
fi

# How it renders: psql's backslash commands, and the paragraph that goes on
# after an example inside an option's entry keeps the entry's indent.
if command -v groff >/dev/null; then
	groff -man -Tutf8 -rLL=80n -P-cbou "$MAN" >"$TEST_TMP/man.txt" 2>"$TEST_TMP/groff.err"
	rendered=$(tr -s ' \n' '  ' <"$TEST_TMP/man.txt")
	check_contains "$rendered" "run by psql's \\gexec," "the man page renders \\gexec"
	check_contains "$rendered" "a \\connect to it" "the man page renders \\connect"
	# (words as a pattern: groff may justify a line with double spaces, on
	# alternate sides from line to line, so any edit above may move them)
	indent_of() { grep -m 1 -E -- "${1// / +}" "$TEST_TMP/man.txt" | sed 's/[^ ].*//' | wc -c; }
	check_eq "$(indent_of 'On CockroachDB every database but')" "$(indent_of 'Dump every database that')" \
		"the paragraph after the --all-databases example keeps the entry's indent"
	check_eq "$(cat "$TEST_TMP/groff.err")" "" "groff renders the man page without warnings"
else
	fail "groff is installed to render the man page (scripts/deps)"
fi

# ------------------------------------------------------------ the completion

# What the completion offers for "dbdump --": every long option, with "="
# when it needs an argument. After an option: database names only when the
# option takes no argument (the next word is then DBNAME).
q postgres "CREATE DATABASE docs_db" >/dev/null
cat >"$TEST_TMP/complete.sh" <<'EOF'
source "$1"
shift
# complete WORD...: COMPREPLY for the line "WORD... " with the cursor at its end.
complete_words() {
	COMP_LINE="$* " COMP_POINT=${#COMP_LINE}
	COMP_WORDS=("$@" "") COMP_CWORD=$#
	COMPREPLY=()
	_dbdump dbdump "" "${!#}"
}
COMP_LINE="dbdump --" COMP_POINT=9 COMP_WORDS=(dbdump --) COMP_CWORD=1
COMPREPLY=()
_dbdump "$DBDUMP" -- dbdump
printf 'LONG %s\n' "${COMPREPLY[@]}"
for opt in "$@"; do
	complete_words "$DBDUMP" "$opt"
	for w in "${COMPREPLY[@]}"; do
		[ "$w" = docs_db ] && printf 'AFTER %s offers-databases\n' "$opt"
	done
done
EOF
after=()
for name in "${!long[@]}"; do after+=("--$name"); done
for letter in "${!short[@]}"; do after+=("-$letter"); done
(cd "$TEST_TMP" && bash "$TEST_TMP/complete.sh" "$COMPLETION" "${after[@]}") >"$TEST_TMP/completion.out" 2>&1
doc_long=() doc_short=() doc_pair=()
while read -r what word rest; do
	case $what in
	LONG)
		name=${word#--}
		kind=none
		[[ $name == *= ]] && kind=required
		doc_long[${name%=}]=$kind
		;;
	esac
done <"$TEST_TMP/completion.out"
# Pairing and short options: what completes after each one.
problems=()
for name in "${!long[@]}"; do
	[ "${short_of[$name]}" != - ] && doc_pair[$name]=${short_of[$name]}
done
for letter in "${!short[@]}"; do
	doc_short[$letter]=${short[$letter]}
done
compare "the bash completion (doc/bash-completion/dbdump, which reads --help)"
for opt in "${after[@]}"; do
	# --verify FILE [DBNAME]: the word after it is a file, and completes as one.
	[ "$opt" = --verify ] && continue
	if [[ $opt == --* ]]; then kind=${long[${opt#--}]}; else kind=${short[${opt#-}]}; fi
	offers=no
	grep -qx "AFTER $opt offers-databases" "$TEST_TMP/completion.out" && offers=yes
	if [ "$kind" = required ] && [ $offers = yes ]; then
		problems+=("$opt takes an argument, but the completion offers database names after it")
	elif [ "$kind" != required ] && [ $offers = no ]; then
		problems+=("$opt takes no argument in the next word, but the completion offers no database name after it")
	fi
done
if [ ${#problems[@]} -eq 0 ]; then
	ok "the bash completion knows which options take the next word as their argument"
else
	fail "the bash completion knows which options take the next word as their argument" "${problems[@]}" \
		"completion output: $(head -c 1500 "$TEST_TMP/completion.out")"
fi

done_testing
