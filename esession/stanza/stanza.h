/*
 * stanza.h - XEP-0200 stanza encryption: a plaintext stanza in, the same
 * stanza with its content replaced by
 *
 *   <c xmlns='http://www.xmpp.org/extensions/xep-0200.html#ns'>
 *     <data/>? <key/>? <new/>? <old/>* <mac/>
 *   </c>
 *
 * out, and back. The wire format and every byte that is encrypted or MACed
 * are pinned in spec/byte-strings.md §4-§5; the readings we chose where
 * XEP-0200 is ambiguous are in spec/ambiguities.md (cited A-"..." and
 * S-"...", by entry title).
 *
 * What stays in clear (XEP-0200 §"Encryptable Content"): the wrapper tags
 * and their attributes, <thread/>, <amp xmlns='http://jabber.org/protocol/
 * amp'/> and <error/> children of the wrapper. Everything else is encrypted.
 * Neither the wrapper attributes nor the clear children are covered by the
 * MAC: XEP-0200 protects the content only (A-"What is encrypted").
 *
 * Re-keying itself is the session's business; this module only carries the
 * <key/>, <new/> and <old/> values and covers them with the MAC.
 *
 * Both directions come in two shapes: trees (es_xml_node in, a new tree in
 * a document of the caller's choice out) and text (UTF-8 stanza bytes in,
 * bytes appended to an es_xml_buf out). The text shape parses and builds in
 * the direction state's scratch document and allocates nothing in steady
 * state.
 */
#ifndef ES_STANZA_H
#define ES_STANZA_H

#include "params.h"
#include "stanza_dir.h"
#include "xml_buf.h"
#include "xml_tree.h"

/* XEP-0200 §"XML Schemas" (v0.2 namespace, see §"Protocol Namespaces"). */
#define ES_STANZA_NS_C "http://www.xmpp.org/extensions/xep-0200.html#ns"

/* The stanza kinds an ESession may cover (XEP-0116 'stanzas' field) are
 * the ES_STANZA_* mask bits of params.h: the caller passes the set that was
 * negotiated. */
#define ES_STANZA_ALL_KINDS ES_STANZA_ALL

/*
 * Optional children of <c/> a sender adds (all covered by the MAC). Pass
 * NULL to es_stanza_encrypt* for none.
 *   key, key_len: the re-key value (XEP-0200 §"Re-Key Initiation": the
 *       mpi of the new e), sent as <key>base64</key>; NULL/0 for none.
 *   new_count: XEP-0200 §"Encrypting a Stanza": the number of <key/>
 *       stanzas received from the peer since our last stanza, sent as
 *       <new>decimal</new>; 0 for none.
 *   old, n_old: expired MAC keys to publish (XEP-0200 §"Publishing Old
 *       MAC Values"), one <old>base64</old> each, in order; each non-empty.
 * Everything is borrowed for the duration of the call.
 */
typedef struct es_stanza_extras {
	const uint8_t *key;
	size_t key_len;
	uint32_t new_count;
	const es_span *old;
	size_t n_old;
} es_stanza_extras;

/*
 * What a received <c/> carried besides its content. Initialise with
 * ES_STANZA_RECEIVED_INIT; es_stanza_decrypt* fills it on success only and
 * the caller releases it with es_stanza_received_clear(). The values are
 * public (a DH public value, counts, MAC keys the peer has published).
 */
typedef struct es_stanza_received {
	uint8_t *key; /* decoded <key/>, malloc'ed; NULL when absent */
	size_t key_len;
	uint32_t new_count; /* <new/>; 0 when absent */
	es_span *old;       /* decoded <old/> values in received order */
	size_t n_old;
	uint8_t *old_bytes; /* storage behind old[i].data */
	/* XEP-0200 §"Encryptable Content": a type='error' stanza's <error/>
	 * may hold a <c/> of its own. It is left, still encrypted, inside the
	 * <error/> of the returned stanza; this flag says it is there (the
	 * session decides what to do with it, A-"<c/> in error stanzas"). */
	bool error_c_present;
	/* The <c/> had a <data/> child (encrypted content). Without one and
	 * with a <key/> it is XEP-0200's "empty Re-Key Exchange stanza". */
	bool data_present;
} es_stanza_received;

#define ES_STANZA_RECEIVED_INIT                         \
	{                                               \
		NULL, 0, 0, NULL, 0, NULL, false, false \
	}

/* es_stanza_received_clear - free what *rx holds and reset it to
 * ES_STANZA_RECEIVED_INIT. Safe on NULL and on an initialised value. */
