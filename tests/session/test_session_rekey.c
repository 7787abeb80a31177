/*
 * test_session_rekey.c - XEP-0200 re-keying between two real sessions
 * (spec/rekey.md): re-keys started by either side, crossing re-keys,
 * stanzas in flight under old keys, the 60-second timeout, rekey_freq in
 * both directions, <old/> publishing, the 2^32 block limit, malformed
 * <key/> values, and the transactional send path.
 *
 * The sessions are driven through the public API (session_harness.h).
 * Where a test has to play a misbehaving peer it reaches into the peer's
 * session through the internal headers (its sending direction, its
 * re-key state); each such place says so.
 */
#include "session_harness.h"
#include "test_util.h"

#include "base64.h"
#include "dh.h"
#include "events.h"
#include "rekey.h"
#include "session_internal.h"
#include "sigma_rekey.h"
#include "stanza.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSG "<message><body>hello, this body takes two blocks</body></message>"

/* ---- helpers ---------------------------------------------------------- */

/* Both parties ACTIVE in group 14 with the given rekey_freq, logs empty;
 * with `tick`, both clocks start at 0 (which creates the re-key states). */
static void pair_setup(sh_pair *p, uint32_t rekey_freq, bool tick)
{
	const sh_opts opts = {.group = 14};
	sh_pair_init(p, &opts);
	ck_assert_status(
	    esession_config_set_rekey_freq(p->alice.config, rekey_freq),
	    ESESSION_OK);
	ck_assert_status(
	    esession_config_set_rekey_freq(p->bob.config, rekey_freq),
	    ESESSION_OK);
	sh_run_to(p, SH_ACTIVE);
	esession_info info;
	ck_assert_status(esession_session_get_info(p->alice.session, &info),
	                 ESESSION_OK);
	ck_assert_uint_eq(info.rekey_freq, rekey_freq);
	sh_party_clear(&p->alice);
	sh_party_clear(&p->bob);
	if (!tick)
		return;
	ck_assert_status(esession_session_tick(p->alice.session, 0),
	                 ESESSION_OK);
	ck_assert_status(esession_session_tick(p->bob.session, 0), ESESSION_OK);
}

static void pair_active(sh_pair *p, uint32_t rekey_freq)
{
	pair_setup(p, rekey_freq, true);
}

/* Encrypt MSG on `from`; its SEND lands in from's outbox. */
static void send_msg(sh_party *from)
{
	ck_assert_status(
	    esession_session_encrypt(from->session, MSG, strlen(MSG)),
	    ESESSION_OK);
	sh_drain(from);
}

static void rekey(sh_party *from)
{
	ck_assert_status(esession_session_rekey(from->session), ESESSION_OK);
	sh_drain(from);
}

/* Number of occurrences of "<name>" (children of <c/> have no attributes
 * and the serializer writes them without a prefix). */
static size_t count_child(const char *xml, const char *name)
{
	char tag[16];
	snprintf(tag, sizeof tag, "<%s>", name);
	size_t n = 0;
	for (const char *p = strstr(xml, tag); p != NULL;
	     p = strstr(p + 1, tag))
		n++;
	return n;
}

/* The decoded text of the i-th <name> child (caller frees). */
static uint8_t *child_bytes(const char *xml, const char *name, size_t i,
                            size_t *len)
{
	char open[16];
	char close[16];
	snprintf(open, sizeof open, "<%s>", name);
	snprintf(close, sizeof close, "</%s>", name);
	const char *p = strstr(xml, open);
	for (size_t k = 0; k < i && p != NULL; k++)
		p = strstr(p + 1, open);
	ck_assert_ptr_nonnull(p);
	p += strlen(open);
	const char *e = strstr(p, close);
	ck_assert_ptr_nonnull(e);
	size_t max = es_base64_decoded_max_len((size_t)(e - p));
	uint8_t *out = malloc(max + 1);
	ck_assert_ptr_nonnull(out);
	ck_assert_status(es_base64_decode(p, (size_t)(e - p), out, max, len),
	                 ESESSION_OK);
	return out;
}

/* Deliver the oldest stanza of from to `to`, asserting `expected`, and
 * return its text (caller frees) for inspection. */
static char *pass(sh_party *from, sh_party *to, esession_status expected)
{
	char *x = sh_take(from);
	ck_assert_status(sh_deliver(from, to, x), expected);
	return x;
}

static size_t rekey_sets(const sh_party *p)
{
	return es_rekey_set_count(p->session->rekey);
}

/* A copy of a direction's current MAC key (internal access). */
static es_secbuf mac_key_of(const es_stanza_dir *dir)
{
	es_secbuf km = ES_SECBUF_INIT;
	ck_assert_status(es_stanza_dir_copy_mac_key(dir, &km), ESESSION_OK);
	return km;
}

static bool same_bytes(const uint8_t *a, size_t a_len, const es_secbuf *b)
{
	return a_len == b->len && memcmp(a, b->data, a_len) == 0;
}

/* Plays a peer that sends whatever <c/> extras it likes: encrypts MSG
 * with from's real sending direction (so the MAC verifies) and extras x,
 * bypassing from's re-key bookkeeping. Returns the stanza (caller frees). */
