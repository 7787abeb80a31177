/*
 * sigma_retained.c - 'rshashes' and 'srshash' (XEP-0116 §"Sending Alice's
 * Identity", §"Generating Bob's Final Session Keys", §"Sending Bob's
 * Identity", §"Generating Alice's Final Session Keys").
 */
#include "sigma_retained.h"

#include "kdf.h"

#include <stdlib.h>
#include <string.h>

static bool span_ok(const es_span *s)
{
	return s->data != NULL || s->len == 0;
}

/* A retained secret is an HMAC output: never empty. */
static bool secret_ok(const es_span *s)
{
	return s->data != NULL && s->len != 0;
}

static bool secrets_ok(const es_span *secrets, size_t n)
{
	if (secrets == NULL)
		return n == 0;
	for (size_t i = 0; i < n; i++)
		if (!secret_ok(&secrets[i]))
			return false;
	return true;
}

/*
 * Record candidate i as the match if it hit and nothing matched before.
 * The first-match rule is applied with masks rather than a branch on the
 * comparison result, so the search loop's control flow never depends on a
 * comparison.
 */
static void match_record(es_sigma_srs_match *m, bool hit, bool extended,
                         size_t i)
{
	size_t take = (size_t)0 - (size_t)(hit && !m->found);
	m->index = (m->index & ~take) | (i & take);
	m->extended =
	    (bool)(((size_t)m->extended & ~take) | ((size_t)extended & take));
	m->found = m->found || hit;
}

esession_status es_sigma_rshash(es_hash_alg hash, const uint8_t *n_a,
                                size_t n_a_len, const es_span *rs, uint8_t *out,
                                size_t out_size)
{
	ES_ENSURE(n_a != NULL && n_a_len != 0, ESESSION_EINVAL);
	ES_ENSURE(rs != NULL && secret_ok(rs), ESESSION_EINVAL);
	/* XEP-0116 §"Sending Alice's Identity": "the Base64 encoded HMAC
	 * (using HASH and the key N_A) of each secret". */
	return es_hmac(hash, n_a, n_a_len, rs, 1, out, out_size);
}

const uint8_t *es_sigma_rshashes_value(const es_sigma_rshashes *list, size_t i)
{
	if (list == NULL || list->values == NULL || i >= list->count)
		return NULL;
	return list->values + i * list->value_len;
}

void es_sigma_rshashes_free(es_sigma_rshashes *list)
{
	if (list == NULL)
		return;
	free(list->values);
	*list = (es_sigma_rshashes)ES_SIGMA_RSHASHES_INIT;
}

esession_status es_sigma_rshashes_build(es_hash_alg hash, es_rng *rng,
                                        const uint8_t *n_a, size_t n_a_len,
                                        const es_span *secrets,
                                        size_t n_secrets,
                                        es_sigma_rshashes *out)
{
	ES_ENSURE(n_a != NULL && n_a_len != 0 && out != NULL, ESESSION_EINVAL);
	ES_ENSURE(out->values == NULL && out->count == 0, ESESSION_EINVAL);
	ES_ENSURE(secrets_ok(secrets, n_secrets), ESESSION_EINVAL);
	size_t hash_len = es_hash_len(hash);
	ES_ENSURE(hash_len != 0, ESESSION_EUNSUPPORTED);

	/* spec/ambiguities.md "rshashes padding": r uniform in
	 * 1..4; the low two bits of a random byte are uniform. */
	uint8_t r_byte;
	ES_GUARD(es_rng_bytes(rng, ES_RNG_NONCE, &r_byte, 1));
	size_t padding = ES_SIGMA_RSHASH_PADDING_MIN + (size_t)(r_byte & 3u);

	size_t max_count = SIZE_MAX / hash_len - ES_SIGMA_RSHASH_PADDING_MAX;
	ES_ENSURE(n_secrets <= max_count, ESESSION_ENOMEM);
	size_t count = n_secrets + padding;

	es_sigma_rshashes list = ES_SIGMA_RSHASHES_INIT;
	esession_status st = ESESSION_OK;
	list.values = malloc(count * hash_len);
	if (list.values == NULL) {
		st = ESESSION_ENOMEM;
		goto out;
	}
	list.count = count;
	list.value_len = hash_len;
	for (size_t i = 0; i < n_secrets; i++) {
		st = es_sigma_rshash(hash, n_a, n_a_len, &secrets[i],
		                     list.values + i * hash_len, hash_len);
		if (st != ESESSION_OK)
			goto out;
	}
	/* XEP-0116 §"Sending Alice's Identity": "Alice MUST also append a few
	 * random numbers", as long as a real HMAC so they cannot be told
	 * apart. */
	st = es_rng_bytes(rng, ES_RNG_NONCE, list.values + n_secrets * hash_len,
	                  padding * hash_len);
	if (st != ESESSION_OK)
		goto out;

	*out = list;
	list = (es_sigma_rshashes)ES_SIGMA_RSHASHES_INIT;
out:
	es_sigma_rshashes_free(&list);
	return st;
}

/* Bob's search over one list of candidates (see es_sigma_rshashes_search):
 * every candidate against every well-formed received value. */
