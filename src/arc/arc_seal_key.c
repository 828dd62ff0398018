/*
 * arc_seal_key.c - the sealer's private key (RFC 8617 5.1): a PEM RSA key
 * file read once at start, refused when others may read it, and RSA of at
 * least 1024 bits (RFC 8301 3.2; 2048 recommended), and the rsa-sha256
 * signatures it makes (EVP_DigestSign).
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

/* arc_seal_sign - b= (base64, NUL-terminated) of rsa-sha256 over data */
int
arc_seal_sign(
    EVP_PKEY *key, const char *data, size_t len, char *out, size_t outsz)
{
	unsigned char sig[1024];
	size_t siglen = sizeof(sig);
	EVP_MD_CTX *md;
	int ok;

	if (EVP_PKEY_get_size(key) > (int)sizeof(sig) ||
	    outsz < ((size_t)EVP_PKEY_get_size(key) + 2) / 3 * 4 + 1)
		return -1;
	md = EVP_MD_CTX_new();
	if (md == NULL)
		return -1;
	ok = EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
	    EVP_DigestSign(
	        md, sig, &siglen, (const unsigned char *)data, len) == 1;
	EVP_MD_CTX_free(md);
	if (!ok)
		return -1;
	EVP_EncodeBlock((unsigned char *)out, sig, (int)siglen);
	return 0;
}