void es_stanza_received_clear(es_stanza_received *rx);

/*
 * es_stanza_encrypt - XEP-0200 §"Encrypting a Stanza" and §"Sending an
 * Encrypted Stanza".
 *
 * stanza: a <message/>, <presence/> or <iq/> element in the namespace
 *     jabber:client or in no namespace (both are accepted; the output uses
 *     the same one). Borrowed, never modified.
 * kinds: the negotiated stanza kinds (es_stanza_kind bits).
 * extras: optional <key/>, <new/>, <old/> (NULL for none).
 * out_doc: receives the new stanza; *out its detached root, owned by
 *     out_doc. out_doc may be the stanza's own document.
 *
 * The output has the wrapper's attributes, then the <thread/> children,
 * then <c/>, then the <amp/> and <error/> children in their original order
 * (spec/message-flow.md §7 "Sending" step 5). m is the serialization of
 * the other children, each self-contained (A-"Namespace context of the
 * encrypted content"); with no such child there is no <data/> and the
 * counter advances by 1.
 *
 * On success the counter has advanced by the blocks of m (1 for 'none' or
 * for no content). On failure the counter and the blocks used are as they
 * were, nothing was produced (out_doc may hold unreachable memory until it
 * is reset), and the caller still has its stanza.
 *
 * Returns ESESSION_OK or:
 *   ESESSION_EINVAL          NULL argument, malformed extras (key NULL
 *                            with a length, an empty or NULL <old/>)
 *   ESESSION_ESTATE          the state is unusable (failed re-key)
 *   ESESSION_ESTANZA         not message/presence/iq in jabber:client or
 *                            no namespace; non-white-space text directly
 *                            in the wrapper; the stanza already has a
 *                            <c/> child (S-"Encrypting a stanza that
 *                            already holds <c/>")
 *   ESESSION_ESTANZA_KIND    the kind is not in kinds
 *   ESESSION_EKEY_EXHAUSTED  the stanza would take the blocks used under
 *                            the current key beyond
 *                            ES_STANZA_MAX_BLOCKS_PER_KEY: re-key first
 *   ESESSION_EBUFSIZE        the stanza is too large for the buffers
 *   ESESSION_ENOMEM, ESESSION_ECRYPTO
 */
ES_MUST_CHECK esession_status es_stanza_encrypt(
    es_stanza_dir *dir, unsigned kinds, const es_xml_node *stanza,
    const es_stanza_extras *extras, es_xml_doc *out_doc, es_xml_node **out);

/*
 * es_stanza_encrypt_begin - es_stanza_encrypt without the commit: on
 * success the counter has moved past the stanza but the move is pending
 * (stanza_dir.h, es_stanza_pending). The caller queues *out (or fails to)
 * and then MUST call es_stanza_pending_commit (the stanza left) or
 * es_stanza_pending_rollback (it did not: *out must be discarded), before
 * any other call on dir. This is how the session makes "counter advanced"
 * and "SEND event queued" one transaction (DESIGN.md "Errors and bad
 * input": a stanza is never silently dropped).
 *
 * pending: initialised with ES_STANZA_PENDING_INIT. On failure nothing is
 * pending and the counter is as it was.
 * Returns as es_stanza_encrypt, plus ESESSION_EINVAL for a pending that is
 * NULL or already moved.
 */
ES_MUST_CHECK esession_status es_stanza_encrypt_begin(
    es_stanza_dir *dir, unsigned kinds, const es_xml_node *stanza,
    const es_stanza_extras *extras, es_xml_doc *out_doc, es_xml_node **out,
    es_stanza_pending *pending);

/*
 * es_stanza_encrypt_text - es_stanza_encrypt on text: in[0..in_len) is one
 * stanza (parsed with the project's parser and its default limits); the
 * encrypted stanza is appended to out (es_xml_serialize form). On failure
 * out->len is unchanged.
 * Returns as es_stanza_encrypt, plus the parser's statuses
 * (ESESSION_EXML_*) for input that is not one well-formed stanza.
 */
ES_MUST_CHECK esession_status es_stanza_encrypt_text(
    es_stanza_dir *dir, unsigned kinds, const uint8_t *in, size_t in_len,
    const es_stanza_extras *extras, es_xml_buf *out);

