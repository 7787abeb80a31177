/*
 * cmd_keygen.c - `esession keygen`: create an identity key for XEP-0116
 * public-key identification and write it to files.
 *
 *   esession keygen --type rsa|dsa [--bits N] --out FILE
 *                   [--public-out FILE] [--format pem|der] [--force]
 *
 * The private key is written as unencrypted PKCS#8 (RFC 5208), the public
 * key as SubjectPublicKeyInfo (RFC 5280), both PEM unless --format der.
 * The library only produces bytes (esession_key_export); this tool does
 * the file I/O. The private key file is created with mode 0600 and
 * O_EXCL, so an existing file is never overwritten (nor a symlink
 * followed) unless --force is given, which removes the old file first
 * instead of truncating it in place (truncation would keep its old,
 * possibly wider, permissions). Prints the SHA-256 fingerprint of the
 * public key (XEP-0116 §"ESession Request": HASH of the Normalized
 * <KeyValue/>), the value a peer sees in a `hash` negotiation.
 */
#include "commands.h"
#include "esession.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Default sizes: RSA 3072 bits (NIST SP 800-57 128-bit strength); DSA
 * 2048 bits with q of 256 bits, since a 3072-bit DSA domain takes tens of
 * seconds to generate. --bits 3072 gives that. */
#define KEYGEN_RSA_DEFAULT_BITS 3072u
#define KEYGEN_DSA_DEFAULT_BITS 2048u

static void keygen_usage(FILE *out)
{
	fprintf(out,
	        "usage: esession keygen --type rsa|dsa [--bits N] --out FILE\n"
	        "                       [--public-out FILE] [--format pem|der]"
	        " [--force]\n"
	        "\n"
	        "Create an identity key for XEP-0116 public-key "
	        "identification.\n"
	        "  --type rsa|dsa      rsa-sha256 (MUST) or dsa-sha256 "
	        "(SHOULD) key\n"
	        "  --bits N            RSA: 2048..8192, a multiple of 8 "
	        "(default %u);\n"
	        "                      DSA: 2048 or 3072 (default %u)\n"
	        "  --out FILE          private key, PKCS#8, created with mode "
	        "0600\n"
	        "  --public-out FILE   public key, SubjectPublicKeyInfo\n"
	        "  --format pem|der    encoding of both files (default pem)\n"
	        "  --force             replace existing files\n",
	        KEYGEN_RSA_DEFAULT_BITS, KEYGEN_DSA_DEFAULT_BITS);
}

/* Write data[0..len) to a new file at path with `mode`; on failure the
 * file is removed and an error printed. Returns 0 or 1. */
static int keygen_write(const char *path, const uint8_t *data, size_t len,
                        mode_t mode, int force)
{
	if (force && unlink(path) != 0 && errno != ENOENT) {
		fprintf(stderr, "esession keygen: cannot replace %s: %s\n",
		        path, strerror(errno));
		return 1;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		fprintf(stderr, "esession keygen: cannot create %s: %s%s\n",
		        path, strerror(errno),
		        errno == EEXIST ? " (use --force to replace it)" : "");
		return 1;
	}
	/* The umask may have narrowed the mode, never widened it; make the
	 * intended mode exact for the private key. */
	int failed = fchmod(fd, mode) != 0;
	size_t done = 0;
	while (!failed && done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			failed = 1;
		else
			done += (size_t)n;
	}
	if (!failed && fsync(fd) != 0)
		failed = 1;
	int saved = errno;
	if (close(fd) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		fprintf(stderr, "esession keygen: cannot write %s: %s\n", path,
		        strerror(saved));
		(void)unlink(path);
		return 1;
	}
	return 0;
}

/* Export key as (container, encoding) and write it to path. */
static int keygen_export(const esession_key *key,
                         esession_key_container container,
                         esession_key_encoding encoding, const char *path,
                         mode_t mode, int force)
{
	uint8_t *bytes = NULL;
	size_t len = 0;
	esession_status st =
	    esession_key_export(key, container, encoding, &bytes, &len);
	if (st != ESESSION_OK) {
		fprintf(stderr, "esession keygen: export: %s\n",
		        esession_strerror(st));
		return 1;
	}
	int rc = keygen_write(path, bytes, len, mode, force);
	esession_bytes_free(bytes, len);
	return rc;
}

