/*
 * key_test_util.h - helpers of the key-file suites: the fixed keys of
 * tests/keys/data/ (written by tests/keys/kat/make_keys.py with
 * python3-cryptography) and their expected components.
 */
#ifndef ES_TEST_KEY_TEST_UTIL_H
#define ES_TEST_KEY_TEST_UTIL_H

#include "test_util.h"

#include "esession.h"

/* The file tests/keys/data/<name>, malloc'ed (NUL-terminated beyond
 * *len). */
uint8_t *kt_load(const char *name, size_t *len);

/* Import tests/keys/data/<name>; asserts the exact status and returns the
 * key (NULL unless ESESSION_OK). */
esession_key *kt_import_file(const char *name, esession_status expected);

/* Assert that key holds the components listed in tests/keys/data/<stem>
 * .parts (python's values): every public one, and the private ones too
 * when `with_private`. RSA p and q are compared as prime1 < prime2. */
void kt_assert_parts(const esession_key *key, const char *stem,
                     int with_private);

/* Export of the key in file `from` as (container, encoding) must equal
 * the file `expected` byte for byte: DER is canonical and python writes
 * PEM as RFC 7468 does (64-character lines, LF). */
typedef struct kt_export_case {
	const char *from;
	esession_key_container container;
	esession_key_encoding encoding;
	const char *expected;
} kt_export_case;

extern const kt_export_case kt_exports[];
extern const size_t kt_exports_core;  /* one per export path */
extern const size_t kt_exports_count; /* all of them */

void kt_assert_export(const kt_export_case *c);

#endif