static char *forge(sh_party *from, const char *to_jid,
                   const es_stanza_extras *x)
{
	esession_info info;
	ck_assert_status(esession_session_get_info(from->session, &info),
	                 ESESSION_OK);
	char in[512];
	snprintf(in, sizeof in,
	         "<message xmlns='jabber:client' to='%s'><thread>%s</thread>"
	         "<body>forged</body></message>",
	         to_jid, info.thread);
	es_xml_buf out;
	es_xml_buf_init(&out, 0);
	ck_assert_status(
	    es_stanza_encrypt_text(from->session->tx, ES_STANZA_ALL_KINDS,
	                           (const uint8_t *)in, strlen(in), x, &out),
	    ESESSION_OK);
	char *s = malloc(out.len + 1);
	ck_assert_ptr_nonnull(s);
	memcpy(s, out.data, out.len);
	s[out.len] = '\0';
	es_xml_buf_free(&out);
	return s;
}

/* The receiver failed with `status` and answered not-acceptable. */
static void assert_failed_with(sh_party *p, esession_status status)
{
	ck_assert_int_eq(sh_state(p), ESESSION_STATE_FAILED);
	const sh_event *f = sh_last(p, ESESSION_EVENT_FAILED);
	ck_assert_ptr_nonnull(f);
	ck_assert_status(f->status, status);
	/* The error stanza is the newest SEND. */
	ck_assert_uint_gt(p->n_out, 0);
	sh_error e;
	sh_error_of(p->outbox[p->n_out - 1], &e);
	ck_assert_str_eq(e.condition, "not-acceptable");
}

/* ---- the re-key keys (sigma_rekey.c) ----------------------------------- */

/*
 * K = mpi(d^x mod p) in MODP group 14 (RFC 3526 §3), not hashed
 * (spec/ambiguities.md "Re-key shared secret is not hashed"), and the
 * four keys of XEP-0200 §"Re-Key Initiation" for aes128-ctr + sha256
 * (16 least significant bytes of each HMAC). Expected values computed
 * independently with Python 3 (hashlib/hmac), not with this code:
 *
 *   p = <group 14 from spec/reference/modp-groups.txt>
 *   x = (1 << 319) | 0x1234567; y = (1 << 319) | 0x89abcdef
 *   K = pow(pow(2, y, p), x, p); Kb = K.to_bytes((K.bit_length()+7)//8)
 *   for label in ("Rekey Initiator Crypt", "Rekey Acceptor Crypt",
 *                 "Rekey Initiator MAC", "Rekey Acceptor MAC"):
 *       print(hmac.new(Kb, label.encode(), "sha256").digest()[-16:].hex())
 */
START_TEST(test_rekey_kdf_kat)
{
	uint8_t x[40] = {0x80};
	uint8_t y[40] = {0x80};
	const uint8_t x_tail[] = {0x01, 0x23, 0x45, 0x67};
	const uint8_t y_tail[] = {0x89, 0xab, 0xcd, 0xef};
	memcpy(x + 36, x_tail, 4);
	memcpy(y + 36, y_tail, 4);
	const es_group *g = NULL;
	ck_assert_status(es_group_find(14, &g), ESESSION_OK);
	es_dh *dx = NULL;
	es_dh *dy = NULL;
	ck_assert_status(es_dh_from_exponent(&dx, g, 128, x, sizeof x),
	                 ESESSION_OK);
	ck_assert_status(es_dh_from_exponent(&dy, g, 128, y, sizeof y),
	                 ESESSION_OK);
	uint8_t e[256];
	uint8_t d[256];
	size_t e_len = 0;
	size_t d_len = 0;
	ck_assert_status(es_dh_public(dx, e, sizeof e, &e_len), ESESSION_OK);
	ck_assert_status(es_dh_public(dy, d, sizeof d, &d_len), ESESSION_OK);

	es_secbuf k_a = ES_SECBUF_INIT;
	es_secbuf k_b = ES_SECBUF_INIT;
	ck_assert_status(es_sigma_rekey_secret(dx, d, d_len, &k_a),
	                 ESESSION_OK);
	ck_assert_status(es_sigma_rekey_secret(dy, e, e_len, &k_b),
	                 ESESSION_OK);
	ck_assert_uint_eq(k_a.len, k_b.len);
	ck_assert(memcmp(k_a.data, k_b.data, k_a.len) == 0);
	/* Not hashed: K is as long as p, not 32 bytes. */
	ck_assert_uint_eq(k_a.len, 256);

	es_rekey_keys ini = ES_REKEY_KEYS_INIT;
	es_rekey_keys acc = ES_REKEY_KEYS_INIT;
	ck_assert_status(es_sigma_rekey_derive(ES_HASH_SHA256,
	                                       ES_CIPHER_AES128_CTR,
	                                       ES_REKEY_INITIATOR, &k_a, &ini),
	                 ESESSION_OK);
	ck_assert_status(es_sigma_rekey_derive(ES_HASH_SHA256,
	                                       ES_CIPHER_AES128_CTR,
	                                       ES_REKEY_ACCEPTOR, &k_a, &acc),
	                 ESESSION_OK);
	ck_assert_mem_hex(ini.kc.data, ini.kc.len,
	                  "8dc3bd61c11072a62ca209a4331ba300");
	ck_assert_mem_hex(acc.kc.data, acc.kc.len,
	                  "bb1d69f09fd83c30b9ede281662a6a71");
	ck_assert_mem_hex(ini.km.data, ini.km.len,
	                  "fe56aa92a054125d498568b518174758");
	ck_assert_mem_hex(acc.km.data, acc.km.len,
	                  "196c9d1e840cbb7a83b77ffeca551b82");
	/* Refusals. */
	ck_assert_status(es_sigma_rekey_derive(ES_HASH_SHA256,
	                                       ES_CIPHER_AES128_CTR,
	                                       ES_REKEY_INITIATOR, &k_a, &ini),
	                 ESESSION_EINVAL); /* out not empty */
	ck_assert_status(es_sigma_rekey_derive(ES_HASH_SHA256,
	                                       ES_CIPHER_AES128_CTR,
	                                       (es_rekey_side)7, &k_a, NULL),
	                 ESESSION_EINVAL);
	es_rekey_keys_free(&ini);
	es_rekey_keys_free(&acc);
	es_secbuf_free(&k_a);
	es_secbuf_free(&k_b);
	es_dh_free(dx);
	es_dh_free(dy);
}
END_TEST

