/*
 * arc_seal_key.c - the sealer's private key (RFC 8617 5.1): a PEM RSA key
 * file read once at start, refused when others may read it, and RSA of at
 * least 1024 bits (RFC 8301 3.2; 2048 recommended).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "arc/arc.h"

/* arc_seal_key_load - the key in path, or NULL with why in err */
EVP_PKEY *
arc_seal_key_load(const char *path, char *err, size_t errlen)
{
	struct stat st;
	EVP_PKEY *key;
	FILE *fp;

	fp = fopen(path, "r");
	if (fp == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) != 0 || (st.st_mode & S_IROTH) != 0) {
		snprintf(err, errlen, "%s: readable by others, refused", path);
		fclose(fp);
		return NULL;
	}
	key = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
	fclose(fp);
	if (key == NULL) {
		snprintf(err, errlen, "%s: not a PEM private key", path);
		return NULL;
	}
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA ||
	    EVP_PKEY_get_bits(key) < 1024) {
		snprintf(err, errlen, "%s: not RSA of 1024 bits or more", path);
		EVP_PKEY_free(key);
		return NULL;
	}
	return key;
}
