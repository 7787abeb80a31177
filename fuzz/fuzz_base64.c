/*
 * fuzz_base64.c - the strict RFC 4648 §4 base64 codec (esession/codec).
 *
 * Input: any bytes, decoded by the public-data and the constant-time
 * (secret) decoders, which must agree on the status and the bytes. What
 * decodes must re-encode (both encoders) to exactly the input: base64.h
 * promises one accepted encoding per byte string. Then the input taken as
 * bytes must encode to something that decodes back to it.
 */
#include "fuzz_common.h"

#include "base64.h"
#include "secmem.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_decode(const char *in, size_t len)
{
	size_t cap = es_base64_decoded_max_len(len);
	uint8_t *out = malloc(cap + 1);
	fz_assert(out != NULL, "malloc");
	size_t n = 0;
	esession_status st = es_base64_decode(in, len, out, cap, &n);
	es_secbuf sec = ES_SECBUF_INIT;
	esession_status st2 = es_base64_decode_secret(in, len, &sec);
	fz_assert(st == st2, "decode and decode_secret: same status");
	if (st == ESESSION_OK) {
		fz_assert(fz_same(sec.data, sec.len, out, n),
		          "decode and decode_secret: same bytes");
		size_t elen = 0;
		fz_ok(es_base64_encoded_len(n, &elen), "encoded_len");
		fz_assert(elen == len, "encoded length is the input length");
		char *enc = malloc(elen + 1);
		fz_assert(enc != NULL, "malloc");
		fz_ok(es_base64_encode(out, n, enc, elen + 1, NULL), "encode");
		fz_assert(fz_same(enc, elen, in, len),
		          "decoded input re-encodes to itself");
		fz_ok(es_base64_encode_secret(out, n, enc, elen + 1, NULL),
		      "encode_secret");
		fz_assert(fz_same(enc, elen, in, len),
		          "encode_secret re-encodes to the input");
		free(enc);
	} else {
		fz_assert(n == 0 && sec.len == 0, "nothing left on failure");
	}
	es_secbuf_free(&sec);
	free(out);
}

static void check_encode(const uint8_t *in, size_t len)
{
	size_t elen = 0;
	fz_ok(es_base64_encoded_len(len, &elen), "encoded_len");
	char *enc = malloc(elen + 1);
	uint8_t *back = malloc(len + 1);
	fz_assert(enc != NULL && back != NULL, "malloc");
	size_t got = 0, n = 0;
	fz_ok(es_base64_encode(in, len, enc, elen + 1, &got), "encode");
	fz_assert(got == elen && strlen(enc) == elen, "encoded length");
	fz_ok(es_base64_decode(enc, elen, back, len, &n), "decode own output");
	fz_assert(fz_same(back, n, in, len),
	          "encode then decode is the identity");
	free(back);
	free(enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	check_decode((const char *)data, size);
	check_encode(data, size);
	return 0;
}