/* ---- re-keys by either side -------------------------------------------- */

/* Alice re-keys; Bob follows; Bob's answer uses the new key and counts the
 * <key/> in <new/>; the old set is then destroyed on both sides. */
START_TEST(test_rekey_by_initiator)
{
	sh_pair p;
	pair_active(&p, 1);
	rekey(&p.alice);
	ck_assert_uint_eq(rekey_sets(&p.alice), 2);
	char *k = pass(&p.alice, &p.bob, ESESSION_OK);
	/* XEP-0200 §"Re-Key Initiation": <key/> inside <c/>, no content. */
	ck_assert_uint_eq(count_child(k, "key"), 1);
	ck_assert_uint_eq(count_child(k, "data"), 0);
	ck_assert_uint_eq(count_child(k, "new"), 0);
	free(k);
	/* The empty re-key stanza is not handed to the application. */
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 0);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);

	send_msg(&p.bob);
	char *b = pass(&p.bob, &p.alice, ESESSION_OK);
	ck_assert(strstr(b, "<new>1</new>") != NULL);
	free(b);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 1);
	ck_assert_uint_eq(rekey_sets(&p.alice), 1);

	/* Traffic goes on in both directions under the new keys. */
	send_msg(&p.alice);
	char *a = pass(&p.alice, &p.bob, ESESSION_OK);
	ck_assert(strstr(a, "<new>") == NULL);
	free(a);
	send_msg(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 2);
	sh_pair_free(&p);
}
END_TEST

START_TEST(test_rekey_by_responder)
{
	sh_pair p;
	pair_active(&p, 1);
	/* A re-key piggy-backed on content (the soft block limit makes the
	 * stanza carry <key/>), sent by the ESession responder. */
	es_stanza_dir_set_blocks_used_for_tests(p.bob.session->tx,
	                                        ES_REKEY_SOFT_BLOCKS);
	send_msg(&p.bob);
	char *k = pass(&p.bob, &p.alice, ESESSION_OK);
	ck_assert_uint_eq(count_child(k, "key"), 1);
	ck_assert_uint_eq(count_child(k, "data"), 1);
	free(k);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 1);
	ck_assert_uint_eq(es_stanza_dir_blocks_used(p.bob.session->tx), 0);
	/* The next stanza stays below the soft limit: no second <key/>. */
	send_msg(&p.bob);
	char *k2 = pass(&p.bob, &p.alice, ESESSION_OK);
	ck_assert_uint_eq(count_child(k2, "key"), 0);
	free(k2);

	send_msg(&p.alice);
	char *a = pass(&p.alice, &p.bob, ESESSION_OK);
	ck_assert(strstr(a, "<new>1</new>") != NULL);
	free(a);
	ck_assert_uint_eq(rekey_sets(&p.bob), 1);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	sh_pair_free(&p);
}
END_TEST

/* Both send a <key/> before receiving the other's (XEP-0200: "if Bob is
 * storing exactly one set ... then he MUST also replace his values of
 * KC_B and KM_B"): each keeps its own new sending key and follows the
 * other's; spec/rekey.md §4. */
START_TEST(test_rekey_simultaneous)
{
	sh_pair p;
	pair_active(&p, 1);
	rekey(&p.alice);
	rekey(&p.bob);
	send_msg(&p.alice); /* under Alice's new key */
	send_msg(&p.bob);   /* under Bob's new key */
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 1);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	/* Neither had seen the other's <key/> when it sent its message: the
	 * old sets are still kept until the next stanzas. */
	ck_assert_uint_eq(rekey_sets(&p.alice), 2);
	ck_assert_uint_eq(rekey_sets(&p.bob), 2);
	send_msg(&p.alice);
	send_msg(&p.bob);
	char *a = pass(&p.alice, &p.bob, ESESSION_OK);
	char *b = pass(&p.bob, &p.alice, ESESSION_OK);
	ck_assert(strstr(a, "<new>1</new>") != NULL);
	ck_assert(strstr(b, "<new>1</new>") != NULL);
	free(a);
	free(b);
	ck_assert_uint_eq(rekey_sets(&p.alice), 1);
	ck_assert_uint_eq(rekey_sets(&p.bob), 1);
	/* A second, sequential round on top. */
	rekey(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	send_msg(&p.alice);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	send_msg(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 3);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 3);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ACTIVE);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	sh_pair_free(&p);
}
END_TEST

