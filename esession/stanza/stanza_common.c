/*
 * stanza_common.c - what encryption and decryption share: the stanza
 * wrapper rules, the classification of its children, the MAC input and
 * the scratch byte buffer.
 */
#include "stanza_internal.h"

#include <stdlib.h>
#include <string.h>

#define ES_STANZA_NS_CLIENT "jabber:client"
/* XEP-0079; XEP-0200 §"Encryptable Content" keeps it in clear. */
#define ES_STANZA_NS_AMP "http://jabber.org/protocol/amp"

/* ---- byte buffer ------------------------------------------------------ */

esession_status es_stanza_bytes_reserve(es_stanza_bytes *b, size_t extra)
{
	ES_ENSURE(extra <= SIZE_MAX / 2 - b->len, ESESSION_EBUFSIZE);
	size_t need = b->len + extra;
	if (need <= b->cap)
		return ESESSION_OK;
	size_t cap = b->cap != 0 ? b->cap : 2048;
	while (cap < need)
		cap *= 2;
	/* Not realloc: the old block may hold plaintext and must be wiped
	 * before it is released. */
	uint8_t *d = malloc(cap);
	ES_ENSURE(d != NULL, ESESSION_ENOMEM);
	if (b->len > 0)
		memcpy(d, b->data, b->len);
	if (b->data != NULL) {
		es_wipe(b->data, b->cap);
		free(b->data);
	}
	b->data = d;
	b->cap = cap;
	return ESESSION_OK;
}

esession_status es_stanza_bytes_append(es_stanza_bytes *b, const void *data,
                                       size_t n)
{
	ES_GUARD(es_stanza_bytes_reserve(b, n));
	if (n > 0)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	return ESESSION_OK;
}

void es_stanza_bytes_wipe(es_stanza_bytes *b)
{
	if (b->data != NULL)
		es_wipe(b->data, b->len);
	b->len = 0;
}

void es_stanza_bytes_free(es_stanza_bytes *b)
{
	if (b->data != NULL) {
		es_wipe(b->data, b->cap);
		free(b->data);
	}
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

/* ---- the stanza wrapper ---------------------------------------------- */

bool es_stanza_is_space(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	}
	return true;
}

esession_status es_stanza_check_wrapper(const es_xml_node *stanza,
                                        unsigned kinds)
{
	ES_ENSURE(es_xml_is_element(stanza), ESESSION_ESTANZA);
	/* RFC 6120 §4.8.3: a client stream's default namespace is
	 * jabber:client; a stanza cut out of its stream by an XMPP library may
	 * also come without any namespace. Both are accepted, nothing else
	 * (S-"Stanza namespace"). */
	const char *ns = es_xml_ns(stanza);
	ES_ENSURE(strcmp(ns, ES_STANZA_NS_CLIENT) == 0 || ns[0] == '\0',
	          ESESSION_ESTANZA);
	const char *name = es_xml_name(stanza);
	unsigned kind = 0;
	if (strcmp(name, "message") == 0)
		kind = ES_STANZA_MESSAGE;
	else if (strcmp(name, "presence") == 0)
		kind = ES_STANZA_PRESENCE;
	else if (strcmp(name, "iq") == 0)
		kind = ES_STANZA_IQ;
	/* XEP-0200 §"Encryptable Content": one-to-one message, presence and
	 * iq stanzas only. */
	ES_ENSURE(kind != 0, ESESSION_ESTANZA);
	/* XEP-0116 §"Verifying Bob's Identity": only "the one-to-one stanza
	 * types they agreed upon". */
	ES_ENSURE((kinds & kind) != 0, ESESSION_ESTANZA_KIND);
	return ESESSION_OK;
}

