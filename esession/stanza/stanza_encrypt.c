/*
 * stanza_encrypt.c - XEP-0200 §"Encrypting a Stanza" and §"Sending an
 * Encrypted Stanza" (see stanza.h).
 */
#include "stanza_internal.h"

#include "base64.h"
#include "xml_serialize.h"

#include <inttypes.h>
#include <stdio.h>

static esession_status es_stanza_check_extras(const es_stanza_extras *x)
{
	if (x == NULL)
		return ESESSION_OK;
	ES_ENSURE(x->key != NULL || x->key_len == 0, ESESSION_EINVAL);
	ES_ENSURE(x->old != NULL || x->n_old == 0, ESESSION_EINVAL);
	for (size_t i = 0; i < x->n_old; i++)
		ES_ENSURE(x->old[i].data != NULL && x->old[i].len > 0,
		          ESESSION_EINVAL);
	return ESESSION_OK;
}

/*
 * Check the children of the wrapper and gather those to encrypt, in order,
 * under a holder element of the stanza's namespace in the scratch
 * document: serializing the holder's children writes each one
 * self-contained, with xmlns only where its namespace differs from the
 * stanza's (A-"Namespace context of the encrypted content").
 *
 * The caller's stanza is only read: its children are copied. When the
 * stanza is our own scratch tree (the text-shaped call), `own` is that
 * same tree and the children are moved instead, which saves a copy of the
 * whole content.
 */
static esession_status es_stanza_gather(const es_xml_node *stanza,
                                        es_xml_node *own, es_xml_doc *scratch,
                                        es_xml_node **holder)
{
	es_xml_node *h = NULL;
	ES_GUARD(es_xml_element_new(scratch, es_xml_ns(stanza),
	                            es_xml_name(stanza), &h));
	es_xml_node *next = NULL;
	for (es_xml_node *n = es_xml_first_child(stanza); n != NULL; n = next) {
		next = es_xml_next(n);
		es_xml_node *copy = NULL;
		switch (es_stanza_classify(stanza, n)) {
		case ES_STANZA_CHILD_SKIP:
		case ES_STANZA_CHILD_THREAD:
		case ES_STANZA_CHILD_CLEAR: break;
		case ES_STANZA_CHILD_CONTENT:
			if (own != NULL) {
				es_xml_detach(n);
				ES_GUARD(es_xml_append_child(h, n));
			} else {
				ES_GUARD(es_xml_copy(scratch, n, &copy));
				ES_GUARD(es_xml_append_child(h, copy));
			}
			break;
		case ES_STANZA_CHILD_C:
			/* S-"Encrypting a stanza that already holds <c/>". */
		case ES_STANZA_CHILD_BAD_TEXT:
			/* S-"Character data directly in the wrapper". */
		default: return ESESSION_ESTANZA;
		}
	}
	*holder = h;
	return ESESSION_OK;
}

/* Append <name>base64(bytes)</name> to c. */
static esession_status es_stanza_add_b64(es_stanza_dir *dir, es_xml_node *c,
                                         const char *name, const uint8_t *bytes,
                                         size_t len)
{
	size_t enc_len = 0;
	ES_GUARD(es_base64_encoded_len(len, &enc_len));
	ES_ENSURE(enc_len < SIZE_MAX, ESESSION_EBUFSIZE);
	dir->text.len = 0;
	ES_GUARD(es_stanza_bytes_reserve(&dir->text, enc_len + 1));
	/* XEP-0200 §"Encrypting a Stanza": Base64 "in accordance with
	 * Section 4 of RFC 4648". */
	ES_GUARD(es_base64_encode(bytes, len, (char *)dir->text.data,
	                          dir->text.cap, NULL));
	return es_xml_add_text_element(c, ES_STANZA_NS_C, name,
	                               (const char *)dir->text.data, NULL);
}

/* The children of <c/> before <mac/>: data, key, new, old* (the order of
 * the XEP-0200 examples, A-"Order of children of <c/>"). */