/* Stanzas sent under the old keys arrive after the <key/> was sent: the
 * old set decrypts them (XEP-0200: "Bob may send one of more stanzas
 * before he receives Alice's <key/> element"). Alice also sends two
 * <key/>s in a row, so Bob's answer counts <new>2</new>. */
START_TEST(test_rekey_in_flight)
{
	sh_pair p;
	pair_active(&p, 1);
	send_msg(&p.alice); /* old key */
	rekey(&p.alice);
	send_msg(&p.alice); /* first new key */
	rekey(&p.alice);
	send_msg(&p.alice); /* second new key */
	ck_assert_uint_eq(rekey_sets(&p.alice), 3);
	send_msg(&p.bob); /* Bob has seen nothing yet: old key */
	send_msg(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 2);
	ck_assert_uint_eq(rekey_sets(&p.alice), 3);
	for (int i = 0; i < 5; i++)
		free(pass(&p.alice, &p.bob, ESESSION_OK));
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 3);
	send_msg(&p.bob);
	char *b = pass(&p.bob, &p.alice, ESESSION_OK);
	ck_assert(strstr(b, "<new>2</new>") != NULL);
	free(b);
	ck_assert_uint_eq(rekey_sets(&p.alice), 1);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 3);
	sh_pair_free(&p);
}
END_TEST

/* The old set survives 59.999 s and is destroyed at 60 s; a stanza under
 * it then fails the session (ESESSION_EREKEY_EXPIRED). */
START_TEST(test_rekey_timeout)
{
	sh_pair p;
	pair_active(&p, 1);
	ck_assert_status(esession_session_tick(p.alice.session, 1000),
	                 ESESSION_OK);
	rekey(&p.alice); /* stamped 1000 */
	send_msg(&p.bob);
	send_msg(&p.bob);
	ck_assert_status(esession_session_tick(p.alice.session, 60999),
	                 ESESSION_OK);
	ck_assert_uint_eq(rekey_sets(&p.alice), 2);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_status(esession_session_tick(p.alice.session, 61000),
	                 ESESSION_OK);
	ck_assert_uint_eq(rekey_sets(&p.alice), 1);
	/* Time never goes backwards. */
	ck_assert_status(esession_session_tick(p.alice.session, 60000),
	                 ESESSION_EINVAL);
	free(pass(&p.bob, &p.alice, ESESSION_EREKEY_EXPIRED));
	assert_failed_with(&p.alice, ESESSION_EREKEY_EXPIRED);
	ck_assert_status(esession_session_tick(p.alice.session, 70000),
	                 ESESSION_ESTATE);
	sh_pair_free(&p);
}
END_TEST

/* Without a stanza from the peer the timeout is the only way out, and it
 * keeps the newest set: a later answer under the new key still works. */
START_TEST(test_rekey_timeout_keeps_newest)
{
	sh_pair p;
	pair_active(&p, 1);
	rekey(&p.alice);
	ck_assert_status(esession_session_tick(p.alice.session, 60000),
	                 ESESSION_OK);
	ck_assert_uint_eq(rekey_sets(&p.alice), 1);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	send_msg(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 1);
	sh_pair_free(&p);
}
END_TEST

/* ---- rekey_freq --------------------------------------------------------- */

/* Sessions that never re-key hold no re-key state; the first <key/>
 * creates it on both sides, and rekey_freq is still counted from the
 * negotiation (the directions count the stanzas). */
START_TEST(test_rekey_state_is_lazy)
{
	sh_pair p;
	pair_setup(&p, 3, false);
	send_msg(&p.alice);
	send_msg(&p.bob);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_ptr_null(p.alice.session->rekey);
	ck_assert_ptr_null(p.bob.session->rekey);
	ck_assert_status(esession_session_rekey(p.alice.session),
	                 ESESSION_EREKEY_TOO_SOON); /* her 2nd stanza */
	send_msg(&p.alice);
	rekey(&p.alice); /* her 3rd */
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	ck_assert_ptr_null(p.bob.session->rekey);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	ck_assert_ptr_nonnull(p.bob.session->rekey);
	send_msg(&p.bob);
	char *b = pass(&p.bob, &p.alice, ESESSION_OK);
	ck_assert(strstr(b, "<new>1</new>") != NULL);
	free(b);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 2);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 2);
	sh_pair_free(&p);
}
END_TEST

/* rekey_freq 3: our <key/> may ride in our 3rd stanza after the previous
 * one (the negotiation counts as one), not earlier (spec/rekey.md §3). */
START_TEST(test_rekey_freq_local)
{
	sh_pair p;
	pair_active(&p, 3);
	ck_assert_status(esession_session_rekey(p.alice.session),
	                 ESESSION_EREKEY_TOO_SOON);
	send_msg(&p.alice);
	ck_assert_status(esession_session_rekey(p.alice.session),
	                 ESESSION_EREKEY_TOO_SOON);
	send_msg(&p.alice);
	rekey(&p.alice); /* stanza number 3 */
	ck_assert_status(esession_session_rekey(p.alice.session),
	                 ESESSION_EREKEY_TOO_SOON);
	/* The peer's stanzas do not count for us. */
	send_msg(&p.bob);
	send_msg(&p.bob);
	for (int i = 0; i < 3; i++)
		free(pass(&p.alice, &p.bob, ESESSION_OK));
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_status(esession_session_rekey(p.alice.session),
	                 ESESSION_EREKEY_TOO_SOON);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	sh_pair_free(&p);
}
END_TEST

