/*
 * arc-sealkey.c - the sealer's key file: a 0600 RSA key loads; one others
 * may read, a short RSA key, an EC key, garbage and a missing file are
 * refused with a reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "arc/arc.h"
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

/* main - the cases in a fresh temporary folder */
int
main(void)
{
	char dir[] = "/tmp/arc-sealkey.XXXXXX", p[256], err[512] = "";
	EVP_PKEY *k;
	FILE *fp;

	plan(6);
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
	return done_testing();
}