static esession_status es_stanza_add_fields(es_stanza_dir *dir, es_xml_node *c,
                                            const es_stanza_extras *x)
{
	/* "If there is encrypted XML content, the XML MUST include the Base64
	 * encoded ... value of m_final wrapped in a <data/> element." */
	if (dir->m.len > 0)
		ES_GUARD(
		    es_stanza_add_b64(dir, c, "data", dir->m.data, dir->m.len));
	if (x == NULL)
		return ESESSION_OK;
	if (x->key_len > 0)
		ES_GUARD(es_stanza_add_b64(dir, c, "key", x->key, x->key_len));
	if (x->new_count > 0) {
		/* "the (positive, non-zero) number of such stanzas". */
		char num[16];
		(void)snprintf(num, sizeof(num), "%" PRIu32, x->new_count);
		ES_GUARD(es_xml_add_text_element(c, ES_STANZA_NS_C, "new", num,
		                                 NULL));
	}
	for (size_t i = 0; i < x->n_old; i++)
		ES_GUARD(es_stanza_add_b64(dir, c, "old", x->old[i].data,
		                           x->old[i].len));
	return ESESSION_OK;
}

/* Build <c/> with its <mac/>; the MAC covers m_content | C0. */
static esession_status es_stanza_build_c(es_stanza_dir *dir, es_xml_doc *doc,
                                         const es_stanza_extras *x,
                                         const uint8_t *c0, es_xml_node **out)
{
	es_xml_node *c = NULL;
	ES_GUARD(es_xml_element_new(doc, ES_STANZA_NS_C, "c", &c));
	ES_GUARD(es_stanza_add_fields(dir, c, x));

	/* "Alice MUST normalize the content by removing any whitespace from
	 * the serialized content": the project's normalization
	 * (A-"What XEP-0200 normalization removes"). */
	es_xml_buf_clear(&dir->content);
	ES_GUARD(es_xml_c14n_children(c, &dir->content));

	uint8_t mac[ES_HASH_MAX_LEN];
	size_t mac_len = es_hmac_ctx_len(dir->mac);
	esession_status st = es_stanza_mac_input(dir, &dir->content, c0);
	if (st == ESESSION_OK)
		st = es_hmac_ctx_final(dir->mac, mac, sizeof(mac));
	else
		es_hmac_ctx_reset(dir->mac);
	if (st == ESESSION_OK)
		st = es_stanza_add_b64(dir, c, "mac", mac, mac_len);
	if (st != ESESSION_OK)
		return st;
	*out = c;
	return ESESSION_OK;
}

/* Copy the clear children of the given class into w, in order. */
static esession_status es_stanza_copy_clear(const es_xml_node *stanza,
                                            es_stanza_child_class which,
                                            es_xml_doc *doc, es_xml_node *w)
{
	for (const es_xml_node *n = es_xml_first_child(stanza); n != NULL;
	     n = es_xml_next(n)) {
		if (es_stanza_classify(stanza, n) != which)
			continue;
		es_xml_node *copy = NULL;
		ES_GUARD(es_xml_copy(doc, n, &copy));
		ES_GUARD(es_xml_append_child(w, copy));
	}
	return ESESSION_OK;
}

/*
 * The whole encryption, leaving the counter move pending (committed or
 * rolled back by the caller). On failure the counter is already restored.
 * own: NULL, or stanza itself when it is a scratch tree we may take apart.
 */
