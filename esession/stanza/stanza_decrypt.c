/*
 * stanza_decrypt.c - XEP-0200 §"Decrypting a Stanza" (see stanza.h for the
 * order of the steps, which is normative: nothing is decrypted or parsed
 * before the MAC has verified).
 */
#include "stanza_internal.h"

#include "base64.h"
#include "xml_serialize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decode base64 text into dir->decoded; *off and *len locate the bytes
 * (offsets, because a later decode may move the buffer). */
static esession_status es_stanza_decode(es_stanza_dir *dir, const char *text,
                                        size_t text_len, size_t *off,
                                        size_t *len)
{
	size_t max = es_base64_decoded_max_len(text_len);
	ES_GUARD(es_stanza_bytes_reserve(&dir->decoded, max));
	size_t got = 0;
	uint8_t *dst = dir->decoded.data != NULL
	                   ? dir->decoded.data + dir->decoded.len
	                   : NULL;
	ES_GUARD(es_base64_decode(text, text_len, dst, max, &got));
	*off = dir->decoded.len;
	*len = got;
	dir->decoded.len += got;
	return ESESSION_OK;
}

/* Decode <key/> and every <old/> into caller-owned storage in *got. */
static esession_status es_stanza_decode_extras(const es_xml_node *c,
                                               const es_stanza_cwire *w,
                                               es_stanza_received *got)
{
	got->new_count = w->new_count;
	if (w->key_text != NULL) {
		size_t max = es_base64_decoded_max_len(w->key_text_len);
		got->key = malloc(max);
		ES_ENSURE(got->key != NULL, ESESSION_ENOMEM);
		ES_GUARD(es_base64_decode(w->key_text, w->key_text_len,
		                          got->key, max, &got->key_len));
	}
	if (w->n_old == 0)
		return ESESSION_OK;
	size_t max = es_base64_decoded_max_len(w->old_text_total);
	got->old_bytes = malloc(max);
	got->old = calloc(w->n_old, sizeof(*got->old));
	ES_ENSURE(got->old_bytes != NULL && got->old != NULL, ESESSION_ENOMEM);
	size_t used = 0;
	for (const es_xml_node *n = es_xml_find_child(c, ES_STANZA_NS_C, "old");
	     n != NULL; n = es_xml_find_next(n, ES_STANZA_NS_C, "old")) {
		const char *t = NULL;
		size_t len = 0;
		size_t dec = 0;
		ES_GUARD(es_xml_text_content(n, &t, &len));
		ES_GUARD(es_base64_decode(t, len, got->old_bytes + used,
		                          max - used, &dec));
		got->old[got->n_old].data = got->old_bytes + used;
		got->old[got->n_old].len = dec;
		got->n_old++;
		used += dec;
	}
	return ESESSION_OK;
}

/* XEP-0200 §"Decrypting a Stanza": "Remove the <mac/> element from the
 * serialized content of the <c/> element, and normalize the remaining
 * content", then HMAC(HASH, KM_A, m_content | C_A), compared in constant
 * time. */
static esession_status es_stanza_verify_mac(es_stanza_dir *dir,
                                            const es_xml_node *c,
                                            const es_stanza_cwire *w,
                                            const uint8_t *counter,
                                            const uint8_t *mac, size_t mac_len)
{
	es_xml_buf_clear(&dir->content);
	for (const es_xml_node *n = es_xml_first_element(c); n != NULL;
	     n = es_xml_next_element(n)) {
		if (n != w->mac)
			ES_GUARD(es_xml_c14n(n, &dir->content));
	}
	esession_status st = es_stanza_mac_input(dir, &dir->content, counter);
	if (st != ESESSION_OK) {
		es_hmac_ctx_reset(dir->mac);
		return st;
	}
	return es_hmac_ctx_verify(dir->mac, mac, mac_len);
}

/* The start and end tags m is parsed between: the stanza element with
 * only its default namespace declared (A-"Namespace context of the
 * encrypted content"). The names are one of three fixed words and the
 * namespace jabber:client or none, so nothing needs escaping. */
static void es_stanza_context_tags(const es_xml_node *stanza, char *start,
                                   size_t start_size, char *end,
                                   size_t end_size)
{
	const char *ns = es_xml_ns(stanza);
	if (ns[0] != '\0')
		(void)snprintf(start, start_size, "<%s xmlns=\"%s\">",
		               es_xml_name(stanza), ns);
	else
		(void)snprintf(start, start_size, "<%s>", es_xml_name(stanza));
	(void)snprintf(end, end_size, "</%s>", es_xml_name(stanza));
}

