/*
 * base64.c - strict RFC 4648 §4 base64.
 *
 * Two character maps with identical results:
 *   - table look-ups for public data (everything that goes on the wire),
 *     the fast path of every stanza;
 *   - branch-free arithmetic for secrets (es_base64_encode_secret,
 *     es_base64_decode_secret), whose time and memory accesses do not
 *     depend on the data. The masks are all-ones or all-zero words computed
 *     by comparing through subtraction and taking the borrow (the technique
 *     of constant-time codecs such as libsodium's); every argument is below
 *     2^8, so bit 31 of the difference is the borrow.
 * tests/crypto/test_base64.c checks that both maps agree on all 256 byte
 * values.
 */
#include "base64.h"

#include <string.h>

/* All-ones when a < b, else zero. Requires a, b < 2^31. */
static unsigned mask_lt(unsigned a, unsigned b)
{
	return 0u - ((a - b) >> 31);
}

/* All-ones when lo <= a < hi. */
static unsigned mask_in(unsigned a, unsigned lo, unsigned hi)
{
	return ~mask_lt(a, lo) & mask_lt(a, hi);
}

/* RFC 4648 §4 Table 1. */
static const char b64_alphabet[65] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* The inverse of b64_alphabet: the value of each byte, 0x80 for every byte
 * outside the alphabet ('=' included). Generated from b64_alphabet. */
/* clang-format off */
static const uint8_t b64_values[256] = {
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x00 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x08 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x10 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x18 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x20 */
	0x80, 0x80, 0x80, 0x3e, 0x80, 0x80, 0x80, 0x3f, /* 0x28 */
	0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, /* 0x30 */
	0x3c, 0x3d, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x38 */
	0x80, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, /* 0x40 */
	0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, /* 0x48 */
	0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, /* 0x50 */
	0x17, 0x18, 0x19, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x58 */
	0x80, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, /* 0x60 */
	0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, /* 0x68 */
	0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, /* 0x70 */
	0x31, 0x32, 0x33, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x78 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x80 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x88 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x90 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0x98 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xa0 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xa8 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xb0 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xb8 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xc0 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xc8 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xd0 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xd8 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xe0 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xe8 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xf0 */
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, /* 0xf8 */
};
/* clang-format on */

/* RFC 4648 §4 Table 1 in constant time: the character for a 6-bit value v. */
static char encode_6bits(unsigned v)
{
	unsigned c = 0;
	c |= mask_in(v, 0, 26) & (v + 'A');
	c |= mask_in(v, 26, 52) & (v - 26 + 'a');
	c |= mask_in(v, 52, 62) & (v - 52 + '0');
	c |= mask_in(v, 62, 63) & (unsigned)'+';
	c |= mask_in(v, 63, 64) & (unsigned)'/';
	return (char)c;
}

/* Constant time: the 6-bit value of character c; *valid is all-ones when c
 * is in the alphabet (not '='), else zero. */
static unsigned decode_6bits(unsigned c, unsigned *valid)
{
	unsigned v = 0;
	unsigned ok = 0;
	unsigned m;
	m = mask_in(c, 'A', 'Z' + 1);
	v |= m & (c - 'A');
	ok |= m;
	m = mask_in(c, 'a', 'z' + 1);
	v |= m & (c - 'a' + 26);
	ok |= m;
	m = mask_in(c, '0', '9' + 1);
	v |= m & (c - '0' + 52);
	ok |= m;
	m = mask_in(c, '+', '+' + 1);
	v |= m & 62u;
	ok |= m;
	m = mask_in(c, '/', '/' + 1);
	v |= m & 63u;
	ok |= m;
	*valid = ok;
	return v;
}

/* Table map for public data: the value of c and its validity mask (all-ones
 * for an alphabet character, zero otherwise), as decode_6bits. */
static unsigned decode_6bits_table(unsigned c, unsigned *valid)
{
	unsigned t = b64_values[c & 0xffu];
	*valid = (t >> 7) - 1u; /* 0x80 -> 0, a value < 64 -> all-ones */
	return t & 63u;
}

static char encode_6bits_table(unsigned v)
{
	return b64_alphabet[v & 63u];
}

/* A character map: encode_6bits/decode_6bits (constant time, secrets) or
 * the _table pair (public data). The cores below are inlined into their two
 * callers each, so the map is a constant there, not an indirect call. */
