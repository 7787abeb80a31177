/*
 * base64.h - strict RFC 4648 §4 base64, as XEP-0200 §"Encrypting a Stanza"
 * and every XEP-0116 form field require.
 *
 * The decoder accepts exactly the strings the encoder produces: the
 * standard alphabet A-Z a-z 0-9 + /, '=' padding always present, no
 * whitespace or line breaks (RFC 4648 §3.1, §3.3), no character outside the
 * alphabet, '=' only as the last one or two characters, a length that is a
 * multiple of 4, and zero padding bits (RFC 4648 §3.5 canonical encoding).
 * So every byte string has exactly one accepted encoding. The empty string
 * encodes the empty byte string.
 *
 * es_base64_encode and es_base64_decode are for public data (every value
 * that travels in a stanza) and use table look-ups. The _secret variants
 * map characters with branch-free arithmetic instead, so their time and
 * memory accesses depend only on the length, never on the bytes. Malformed
 * input is classified afterwards; only input already known to be rejected
 * takes data-dependent branches.
 *
 * Rejections, checked in this order (the first that applies is returned):
 *   ESESSION_EBASE64_SPACE     a space, tab, CR or LF anywhere
 *   ESESSION_EBASE64_CHAR      any other character outside the alphabet
 *                              and '=' (including NUL and non-ASCII bytes)
 *   ESESSION_EBASE64_LENGTH    length not a multiple of 4 (this includes
 *                              missing padding)
 *   ESESSION_EBASE64_PADDING   '=' anywhere but in the last two positions,
 *                              or "x===" / "===="
 *   ESESSION_EBASE64_NONCANON  non-zero bits under the padding
 */
#ifndef ES_CODEC_BASE64_H
#define ES_CODEC_BASE64_H

#include "es_internal.h"
#include "secmem.h"

/*
 * es_base64_encoded_len - characters needed for n bytes: 4 * ceil(n / 3),
 * not counting a terminating NUL. Returns ESESSION_OK and sets *len, or
 * ESESSION_EINVAL (NULL len) / ESESSION_EBUFSIZE (the result would not fit
 * in a size_t).
 */
ES_MUST_CHECK esession_status es_base64_encoded_len(size_t n, size_t *len);

/*
 * es_base64_decoded_max_len - an upper bound for the bytes decoded from n
 * characters: 3 * floor(n / 4). Exact unless the input ends in padding.
 */
size_t es_base64_decoded_max_len(size_t n);

/*
 * es_base64_encode - encode in[0..in_len) into out as a NUL-terminated
 * string. out_size must be at least es_base64_encoded_len(in_len) + 1.
 * *out_len (optional, may be NULL) receives the length without the NUL.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL out, NULL in with in_len > 0);
 * ESESSION_EBUFSIZE (out too small: out is then set to "" if out_size > 0).
 */
ES_MUST_CHECK esession_status es_base64_encode(const uint8_t *in, size_t in_len,
                                               char *out, size_t out_size,
                                               size_t *out_len);

/*
 * es_base64_encode_secret - as es_base64_encode for secret bytes (a
 * retained secret being exported, say), in constant time. The text in out
 * is as secret as the input: the caller wipes it.
 */
ES_MUST_CHECK esession_status es_base64_encode_secret(const uint8_t *in,
                                                      size_t in_len, char *out,
                                                      size_t out_size,
                                                      size_t *out_len);

/*
 * es_base64_decode - decode in[0..in_len) (need not be NUL-terminated) into
 * out. out_size must be at least the exact decoded length; sizing it with
 * es_base64_decoded_max_len(in_len) is always enough. *out_len receives the
 * number of bytes written.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL out_len, NULL in with in_len >
 * 0, NULL out with out_size > 0); ESESSION_EBUFSIZE; one of the rejections
 * listed above. On any failure *out_len is 0 and out[0..out_size) is wiped
 * (a partial decode is never left behind).
 */
ES_MUST_CHECK esession_status es_base64_decode(const char *in, size_t in_len,
                                               uint8_t *out, size_t out_size,
                                               size_t *out_len);

/*
 * es_base64_decode_secret - as es_base64_decode for secret bytes: the result
 * goes into *out (secure memory, exactly the decoded length), which must be
 * empty on entry and is left empty on failure; the caller owns it.
 * Returns as es_base64_decode plus ESESSION_ENOMEM; never EBUFSIZE.
 */
ES_MUST_CHECK esession_status es_base64_decode_secret(const char *in,
                                                      size_t in_len,
                                                      es_secbuf *out);

#endif
