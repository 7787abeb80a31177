/*
 * stanza_dir.c - the per-direction XEP-0200 state (see stanza_dir.h).
 */
#include "stanza_internal.h"

#include <stdlib.h>

esession_status es_stanza_dir_new(es_stanza_dir **dir, es_cipher_alg cipher,
                                  es_hash_alg hash, const uint8_t *kc,
                                  size_t kc_len, const uint8_t *km,
                                  size_t km_len, const uint8_t *counter,
                                  size_t counter_len)
{
	ES_ENSURE(dir != NULL, ESESSION_EINVAL);
	*dir = NULL;
	ES_ENSURE(counter != NULL, ESESSION_EINVAL);
	ES_ENSURE(km != NULL && km_len > 0, ESESSION_EINVAL);
	ES_ENSURE(kc != NULL || kc_len == 0, ESESSION_EINVAL);
	ES_ENSURE(es_hash_len(hash) != 0, ESESSION_EUNSUPPORTED);
	ES_ENSURE(es_cipher_block_len(cipher) != 0, ESESSION_EUNSUPPORTED);

	es_stanza_dir *d = calloc(1, sizeof(*d));
	ES_ENSURE(d != NULL, ESESSION_ENOMEM);
	d->cipher = cipher;
	d->hash = hash;
	d->block_len = es_cipher_block_len(cipher);
	es_xml_buf_init(&d->m, 0);
	es_xml_buf_init(&d->content, 0);

	esession_status st =
	    es_ctr_new(&d->ctr, cipher, kc, kc_len, counter, counter_len);
	if (st != ESESSION_OK)
		goto out;
	st = es_hmac_ctx_new(&d->mac, hash, km, km_len);
	if (st != ESESSION_OK)
		goto out;
	st = es_secbuf_copy(&d->km, km, km_len);
	if (st != ESESSION_OK)
		goto out;
	st = es_xml_parser_new(&d->parser, NULL);
	if (st != ESESSION_OK)
		goto out;
	st = es_xml_doc_new(&d->doc);
	if (st != ESESSION_OK)
		goto out;
	*dir = d;
	d = NULL;
out:
	es_stanza_dir_free(d);
	return st;
}

esession_status es_stanza_dir_rekey(es_stanza_dir *dir, const uint8_t *kc,
                                    size_t kc_len, const uint8_t *km,
                                    size_t km_len)
{
	ES_GUARD(es_stanza_dir_usable(dir));
	ES_ENSURE(km != NULL && km_len > 0, ESESSION_EINVAL);
	ES_ENSURE(kc != NULL || kc_len == 0, ESESSION_EINVAL);
	/* Check what can be checked before touching either key, so that a
	 * bad argument leaves the old, consistent pair in place. */
	ES_ENSURE(kc_len == es_cipher_key_len(dir->cipher), ESESSION_EKEY);
	es_secbuf km_copy = ES_SECBUF_INIT;
	ES_GUARD(es_secbuf_copy(&km_copy, km, km_len));

	esession_status st = es_ctr_rekey(dir->ctr, kc, kc_len);
	if (st == ESESSION_OK)
		st = es_hmac_ctx_rekey(dir->mac, km, km_len);
	if (st != ESESSION_OK) {
		/* KC and KM may now come from different key exchanges. */
		es_secbuf_free(&km_copy);
		dir->broken = true;
		return st;
	}
	es_secbuf_free(&dir->km);
	dir->km = km_copy;
	/* XEP-0200 §"Maximum Key Life": the limit counts "after each key
	 * exchange". */
	dir->blocks_used = 0;
	return ESESSION_OK;
}

esession_status es_stanza_dir_copy_mac_key(const es_stanza_dir *dir,
                                           es_secbuf *out)
{
	ES_GUARD(es_stanza_dir_usable(dir));
	ES_ENSURE(out != NULL && out->data == NULL && out->len == 0,
	          ESESSION_EINVAL);
	return es_secbuf_copy(out, dir->km.data, dir->km.len);
}

esession_status es_stanza_dir_counter(const es_stanza_dir *dir, uint8_t *out,
                                      size_t out_size)
{
	ES_ENSURE(dir != NULL && out != NULL, ESESSION_EINVAL);
	return es_ctr_get_counter(dir->ctr, out, out_size);
}

size_t es_stanza_dir_counter_len(const es_stanza_dir *dir)
{
	return dir != NULL ? dir->block_len : 0;
}

uint64_t es_stanza_dir_blocks_used(const es_stanza_dir *dir)
{
	return dir != NULL ? dir->blocks_used : 0;
}

uint64_t es_stanza_dir_stanzas(const es_stanza_dir *dir)
{
	return dir != NULL ? dir->stanzas : 0;
}

es_cipher_alg es_stanza_dir_cipher(const es_stanza_dir *dir)
{
	return dir->cipher;
}

es_hash_alg es_stanza_dir_hash(const es_stanza_dir *dir)
{
	return dir->hash;
}

void es_stanza_dir_set_blocks_used_for_tests(es_stanza_dir *dir,
                                             uint64_t blocks)
{
	if (dir != NULL)
		dir->blocks_used = blocks;
}

esession_status es_stanza_dir_usable(const es_stanza_dir *dir)
{
	ES_ENSURE(dir != NULL, ESESSION_EINVAL);
	ES_ENSURE(!dir->broken, ESESSION_ESTATE);
	return ESESSION_OK;
}

void es_stanza_dir_free(es_stanza_dir *dir)
{
	if (dir == NULL)
		return;
	es_ctr_free(dir->ctr);
	es_hmac_ctx_free(dir->mac);
	es_secbuf_free(&dir->km);
	es_xml_parser_free(dir->parser);
	es_xml_doc_free(dir->doc);
	/* m held plaintext while a stanza was being encrypted. */
	if (dir->m.data != NULL)
		es_wipe(dir->m.data, dir->m.cap);
	es_xml_buf_free(&dir->m);
	es_xml_buf_free(&dir->content);
	es_stanza_bytes_free(&dir->text);
	es_stanza_bytes_free(&dir->decoded);
	free(dir);
}
