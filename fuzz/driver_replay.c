/*
 * driver_replay.c - a main() for the harnesses without a fuzzer: calls
 * LLVMFuzzerTestOneInput once on every file named on the command line and
 * on every regular file of every directory named there (in name order).
 * This is what `meson test` runs over fuzz/corpus/ and fuzz/regressions/,
 * and how a crash input is reproduced under a debugger or valgrind.
 *
 * Exit status: 0 when every input ran, 2 when a path cannot be read. A
 * harness that finds a defect aborts (or a sanitizer stops the process),
 * which fails the test.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		return 2;
	}
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap != 0 ? 2 * cap : 4096;
			uint8_t *bigger = realloc(buf, cap);
			if (bigger == NULL) {
				free(buf);
				fclose(f);
				fprintf(stderr, "%s: out of memory\n", path);
				return 2;
			}
			buf = bigger;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		free(buf);
		fprintf(stderr, "%s: read error\n", path);
		return 2;
	}
	/* An exactly sized copy lets ASan catch reads past the input. */
	uint8_t *exact = malloc(len != 0 ? len : 1);
	if (exact == NULL) {
		free(buf);
		return 2;
	}
	if (len != 0)
		memcpy(exact, buf, len);
	free(buf);
	fprintf(stderr, "replay %s (%zu bytes)\n", path, len);
	(void)LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		perror(dir);
		return 2;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue; /* ., .., and hidden files such as .gitkeep */
		if (n == cap) {
			cap = cap != 0 ? 2 * cap : 64;
			char **bigger = realloc(names, cap * sizeof *names);
			if (bigger == NULL) {
				rc = 2;
				break;
			}
			names = bigger;
		}
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		names[n] = malloc(len);
		if (names[n] == NULL) {
			rc = 2;
			break;
		}
		snprintf(names[n], len, "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (rc == 0 && stat(names[i], &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			rc = run_file(names[i]);
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		int rc;
		if (S_ISDIR(st.st_mode)) {
			rc = run_dir(argv[i], &count);
		} else {
			rc = run_file(argv[i]);
			count++;
		}
		if (rc != 0)
			return rc;
	}
	printf("%zu inputs replayed\n", count);
	return 0;
}
