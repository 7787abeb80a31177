/*
 * vectors_stanza.c - StanzaTest and SasTest runs (vectors/README.md): the
 * XEP-0200 stanza layer alone, from given keys and counter, and the
 * sas28x5 function alone.
 */
#include "vectors_internal.h"

#include "sas.h"
#include "stanza.h"

#include <stdlib.h>
#include <string.h>

/* The direction state and the observer's copy of its keys and counter. */
static bool dir_new(const vj *test, const vx_algs *a, es_stanza_dir **dir,
                    vx_dirs *obs)
{
	uint8_t *kc = NULL, *km = NULL, *ctr = NULL;
	size_t kc_len = 0, km_len = 0, ctr_len = 0;
	bool ok = vj_get_hex(test, "KC", &kc, &kc_len) &&
	          vj_get_hex(test, "KM", &km, &km_len) &&
	          vj_get_hex(test, "counter", &ctr, &ctr_len) &&
	          kc_len <= sizeof obs->kc[0] && km_len <= sizeof obs->km[0] &&
	          ctr_len == a->blen &&
	          es_stanza_dir_new(dir, a->cipher, a->hash, kc, kc_len, km,
	                            km_len, ctr, ctr_len) == ESESSION_OK;
	if (ok && obs != NULL) {
		memset(obs, 0, sizeof *obs);
		obs->algs = *a;
		obs->kc_len = kc_len;
		obs->km_len = km_len;
		memcpy(obs->kc[0], kc, kc_len);
		memcpy(obs->km[0], km, km_len);
		memcpy(obs->ctr[0], ctr, ctr_len);
	}
	free(kc);
	free(km);
	free(ctr);
	return ok;
}

static unsigned kinds_of(const vj *group)
{
	const vj *list = vj_get(group, "stanzas");
	unsigned mask = 0;
	for (size_t i = 0; list != NULL && i < list->n; i++) {
		const char *k = list->items[i]->str;
		mask |= strcmp(k, "message") == 0    ? ES_STANZA_MESSAGE
		        : strcmp(k, "presence") == 0 ? ES_STANZA_PRESENCE
		        : strcmp(k, "iq") == 0       ? ES_STANZA_IQ
		                                     : 0u;
	}
	return mask;
}

static const char *const stanza_input_keys[] = {
    "tcId", "comment", "result", "flags", "KC", "KM", "counter", NULL};

static bool encrypt_all(const vj *test, const vx_algs *a, unsigned kinds,
                        vj *out)
{
	es_stanza_dir *tx = NULL, *rx = NULL;
	vx_dirs obs;
	const vj *plain = vj_get(test, "plaintexts");
	bool ok = plain != NULL && dir_new(test, a, &tx, &obs) &&
	          dir_new(test, a, &rx, NULL);
	vj *list = vj_set(out, "stanzas", vj_arr());
	es_xml_buf enc, dec;
	es_xml_buf_init(&enc, 0);
	es_xml_buf_init(&dec, 0);
	for (size_t i = 0; ok && i < plain->n; i++) {
		const char *p = plain->items[i]->str;
		es_stanza_received got = ES_STANZA_RECEIVED_INIT;
		uint8_t after[ES_CTR_MAX_BLOCK_LEN];
		es_xml_buf_clear(&enc);
		es_xml_buf_clear(&dec);
		ok = es_stanza_encrypt_text(tx, kinds, (const uint8_t *)p,
		                            strlen(p), NULL,
		                            &enc) == ESESSION_OK;
		vj *e = ok ? vj_push(list, vj_obj()) : NULL;
		ok = ok &&
		     vx_observe_stanza(test, &obs, 0, (const char *)enc.data,
		                       e) &&
		     es_stanza_dir_counter(tx, after, sizeof after) ==
		         ESESSION_OK &&
		     memcmp(after, obs.ctr[0], a->blen) == 0;
		if (!ok) {
			vx_fail(test, "stanza %zu not reproduced", i);
			break;
		}
		vj_set(e, "stanza", vj_strn((const char *)enc.data, enc.len));
		vj_set(e, "counterAfter", vj_hex(after, a->blen));
		ok = es_stanza_decrypt_text(rx, kinds, enc.data, enc.len, &dec,
		                            &got) == ESESSION_OK;
		es_stanza_received_clear(&got);
		if (ok)
			vj_set(e, "delivered",
			       vj_strn((const char *)dec.data, dec.len));
		else
			vx_fail(test, "stanza %zu does not decrypt", i);
	}
	es_xml_buf_free(&enc);
	es_xml_buf_free(&dec);
	es_stanza_dir_free(tx);
	es_stanza_dir_free(rx);
	return ok;
}