static esession_status es_stanza_encrypt_pending(
    es_stanza_dir *dir, unsigned kinds, const es_xml_node *stanza,
    es_xml_node *own, const es_stanza_extras *extras, es_xml_doc *out_doc,
    es_xml_node **out, es_stanza_pending *pending)
{
	es_xml_node *holder = NULL;
	es_xml_node *w = NULL;
	es_xml_node *c = NULL;

	ES_GUARD(es_stanza_check_wrapper(stanza, kinds));
	ES_GUARD(es_stanza_check_extras(extras));
	ES_GUARD(es_stanza_gather(stanza, own, dir->doc, &holder));

	/* XEP-0200 §"Encrypting a Stanza": "Serialize the XML content ... into
	 * an array of UTF-8 bytes, m". No compression ('none') and no
	 * white-space padding [ours, spec/byte-strings.md §4]. */
	es_xml_buf_clear(&dir->m);
	esession_status st = es_xml_serialize_children(holder, &dir->m);
	if (st != ESESSION_OK)
		goto out;

	/* XEP-0200 §"Maximum Key Life": refuse before the limit is crossed;
	 * the session must re-key (or terminate) first. */
	pending->blocks = es_stanza_blocks_for(dir, dir->m.len);
	if (pending->blocks > ES_STANZA_MAX_BLOCKS_PER_KEY - dir->blocks_used) {
		st = ESESSION_EKEY_EXHAUSTED;
		goto out;
	}

	/* C0: "the value of Alice's block cipher counter C_A before the data
	 * was encrypted". */
	st = es_ctr_get_counter(dir->ctr, pending->c0, sizeof(pending->c0));
	if (st != ESESSION_OK)
		goto out;
	/* m_final = CIPHER(KC_A, C_A, m), in place; without content "C_A
	 * MUST be incremented by 1". */
	if (dir->m.len > 0)
		st = es_ctr_encrypt(dir->ctr, dir->m.data, dir->m.data,
		                    dir->m.len);
	else
		st = es_ctr_advance(dir->ctr, 1);
	if (st != ESESSION_OK)
		goto out;
	pending->moved = true;

	/* XEP-0200 §"Sending an Encrypted Stanza": <c/> "in place of the
	 * original content"; <thread/> first, then <c/>, then <amp/> and
	 * <error/> (spec/message-flow.md §7 "Sending" step 5). */
	st = es_stanza_copy_wrapper(out_doc, stanza, &w);
	if (st == ESESSION_OK)
		st = es_stanza_copy_clear(stanza, ES_STANZA_CHILD_THREAD,
		                          out_doc, w);
	if (st == ESESSION_OK)
		st = es_stanza_build_c(dir, out_doc, extras, pending->c0, &c);
	if (st == ESESSION_OK)
		st = es_xml_append_child(w, c);
	if (st == ESESSION_OK)
		st = es_stanza_copy_clear(stanza, ES_STANZA_CHILD_CLEAR,
		                          out_doc, w);
	if (st == ESESSION_OK)
		*out = w;
out:
	if (st != ESESSION_OK)
		es_stanza_pending_rollback(dir, pending);
	/* m is ciphertext once encrypted, plaintext if we failed before. */
	if (dir->m.data != NULL)
		es_wipe(dir->m.data, dir->m.len);
	es_xml_buf_clear(&dir->m);
	es_stanza_bytes_wipe(&dir->text);
	return st;
}

esession_status es_stanza_encrypt_begin(es_stanza_dir *dir, unsigned kinds,
                                        const es_xml_node *stanza,
                                        const es_stanza_extras *extras,
                                        es_xml_doc *out_doc, es_xml_node **out,
                                        es_stanza_pending *pending)
{
	ES_GUARD(es_stanza_dir_usable(dir));
	ES_ENSURE(stanza != NULL && out_doc != NULL && out != NULL &&
	              pending != NULL && !pending->moved,
	          ESESSION_EINVAL);
	*out = NULL;
	es_xml_doc_reset(dir->doc);
	esession_status st = es_stanza_encrypt_pending(
	    dir, kinds, stanza, NULL, extras, out_doc, out, pending);
	es_xml_doc_reset(dir->doc);
	return st;
}

esession_status es_stanza_encrypt(es_stanza_dir *dir, unsigned kinds,
                                  const es_xml_node *stanza,
                                  const es_stanza_extras *extras,
                                  es_xml_doc *out_doc, es_xml_node **out)
{
	es_stanza_pending pending = ES_STANZA_PENDING_INIT;
	ES_GUARD(es_stanza_encrypt_begin(dir, kinds, stanza, extras, out_doc,
	                                 out, &pending));
	es_stanza_pending_commit(dir, &pending);
	return ESESSION_OK;
}

esession_status es_stanza_encrypt_text(es_stanza_dir *dir, unsigned kinds,
                                       const uint8_t *in, size_t in_len,
                                       const es_stanza_extras *extras,
                                       es_xml_buf *out)
{
	ES_GUARD(es_stanza_dir_usable(dir));
	ES_ENSURE(in != NULL && out != NULL, ESESSION_EINVAL);
	es_stanza_pending pending = {.moved = false};
	es_xml_node *stanza = NULL;
	es_xml_node *enc = NULL;

	es_xml_doc_reset(dir->doc);
	esession_status st =
	    es_xml_parse(dir->parser, dir->doc, in, in_len, &stanza);
	if (st == ESESSION_OK)
		st =
		    es_stanza_encrypt_pending(dir, kinds, stanza, stanza,
		                              extras, dir->doc, &enc, &pending);
	if (st == ESESSION_OK) {
		st = es_xml_serialize(enc, out);
		/* The stanza was not delivered to the caller: undo. */
		if (st != ESESSION_OK)
			es_stanza_pending_rollback(dir, &pending);
	}
	if (st == ESESSION_OK)
		es_stanza_pending_commit(dir, &pending);
	es_xml_doc_reset(dir->doc);
	return st;
}