typedef char (*encode_map)(unsigned v);
typedef unsigned (*decode_map)(unsigned c, unsigned *valid);

esession_status es_base64_encoded_len(size_t n, size_t *len)
{
	ES_ENSURE(len != NULL, ESESSION_EINVAL);
	size_t groups = n / 3 + (n % 3 != 0 ? 1 : 0);
	ES_ENSURE(groups <= SIZE_MAX / 4, ESESSION_EBUFSIZE);
	*len = groups * 4;
	return ESESSION_OK;
}

size_t es_base64_decoded_max_len(size_t n)
{
	return n / 4 * 3;
}

static inline esession_status encode_core(const uint8_t *in, size_t in_len,
                                          char *out, size_t out_size,
                                          size_t *out_len, encode_map map)
{
	ES_ENSURE(out != NULL && (in != NULL || in_len == 0), ESESSION_EINVAL);
	size_t need = 0;
	esession_status st = es_base64_encoded_len(in_len, &need);
	if (st != ESESSION_OK || out_size <= need) {
		if (out_size > 0)
			out[0] = '\0';
		return st != ESESSION_OK ? st : ESESSION_EBUFSIZE;
	}

	size_t o = 0;
	size_t i = 0;
	for (; in_len - i >= 3; i += 3) {
		unsigned w = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 |
		             in[i + 2];
		out[o++] = map(w >> 18);
		out[o++] = map(w >> 12 & 63u);
		out[o++] = map(w >> 6 & 63u);
		out[o++] = map(w & 63u);
	}
	/* RFC 4648 §4: a final quantum of one or two bytes is padded with
	 * zero bits and then '=' to four characters. */
	if (in_len - i == 1) {
		unsigned w = (unsigned)in[i] << 16;
		out[o++] = map(w >> 18);
		out[o++] = map(w >> 12 & 63u);
		out[o++] = '=';
		out[o++] = '=';
	} else if (in_len - i == 2) {
		unsigned w = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		out[o++] = map(w >> 18);
		out[o++] = map(w >> 12 & 63u);
		out[o++] = map(w >> 6 & 63u);
		out[o++] = '=';
	}
	out[o] = '\0';
	if (out_len != NULL)
		*out_len = o;
	return ESESSION_OK;
}

esession_status es_base64_encode(const uint8_t *in, size_t in_len, char *out,
                                 size_t out_size, size_t *out_len)
{
	return encode_core(in, in_len, out, out_size, out_len,
	                   encode_6bits_table);
}

esession_status es_base64_encode_secret(const uint8_t *in, size_t in_len,
                                        char *out, size_t out_size,
                                        size_t *out_len)
{
	return encode_core(in, in_len, out, out_size, out_len, encode_6bits);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Name the first rule (in the order documented in base64.h) that malformed
 * input breaks. Only called once the input is known to be rejected, so its
 * data-dependent branches leak nothing about a secret that was accepted.
 */
static esession_status classify_malformed(const char *in, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (is_space(in[i]))
			return ESESSION_EBASE64_SPACE;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned valid;
		(void)decode_6bits((unsigned char)in[i], &valid);
		if (!valid && in[i] != '=')
			return ESESSION_EBASE64_CHAR;
	}
	if (len % 4 != 0)
		return ESESSION_EBASE64_LENGTH;
	/* Only '=' and alphabet characters remain: '=' is allowed in the
	 * last position, and in the one before only if the last is '=' too. */
	for (size_t i = 0; i < len; i++) {
		if (in[i] != '=')
			continue;
		if (i + 2 < len || (i + 2 == len && in[len - 1] != '='))
			return ESESSION_EBASE64_PADDING;
	}
	return ESESSION_EBASE64;
}

/*
 * Decode in[0..len) (len a multiple of 4, pad trailing '=') into out, or
 * only validate when out is NULL. Returns ESESSION_OK, the classified
 * rejection, or ESESSION_EBASE64_NONCANON. The length and the padding
 * positions are public (they only reveal the decoded length); the data
 * characters go through `map` without branches, so with decode_6bits they
 * take the same time and memory accesses whatever their values.
 */