/* A peer that re-keys more often than agreed: the session fails with
 * ESESSION_EREKEY_TOO_SOON and not-acceptable; one stanza later would
 * have been accepted. */
START_TEST(test_rekey_freq_peer_violation)
{
	sh_pair p;
	pair_active(&p, 3);
	/* TEST ONLY: Alice's side forgets the agreement. */
	es_rekey_set_rekey_freq_for_tests(p.alice.session->rekey, 2);
	send_msg(&p.alice);
	rekey(&p.alice); /* her 2nd stanza: one too early */
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	free(pass(&p.alice, &p.bob, ESESSION_EREKEY_TOO_SOON));
	assert_failed_with(&p.bob, ESESSION_EREKEY_TOO_SOON);
	sh_pair_free(&p);

	/* The same peer keeping the limit exactly is followed. */
	pair_active(&p, 3);
	send_msg(&p.alice);
	send_msg(&p.alice);
	rekey(&p.alice);
	for (int i = 0; i < 3; i++)
		free(pass(&p.alice, &p.bob, ESESSION_OK));
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	sh_pair_free(&p);
}
END_TEST

/* ---- <old/> ---------------------------------------------------------- */

/*
 * Old MAC keys are published only when XEP-0200 §"Publishing Old MAC
 * Values" allows: Alice publishes her old KM_A and Bob's old KM_B once she
 * has received a stanza under her new key; Bob publishes Alice's old KM_A
 * right after her re-key, his own old KM_B not before a re-key of his is
 * answered; each key is published once.
 */
START_TEST(test_old_published_when_allowed)
{
	sh_pair p;
	pair_active(&p, 1);
	es_secbuf km_a = mac_key_of(p.alice.session->tx);
	es_secbuf km_b = mac_key_of(p.bob.session->tx);

	send_msg(&p.alice);
	char *s0 = pass(&p.alice, &p.bob, ESESSION_OK);
	ck_assert_uint_eq(count_child(s0, "old"), 0); /* nothing expired */
	free(s0);

	rekey(&p.alice);
	send_msg(&p.alice); /* Bob has not answered: nothing to publish */
	char *s1 = pass(&p.alice, &p.bob, ESESSION_OK);
	char *s2 = pass(&p.alice, &p.bob, ESESSION_OK);
	ck_assert_uint_eq(count_child(s1, "old"), 0);
	ck_assert_uint_eq(count_child(s2, "old"), 0);
	free(s1);
	free(s2);

	/* Bob received Alice's re-key: her old KM_A may go ("She MAY also
	 * publish KM_B after she has received a re-key from Bob"). */
	send_msg(&p.bob);
	char *b1 = pass(&p.bob, &p.alice, ESESSION_OK);
	ck_assert_uint_eq(count_child(b1, "old"), 1);
	size_t len = 0;
	uint8_t *v = child_bytes(b1, "old", 0, &len);
	ck_assert(same_bytes(v, len, &km_a));
	free(v);
	free(b1);
	send_msg(&p.bob);
	char *b2 = pass(&p.bob, &p.alice, ESESSION_OK);
	ck_assert_uint_eq(count_child(b2, "old"), 0); /* once only */
	free(b2);

	/* Alice got a stanza under her new key: both old keys go. */
	send_msg(&p.alice);
	char *a3 = pass(&p.alice, &p.bob, ESESSION_OK);
	ck_assert_uint_eq(count_child(a3, "old"), 2);
	uint8_t *v0 = child_bytes(a3, "old", 0, &len);
	bool first_a = same_bytes(v0, len, &km_a);
	ck_assert(first_a || same_bytes(v0, len, &km_b));
	size_t len1 = 0;
	uint8_t *v1 = child_bytes(a3, "old", 1, &len1);
	ck_assert(same_bytes(v1, len1, first_a ? &km_b : &km_a));
	free(v0);
	free(v1);
	free(a3);
	send_msg(&p.alice);
	char *a4 = pass(&p.alice, &p.bob, ESESSION_OK);
	ck_assert_uint_eq(count_child(a4, "old"), 0);
	free(a4);
	/* Bob's own old KM_B waits for a re-key of his, answered. */
	ck_assert_uint_eq(es_rekey_old_count(p.bob.session->rekey), 1);
	rekey(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	send_msg(&p.alice);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	send_msg(&p.bob);
	char *b3 = pass(&p.bob, &p.alice, ESESSION_OK);
	ck_assert_uint_ge(count_child(b3, "old"), 1);
	bool found_b = false;
	for (size_t i = 0; i < count_child(b3, "old"); i++) {
		uint8_t *w = child_bytes(b3, "old", i, &len);
		found_b = found_b || same_bytes(w, len, &km_b);
		free(w);
	}
	ck_assert(found_b);
	free(b3);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 5);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 3);
	es_secbuf_free(&km_a);
	es_secbuf_free(&km_b);
	sh_pair_free(&p);
}
END_TEST

