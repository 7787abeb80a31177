/*
 * roundtrip_common.c - see roundtrip_common.h.
 */
#include "roundtrip_common.h"

#include "test_util.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

const char *const rt_ciphers[] = {
    "aes128-ctr",     "aes192-ctr",     "aes256-ctr",
    "twofish128-ctr", "twofish256-ctr", "serpent128-ctr",
    "serpent192-ctr", "serpent256-ctr", "none"};
const size_t rt_n_ciphers = sizeof rt_ciphers / sizeof rt_ciphers[0];
const char *const rt_hashes[] = {"sha256", "whirlpool"};
const size_t rt_n_hashes = sizeof rt_hashes / sizeof rt_hashes[0];

/* Stanzas of every kind, with attributes, nested elements, a foreign
 * namespace, escaped characters and non-ASCII text. */
static const char *const rt_from_alice[] = {
    "<message type='chat' id='m1'><body>Hello, Bob! &amp; &lt;3</body>"
    "</message>",
    "<presence id='p1'><show>away</show><status>caf\xc3\xa9</status>"
    "</presence>",
    "<iq type='get' id='q1'><query xmlns='jabber:iq:version'/></iq>",
    "<message type='chat'><body>second</body><active "
    "xmlns='http://jabber.org/protocol/chatstates'/></message>",
};
static const char *const rt_from_bob[] = {
    "<message type='chat' id='m2'><body>Hi Alice</body></message>",
    "<iq type='result' id='q1'><query xmlns='jabber:iq:version'>"
    "<name>esession</name><version>0.1</version></query></iq>",
    "<presence><priority>5</priority></presence>",
    "<message type='normal'><subject>s</subject><body>b</body>"
    "</message>",
};

static const char *thread_of(const sh_party *p)
{
	esession_info info;
	ck_assert_status(esession_session_get_info(p->session, &info),
	                 ESESSION_OK);
	return info.thread;
}

void rt_send(sh_pair *p, bool from_bob, const char *stanza)
{
	sh_party *tx = from_bob ? &p->bob : &p->alice;
	sh_party *rx = from_bob ? &p->alice : &p->bob;
	size_t before = sh_count(rx, ESESSION_EVENT_PLAINTEXT);
	ck_assert_status(
	    esession_session_encrypt(tx->session, stanza, strlen(stanza)),
	    ESESSION_OK);
	sh_drain(tx);
	ck_assert_uint_eq(tx->n_out, 1);
	char *wire = sh_take(tx);
	/* The plaintext never appears on the wire. */
	ck_assert_ptr_null(strstr(wire, "<body>"));
	ck_assert_ptr_null(strstr(wire, "jabber:iq:version"));
	ck_assert_status(sh_deliver(tx, rx, wire), ESESSION_OK);
	free(wire);
	ck_assert_uint_eq(sh_count(rx, ESESSION_EVENT_PLAINTEXT), before + 1);
	const sh_event *ev = sh_last(rx, ESESSION_EVENT_PLAINTEXT);
	sh_assert_plaintext(stanza, ev->stanza, tx->jid, rx->jid,
	                    thread_of(tx));
	ck_assert_int_eq(sh_state(rx), ESESSION_STATE_ACTIVE);
}

void rt_terminate(sh_pair *p)
{
	ck_assert_status(esession_session_terminate(p->alice.session),
	                 ESESSION_OK);
	ck_assert_int_eq(sh_state(&p->alice), ESESSION_STATE_TERMINATING);
	sh_drain(&p->alice);
	ck_assert_status(sh_forward(&p->alice, &p->bob), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p->bob), ESESSION_STATE_ENDED);
	ck_assert_uint_eq(sh_count(&p->bob, ESESSION_EVENT_TERMINATED), 1);
	ck_assert_status(sh_last(&p->bob, ESESSION_EVENT_TERMINATED)->status,
	                 ESESSION_OK);
	/* Bob's acknowledgement. */
	ck_assert_status(sh_forward(&p->bob, &p->alice), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p->alice), ESESSION_STATE_ENDED);
	ck_assert_uint_eq(sh_count(&p->alice, ESESSION_EVENT_TERMINATED), 1);
	ck_assert_status(sh_last(&p->alice, ESESSION_EVENT_TERMINATED)->status,
	                 ESESSION_OK);
	ck_assert_uint_eq(sh_count(&p->alice, ESESSION_EVENT_FAILED), 0);
	ck_assert_uint_eq(sh_count(&p->bob, ESESSION_EVENT_FAILED), 0);
	/* Ended sessions refuse everything. */
	const char *m = "<message><body>late</body></message>";
	ck_assert_status(
	    esession_session_encrypt(p->alice.session, m, strlen(m)),
	    ESESSION_ESTATE);
	ck_assert_status(esession_session_encrypt(p->bob.session, m, strlen(m)),
	                 ESESSION_ESTATE);
}

static void check_info(const sh_party *p, esession_role role, unsigned group,
                       const char *cipher, const char *hash, const char *peer)
{
	esession_info info;
	ck_assert_status(esession_session_get_info(p->session, &info),
	                 ESESSION_OK);
	ck_assert_int_eq(info.role, role);
	ck_assert_int_eq(info.state, ESESSION_STATE_ACTIVE);
	ck_assert_int_eq(info.message_count, 4);
	ck_assert_uint_eq(info.modp_group, group);
	ck_assert_str_eq(info.cipher, cipher);
	ck_assert_str_eq(info.hash, hash);
	ck_assert_str_eq(info.local_jid, p->jid);
	ck_assert_str_eq(info.peer_jid, peer);
	ck_assert_uint_eq(strlen(info.sas), 5);
}

void rt_full_session(unsigned group, const char *cipher, const char *hash)
{
	sh_pair p;
	const sh_opts o = {.group = group, .cipher = cipher, .hash = hash};
	sh_pair_init(&p, &o);
	sh_run_to(&p, SH_ACTIVE);

	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_ESTABLISHED), 1);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_ESTABLISHED), 1);
	const sh_event *ea = sh_last(&p.alice, ESESSION_EVENT_ESTABLISHED);
	const sh_event *eb = sh_last(&p.bob, ESESSION_EVENT_ESTABLISHED);
	/* XEP-0116 §"Short Authentication String": 5 characters, equal on
	 * both sides. */
	ck_assert_uint_eq(strlen(ea->sas), 5);
	ck_assert_str_eq(ea->sas, eb->sas);
	ck_assert_int_eq(ea->retained_secret_matched, 0);
	ck_assert_int_eq(eb->retained_secret_matched, 0);
	check_info(&p.alice, ESESSION_ROLE_INITIATOR, group, cipher, hash,
	           SH_BOB);
	check_info(&p.bob, ESESSION_ROLE_RESPONDER, group, cipher, hash,
	           SH_ALICE);

	/* Interleaved, so that both directions' counters move. */
	size_t n = sizeof rt_from_alice / sizeof rt_from_alice[0];
	for (size_t i = 0; i < n; i++) {
		rt_send(&p, false, rt_from_alice[i]);
		rt_send(&p, true, rt_from_bob[i]);
	}
	/* Several in a row from one side before the other answers. */
	rt_send(&p, false, rt_from_alice[0]);
	rt_send(&p, false, rt_from_alice[1]);
	rt_send(&p, false, rt_from_alice[2]);
	rt_send(&p, true, rt_from_bob[1]);
	rt_terminate(&p);
	sh_pair_free(&p);
}
