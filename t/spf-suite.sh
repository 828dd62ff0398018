#!/bin/sh
# spf-suite.sh - the OpenSPF RFC 7208 test suite (and the RFC 4408 one where
# RFC 7208 kept the answer) through spf_check, the project resolver and a
# real nsd on loopback loaded with each scenario's zone data. One TAP line
# per suite test, named <scenario>/<test>; a summary "rfc7208: N/203 pass".
# Known divergences are listed in t/spf-suite.todo (reported as TODO, still
# counted as failures in the summary).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
py=/usr/bin/python3
"$py" -c 'import yaml' 2>/dev/null || skip_all "python3-yaml not installed"
driver="$top_builddir/t/spf-suite"
[ -x "$driver" ] || bail_out "t/spf-suite not built"
todo="$top_srcdir/t/spf-suite.todo"
data="$top_srcdir/t/data/spf"

# suite_nsd_start DIR - nsd for one scenario: every zone of DIR/zonelist
# (the root zone among them, which nsd_start cannot name) and a SERVFAIL
# zone (declared, file missing) for each origin in DIR/servfail. Sets
# NSD_PORT and NSD_PID.
suite_nsd_start() {
	_nd=$(mktemp -d "$T_TMP/nsd.XXXXXX") || bail_out "no nsd directory"
	nsd_conf_server "$_nd"
	{
		while IFS='	' read -r _o _f; do
			printf 'zone:\n  name: "%s"\n  zonefile: "%s/zones/%s"\n' \
			    "$_o" "$1" "$_f"
		done <"$1/zonelist"
		while read -r _o; do
			printf 'zone:\n  name: "%s"\n  zonefile: "%s/missing"\n' \
			    "$_o" "$_nd"
		done <"$1/servfail"
	} >>"$_nd/nsd.conf"
	nsd_run "$_nd"
}

# run_suite NAME YAML [GENERATOR-ARGS...] - every scenario of one suite
run_suite() {
	_name=$1 _yml=$2
	shift 2
	_out="$T_TMP/$_name"
	"$py" "$top_srcdir/t/spf-suite-zones.py" "$_yml" "$_out" "$@" ||
	    bail_out "zone generator failed for $_yml"
	: >"$T_TMP/$_name.tap"
	for _d in "$_out"/*/; do
		_scen=$(cat "$_d/name")
		suite_nsd_start "$_d"
		"$driver" "127.0.0.1@$NSD_PORT" "$_d/tests" "$_scen" "$todo" \
		    >>"$T_TMP/$_name.tap" || bail_out "driver failed in $_scen"
		kill "$NSD_PID" 2>/dev/null
		wait "$NSD_PID" 2>/dev/null
	done
	_all=$(grep -c '^\(not \)\{0,1\}ok' "$T_TMP/$_name.tap")
	_skip=$(grep -c '^ok .* # SKIP' "$T_TMP/$_name.tap")
	_pass=$(grep '^ok' "$T_TMP/$_name.tap" | grep -vc ' # SKIP')
	_todo=$(grep -c '^not ok .* # TODO' "$T_TMP/$_name.tap")
	# renumber: the driver prints unnumbered lines
	while IFS= read -r _l; do
		case $_l in
		ok*|not\ ok*)
			tap_n=$((tap_n + 1))
			case $_l in
			not\ ok*'# TODO'*) ;;
			not\ ok*) tap_failed=$((tap_failed + 1)) ;;
			esac
			printf '%s\n' "$_l" |
			    sed "s/^\(not \)\{0,1\}ok -/\1ok $tap_n -/"
			;;
		*) printf '%s\n' "$_l" ;;
		esac
	done <"$T_TMP/$_name.tap"
	diag "$_name: $_pass/$((_all - _skip)) pass ($_todo known divergences marked TODO, $_skip skipped)"
	echo "$_name: $_pass/$((_all - _skip)) pass" >>"$T_TMP/summary"
}

run_suite rfc7208 "$data/rfc7208-tests.yml"
run_suite rfc4408 "$data/rfc4408-tests.yml" --rfc4408-against \
    "$data/rfc7208-tests.yml"
diag "$(cat "$T_TMP/summary")"
done_testing