static void keygen_print_fingerprint(const esession_key *key)
{
	uint8_t fp[32];
	size_t len = 0;
	esession_status st =
	    esession_key_fingerprint(key, "sha256", fp, sizeof(fp), &len);
	if (st != ESESSION_OK) {
		fprintf(stderr, "esession keygen: no fingerprint: %s\n",
		        esession_strerror(st));
		return;
	}
	printf("sha256 fingerprint: ");
	for (size_t i = 0; i < len; i++)
		printf("%02x", fp[i]);
	printf("\n");
}

/* The value of option argv[*i], which must follow it. */
static const char *keygen_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		fprintf(stderr, "esession keygen: %s needs a value\n",
		        argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

int es_cmd_keygen(int argc, char **argv)
{
	const char *type = NULL, *out = NULL, *pub_out = NULL;
	const char *format = "pem", *bits_text = NULL;
	int force = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			keygen_usage(stdout);
			return 0;
		} else if (strcmp(a, "--force") == 0) {
			force = 1;
			continue;
		} else if (strcmp(a, "--type") == 0) {
			slot = &type;
		} else if (strcmp(a, "--bits") == 0) {
			slot = &bits_text;
		} else if (strcmp(a, "--out") == 0) {
			slot = &out;
		} else if (strcmp(a, "--public-out") == 0) {
			slot = &pub_out;
		} else if (strcmp(a, "--format") == 0) {
			slot = &format;
		} else {
			fprintf(stderr, "esession keygen: unknown option %s\n",
			        a);
			keygen_usage(stderr);
			return 2;
		}
		*slot = keygen_value(argc, argv, &i);
		if (*slot == NULL)
			return 2;
	}

	esession_key_type kt;
	unsigned bits;
	if (type != NULL && strcmp(type, "rsa") == 0) {
		kt = ESESSION_KEY_RSA;
		bits = KEYGEN_RSA_DEFAULT_BITS;
	} else if (type != NULL && strcmp(type, "dsa") == 0) {
		kt = ESESSION_KEY_DSA;
		bits = KEYGEN_DSA_DEFAULT_BITS;
	} else {
		fprintf(stderr, "esession keygen: --type rsa or dsa needed\n");
		return 2;
	}
	if (bits_text != NULL) {
		char *end = NULL;
		errno = 0;
		unsigned long v = strtoul(bits_text, &end, 10);
		if (errno != 0 || end == bits_text || *end != 0 ||
		    v > 65536ul) {
			fprintf(stderr, "esession keygen: bad --bits %s\n",
			        bits_text);
			return 2;
		}
		bits = (unsigned)v;
	}
	esession_key_encoding enc;
	if (strcmp(format, "pem") == 0) {
		enc = ESESSION_KEY_PEM;
	} else if (strcmp(format, "der") == 0) {
		enc = ESESSION_KEY_DER;
	} else {
		fprintf(stderr, "esession keygen: --format pem or der\n");
		return 2;
	}
	if (out == NULL) {
		fprintf(stderr, "esession keygen: --out FILE needed\n");
		return 2;
	}

	esession_key *key = NULL;
	esession_status st = esession_key_generate(kt, bits, &key);
	if (st != ESESSION_OK) {
		fprintf(stderr, "esession keygen: %s key of %u bits: %s\n",
		        type, bits, esession_strerror(st));
		return st == ESESSION_EUNSUPPORTED ? 2 : 1;
	}
	int rc = keygen_export(key, ESESSION_KEY_PKCS8, enc, out, 0600, force);
	if (rc == 0 && pub_out != NULL)
		rc = keygen_export(key, ESESSION_KEY_SPKI, enc, pub_out, 0644,
		                   force);
	if (rc == 0) {
		printf("%s %u-bit key written to %s%s%s\n", type, bits, out,
		       pub_out != NULL ? ", public key to " : "",
		       pub_out != NULL ? pub_out : "");
		keygen_print_fingerprint(key);
	}
	esession_key_free(key);
	return rc;
}