static bool receive_all(const vj *test, const vx_algs *a, unsigned kinds,
                        vj *out)
{
	es_stanza_dir *rx = NULL;
	const vj *list = vj_get(test, "receive");
	bool ok = list != NULL && list->n > 0 && dir_new(test, a, &rx, NULL);
	esession_status st = ESESSION_OK;
	es_xml_buf dec;
	es_xml_buf_init(&dec, 0);
	for (size_t i = 0; ok && i < list->n; i++) {
		const char *s = list->items[i]->str;
		es_stanza_received got = ES_STANZA_RECEIVED_INIT;
		es_xml_buf_clear(&dec);
		st = es_stanza_decrypt_text(rx, kinds, (const uint8_t *)s,
		                            strlen(s), &dec, &got);
		es_stanza_received_clear(&got);
		if (i + 1 < list->n && st != ESESSION_OK)
			ok = vx_failed(test, "stanza %zu refused: %s", i,
			               vx_status_name(st));
	}
	if (ok) {
		vj *exp = vj_set(out, "expected", vj_obj());
		vj_set(exp, "status", vj_str(vx_status_name(st)));
	}
	es_xml_buf_free(&dec);
	es_stanza_dir_free(rx);
	return ok;
}

vj *vx_stanza_run(const vj *group, const vj *test)
{
	vx_algs a;
	if (!vx_algs_of(group, &a))
		return vx_fail(test, "group algorithms unknown");
	vj *out = vj_obj();
	for (size_t i = 0; stanza_input_keys[i] != NULL; i++) {
		const vj *v = vj_get(test, stanza_input_keys[i]);
		if (v == NULL) {
			vj_free(out);
			return vx_fail(test, "input '%s' missing",
			               stanza_input_keys[i]);
		}
		vj_set(out, stanza_input_keys[i], vx_copy(v));
	}
	bool ok;
	unsigned kinds = kinds_of(group);
	if (vj_get(test, "plaintexts") != NULL) {
		vj_set(out, "plaintexts", vx_copy(vj_get(test, "plaintexts")));
		ok = encrypt_all(test, &a, kinds, out);
	} else {
		vj_set(out, "receive", vx_copy(vj_get(test, "receive")));
		ok = receive_all(test, &a, kinds, out);
	}
	if (!ok) {
		vj_free(out);
		return NULL;
	}
	return out;
}

vj *vx_sas_run(const vj *group, const vj *test)
{
	es_hash_alg hash;
	const char *name = vj_get_str(group, "hash");
	const char *form_b = vj_get_str(test, "formB");
	uint8_t *m_a = NULL;
	size_t m_a_len = 0;
	char sas[ES_SAS28X5_SIZE];
	if (name == NULL || form_b == NULL ||
	    es_hash_from_name(name, &hash) != ESESSION_OK ||
	    !vj_get_hex(test, "MA", &m_a, &m_a_len)) {
		free(m_a);
		return vx_fail(test, "SasTest inputs incomplete");
	}
	/* BS §3 SAS input: HASH(M_A | form_B | "Short Authentication
	 * String"), recomputed here and compared with the library's SAS. */
	static const char label[] = "Short Authentication String";
	uint8_t in[ES_HASH_MAX_LEN];
	es_span parts[3] = {{m_a, m_a_len},
	                    {(const uint8_t *)form_b, strlen(form_b)},
	                    {(const uint8_t *)label, sizeof label - 1}};
	bool ok = es_hash(hash, parts, 3, in, sizeof in) == ESESSION_OK &&
	          es_sas28x5(hash, m_a, m_a_len, (const uint8_t *)form_b,
	                     strlen(form_b), sas, sizeof sas) == ESESSION_OK;
	vj *out = NULL;
	if (ok) {
		out = vj_obj();
		static const char *const keys[] = {"tcId",  "comment", "result",
		                                   "flags", "MA",      "formB"};
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			vj_set(out, keys[i], vx_copy(vj_get(test, keys[i])));
		vj_set(out, "sasInput", vj_hex(in, es_hash_len(hash)));
		vj_set(out, "sas", vj_str(sas));
	}
	free(m_a);
	return out;
}
