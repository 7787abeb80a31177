/*
 * residue_spy.c - the measurement behind docs/keys.md "Memory": import an
 * RSA private key file in every form, export it in every container and
 * encoding, and report every heap block free()d while it still holds 16
 * bytes of d, p or q, with a backtrace naming the library that freed it.
 * Not part of the test suite (it interposes free(), which the sanitizers
 * and valgrind also do); run by hand:
 *
 *   cc -g -rdynamic -Iesession tests/keys/kat/residue_spy.c \
 *      BUILD/esession/libesession_internal.a \
 *      $(pkg-config --libs libgcrypt expat libtasn1) -ldl -o residue_spy
 *   ./residue_spy tests/keys/data
 *
 * Expected with libtasn1 4.19 and libgcrypt 1.10: no block freed from
 * libtasn1 or esession/keys; blocks freed inside libgcrypt
 * (gcry_pk_testkey, gcry_pk_sign, gcry_sexp_extract_param,
 * gcry_mpi_print).
 */
#define _GNU_SOURCE
#include "esession.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char needles[3][16];
static int armed, in_spy, hits;

void free(void *ptr)
{
	static void (*real)(void *);
	if (real == NULL)
		real = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	if (ptr != NULL && armed && !in_spy) {
		size_t n = malloc_usable_size(ptr);
		for (int i = 0; i < 3; i++) {
			if (n >= 16 && memmem(ptr, n, needles[i], 16)) {
				void *bt[8];
				in_spy = 1;
				int k = backtrace(bt, 8);
				fprintf(stderr,
				        "freed %zu-byte block with "
				        "secret bytes:\n",
				        n);
				backtrace_symbols_fd(bt + 1, k - 1, 2);
				hits++;
				in_spy = 0;
				break;
			}
		}
	}
	real(ptr);
}

static unsigned char *slurp(const char *dir, const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *buf = malloc((size_t)size + 1);
	*len = fread(buf, 1, (size_t)size, f);
	buf[*len] = 0;
	fclose(f);
	return buf;
}

/* 16 bytes from the middle of component `name` in the .parts text. */
static void needle(const char *parts, const char *name, unsigned char *out)
{
	char key[8];
	snprintf(key, sizeof(key), "\n%s ", name);
	const char *hex = strstr(parts, key);
	if (hex == NULL) {
		fprintf(stderr, "no %s in parts\n", name);
		exit(2);
	}
	hex += strlen(key) + 80; /* skip 40 bytes */
	for (int i = 0; i < 16; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/keys/data";
	static const char *const files[] = {
	    "rsa2048-pkcs8.pem", "rsa2048-pkcs8.der", "rsa2048-pkcs1.der",
	    "rsa2048-pkcs1.pem"};
	if (esession_init(0) != ESESSION_OK)
		return 2;
	size_t plen = 0;
	unsigned char *raw = slurp(dir, "rsa2048.parts", &plen);
	char *parts = malloc(plen + 2);
	parts[0] = '\n';
	memcpy(parts + 1, raw, plen + 1);
	needle(parts, "d", needles[0]);
	needle(parts, "p", needles[1]);
	needle(parts, "q", needles[2]);
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t len = 0;
		unsigned char *file = slurp(dir, files[f], &len);
		esession_key *key = NULL;
		armed = 1;
		if (esession_key_import(file, len, &key) != ESESSION_OK)
			return 2;
		for (int c = 1; c <= 3; c++) {
			for (int e = 1; e <= 2; e++) {
				uint8_t *out = NULL;
				size_t out_len = 0;
				if (esession_key_export(
				        key, (esession_key_container)c,
				        (esession_key_encoding)e, &out,
				        &out_len) == ESESSION_OK)
					esession_bytes_free(out, out_len);
			}
		}
		esession_key_free(key);
		armed = 0;
		free(file);
	}
	printf("%d block(s) freed holding secret bytes\n", hits);
	free(parts);
	free(raw);
	return 0;
}