/*
 * es_stanza_decrypt - XEP-0200 §"Decrypting a Stanza", in exactly this
 * order:
 *   1. structure: the wrapper (as for es_stanza_encrypt, kind in kinds),
 *      exactly one <c/> child, no other child than <thread/>, <amp/>,
 *      <error/> and <c/>, and a well-formed <c/> (S-"Strict <c/>");
 *      base64 and <new/> syntax;
 *   2. m_content = the normalized children of <c/> except <mac/>, in
 *      received order (es_xml_c14n, A-"What XEP-0200 normalization
 *      removes");
 *   3. HMAC(HASH, KM, m_content | C) against <mac/> in constant time;
 *   4. the 2^32 block limit for the peer's key;
 *   5. only then decryption (the counter advances as the sender's did);
 *   6. m parsed as the content of the stanza element (the project's parser
 *      and limits, inside a wrapper that declares only the stanza's
 *      namespace);
 *   7. the plaintext stanza assembled in out_doc: the received wrapper and
 *      its attributes, its <thread/>, <amp/> and <error/> children in
 *      their places, and the children of m where <c/> was.
 *
 * stanza is borrowed, never modified. *out receives the plaintext stanza,
 * owned by out_doc (which may be stanza's document). rx must be
 * initialised (ES_STANZA_RECEIVED_INIT) and empty; it is filled on success
 * only.
 *
 * Counter: unchanged by every failure of steps 1-4 and by resource
 * failures (ENOMEM, ECRYPTO). After a MAC-valid stanza whose plaintext the
 * parser refuses (step 6), the counter HAS advanced past the stanza: its
 * MAC was valid, so the sender's counter moved too. The session must then
 * terminate (XEP-0200: "Bob MUST terminate the encrypted session").
 *
 * Returns ESESSION_OK or:
 *   ESESSION_EINVAL          NULL argument, rx not empty
 *   ESESSION_ESTATE          the state is unusable (failed re-key)
 *   ESESSION_EPLAINTEXT      no <c/> child: not an encrypted stanza
 *   ESESSION_ESTANZA         a wrapper, <c/> or child defect of step 1
 *   ESESSION_ESTANZA_KIND    the kind is not in kinds
 *   ESESSION_EBASE64_*       <data/>, <key/>, <old/> or <mac/> is not
 *                            strict base64
 *   ESESSION_EMAC            the MAC does not verify (also a MAC of the
 *                            wrong length): tampering, replay, reordering
 *   ESESSION_EKEY_EXHAUSTED  the peer went beyond the 2^32 block limit
 *   ESESSION_EXML_*          the decrypted content is not well-formed or
 *                            breaks a parser limit (counter advanced)
 *   ESESSION_EBUFSIZE, ESESSION_ENOMEM, ESESSION_ECRYPTO
 */
ES_MUST_CHECK esession_status es_stanza_decrypt(
    es_stanza_dir *dir, unsigned kinds, const es_xml_node *stanza,
    es_xml_doc *out_doc, es_xml_node **out, es_stanza_received *rx);

/*
 * es_stanza_peek_new - XEP-0200 §"Decrypting a Stanza" step 1: "Use any
 * <new/> element the stanza may (or may not) contain to determine which of
 * his stored sets of values {KC_A KM_A y} he should use to decrypt and
 * verify the stanza". Runs the structural checks of es_stanza_decrypt
 * (step 1) without any key, so the session can choose the direction state
 * before calling es_stanza_decrypt. The value is NOT authenticated yet: it
 * only selects which keys the MAC is then checked with.
 *
 * *new_count receives the <new/> value, or 0 when there is none.
 * Returns ESESSION_OK or the step-1 statuses of es_stanza_decrypt
 * (ESESSION_EINVAL, ESESSION_EPLAINTEXT, ESESSION_ESTANZA,
 * ESESSION_ESTANZA_KIND, ESESSION_ENOMEM).
 */
ES_MUST_CHECK esession_status es_stanza_peek_new(const es_xml_node *stanza,
                                                 unsigned kinds,
                                                 uint32_t *new_count);

/*
 * es_stanza_decrypt_text - es_stanza_decrypt on text: in[0..in_len) is one
 * received stanza; the plaintext stanza is appended to out. On failure
 * out->len is unchanged. Returns as es_stanza_decrypt, plus the parser's
 * statuses for an input that is not one well-formed stanza (checked before
 * anything else; the counter is then unchanged).
 */
ES_MUST_CHECK esession_status
es_stanza_decrypt_text(es_stanza_dir *dir, unsigned kinds, const uint8_t *in,
                       size_t in_len, es_xml_buf *out, es_stanza_received *rx);

#endif