/* The plaintext stanza: the received wrapper and clear children, the
 * children of the parsed m where <c/> was. */
static esession_status es_stanza_assemble(const es_xml_node *stanza,
                                          es_xml_node *plain, es_xml_doc *doc,
                                          es_xml_node **out)
{
	es_xml_node *w = NULL;
	ES_GUARD(es_stanza_copy_wrapper(doc, stanza, &w));
	for (const es_xml_node *n = es_xml_first_child(stanza); n != NULL;
	     n = es_xml_next(n)) {
		es_stanza_child_class cls = es_stanza_classify(stanza, n);
		if (cls == ES_STANZA_CHILD_C) {
			/* "Replace the <c/> element ... with m". */
			es_xml_node *m;
			while ((m = es_xml_first_child(plain)) != NULL) {
				es_xml_detach(m);
				ES_GUARD(es_xml_append_child(w, m));
			}
		} else if (cls == ES_STANZA_CHILD_THREAD ||
		           cls == ES_STANZA_CHILD_CLEAR) {
			es_xml_node *copy = NULL;
			ES_GUARD(es_xml_copy(doc, n, &copy));
			ES_GUARD(es_xml_append_child(w, copy));
		}
	}
	*out = w;
	return ESESSION_OK;
}

/*
 * The whole decryption with the counter move left pending. On failure
 * the move is already rolled back, except after a parser refusal of the
 * plaintext, where it is committed (see stanza.h).
 */
static esession_status es_stanza_decrypt_pending(
    es_stanza_dir *dir, unsigned kinds, const es_xml_node *stanza,
    es_xml_doc *out_doc, es_xml_node **out, es_stanza_received *got,
    es_stanza_pending *pending)
{
	const es_xml_node *c = NULL;
	es_stanza_cwire w;
	char start[48];
	char end[16];
	size_t mac_off = 0;
	size_t mac_len = 0;
	size_t data_len = 0;
	es_xml_node *plain = NULL;

	/* Step 1: structure, base64 and <new/> syntax; no secret used yet. */
	ES_GUARD(es_stanza_check_wrapper(stanza, kinds));
	ES_GUARD(es_stanza_find_c(stanza, &c, &got->error_c_present));
	ES_GUARD(es_stanza_cwire_parse(c, &w));
	got->data_present = w.data_text != NULL;

	/* m_final goes straight behind the context start tag, where it will
	 * be decrypted in place and parsed. */
	es_stanza_context_tags(stanza, start, sizeof(start), end, sizeof(end));
	dir->text.len = 0;
	dir->decoded.len = 0;
	esession_status st =
	    es_stanza_bytes_append(&dir->text, start, strlen(start));
	if (st == ESESSION_OK && w.data_text != NULL) {
		size_t max = es_base64_decoded_max_len(w.data_text_len);
		st = es_stanza_bytes_reserve(&dir->text, max + sizeof(end));
		if (st == ESESSION_OK)
			st = es_base64_decode(w.data_text, w.data_text_len,
			                      dir->text.data + dir->text.len,
			                      max, &data_len);
	}
	if (st == ESESSION_OK)
		st = es_stanza_decode_extras(c, &w, got);
	if (st == ESESSION_OK)
		st = es_stanza_decode(dir, w.mac_text, w.mac_text_len, &mac_off,
		                      &mac_len);
	if (st != ESESSION_OK)
		return st;

	/* Steps 2 and 3: MAC over the normalized content and the current
	 * counter. A replayed or reordered stanza fails here: its MAC was
	 * computed with another counter value. */
	ES_GUARD(
	    es_ctr_get_counter(dir->ctr, pending->c0, sizeof(pending->c0)));
	const uint8_t *mac =
	    dir->decoded.data != NULL ? dir->decoded.data + mac_off : NULL;
	ES_GUARD(es_stanza_verify_mac(dir, c, &w, pending->c0, mac, mac_len));

	/* Step 4: XEP-0200 §"Maximum Key Life" for the peer's key
	 * (A-"2^32 block limit": the receiver fails the session). Checked
	 * after the MAC, so that only the authenticated peer can cause it. */
	pending->blocks = es_stanza_blocks_for(dir, data_len);
	ES_ENSURE(pending->blocks <=
	              ES_STANZA_MAX_BLOCKS_PER_KEY - dir->blocks_used,
	          ESESSION_EKEY_EXHAUSTED);

	/* Step 5: "Decrypt m_final using the agreed algorithm, KC_A and C_A";
	 * without <data/>, C_A is incremented by 1. */
	uint8_t *m = dir->text.data + dir->text.len;
	if (data_len > 0)
		st = es_ctr_decrypt(dir->ctr, m, m, data_len);
	else
		st = es_ctr_advance(dir->ctr, 1);
	if (st != ESESSION_OK)
		return st;
	pending->moved = true;
	dir->text.len += data_len;

	/* Step 6: "feed the stanza into an XML parser"; m is parsed as the
	 * content of the stanza element with all the parser's refusals and
	 * limits. */
	st = es_stanza_bytes_append(&dir->text, end, strlen(end));
	if (st == ESESSION_OK) {
		st = es_xml_parse(dir->parser, out_doc, dir->text.data,
		                  dir->text.len, &plain);
		if (st != ESESSION_OK && st != ESESSION_ENOMEM) {
			/* The MAC was valid, so the sender's counter moved
			 * too: keep ours in step; the session terminates
			 * (XEP-0200: "Bob MUST terminate the encrypted
			 * session"). */
			es_stanza_pending_commit(dir, pending);
			return st;
		}
	}
	if (st == ESESSION_OK)
		st = es_stanza_assemble(stanza, plain, out_doc, out);
	if (st != ESESSION_OK)
		es_stanza_pending_rollback(dir, pending);
	return st;
}

