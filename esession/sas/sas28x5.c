/*
 * sas28x5.c - XEP-0116 §"The sas28x5 SAS Algorithm".
 */
#include "sas.h"

#include <string.h>

/* XEP-0116 §"The sas28x5 SAS Algorithm": the digits, values 0-27 in order.
 * The XEP leaves out b, j, l, n, s, t, z, 0 because they are easily
 * confused when spoken. */
static const char sas28_digits[] = "acdefghikmopqruvwxy123456789";

#define SAS28_BASE 28u

_Static_assert(sizeof(sas28_digits) - 1 == SAS28_BASE,
               "the sas28x5 alphabet has 28 digits");

/* The UTF-8 string XEP-0116 appends after form_B. */
static const char sas_label[] = "Short Authentication String";

esession_status es_sas_from_name(const char *name, es_sas_alg *alg)
{
	ES_ENSURE(name != NULL && alg != NULL, ESESSION_EINVAL);
	ES_ENSURE(strcmp(name, "sas28x5") == 0, ESESSION_EUNSUPPORTED);
	*alg = ES_SAS_28X5;
	return ESESSION_OK;
}

esession_status es_sas28x5_encode(uint32_t value, char *out, size_t out_size)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	ES_ENSURE(out_size >= ES_SAS28X5_SIZE, ESESSION_EBUFSIZE);
	ES_ENSURE(value <= ES_SAS28X5_MAX_VALUE, ESESSION_EINVAL);
	/* Most significant digit first; a short value keeps its leading
	 * zero digits ('a'), so the string is always five characters
	 * (spec/ambiguities.md "SAS: digit order, padding, alphabet"). */
	for (size_t i = ES_SAS28X5_LEN; i-- > 0;) {
		out[i] = sas28_digits[value % SAS28_BASE];
		value /= SAS28_BASE;
	}
	out[ES_SAS28X5_LEN] = '\0';
	return ESESSION_OK;
}

esession_status es_sas28x5(es_hash_alg alg, const uint8_t *m_a, size_t m_a_len,
                           const uint8_t *form_b, size_t form_b_len, char *out,
                           size_t out_size)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	if (out_size > 0)
		out[0] = '\0';
	ES_ENSURE(out_size >= ES_SAS28X5_SIZE, ESESSION_EBUFSIZE);

	const es_span parts[] = {
	    {m_a, m_a_len},
	    {form_b, form_b_len},
	    {(const uint8_t *)sas_label, sizeof(sas_label) - 1},
	};
	uint8_t digest[ES_HASH_MAX_LEN];
	esession_status st =
	    es_hash(alg, parts, ES_ARRAY_LEN(parts), digest, sizeof(digest));
	if (st != ESESSION_OK)
		return st;
	size_t len = es_hash_len(alg);
	/* The least significant 24 bits of the hash read as a big-endian
	 * integer: its last three bytes (spec/ambiguities.md "SAS: least
	 * significant 24 bits"). */
	uint32_t value = (uint32_t)digest[len - 3] << 16 |
	                 (uint32_t)digest[len - 2] << 8 | digest[len - 1];
	return es_sas28x5_encode(value, out, out_size);
}
