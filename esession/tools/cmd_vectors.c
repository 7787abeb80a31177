/*
 * cmd_vectors.c - `esession vectors`: write and replay the test vectors
 * (vectors/README.md).
 *
 *   esession vectors generate [--out DIR] [FILE...]
 *       write every vector file (or only the named ones) into DIR
 *       (default: the current directory).
 *   esession vectors verify FILE...
 *       rerun every test of each file from its recorded inputs through the
 *       library, in both roles, and require the recorded outputs byte for
 *       byte (invalid tests: the recorded status, error and field).
 *
 * Exit status: 0 all good, 1 a failure, 2 usage.
 */
#include "commands.h"
#include "vectors.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: esession vectors generate [--out DIR] "
	                "[FILE...]\n"
	                "       esession vectors verify FILE...\n");
	return 2;
}

static bool known_name(const char *name)
{
	for (size_t i = 0; vx_file_names[i] != NULL; i++)
		if (strcmp(vx_file_names[i], name) == 0)
			return true;
	return false;
}

static int write_one(const char *dir, const char *name)
{
	vj *file = vx_generate_file(name);
	if (file == NULL) {
		fprintf(stderr, "vectors: %s: generation failed\n", name);
		return 1;
	}
	vj_buf text = {0};
	vx_write_file(file, &text);
	vj_free(file);
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	int rc = 0;
	if (f == NULL || fwrite(text.data, 1, text.len, f) != text.len) {
		fprintf(stderr, "vectors: %s: %s\n", path, strerror(errno));
		rc = 1;
	}
	if (f != NULL && fclose(f) != 0)
		rc = 1;
	vj_buf_free(&text);
	if (rc == 0)
		printf("wrote %s\n", path);
	return rc;
}

static int generate(int argc, char **argv)
{
	const char *dir = ".";
	int first = argc;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else if (argv[i][0] == '-') {
			return usage();
		} else {
			first = i;
			break;
		}
	}
	int rc = 0;
	if (first == argc) {
		for (size_t i = 0; vx_file_names[i] != NULL; i++)
			rc |= write_one(dir, vx_file_names[i]);
		return rc;
	}
	for (int i = first; i < argc; i++) {
		if (!known_name(argv[i])) {
			fprintf(stderr, "vectors: unknown file %s\n", argv[i]);
			return 2;
		}
		rc |= write_one(dir, argv[i]);
	}
	return rc;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	vj_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		vj_buf_add(&b, chunk, n);
	bool err = ferror(f) != 0;
	fclose(f);
	if (err) {
		vj_buf_free(&b);
		return NULL;
	}
	vj_buf_add(&b, "", 0);
	*len = b.len;
	return b.data;
}

static int verify(int argc, char **argv)
{
	if (argc == 0)
		return usage();
	int rc = 0;
	for (int i = 0; i < argc; i++) {
		size_t len = 0, err = 0, n_tests = 0;
		char *text = read_all(argv[i], &len);
		vj *file = NULL;
		if (text == NULL) {
			fprintf(stderr, "vectors: %s: %s\n", argv[i],
			        strerror(errno));
			rc = 1;
			continue;
		}
		if (!vj_parse(text, len, &file, &err)) {
			fprintf(stderr, "vectors: %s: JSON error at byte %zu\n",
			        argv[i], err);
			free(text);
			rc = 1;
			continue;
		}
		free(text);
		printf("%s:\n", argv[i]);
		fflush(stdout);
		size_t failures = vx_verify_file(file, stdout, &n_tests);
		printf("  %zu tests, %zu failed\n", n_tests, failures);
		vj_free(file);
		if (failures > 0)
			rc = 1;
	}
	return rc;
}

int es_cmd_vectors(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "generate") == 0)
		return generate(argc - 2, argv + 2);
	if (strcmp(argv[1], "verify") == 0)
		return verify(argc - 2, argv + 2);
	return usage();
}
