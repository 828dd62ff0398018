/*
 * arc-sealkey.c - the sealer's key file: a 0600 RSA key loads; one others
 * may read, a short RSA key, an EC key, garbage and a missing file are
 * refused with a reason; a signature from arc_seal_sign verifies with the
 * verifier's key record parser and check, and not over other data; the
 * seal plan's i= and cv= (RFC 8617 5.1) and when it refuses.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "arc/arc.h"
#include "arc/arc_int.h"
#include "tap.h"

/* write_key - write key as PEM to a new file in dir with mode */
static void
write_key(const char *path, EVP_PKEY *key, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || key == NULL ||
	    PEM_write_PrivateKey(fp, key, NULL, NULL, 0, NULL, NULL) != 1)
		bail_out("cannot write %s", path);
	fclose(fp);
	if (chmod(path, mode) != 0)
		bail_out("chmod %s", path);
	EVP_PKEY_free(key);
}

/* refused - load path, expect NULL and a reason containing want */
static void
refused(const char *path, const char *want, const char *name)
{
	char err[512] = "";
	EVP_PKEY *k = arc_seal_key_load(path, err, sizeof(err));

	ok(k == NULL && strstr(err, want) != NULL, "%s (%s)", name, err);
	EVP_PKEY_free(k);
}

/* verifies - does b64 sign data under rec, by the verifier's code? */
static bool
verifies(const char *rec, const char *data, const char *b64)
{
	unsigned char sig[1024], dg[ARC_SHA256_LEN];
	char err[256];
	struct arc_key *ak = arc_key_parse(rec, strlen(rec), 1024, err, 256);
	struct arc_hash *h = arc_hash_new();
	long n = arc_base64_decode(b64, strlen(b64), sig, sizeof(sig));
	bool v;

	if (ak == NULL || h == NULL || n < 0)
		bail_out(
		    "verifier setup: %s", ak == NULL ? err : "hash/base64");
	arc_hash_update(h, data, strlen(data));
	if (arc_hash_final(h, dg) != 0) /* frees h */
		bail_out("hash");
	v = arc_key_verify(ak, dg, sig, (size_t)n);
	arc_key_unref(ak);
	return v;
}

/* test_sign - sign with a fresh 2048-bit key, check with its record */
static void
test_sign(void)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);
	unsigned char *der = NULL;
	char rec[1024] = "v=DKIM1; k=rsa; p=", b[400], small[100];
	int n = k == NULL ? -1 : i2d_PUBKEY(k, &der);
	const char *data = "arc-seal:i=1; a=rsa-sha256; cv=none; b=";

	if (n <= 0 || (size_t)n * 4 / 3 + 24 > sizeof(rec))
		bail_out("key generation");
	EVP_EncodeBlock((unsigned char *)rec + strlen(rec), der, n);
	OPENSSL_free(der);
	ok(arc_seal_sign(k, data, strlen(data), b, sizeof(b)) == 0 &&
	        verifies(rec, data, b),
	    "signature verifies");
	ok(!verifies(rec, "arc-seal:i=2", b), "not over other data");
	ok(arc_seal_sign(k, data, strlen(data), small, sizeof(small)) == -1,
	    "too small a buffer refused");
	EVP_PKEY_free(k);
}

/* test_plan - i= and cv= of the new set, and the refusals */
static void
test_plan(void)
{
	unsigned i = 0;
	const char *cv = "";

	ok(arc_seal_plan(ARC_CHAIN_NONE, 0, false, &i, &cv) == 0 && i == 1 &&
	        strcmp(cv, "none") == 0,
	    "no chain: i=1 cv=none");
	ok(arc_seal_plan(ARC_CHAIN_PASS, 2, false, &i, &cv) == 0 && i == 3 &&
	        strcmp(cv, "pass") == 0,
	    "pass at 2: i=3 cv=pass");
	ok(arc_seal_plan(ARC_CHAIN_FAIL, 1, false, &i, &cv) == 0 && i == 2 &&
	        strcmp(cv, "fail") == 0,
	    "fail at 1: i=2 cv=fail");
	ok(arc_seal_plan(ARC_CHAIN_PASS, 49, false, &i, &cv) == 0 && i == 50,
	    "pass at 49: i=50");
	ok(arc_seal_plan(ARC_CHAIN_PASS, 50, false, &i, &cv) == -1,
	    "at i=50: no seal");
	ok(arc_seal_plan(ARC_CHAIN_FAIL, 1, true, &i, &cv) == -1,
	    "failed by our DNS trouble: no seal");
}

/* test_values - the AAR and ARC-Seal values, and too small a buffer */
static void
test_values(void)
{
	char b[200], small[20];

	ok(arc_seal_aar(2, "mx.example; spf=pass smtp.mailfrom=a.example", b,
	       sizeof(b)) == 0 &&
	        strcmp(b,
	            "i=2; mx.example; spf=pass smtp.mailfrom=a.example") == 0,
	    "AAR value");
	ok(arc_seal_as_value(
	       2, "pass", "d.example", "sel", 12345, b, sizeof(b)) == 0 &&
	        strcmp(b,
	            "i=2; a=rsa-sha256; t=12345; cv=pass; d=d.example; "
	            "s=sel; b=") == 0,
	    "ARC-Seal value");
	ok(arc_seal_aar(2, "mx.example; none", small, sizeof(small)) == -1 &&
	        arc_seal_as_value(2, "pass", "d.example", "sel", 1, small,
	            sizeof(small)) == -1,
	    "too small a buffer refused");
}

/* main - the cases in a fresh temporary folder */
int
main(void)
{
	char dir[] = "/tmp/arc-sealkey.XXXXXX", p[256], err[512] = "";
	EVP_PKEY *k;
	FILE *fp;

	plan(18);
	if (mkdtemp(dir) == NULL)
		bail_out("mkdtemp");
	snprintf(p, sizeof(p), "%s/good", dir);
	write_key(p, EVP_RSA_gen(1024), 0600);
	k = arc_seal_key_load(p, err, sizeof(err));
	ok(k != NULL && EVP_PKEY_get_bits(k) == 1024, "0600 RSA 1024 loads");
	EVP_PKEY_free(k);
	chmod(p, 0644);
	refused(p, "readable by others", "0644 refused");
	unlink(p);
	snprintf(p, sizeof(p), "%s/short", dir);
	write_key(p, EVP_RSA_gen(512), 0600);
	refused(p, "1024 bits", "RSA 512 refused");
	unlink(p);
	snprintf(p, sizeof(p), "%s/ec", dir);
	write_key(p, EVP_EC_gen("P-256"), 0600);
	refused(p, "not RSA", "EC key refused");
	unlink(p);
	snprintf(p, sizeof(p), "%s/junk", dir);
	fp = fopen(p, "w");
	if (fp == NULL)
		bail_out("cannot write %s", p);
	fputs("not a key\n", fp);
	fclose(fp);
	chmod(p, 0600);
	refused(p, "not a PEM", "garbage refused");
	unlink(p);
	refused(p, "No such file", "missing file refused");
	rmdir(dir);
	test_sign();
	test_plan();
	test_values();
	return done_testing();
}