/* At termination (XEP-0116 §"ESession Termination": "She MAY publish old
 * values ... within her termination stanza"): the terminate stanza
 * carries what may be published, the acknowledgement too. */
START_TEST(test_old_published_at_termination)
{
	sh_pair p;
	pair_active(&p, 1);
	rekey(&p.alice);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	send_msg(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_status(esession_session_terminate(p.alice.session),
	                 ESESSION_OK);
	sh_drain(&p.alice);
	char *t = pass(&p.alice, &p.bob, ESESSION_OK);
	ck_assert_uint_eq(count_child(t, "old"), 2);
	free(t);
	char *ack = pass(&p.bob, &p.alice, ESESSION_OK);
	/* Bob published Alice's old KM_A already; nothing else is due. */
	ck_assert_uint_eq(count_child(ack, "old"), 0);
	free(ack);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ENDED);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ENDED);
	sh_pair_free(&p);
}
END_TEST

/* Received <old/> values are ignored, but the MAC covers them. */
START_TEST(test_old_ignored_but_maced)
{
	sh_pair p;
	pair_active(&p, 1);
	const uint8_t junk[16] = {1, 2, 3};
	const es_span old[2] = {{junk, sizeof junk}, {junk, 3}};
	const es_stanza_extras x = {.old = old, .n_old = 2};
	char *f = forge(&p.alice, SH_BOB, &x);
	ck_assert_status(sh_deliver(&p.alice, &p.bob, f), ESESSION_OK);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	free(f);
	/* The same with one <old/> value changed: the MAC fails. */
	char *g = forge(&p.alice, SH_BOB, &x);
	char *o = strstr(g, "<old>");
	ck_assert_ptr_nonnull(o);
	o[5] = o[5] == 'A' ? 'B' : 'A';
	ck_assert_status(sh_deliver(&p.alice, &p.bob, g), ESESSION_EMAC);
	assert_failed_with(&p.bob, ESESSION_EMAC);
	free(g);
	sh_pair_free(&p);
}
END_TEST

/* ---- malformed <key/> and <new/> ----------------------------------------- */

/* RFC 3526 §3, the 2048-bit MODP group (group 14) prime p, hex. */
static const char p14_hex[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
    "3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF";

/* Deliver a MAC-valid stanza from Alice whose <key/> holds key[0..len)
 * and check Bob's exact status. */
static void bad_key(const uint8_t *key, size_t len, esession_status want)
{
	sh_pair p;
	pair_active(&p, 1);
	const es_stanza_extras x = {.key = key, .key_len = len};
	char *f = forge(&p.alice, SH_BOB, &x);
	ck_assert_status(sh_deliver(&p.alice, &p.bob, f), want);
	assert_failed_with(&p.bob, want);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 0);
	free(f);
	sh_pair_free(&p);
}

START_TEST(test_key_value_checks)
{
	size_t p_len = 0;
	uint8_t *p = es_test_unhex(p14_hex, &p_len);
	ck_assert_uint_eq(p_len, 256);
	const uint8_t zero_lead[] = {0x00, 0x05};
	const uint8_t one[] = {0x01};
	const uint8_t zero[] = {0x00};
	/* Non-canonical MPI (XEP-0116 §"Multiple-Precision Integers"). */
	bad_key(zero_lead, sizeof zero_lead, ESESSION_EMPI);
	bad_key(zero, sizeof zero, ESESSION_EMPI);
	/* XEP-0200 §"Re-Key Acceptance": "confirm that it is greater than
	 * one"; and < p - 1 (A-"Re-key DH value check"). */
	bad_key(one, sizeof one, ESESSION_EDH_RANGE);
	p[p_len - 1] = 0xFE; /* p - 1 */
	bad_key(p, p_len, ESESSION_EDH_RANGE);
	p[p_len - 1] = 0xFF; /* p */
	bad_key(p, p_len, ESESSION_EDH_RANGE);
	uint8_t longer[257];
	memset(longer, 0xFF, sizeof longer); /* longer than p */
	bad_key(longer, sizeof longer, ESESSION_EDH_RANGE);
	free(p);
	/* 2 is in range: accepted. */
	sh_pair q;
	pair_active(&q, 1);
	const uint8_t two[] = {0x02};
	const es_stanza_extras x = {.key = two, .key_len = 1};
	char *f = forge(&q.alice, SH_BOB, &x);
	ck_assert_status(sh_deliver(&q.alice, &q.bob, f), ESESSION_OK);
	ck_assert_uint_eq(sh_count(&q.bob, ESESSION_EVENT_PLAINTEXT), 1);
	free(f);
	sh_pair_free(&q);
}
END_TEST