static esession_status search_rshashes(es_hash_alg hash, const uint8_t *n_a,
                                       size_t n_a_len, const es_span *rshashes,
                                       size_t n_rshashes,
                                       const es_span *candidates,
                                       size_t n_candidates, bool extended,
                                       es_sigma_srs_match *m)
{
	size_t hash_len = es_hash_len(hash);
	uint8_t expected[ES_HASH_MAX_LEN];
	esession_status st = ESESSION_OK;
	for (size_t i = 0; i < n_candidates; i++) {
		st = es_sigma_rshash(hash, n_a, n_a_len, &candidates[i],
		                     expected, sizeof(expected));
		if (st != ESESSION_OK)
			break;
		bool hit = false;
		for (size_t j = 0; j < n_rshashes; j++) {
			/* Lengths are public; a value of another length is
			 * not one of ours and cannot match. */
			if (rshashes[j].len != hash_len)
				continue;
			hit =
			    es_ct_equal(expected, rshashes[j].data, hash_len) ||
			    hit;
		}
		match_record(m, hit, extended, i);
	}
	es_wipe(expected, sizeof(expected));
	return st;
}

esession_status es_sigma_rshashes_search(
    es_hash_alg hash, const uint8_t *n_a, size_t n_a_len,
    const es_span *rshashes, size_t n_rshashes, const es_span *primary,
    size_t n_primary, const es_span *extended, size_t n_extended,
    es_sigma_srs_match *out)
{
	ES_ENSURE(out != NULL && n_a != NULL && n_a_len != 0, ESESSION_EINVAL);
	ES_ENSURE(rshashes != NULL || n_rshashes == 0, ESESSION_EINVAL);
	for (size_t j = 0; j < n_rshashes; j++)
		ES_ENSURE(span_ok(&rshashes[j]), ESESSION_EINVAL);
	ES_ENSURE(secrets_ok(primary, n_primary), ESESSION_EINVAL);
	ES_ENSURE(secrets_ok(extended, n_extended), ESESSION_EINVAL);
	ES_ENSURE(es_hash_len(hash) != 0, ESESSION_EUNSUPPORTED);

	/* XEP-0116 §"Generating Bob's Final Session Keys": first the secrets
	 * for Alice's bare JID, then "all the retained secrets ... for all
	 * the other JIDs". The extended list is searched even after a
	 * primary match so the time does not tell whether one was found. */
	es_sigma_srs_match primary_match = {false, false, 0};
	es_sigma_srs_match extended_match = {false, true, 0};
	ES_GUARD(search_rshashes(hash, n_a, n_a_len, rshashes, n_rshashes,
	                         primary, n_primary, false, &primary_match));
	ES_GUARD(search_rshashes(hash, n_a, n_a_len, rshashes, n_rshashes,
	                         extended, n_extended, true, &extended_match));

	es_sigma_srs_match result = {false, false, 0};
	match_record(&result, primary_match.found, false, primary_match.index);
	match_record(&result, extended_match.found, true, extended_match.index);
	*out = result;
	return ESESSION_OK;
}

esession_status es_sigma_srshash(es_hash_alg hash, es_rng *rng,
                                 const es_span *srs, uint8_t *out,
                                 size_t out_size)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	ES_ENSURE(srs == NULL || secret_ok(srs), ESESSION_EINVAL);
	size_t hash_len = es_hash_len(hash);
	ES_ENSURE(hash_len != 0, ESESSION_EUNSUPPORTED);
	ES_ENSURE(out_size >= hash_len, ESESSION_EBUFSIZE);

	if (srs == NULL) {
		/* XEP-0116 §"Sending Bob's Identity": "If no SRS was found
		 * then he MUST use a random number instead" - hlen bytes, so
		 * the field looks the same either way. */
		return es_rng_bytes(rng, ES_RNG_NONCE, out, hash_len);
	}
	/* XEP-0116 §"Sending Bob's Identity":
	 * HMAC(HASH, SRS, "Shared Retained Secret"). */
	const es_span label[] = {
	    {(const uint8_t *)ES_KDF_LABEL_SHARED_RETAINED_SECRET,
	     strlen(ES_KDF_LABEL_SHARED_RETAINED_SECRET)},
	};
	return es_hmac(hash, srs->data, srs->len, label, ES_ARRAY_LEN(label),
	               out, out_size);
}

esession_status es_sigma_srshash_search(
    es_hash_alg hash, const uint8_t *srshash, size_t srshash_len,
    const es_span *secrets, size_t n_secrets, es_sigma_srs_match *out)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	ES_ENSURE(srshash != NULL || srshash_len == 0, ESESSION_EINVAL);
	ES_ENSURE(secrets_ok(secrets, n_secrets), ESESSION_EINVAL);
	size_t hash_len = es_hash_len(hash);
	ES_ENSURE(hash_len != 0, ESESSION_EUNSUPPORTED);
	ES_ENSURE(srshash_len == hash_len, ESESSION_ESRSHASH);

	/* XEP-0116 §"Generating Alice's Final Session Keys": "using each
	 * secret in the list in turn as the key to calculate the HMAC ... of
	 * the string 'Shared Retained Secret', and comparing the calculated
	 * value with the value in the 'srshash' field". */
	es_sigma_srs_match match = {false, false, 0};
	uint8_t expected[ES_HASH_MAX_LEN];
	esession_status st = ESESSION_OK;
	for (size_t i = 0; i < n_secrets; i++) {
		st = es_sigma_srshash(hash, NULL, &secrets[i], expected,
		                      sizeof(expected));
		if (st != ESESSION_OK)
			goto out;
		match_record(&match, es_ct_equal(expected, srshash, hash_len),
		             false, i);
	}
	*out = match;
out:
	es_wipe(expected, sizeof(expected));
	return st;
}
