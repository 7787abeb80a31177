/*
 * test_util.c - main() for every Check suite and small shared helpers.
 */
#include "test_util.h"

#include "esession.h"
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

uint8_t *es_test_unhex(const char *hex, size_t *len)
{
	size_t n = strlen(hex);
	ck_assert_msg(n % 2 == 0, "odd-length hex string");
	uint8_t *out = malloc(n / 2 + 1);
	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(hex[2 * i]);
		int lo = hexval(hex[2 * i + 1]);
		ck_assert_msg(hi >= 0 && lo >= 0, "bad hex digit");
		out[i] = (uint8_t)(hi * 16 + lo);
	}
	*len = n / 2;
	return out;
}

char *es_test_source_path(const char *relative)
{
	const char *root = getenv("ESESSION_SOURCE_ROOT");
	ck_assert_msg(root != NULL, "ESESSION_SOURCE_ROOT is not set");
	size_t n = strlen(root) + 1 + strlen(relative) + 1;
	char *path = malloc(n);
	ck_assert_ptr_nonnull(path);
	snprintf(path, n, "%s/%s", root, relative);
	return path;
}

char *es_test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	ck_assert_int_ge(size, 0);
	ck_assert_int_eq(fseek(f, 0, SEEK_SET), 0);
	char *buf = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)size;
	return buf;
}

int main(void)
{
	esession_status st = esession_init(0);
	if (st != ESESSION_OK) {
		fprintf(stderr, "esession_init: %s\n", esession_strerror(st));
		return 1;
	}
	SRunner *runner = srunner_create(es_test_suite());
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	es_rng_close_for_exit();
	return failed == 0 ? 0 : 1;
}