/* Wire defects of <key/> are found before the MAC (S-"Strict <c/>"). */
START_TEST(test_key_wire_checks)
{
	static const struct {
		const char *from;
		const char *to;
		esession_status want;
	} cases[] = {
	    {"<key>", "<key>!", ESESSION_EBASE64_CHAR},
	    {"<key>", "<key> ", ESESSION_EBASE64_SPACE},
	    {"<key>", "<key a='1'>", ESESSION_ESTANZA},
	    {"<key>", "<key><x/>", ESESSION_ESTANZA},
	    {"<mac>", "<key>AQ==</key><mac>", ESESSION_ESTANZA}, /* two */
	};
	for (size_t i = 0; i < ES_ARRAY_LEN(cases); i++) {
		sh_pair p;
		pair_active(&p, 1);
		rekey(&p.alice);
		char *k = sh_take(&p.alice);
		char *at = strstr(k, cases[i].from);
		ck_assert_ptr_nonnull(at);
		size_t head = (size_t)(at - k);
		size_t n = strlen(k) + strlen(cases[i].to) + 1;
		char *e = malloc(n);
		ck_assert_ptr_nonnull(e);
		snprintf(e, n, "%.*s%s%s", (int)head, k, cases[i].to,
		         at + strlen(cases[i].from));
		ck_assert_status(sh_deliver(&p.alice, &p.bob, e),
		                 cases[i].want);
		assert_failed_with(&p.bob, cases[i].want);
		free(e);
		free(k);
		sh_pair_free(&p);
	}
}
END_TEST

/* <new/> acknowledging a <key/> that was never sent. */
START_TEST(test_new_without_key)
{
	sh_pair p;
	pair_active(&p, 1);
	const es_stanza_extras x = {.new_count = 1};
	char *f = forge(&p.bob, SH_ALICE, &x);
	ck_assert_status(sh_deliver(&p.bob, &p.alice, f), ESESSION_EREKEY_NEW);
	assert_failed_with(&p.alice, ESESSION_EREKEY_NEW);
	free(f);
	sh_pair_free(&p);

	/* One <key/> sent, <new>2</new> received. */
	pair_active(&p, 1);
	rekey(&p.alice);
	const es_stanza_extras y = {.new_count = 2};
	char *g = forge(&p.bob, SH_ALICE, &y);
	ck_assert_status(sh_deliver(&p.bob, &p.alice, g), ESESSION_EREKEY_NEW);
	free(g);
	sh_pair_free(&p);
}
END_TEST

/* At most 7 of our <key/>s wait for an answer. */
START_TEST(test_rekey_pending_bound)
{
	sh_pair p;
	pair_active(&p, 1);
	for (unsigned i = 0; i < ES_REKEY_MAX_SETS - 1; i++) {
		ck_assert_status(esession_session_rekey(p.alice.session),
		                 ESESSION_OK);
		sh_drain(&p.alice);
	}
	ck_assert_status(esession_session_rekey(p.alice.session),
	                 ESESSION_EREKEY_PENDING);
	ck_assert_uint_eq(rekey_sets(&p.alice), ES_REKEY_MAX_SETS);
	sh_pair_free(&p);
}
END_TEST

/* ---- the 2^32 block limit ------------------------------------------------ */

/* One counter value short of the limit: the stanza (3 blocks) does not
 * fit, so an empty re-key stanza goes first and the stanza follows under
 * the new key. */
START_TEST(test_block_limit_forces_rekey)
{
	sh_pair p;
	pair_active(&p, 1);
	es_stanza_dir_set_blocks_used_for_tests(
	    p.alice.session->tx, ES_STANZA_MAX_BLOCKS_PER_KEY - 1);
	send_msg(&p.alice);
	ck_assert_uint_eq(p.alice.n_out, 2);
	char *k = pass(&p.alice, &p.bob, ESESSION_OK);
	ck_assert_uint_eq(count_child(k, "key"), 1);
	ck_assert_uint_eq(count_child(k, "data"), 0);
	char *m = pass(&p.alice, &p.bob, ESESSION_OK);
	ck_assert_uint_eq(count_child(m, "key"), 0);
	ck_assert_uint_eq(count_child(m, "data"), 1);
	free(k);
	free(m);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	ck_assert_uint_lt(es_stanza_dir_blocks_used(p.alice.session->tx), 8);
	sh_pair_free(&p);
}
END_TEST

/* No counter value left, or rekey_freq forbids the re-key: the caller
 * gets ESESSION_EKEY_EXHAUSTED, nothing is queued, nothing changed. */
START_TEST(test_block_limit_exhausted)
{
	sh_pair p;
	pair_active(&p, 1);
	es_stanza_dir_set_blocks_used_for_tests(p.alice.session->tx,
	                                        ES_STANZA_MAX_BLOCKS_PER_KEY);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, MSG, strlen(MSG)),
	    ESESSION_EKEY_EXHAUSTED);
	ck_assert_status(esession_session_rekey(p.alice.session),
	                 ESESSION_EKEY_EXHAUSTED);
	sh_drain(&p.alice);
	ck_assert_uint_eq(p.alice.n_out, 0);
	ck_assert_uint_eq(rekey_sets(&p.alice), 1);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ACTIVE);
	sh_pair_free(&p);

	pair_active(&p, 100);
	es_stanza_dir_set_blocks_used_for_tests(
	    p.alice.session->tx, ES_STANZA_MAX_BLOCKS_PER_KEY - 1);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, MSG, strlen(MSG)),
	    ESESSION_EKEY_EXHAUSTED);
	sh_drain(&p.alice);
	ck_assert_uint_eq(p.alice.n_out, 0);
	/* A one-block stanza still fits and goes out under the old key. */
	const char *small = "<message><body>hi</body></message>";
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, small, strlen(small)),
	    ESESSION_OK);
	sh_drain(&p.alice);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	sh_pair_free(&p);
}
END_TEST

/* ---- the send path is one transaction ----------------------------------- */