/* Run the pending decryption, clean up, and hand over what <c/> carried. */
static esession_status es_stanza_decrypt_run(es_stanza_dir *dir, unsigned kinds,
                                             const es_xml_node *stanza,
                                             es_xml_doc *out_doc,
                                             es_xml_node **out,
                                             es_xml_buf *text_out,
                                             es_stanza_received *rx)
{
	es_stanza_received got = ES_STANZA_RECEIVED_INIT;
	es_stanza_pending pending = {.moved = false};
	es_xml_node *plain = NULL;
	esession_status st = es_stanza_decrypt_pending(
	    dir, kinds, stanza, out_doc, &plain, &got, &pending);
	if (st == ESESSION_OK && text_out != NULL) {
		st = es_xml_serialize(plain, text_out);
		if (st != ESESSION_OK)
			es_stanza_pending_rollback(dir, &pending);
	}
	/* The buffers held m (plaintext) and values of this stanza. */
	es_stanza_bytes_wipe(&dir->text);
	es_stanza_bytes_wipe(&dir->decoded);
	if (st != ESESSION_OK) {
		es_stanza_received_clear(&got);
		return st;
	}
	es_stanza_pending_commit(dir, &pending);
	*rx = got;
	if (out != NULL)
		*out = plain;
	return ESESSION_OK;
}

static bool es_stanza_received_empty(const es_stanza_received *rx)
{
	return rx->key == NULL && rx->old == NULL && rx->old_bytes == NULL;
}

esession_status es_stanza_decrypt(es_stanza_dir *dir, unsigned kinds,
                                  const es_xml_node *stanza,
                                  es_xml_doc *out_doc, es_xml_node **out,
                                  es_stanza_received *rx)
{
	ES_GUARD(es_stanza_dir_usable(dir));
	ES_ENSURE(stanza != NULL && out_doc != NULL && out != NULL &&
	              rx != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(es_stanza_received_empty(rx), ESESSION_EINVAL);
	*out = NULL;
	return es_stanza_decrypt_run(dir, kinds, stanza, out_doc, out, NULL,
	                             rx);
}

esession_status es_stanza_decrypt_text(es_stanza_dir *dir, unsigned kinds,
                                       const uint8_t *in, size_t in_len,
                                       es_xml_buf *out, es_stanza_received *rx)
{
	ES_GUARD(es_stanza_dir_usable(dir));
	ES_ENSURE(in != NULL && out != NULL && rx != NULL, ESESSION_EINVAL);
	ES_ENSURE(es_stanza_received_empty(rx), ESESSION_EINVAL);
	es_xml_node *stanza = NULL;
	es_xml_doc_reset(dir->doc);
	esession_status st =
	    es_xml_parse(dir->parser, dir->doc, in, in_len, &stanza);
	if (st == ESESSION_OK)
		st = es_stanza_decrypt_run(dir, kinds, stanza, dir->doc, NULL,
		                           out, rx);
	es_xml_doc_reset(dir->doc);
	return st;
}
