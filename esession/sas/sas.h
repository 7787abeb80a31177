/*
 * sas.h - Short Authentication Strings (XEP-0116 §"Short Authentication
 * String Generation Algorithms"). sas28x5 is the only algorithm the XEP
 * defines and the one it makes mandatory.
 *
 * XEP-0116 §"The sas28x5 SAS Algorithm":
 *   1. s = M_A | form_B | "Short Authentication String" (UTF-8, no NUL);
 *   2. v = the least significant 24 bits of HASH(s): the hash output read as
 *      a big-endian integer, i.e. its last three bytes, first of them most
 *      significant;
 *   3. v written in base 28 with exactly five digits from the alphabet
 *      "acdefghikmopqruvwxy123456789" (28 characters, digit values 0-27 in
 *      that order), most significant digit first, leading zero digits
 *      written as 'a'. 28^5 = 17,210,368 >= 2^24, so five digits always
 *      suffice.
 * Readings: spec/ambiguities.md "SAS: ..." sections.
 */
#ifndef ES_SAS_SAS_H
#define ES_SAS_SAS_H

#include "hash.h"

/* The SAS algorithms of XEP-0116 §"Short Authentication String Generation
 * Algorithms". */
typedef enum es_sas_alg {
	ES_SAS_28X5 = 1 /* "sas28x5" */
} es_sas_alg;

/* Characters of a sas28x5 string, and the buffer size with its NUL. */
#define ES_SAS28X5_LEN  5
#define ES_SAS28X5_SIZE (ES_SAS28X5_LEN + 1)

/* Largest value es_sas28x5_encode accepts: 2^24 - 1. */
#define ES_SAS28X5_MAX_VALUE 0xffffffu

/*
 * es_sas_from_name - map an XEP-0116 'sas_algs' value ("sas28x5") to an
 * algorithm. Returns ESESSION_OK; ESESSION_EUNSUPPORTED for any other name;
 * ESESSION_EINVAL for NULL arguments.
 */
ES_MUST_CHECK esession_status es_sas_from_name(const char *name,
                                               es_sas_alg *alg);

/*
 * es_sas28x5 - compute the SAS of a negotiation.
 * m_a: M_A as transmitted, a big-endian byte array of m_a_len bytes (the
 *      full HMAC output, leading zero bytes included; see
 *      spec/ambiguities.md "SAS: M_A as a byte string").
 * form_b: the normalized form_B, form_b_len UTF-8 bytes (may be empty).
 * out: out_size >= ES_SAS28X5_SIZE; receives 5 characters and a NUL.
 * Returns ESESSION_OK; ESESSION_EUNSUPPORTED (unknown hash); ESESSION_EINVAL
 * (NULL out, NULL m_a/form_b with a non-zero length); ESESSION_EBUFSIZE;
 * ESESSION_ENOMEM; ESESSION_ECRYPTO. On failure out (if out_size > 0) is
 * set to "".
 */
ES_MUST_CHECK esession_status es_sas28x5(es_hash_alg alg, const uint8_t *m_a,
                                         size_t m_a_len, const uint8_t *form_b,
                                         size_t form_b_len, char *out,
                                         size_t out_size);

/*
 * es_sas28x5_encode - step 3 alone: the five base-28 digits of value.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL out, value > 2^24 - 1);
 * ESESSION_EBUFSIZE (out_size < ES_SAS28X5_SIZE).
 */
ES_MUST_CHECK esession_status es_sas28x5_encode(uint32_t value, char *out,
                                                size_t out_size);

#endif