/* The event queue is full: the stanza fails with ESESSION_ENOMEM and the
 * counter and re-key state are as before, so everything sent before and
 * after still verifies at the peer. */
START_TEST(test_send_is_transactional)
{
	sh_pair p;
	pair_active(&p, 1);
	char **wire = calloc(ES_EVENT_QUEUE_MAX, sizeof *wire);
	ck_assert_ptr_nonnull(wire);
	for (size_t i = 0; i < ES_EVENT_QUEUE_MAX; i++)
		ck_assert_status(
		    esession_session_encrypt(p.alice.session, MSG, strlen(MSG)),
		    ESESSION_OK);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, MSG, strlen(MSG)),
	    ESESSION_ENOMEM);
	ck_assert_status(esession_session_rekey(p.alice.session),
	                 ESESSION_ENOMEM);
	ck_assert_uint_eq(rekey_sets(&p.alice), 1);
	esession_event ev;
	for (size_t i = 0; i < ES_EVENT_QUEUE_MAX; i++) {
		ck_assert_status(
		    esession_session_next_event(p.alice.session, &ev),
		    ESESSION_OK);
		ck_assert_int_eq(ev.type, ESESSION_EVENT_SEND);
		wire[i] = malloc(ev.stanza_len + 1);
		ck_assert_ptr_nonnull(wire[i]);
		memcpy(wire[i], ev.stanza, ev.stanza_len + 1);
	}
	for (size_t i = 0; i < ES_EVENT_QUEUE_MAX; i++) {
		ck_assert_status(sh_deliver(&p.alice, &p.bob, wire[i]),
		                 ESESSION_OK);
		sh_party_clear(&p.bob);
		free(wire[i]);
	}
	free(wire);
	rekey(&p.alice);
	send_msg(&p.alice);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	sh_pair_free(&p);
}
END_TEST

/* ---- termination ------------------------------------------------------- */

/* Bob re-keys while Alice's terminate is on its way: Alice, TERMINATING,
 * follows his key for receiving and verifies the acknowledgement. */
START_TEST(test_rekey_crossing_terminate)
{
	sh_pair p;
	pair_active(&p, 1);
	ck_assert_status(esession_session_terminate(p.alice.session),
	                 ESESSION_OK);
	sh_drain(&p.alice);
	rekey(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_TERMINATING);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ENDED);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ENDED);
	ck_assert_status(esession_session_rekey(p.alice.session),
	                 ESESSION_ESTATE);
	sh_pair_free(&p);
}
END_TEST

START_TEST(test_rekey_api_args)
{
	ck_assert_status(esession_session_rekey(NULL), ESESSION_EINVAL);
	ck_assert_status(esession_session_tick(NULL, 0), ESESSION_EINVAL);
	sh_pair p;
	const sh_opts opts = {.group = 14};
	sh_pair_init(&p, &opts);
	sh_run_to(&p, SH_MSG2_QUEUED);
	ck_assert_status(esession_session_rekey(p.alice.session),
	                 ESESSION_ESTATE);
	ck_assert_status(esession_session_tick(p.alice.session, 5),
	                 ESESSION_ESTATE);
	sh_pair_free(&p);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("session_rekey");
	TCase *keys = tcase_create("keys");
	tcase_add_test(keys, test_rekey_kdf_kat);
	suite_add_tcase(s, keys);

	TCase *flow = tcase_create("flow");
	tcase_set_timeout(flow, 120);
	tcase_add_test(flow, test_rekey_by_initiator);
	tcase_add_test(flow, test_rekey_by_responder);
	tcase_add_test(flow, test_rekey_simultaneous);
	tcase_add_test(flow, test_rekey_in_flight);
	tcase_add_test(flow, test_rekey_timeout);
	tcase_add_test(flow, test_rekey_timeout_keeps_newest);
	tcase_add_test(flow, test_rekey_crossing_terminate);
	tcase_add_test(flow, test_rekey_api_args);
	suite_add_tcase(s, flow);

	TCase *freq = tcase_create("rekey_freq");
	tcase_set_timeout(freq, 120);
	tcase_add_test(freq, test_rekey_state_is_lazy);
	tcase_add_test(freq, test_rekey_freq_local);
	tcase_add_test(freq, test_rekey_freq_peer_violation);
	tcase_add_test(freq, test_rekey_pending_bound);
	suite_add_tcase(s, freq);

	TCase *old = tcase_create("old");
	tcase_set_timeout(old, 120);
	tcase_add_test(old, test_old_published_when_allowed);
	tcase_add_test(old, test_old_published_at_termination);
	tcase_add_test(old, test_old_ignored_but_maced);
	suite_add_tcase(s, old);

	TCase *neg = tcase_create("negative");
	tcase_set_timeout(neg, 300);
	tcase_add_test(neg, test_key_value_checks);
	tcase_add_test(neg, test_key_wire_checks);
	tcase_add_test(neg, test_new_without_key);
	suite_add_tcase(s, neg);

	TCase *lim = tcase_create("limits");
	tcase_set_timeout(lim, 300);
	tcase_add_test(lim, test_block_limit_forces_rekey);
	tcase_add_test(lim, test_block_limit_exhausted);
	tcase_add_test(lim, test_send_is_transactional);
	suite_add_tcase(s, lim);
	return s;
}
