/*
 * test_util.h - helpers shared by the Check suites.
 *
 * Every suite file defines `Suite *es_test_suite(void)`; test_util.c owns
 * main(), initialises the library once and runs the suite.
 */
#ifndef ES_TEST_UTIL_H
#define ES_TEST_UTIL_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

Suite *es_test_suite(void);

/*
 * Decode a lowercase or uppercase hex string into a malloc'ed buffer.
 * Aborts the test on malformed hex. *len receives the byte count.
 */
uint8_t *es_test_unhex(const char *hex, size_t *len);

/* Path of a file in the source tree (ESESSION_SOURCE_ROOT/relative). */
char *es_test_source_path(const char *relative);

/* Read a whole file into a malloc'ed NUL-terminated buffer. */
char *es_test_read_file(const char *path, size_t *len);

#define ck_assert_status(expr, expected)                                      \
	do {                                                                  \
		esession_status ck_st_ = (expr);                              \
		ck_assert_msg(ck_st_ == (expected),                           \
		              "%s returned %d (%s), expected %d (%s)", #expr, \
		              (int)ck_st_, esession_strerror(ck_st_),         \
		              (int)(expected), esession_strerror(expected));  \
	} while (0)

#define ck_assert_mem_hex(buf, len, hex)                         \
	do {                                                     \
		size_t ck_hl_ = 0;                               \
		uint8_t *ck_hb_ = es_test_unhex((hex), &ck_hl_); \
		ck_assert_uint_eq((len), ck_hl_);                \
		ck_assert_mem_eq((buf), ck_hb_, ck_hl_);         \
		free(ck_hb_);                                    \
	} while (0)

#endif