es_stanza_child_class es_stanza_classify(const es_xml_node *stanza,
                                         const es_xml_node *child)
{
	if (es_xml_is_text(child)) {
		size_t len = 0;
		const char *text = es_xml_text(child, &len);
		return es_stanza_is_space(text, len) ? ES_STANZA_CHILD_SKIP
		                                     : ES_STANZA_CHILD_BAD_TEXT;
	}
	const char *ns = es_xml_ns(stanza);
	/* XEP-0200 §"Encryptable Content": Alice MUST NOT encrypt <error/>
	 * (with its defined condition), <thread/> and <amp/>. */
	if (es_xml_is(child, ns, "thread"))
		return ES_STANZA_CHILD_THREAD;
	if (es_xml_is(child, ns, "error") ||
	    es_xml_is(child, ES_STANZA_NS_AMP, "amp"))
		return ES_STANZA_CHILD_CLEAR;
	if (es_xml_is(child, ES_STANZA_NS_C, "c"))
		return ES_STANZA_CHILD_C;
	return ES_STANZA_CHILD_CONTENT;
}

esession_status es_stanza_copy_wrapper(es_xml_doc *doc,
                                       const es_xml_node *stanza,
                                       es_xml_node **out)
{
	es_xml_node *w = NULL;
	ES_GUARD(es_xml_element_new(doc, es_xml_ns(stanza), es_xml_name(stanza),
	                            &w));
	/* The wrapper tags and their attributes are never encrypted
	 * (XEP-0200 §"Encryptable Content"): they pass through as they are. */
	for (const es_xml_attr *a = es_xml_attr_first(stanza); a != NULL;
	     a = es_xml_attr_next(a))
		ES_GUARD(es_xml_set_attr(w, es_xml_attr_ns(a),
		                         es_xml_attr_name(a),
		                         es_xml_attr_value(a, NULL)));
	*out = w;
	return ESESSION_OK;
}

/* ---- counter and MAC -------------------------------------------------- */

esession_status es_stanza_mac_input(es_stanza_dir *dir,
                                    const es_xml_buf *content,
                                    const uint8_t *counter)
{
	/* XEP-0200 §"Encrypting a Stanza": a_mac = HMAC(HASH, KM_A,
	 * m_content | C_A), content first, then C as n/8 bytes big-endian
	 * (A-"Counter encoding", A-"Concatenation notation"). */
	es_span parts[2] = {
	    {content->data, content->len},
	    {counter, dir->block_len},
	};
	return es_hmac_ctx_update_parts(dir->mac, parts, ES_ARRAY_LEN(parts));
}

uint64_t es_stanza_blocks_for(const es_stanza_dir *dir, size_t m_len)
{
	/* XEP-0200 §"Encrypting a Stanza": "C_A MUST be incremented by 1 for
	 * each encrypted block or partial block"; with 'none' or without
	 * content it is incremented by 1. */
	if (dir->cipher == ES_CIPHER_NONE || m_len == 0)
		return 1;
	return (uint64_t)(m_len / dir->block_len) +
	       (m_len % dir->block_len != 0 ? 1u : 0u);
}

void es_stanza_received_clear(es_stanza_received *rx)
{
	if (rx == NULL)
		return;
	free(rx->key);
	free(rx->old);
	free(rx->old_bytes);
	*rx = (es_stanza_received)ES_STANZA_RECEIVED_INIT;
}

void es_stanza_pending_commit(es_stanza_dir *dir, es_stanza_pending *p)
{
	if (p->moved) {
		dir->blocks_used += p->blocks;
		dir->stanzas++;
	}
	p->moved = false;
}

void es_stanza_pending_rollback(es_stanza_dir *dir, es_stanza_pending *p)
{
	if (!p->moved)
		return;
	p->moved = false;
	/* Restoring C0 re-uses counter values only for output that was never
	 * released: nothing encrypted under them left this call. */
	if (es_ctr_set_counter(dir->ctr, p->c0, dir->block_len) != ESESSION_OK)
		dir->broken = true; /* cannot happen: c0 has the block length */
}