static inline esession_status decode_into(const char *in, size_t len,
                                          size_t pad, uint8_t *out,
                                          decode_map map)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t full = pad == 0 ? len : len - 4; /* quanta without '=' */
	unsigned invalid = 0; /* all-ones once a character is bad */
	unsigned ok0, ok1, ok2, ok3;
	size_t o = 0;
	for (size_t q = 0; q < full; q += 4, o += 3) {
		unsigned w = map(p[q], &ok0) << 18 | map(p[q + 1], &ok1) << 12 |
		             map(p[q + 2], &ok2) << 6 | map(p[q + 3], &ok3);
		invalid |= ~(ok0 & ok1 & ok2 & ok3);
		if (out != NULL) {
			out[o] = (uint8_t)(w >> 16);
			out[o + 1] = (uint8_t)(w >> 8);
			out[o + 2] = (uint8_t)w;
		}
	}
	unsigned noncanon = 0; /* non-zero once a padding bit is set */
	if (pad > 0) {
		/* The last quantum: 3 data characters and "=" (2 bytes) or 2
		 * and "==" (1 byte). */
		const unsigned char *r = p + full;
		ok2 = ~0u;
		unsigned w = map(r[0], &ok0) << 18 | map(r[1], &ok1) << 12;
		if (pad == 1)
			w |= map(r[2], &ok2) << 6;
		invalid |= ~(ok0 & ok1 & ok2);
		/* RFC 4648 §3.5: the bits under the padding must be zero for
		 * the encoding to be the canonical one. */
		noncanon = w & ((1u << (8 * pad)) - 1u);
		if (out != NULL) {
			out[o] = (uint8_t)(w >> 16);
			if (pad == 1)
				out[o + 1] = (uint8_t)(w >> 8);
		}
	}
	if (invalid != 0)
		return classify_malformed(in, len);
	if (noncanon != 0)
		return ESESSION_EBASE64_NONCANON;
	return ESESSION_OK;
}

/* Trailing '=' count (0..2) of a length-checked input. A '=' further in is
 * caught by decode_into as a character outside the alphabet. */
static size_t count_padding(const char *in, size_t len)
{
	if (len == 0 || in[len - 1] != '=')
		return 0;
	return in[len - 2] == '=' ? 2 : 1;
}

/* Everything decode needs to know before writing: the exact output length,
 * or the rejection when the length alone already rules the input out. */
static esession_status decoded_len(const char *in, size_t len, size_t *pad,
                                   size_t *out_len)
{
	if (len % 4 != 0)
		return classify_malformed(in, len);
	*pad = count_padding(in, len);
	*out_len = len / 4 * 3 - *pad;
	return ESESSION_OK;
}

esession_status es_base64_decode(const char *in, size_t in_len, uint8_t *out,
                                 size_t out_size, size_t *out_len)
{
	ES_ENSURE(out_len != NULL, ESESSION_EINVAL);
	*out_len = 0;
	ES_ENSURE(in != NULL || in_len == 0, ESESSION_EINVAL);
	ES_ENSURE(out != NULL || out_size == 0, ESESSION_EINVAL);

	size_t pad = 0;
	size_t n = 0;
	esession_status st = decoded_len(in, in_len, &pad, &n);
	if (st == ESESSION_OK) {
		/* Malformed input gets its own status even when the buffer is
		 * also too small: validate first, write only when it fits. */
		st = decode_into(in, in_len, pad, n <= out_size ? out : NULL,
		                 decode_6bits_table);
		if (st == ESESSION_OK && n > out_size)
			st = ESESSION_EBUFSIZE;
	}
	if (st != ESESSION_OK) {
		es_wipe(out, out_size);
		return st;
	}
	*out_len = n;
	return ESESSION_OK;
}

esession_status es_base64_decode_secret(const char *in, size_t in_len,
                                        es_secbuf *out)
{
	ES_ENSURE(out != NULL && out->data == NULL && out->len == 0,
	          ESESSION_EINVAL);
	ES_ENSURE(in != NULL || in_len == 0, ESESSION_EINVAL);

	size_t pad = 0;
	size_t n = 0;
	ES_GUARD(decoded_len(in, in_len, &pad, &n));
	es_secbuf buf = ES_SECBUF_INIT;
	esession_status st = es_secbuf_alloc(&buf, n);
	if (st != ESESSION_OK)
		goto out;
	st = decode_into(in, in_len, pad, buf.data, decode_6bits);
	if (st != ESESSION_OK)
		goto out;
	*out = buf;
	buf = (es_secbuf)ES_SECBUF_INIT;
out:
	es_secbuf_free(&buf);
	return st;
}
