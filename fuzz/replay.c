/*
 * replay.c - a plain main for any libFuzzer target: runs
 * LLVMFuzzerTestOneInput once for each file named on the command line, so
 * that make check replays the seed corpora (and every crash found and
 * saved there) without libFuzzer. Files over REPLAY_MAX octets are refused.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define REPLAY_MAX (16 * 1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* replay_file - run the target on the contents of path; 0 or -1 */
static int
replay_file(const char *path)
{
	FILE *f;
	uint8_t *buf, *exact;
	size_t len;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	if ((buf = malloc(REPLAY_MAX + 1)) == NULL) {
		fclose(f);
		return -1;
	}
	len = fread(buf, 1, REPLAY_MAX + 1, f);
	if (ferror(f) || len > REPLAY_MAX) {
		fprintf(stderr, "%s: unreadable or over %d octets\n", path,
		    REPLAY_MAX);
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	/* an exact-size copy lets ASan see a read past the input */
	if ((exact = realloc(buf, len ? len : 1)) != NULL)
		buf = exact;
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

/* main - replay every file given; exit 1 if one could not be read */
int
main(int argc, char *argv[])
{
	int i, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE...\n", argv[0]);
		return 1;
	}
	for (i = 1; i < argc; i++)
		if (replay_file(argv[i]) != 0)
			status = 1;
	return status;
}
