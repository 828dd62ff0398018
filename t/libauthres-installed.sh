#!/bin/sh
# libauthres-installed.sh - the installed library is usable as shipped:
# header, libauthres.pc and the shared library go to their places, a
# program outside the tree builds with `pkg-config --cflags --libs
# libauthres` and runs, and the .so exports only authres_* symbols, each
# with the version AUTHRES_1.
. "$top_srcdir/t/lib/common.sh"
command -v pkg-config >/dev/null 2>&1 || skip_all "pkg-config not installed"
command -v objdump >/dev/null 2>&1 || skip_all "objdump not installed"
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || skip_all "no C compiler ($CC)"

dest="$T_TMP/dest"
# install only libauthres' parts (never into srcdir: DESTDIR is ours)
make -s -C "$top_builddir" DESTDIR="$dest" install-libLTLIBRARIES \
    install-includeHEADERS install-pkgconfigDATA >"$T_TMP/install.log" 2>&1
rc=$?
ok $rc "make install of libauthres into a DESTDIR"
[ $rc -eq 0 ] || { diag "$(tail -20 "$T_TMP/install.log")"; done_testing; exit 1; }

pc=$(find "$dest" -name libauthres.pc | head -1)
hdr=$(find "$dest" -name authres.h | head -1)
so=$(find "$dest" -name 'libauthres.so.*' -type f | head -1)
ok $([ -n "$pc" ] && [ -n "$hdr" ] && [ -n "$so" ]; echo $?) \
    "libauthres.pc, authres.h and libauthres.so.N are installed"

# a DESTDIR install keeps the configured paths: let pkg-config prefix them
export PKG_CONFIG_PATH="${pc%/*}" PKG_CONFIG_SYSROOT_DIR="$dest"
flags=$(pkg-config --cflags --libs libauthres)
ok $? "pkg-config --cflags --libs libauthres: $flags"

san=
if objdump -p "$so" | grep -q 'NEEDED.*libasan'; then
	# a sanitizer build: the program must link the same runtimes
	san="-fsanitize=address,undefined"
fi
cat >"$T_TMP/ex.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <authres.h>

int
main(void)
{
	struct authres *ar, *back;
	char *s;

	if ((ar = authres_new("mx.example.org")) == NULL)
		return 1;
	authres_add_result(ar, "spf", AUTHRES_RESULT_PASS, NULL);
	authres_add_prop(ar, "smtp", "mailfrom", "a@b.example");
	if (authres_format(ar, AUTHRES_FORMAT_NAME, &s) != AUTHRES_OK)
		return 1;
	puts(s);
	if (authres_parse(s, strlen(s), AUTHRES_PARSE_STRICT, &back, NULL) !=
	    AUTHRES_OK)
		return 1;
	printf("equal=%d version=%s\n", authres_equal(ar, back),
	    authres_version());
	free(s);
	authres_free(back);
	authres_free(ar);
	return 0;
}
C
# shellcheck disable=SC2086
(cd "$T_TMP" && $CC $san -o ex ex.c $flags) >"$T_TMP/cc.log" 2>&1
rc=$?
ok $rc "an outside program compiles and links with those flags"
[ $rc -eq 0 ] || diag "$(cat "$T_TMP/cc.log")"
out=$(LD_LIBRARY_PATH="${so%/*}" "$T_TMP/ex" 2>&1)
like "$out" "^Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=a@b.example
equal=1 version=[0-9]+\.[0-9]+\.[0-9]+\$" "it runs against the installed library"
is "$(LD_LIBRARY_PATH="${so%/*}" ldd "$T_TMP/ex" | grep -c "${so%/*}/libauthres")" 1 \
    "it runs with the installed .so, not the build's"

# dynamic symbols defined by the .so: "ADDR FLAGS SECTION SIZE VERSION NAME"
objdump -T "$so" | grep -E '^[0-9a-f]{8,} ' | grep -v '\*UND\*' |
    awk '{ print $(NF-1), $NF }' >"$T_TMP/syms"
bad=$(grep -v -E '^AUTHRES_1 (authres_[a-z_]+|AUTHRES_1)$' "$T_TMP/syms")
is "$bad" "" "only authres_* symbols, all versioned AUTHRES_1"
want=$(grep -oE 'authres_[a-z_]+\(' "$hdr" | tr -d '(' | sort -u | tr '\n' ' ')
got=$(grep -oE 'authres_[a-z_]+$' "$T_TMP/syms" | sort -u | tr '\n' ' ')
is "$got" "$want" "every function declared in authres.h is exported, no more"
grep -q '^AUTHRES_1 authres_format$' "$T_TMP/syms"
ok $? "authres_format@@AUTHRES_1 is exported"
done_testing
