/*
 * test_session_3msg_flow.c - what happens around and after the 3-message
 * SIGMA-I negotiation (issue 4 follow-up):
 *
 *   - XEP-0200 re-keying in 3-message sessions, started by either side,
 *     crossing, with stanzas in flight: the re-key code takes the peer's
 *     public value from the negotiation (d for Alice, e for Bob) and our
 *     private one (x of the group Bob selected, y); with Alice offering
 *     two groups and Bob selecting the second, a wrong x or a wrong
 *     public value makes the peer's MAC check fail;
 *   - Alice's encrypted content in message 3 (XEP-0116 §"Sending Alice's
 *     Identity"), handed to esession_session_encrypt before Bob's
 *     response: sent inside message 3, or given back (UNSENT) with the
 *     reason, never lost;
 *   - the 'terminate' field of message 3 (object encryption): produced by
 *     esession_session_terminate with a stanza waiting, covered by mac_A,
 *     honoured by Bob.
 *
 * Sessions are driven through the public API (session_harness.h).
 */
#include "session_harness.h"

#include "../pubkey/pubkey_fixture.h"
#include "test_util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FNI "feature-not-implemented"

#define BODY "<message><body>before the session existed</body></message>"
#define MSG  "<message><body>hello, this body takes two blocks</body></message>"

static const sh_opts opts3 = {.group = 5,
                              .cipher = "aes128-ctr",
                              .hash = "sha256",
                              .deterministic = true};

static void configure(sh_party *p, unsigned offer)
{
	const char *mode = "key";
	const char *alg = "rsa-sha256";
	ck_assert_status(
	    esession_config_set_pubkey(p->config, &mode, 1, &mode, 1),
	    ESESSION_OK);
	ck_assert_status(esession_config_set_sign_algs(p->config, &alg, 1),
	                 ESESSION_OK);
	ck_assert_status(esession_config_set_messages(p->config, offer, 1),
	                 ESESSION_OK);
	ck_assert_status(esession_config_set_rekey_freq(p->config, 1),
	                 ESESSION_OK);
}

static void identity(sh_party *p, pk_test_key which)
{
	esession_key *k = pk_esession_key(which, true);
	ck_assert_status(esession_config_set_identity_key(p->config, k),
	                 ESESSION_OK);
	esession_key_free(k);
}

static void know(sh_party *p, const char *peer_bare, pk_test_key which)
{
	esession_key *k = pk_esession_key(which, false);
	ck_assert_status(
	    esession_store_add_key(p->store, p->jid, peer_bare, k, NULL, 1),
	    ESESSION_OK);
	esession_key_free(k);
}

/* Both parties: Alice offers 3-message, RSA keys known to each other,
 * rekey_freq 1. With two_groups, Alice offers MODP 14 then 5 and Bob
 * accepts only 5, so the selected group is Alice's second offer. */
static void pair3(sh_pair *p, bool two_groups)
{
	sh_pair_init(p, &opts3);
	configure(&p->alice, 3);
	configure(&p->bob, 4);
	identity(&p->alice, PK_RSA);
	identity(&p->bob, PK_RSA2);
	know(&p->alice, SH_BOB_BARE, PK_RSA2);
	know(&p->bob, SH_ALICE_BARE, PK_RSA);
	if (two_groups) {
		const unsigned groups[] = {14, 5};
		ck_assert_status(
		    esession_config_set_groups(p->alice.config, groups, 2),
		    ESESSION_OK);
	}
}

static void start(sh_pair *p)
{
	ck_assert_status(esession_router_start(p->alice.router, SH_BOB_BARE,
	                                       &p->alice.session),
	                 ESESSION_OK);
	sh_drain(&p->alice);
	ck_assert_uint_eq(p->alice.n_out, 1);
}

/* Messages 1 and 2 delivered: Alice has message 3 in her outbox. */
static void to_message3(sh_pair *p)
{
	ck_assert_status(sh_forward(&p->alice, &p->bob), ESESSION_OK);
	ck_assert_uint_eq(p->bob.n_out, 1);
	ck_assert_status(sh_forward(&p->bob, &p->alice), ESESSION_OK);
	ck_assert_uint_eq(p->alice.n_out, 1);
}

/* A complete 3-message negotiation, logs emptied afterwards. */
static void active3(sh_pair *p, bool two_groups)
{
	pair3(p, two_groups);
	start(p);
	to_message3(p);
	ck_assert_status(sh_forward(&p->alice, &p->bob), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p->alice), ESESSION_STATE_ACTIVE);
	ck_assert_int_eq(sh_state(&p->bob), ESESSION_STATE_ACTIVE);
	esession_info info;
	ck_assert_status(esession_session_get_info(p->alice.session, &info),
	                 ESESSION_OK);
	ck_assert_int_eq(info.message_count, 3);
	ck_assert_uint_eq(info.modp_group, 5);
	sh_party_clear(&p->alice);
	sh_party_clear(&p->bob);
}

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

/* Deliver the oldest stanza of from, asserting `expected`; returns it. */
static char *pass(sh_party *from, sh_party *to, esession_status expected)
{
	char *x = sh_take(from);
	ck_assert_status(sh_deliver(from, to, x), expected);
	return x;
}

static bool has(const char *xml, const char *needle)
{
	return strstr(xml, needle) != NULL;
}

/* ---- re-keying in 3-message sessions ------------------------------------ */

/* Alice re-keys: her new K = d^x' uses Bob's d of message 2; Bob accepts
 * with y of message 2 (XEP-0200 §"Re-Key Acceptance"). */
START_TEST(rekey3_by_initiator)
{
	sh_pair p;
	active3(&p, _i == 1);
	rekey(&p.alice);
	char *k = pass(&p.alice, &p.bob, ESESSION_OK);
	ck_assert(has(k, "<key>"));
	free(k);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	/* Bob's answer under the keys that follow Alice's <key/>. */
	send_msg(&p.bob);
	char *b = pass(&p.bob, &p.alice, ESESSION_OK);
	ck_assert(has(b, "<new>1</new>"));
	free(b);
	send_msg(&p.alice);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 1);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	sh_pair_free(&p);
}
END_TEST

/* Bob re-keys: his new K = e^y' uses Alice's e of message 1 (of the
 * selected group); Alice accepts with x of that group - the second of
 * her offers when _i == 1. */
START_TEST(rekey3_by_responder)
{
	sh_pair p;
	active3(&p, _i == 1);
	rekey(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ACTIVE);
	send_msg(&p.alice);
	char *a = pass(&p.alice, &p.bob, ESESSION_OK);
	ck_assert(has(a, "<new>1</new>"));
	free(a);
	send_msg(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	/* A second round, started by Alice, on top of Bob's. */
	rekey(&p.alice);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	send_msg(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 2);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ACTIVE);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	sh_pair_free(&p);
}
END_TEST

/* Both re-key before seeing the other's <key/>, with stanzas under the
 * old and the new keys in flight in both directions. */
START_TEST(rekey3_crossing_in_flight)
{
	sh_pair p;
	active3(&p, true);
	send_msg(&p.alice); /* Alice, negotiated key */
	send_msg(&p.bob);   /* Bob, negotiated key */
	rekey(&p.alice);
	rekey(&p.bob);
	send_msg(&p.alice); /* Alice's new key */
	send_msg(&p.bob);   /* Bob's new key */
	for (int i = 0; i < 3; i++) {
		free(pass(&p.alice, &p.bob, ESESSION_OK));
		free(pass(&p.bob, &p.alice, ESESSION_OK));
	}
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 2);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 2);
	/* Each answers under the keys it now shares with the other. */
	send_msg(&p.alice);
	send_msg(&p.bob);
	char *a = pass(&p.alice, &p.bob, ESESSION_OK);
	char *b = pass(&p.bob, &p.alice, ESESSION_OK);
	ck_assert(has(a, "<new>1</new>"));
	ck_assert(has(b, "<new>1</new>"));
	free(a);
	free(b);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 3);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 3);
	/* And terminate cleanly. */
	ck_assert_status(esession_session_terminate(p.alice.session),
	                 ESESSION_OK);
	sh_drain(&p.alice);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ENDED);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ENDED);
	sh_pair_free(&p);
}
END_TEST

/* The content of message 3 counts as Alice's first stanza; a re-key
 * right after it (rekey_freq 1) and traffic both ways still agree. */
START_TEST(rekey3_after_content)
{
	sh_pair p;
	pair3(&p, true);
	start(&p);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_OK);
	to_message3(&p);
	rekey(&p.alice);
	free(pass(&p.alice, &p.bob, ESESSION_OK)); /* message 3 */
	free(pass(&p.alice, &p.bob, ESESSION_OK)); /* the <key/> */
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	rekey(&p.bob);
	send_msg(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	send_msg(&p.alice);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 1);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 2);
	sh_pair_free(&p);
}
END_TEST

/* ---- Alice's content in message 3 --------------------------------------- */

/* Offset of needle in xml (asserting it is there). */
static size_t at(const char *xml, const char *needle)
{
	const char *p = strstr(xml, needle);
	ck_assert_msg(p != NULL, "no %s in %s", needle, xml);
	return (size_t)(p - xml);
}

START_TEST(content_sent_in_message3)
{
	sh_pair p;
	pair3(&p, false);
	start(&p);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_OK);
	sh_drain(&p.alice);
	/* Kept, not sent: only message 1 is in the outbox. */
	ck_assert_uint_eq(p.alice.n_out, 1);
	ck_assert_uint_eq(p.alice.n_events, 1);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_NEGOTIATING);
	to_message3(&p);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ACTIVE);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_UNSENT), 0);
	/* XEP-0116 example: <thread/>, <feature/>, then <c/>. */
	const char *m3 = p.alice.outbox[0];
	ck_assert_uint_lt(at(m3, "<thread"), at(m3, "<feature"));
	ck_assert_uint_lt(at(m3, "<feature"), at(m3, "<c "));
	ck_assert(!has(m3, "before the session existed"));
	ck_assert(!has(m3, "terminate"));
	ck_assert(has(m3, "to='" SH_BOB "'") || has(m3, "to=\"" SH_BOB "\""));

	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	const sh_event *pt = sh_last(&p.bob, ESESSION_EVENT_PLAINTEXT);
	ck_assert_ptr_nonnull(pt);
	esession_info info;
	ck_assert_status(esession_session_get_info(p.bob.session, &info),
	                 ESESSION_OK);
	sh_assert_plaintext(BODY, pt->stanza, SH_ALICE, SH_BOB, info.thread);
	/* ESTABLISHED comes right before the content. */
	ck_assert_uint_eq(p.bob.n_events, 3); /* SEND (msg 2), EST., PT */
	ck_assert_int_eq(p.bob.events[1].type, ESESSION_EVENT_ESTABLISHED);
	ck_assert_int_eq(p.bob.events[2].type, ESESSION_EVENT_PLAINTEXT);

	/* Both counters carry on: traffic both ways. */
	send_msg(&p.alice);
	free(pass(&p.alice, &p.bob, ESESSION_OK));
	send_msg(&p.bob);
	free(pass(&p.bob, &p.alice, ESESSION_OK));
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 2);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 1);
	sh_pair_free(&p);
}
END_TEST

/* The stanza names Bob's bare JID; message 3 goes to the full JID his
 * response came from. Its own attributes travel with it. */
START_TEST(content_addressed_to_bound_jid)
{
	static const char in[] =
	    "<message xmlns='jabber:client' to='" SH_BOB_BARE "' type='chat'"
	    " id='m1'><body>hi</body></message>";
	sh_pair p;
	pair3(&p, false);
	start(&p);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, in, strlen(in)),
	    ESESSION_OK);
	to_message3(&p);
	const char *m3 = p.alice.outbox[0];
	ck_assert(has(m3, "to=\"" SH_BOB "\"") || has(m3, "to='" SH_BOB "'"));
	ck_assert(has(m3, "type=\"chat\"") || has(m3, "type='chat'"));
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	const sh_event *pt = sh_last(&p.bob, ESESSION_EVENT_PLAINTEXT);
	ck_assert_ptr_nonnull(pt);
	ck_assert(has(pt->stanza, "<body>hi</body>"));
	ck_assert(has(pt->stanza, "id=\"m1\"") || has(pt->stanza, "id='m1'"));
	sh_pair_free(&p);
}
END_TEST

/* What esession_session_encrypt refuses while Alice waits for message 2;
 * the session is unchanged by every refusal. */
static const struct {
	const char *stanza;
	esession_status want;
} refused[] = {
    {"<presence><show>away</show></presence>", ESESSION_ESTANZA_KIND},
    {"<iq type='get' id='1'><query xmlns='jabber:iq:version'/></iq>",
     ESESSION_ESTANZA_KIND},
    {"<message type='error'><body>x</body></message>", ESESSION_ESTANZA},
    {"<message><c xmlns='http://www.xmpp.org/extensions/xep-0200.html#ns'/>"
     "</message>",
     ESESSION_ESTANZA},
    {"<message xmlns='jabber:server'><body>x</body></message>",
     ESESSION_ESTANZA},
    {"<body>not a stanza</body>", ESESSION_ESTANZA},
    {"<message><thread>another</thread><body>x</body></message>",
     ESESSION_EINVAL},
    {"<message to='carol@example.net'><body>x</body></message>",
     ESESSION_EINVAL},
    {"<message><body>x</body>", ESESSION_EXML_TRUNCATED},
};

START_TEST(content_refused_before_response)
{
	sh_pair p;
	pair3(&p, false);
	start(&p);
	ck_assert_status(esession_session_encrypt(p.alice.session,
	                                          refused[_i].stanza,
	                                          strlen(refused[_i].stanza)),
	                 refused[_i].want);
	sh_drain(&p.alice);
	ck_assert_uint_eq(p.alice.n_out, 1);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_NEGOTIATING);
	/* A valid stanza is still accepted, and one only. */
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_OK);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_ESTATE);
	to_message3(&p);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	sh_pair_free(&p);
}
END_TEST

/* Only the 3-message initiator waiting for message 2 keeps a stanza;
 * Alice's policy must offer to encrypt messages. */
START_TEST(content_refused_elsewhere)
{
	sh_pair p;
	/* 4-message request sent. */
	sh_pair_init(&p, &opts3);
	sh_run_to(&p, SH_MSG1_QUEUED);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_ESTATE);
	sh_pair_free(&p);

	/* A 3-message initiator not started yet. */
	pair3(&p, false);
	esession_session *s = NULL;
	ck_assert_status(esession_session_new_initiator(
	                     p.alice.config, SH_ALICE, SH_BOB_BARE, NULL, &s),
	                 ESESSION_OK);
	ck_assert_status(esession_session_encrypt(s, BODY, strlen(BODY)),
	                 ESESSION_ESTATE);
	esession_session_free(s);
	/* Bob, 3-message response sent. */
	start(&p);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_status(
	    esession_session_encrypt(p.bob.session, BODY, strlen(BODY)),
	    ESESSION_ESTATE);
	sh_pair_free(&p);

	/* Alice encrypts presence only. */
	pair3(&p, false);
	ck_assert_status(esession_config_set_stanzas(p.alice.config,
	                                             ESESSION_STANZA_PRESENCE),
	                 ESESSION_OK);
	start(&p);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_ESTANZA_KIND);
	sh_pair_free(&p);
}
END_TEST

/* One UNSENT event, holding BODY exactly as given and `status`; the next
 * event other than a SEND is of type `then`. */
static void assert_given_back(const sh_party *p, esession_status status,
                              esession_event_type then)
{
	ck_assert_uint_eq(sh_count(p, ESESSION_EVENT_UNSENT), 1);
	size_t i = 0;
	while (p->events[i].type != ESESSION_EVENT_UNSENT)
		i++;
	const sh_event *u = &p->events[i];
	ck_assert_status(u->status, status);
	ck_assert_str_eq(u->stanza, BODY);
	size_t j = i + 1;
	while (j < p->n_events && p->events[j].type == ESESSION_EVENT_SEND)
		j++;
	ck_assert_uint_lt(j, p->n_events);
	ck_assert_int_eq(p->events[j].type, then);
}

/* Bob refuses 3-message negotiations: the error fails Alice's session and
 * her stanza comes back before the FAILED event. */
START_TEST(content_given_back_on_error)
{
	sh_pair p;
	pair3(&p, false);
	ck_assert_status(esession_config_set_messages(p.bob.config, 4, 0),
	                 ESESSION_OK);
	start(&p);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_OK);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_EUNSUPPORTED);
	ck_assert_status(sh_forward(&p.bob, &p.alice),
	                 ESESSION_EPEER_NOT_IMPLEMENTED);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_FAILED);
	assert_given_back(&p.alice, ESESSION_EPEER_NOT_IMPLEMENTED,
	                  ESESSION_EVENT_FAILED);
	sh_pair_free(&p);
}
END_TEST

/* Bob declines: TERMINATED (EPEER_DECLINED), stanza given back first. */
START_TEST(content_given_back_on_decline)
{
	sh_pair p;
	pair3(&p, false);
	ck_assert_status(
	    esession_config_set_answer(p.bob.config, ESESSION_ANSWER_DECLINE),
	    ESESSION_OK);
	start(&p);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_OK);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_EPEER_DECLINED);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ENDED);
	assert_given_back(&p.alice, ESESSION_EPEER_DECLINED,
	                  ESESSION_EVENT_TERMINATED);
	sh_pair_free(&p);
}
END_TEST

/* Message 2 forged (M_B does not verify): Alice fails, the stanza comes
 * back and nothing of it was sent. */
START_TEST(content_given_back_on_forged_response)
{
	sh_pair p;
	pair3(&p, false);
	start(&p);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_OK);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	char *m2 = sh_take(&p.bob);
	char *bad = sh_edit_field(m2, "mac", SH_FLIP, NULL, 3);
	ck_assert_status(sh_deliver(&p.bob, &p.alice, bad), ESESSION_EMAC);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_FAILED);
	assert_given_back(&p.alice, ESESSION_EMAC, ESESSION_EVENT_FAILED);
	/* The only thing sent is the error stanza. */
	ck_assert_uint_eq(p.alice.n_out, 1);
	sh_error e;
	sh_error_of(p.alice.outbox[0], &e);
	ck_assert_str_eq(e.condition, FNI);
	free(bad);
	free(m2);
	sh_pair_free(&p);
}
END_TEST

/* Bob encrypts presence only: the message cannot ride in message 3. The
 * session is established anyway and the stanza comes back with
 * ESESSION_ESTANZA_KIND, before ESTABLISHED. */
START_TEST(content_given_back_kind_not_negotiated)
{
	sh_pair p;
	pair3(&p, false);
	ck_assert_status(
	    esession_config_set_stanzas(p.bob.config, ESESSION_STANZA_PRESENCE),
	    ESESSION_OK);
	start(&p);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_OK);
	to_message3(&p);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ACTIVE);
	assert_given_back(&p.alice, ESESSION_ESTANZA_KIND,
	                  ESESSION_EVENT_ESTABLISHED);
	ck_assert(!has(p.alice.outbox[0], "<c "));
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 0);
	sh_pair_free(&p);
}
END_TEST

/* ---- 'terminate' in message 3: object encryption ------------------------ */

START_TEST(object_encryption)
{
	sh_pair p;
	pair3(&p, false);
	start(&p);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_OK);
	ck_assert_status(esession_session_terminate(p.alice.session),
	                 ESESSION_OK);
	/* Asked once; nothing more may be kept. */
	ck_assert_status(esession_session_terminate(p.alice.session),
	                 ESESSION_ESTATE);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_ESTATE);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_NEGOTIATING);
	to_message3(&p);
	/* Message 3 sent, then the session is over for Alice. */
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ENDED);
	ck_assert_uint_eq(p.alice.n_events, 4); /* SEND x2, EST., TERM. */
	ck_assert_int_eq(p.alice.events[2].type, ESESSION_EVENT_ESTABLISHED);
	ck_assert_int_eq(p.alice.events[3].type, ESESSION_EVENT_TERMINATED);
	ck_assert_status(p.alice.events[3].status, ESESSION_OK);
	const char *m3 = p.alice.outbox[0];
	ck_assert(has(m3, "var=\"terminate\""));
	ck_assert(has(m3, "<c "));

	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ENDED);
	/* ESTABLISHED, the content, TERMINATED; no acknowledgement. */
	ck_assert_uint_eq(p.bob.n_out, 0);
	ck_assert_int_eq(p.bob.events[p.bob.n_events - 3].type,
	                 ESESSION_EVENT_ESTABLISHED);
	const sh_event *pt = &p.bob.events[p.bob.n_events - 2];
	ck_assert_int_eq(pt->type, ESESSION_EVENT_PLAINTEXT);
	ck_assert(has(pt->stanza, "before the session existed"));
	const sh_event *t = &p.bob.events[p.bob.n_events - 1];
	ck_assert_int_eq(t->type, ESESSION_EVENT_TERMINATED);
	ck_assert_status(t->status, ESESSION_OK);
	sh_pair_free(&p);
}
END_TEST

/* Without the stanza (Bob encrypts presence only) message 3 still ends
 * the session, and the stanza comes back. */
START_TEST(object_encryption_without_content)
{
	sh_pair p;
	pair3(&p, false);
	ck_assert_status(
	    esession_config_set_stanzas(p.bob.config, ESESSION_STANZA_PRESENCE),
	    ESESSION_OK);
	start(&p);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_OK);
	ck_assert_status(esession_session_terminate(p.alice.session),
	                 ESESSION_OK);
	to_message3(&p);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ENDED);
	assert_given_back(&p.alice, ESESSION_ESTANZA_KIND,
	                  ESESSION_EVENT_ESTABLISHED);
	ck_assert(has(p.alice.outbox[0], "var=\"terminate\""));
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ENDED);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_ESTABLISHED), 1);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_TERMINATED), 1);
	ck_assert_uint_eq(p.bob.n_out, 0);
	sh_pair_free(&p);
}
END_TEST

/* Without a kept stanza, terminate before message 2 still abandons the
 * negotiation silently. */
START_TEST(terminate_without_content_abandons)
{
	sh_pair p;
	pair3(&p, false);
	start(&p);
	ck_assert_status(esession_session_terminate(p.alice.session),
	                 ESESSION_OK);
	sh_drain(&p.alice);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ENDED);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_UNSENT), 0);
	ck_assert_uint_eq(p.alice.n_out, 1); /* message 1 only */
	sh_pair_free(&p);
}
END_TEST

/* 'terminate' is part of form_A2, under mac_A and sign_A: removing it,
 * turning it off, or adding it to a message 3 without it fails Bob's
 * check of Alice's signature, and Bob delivers nothing. */
START_TEST(terminate_is_authenticated)
{
	sh_pair p;
	pair3(&p, false);
	start(&p);
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, BODY, strlen(BODY)),
	    ESESSION_OK);
	if (_i != 2)
		ck_assert_status(esession_session_terminate(p.alice.session),
		                 ESESSION_OK);
	to_message3(&p);
	char *m3 = sh_take(&p.alice);
	char *bad = NULL;
	if (_i == 0) {
		bad = sh_edit_field(m3, "terminate", SH_REMOVE, NULL, 0);
	} else if (_i == 1) {
		bad = sh_edit_field(m3, "terminate", SH_SET, "0", 0);
	} else {
		/* Add <field var='terminate'><value>1</value></field> after
		 * the nonce field. */
		ck_assert(!has(m3, "terminate"));
		const char *f = strstr(m3, "<field var=\"identity\"");
		ck_assert_ptr_nonnull(f);
		static const char add[] =
		    "<field var=\"terminate\"><value>1</value></field>";
		bad = malloc(strlen(m3) + sizeof add);
		ck_assert_ptr_nonnull(bad);
		size_t head = (size_t)(f - m3);
		memcpy(bad, m3, head);
		memcpy(bad + head, add, sizeof add - 1);
		strcpy(bad + head + sizeof add - 1, f);
	}
	ck_assert_status(sh_deliver(&p.alice, &p.bob, bad),
	                 ESESSION_ESIGNATURE);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_FAILED);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 0);
	sh_error e;
	sh_error_of(p.bob.outbox[p.bob.n_out - 1], &e);
	ck_assert_str_eq(e.condition, FNI);
	ck_assert_str_eq(e.fields, "identity");
	free(bad);
	free(m3);
	sh_pair_free(&p);
}
END_TEST

/* An unencrypted XEP-0155 terminate form (type 'submit') while Bob waits
 * for message 3 is not a completion: refused, nothing changes, and the
 * real message 3 still completes. */
START_TEST(clear_terminate_while_waiting)
{
	sh_pair p;
	pair3(&p, false);
	start(&p);
	to_message3(&p);
	esession_info info;
	ck_assert_status(esession_session_get_info(p.bob.session, &info),
	                 ESESSION_OK);
	char term[512];
	snprintf(term, sizeof term,
	         "<message to='%s'><thread>%s</thread>"
	         "<feature xmlns='http://jabber.org/protocol/feature-neg'>"
	         "<x xmlns='jabber:x:data' type='submit'>"
	         "<field var='FORM_TYPE'><value>urn:xmpp:ssn</value></field>"
	         "<field var='terminate'><value>1</value></field>"
	         "</x></feature></message>",
	         SH_BOB, info.thread);
	const size_t before = p.bob.n_events;
	ck_assert_status(sh_deliver(&p.alice, &p.bob, term),
	                 ESESSION_EUNEXPECTED);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_NEGOTIATING);
	ck_assert_uint_eq(p.bob.n_events, before);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	sh_pair_free(&p);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("session_3msg_flow");
	TCase *rk = tcase_create("rekey");
	tcase_add_loop_test(rk, rekey3_by_initiator, 0, 2);
	tcase_add_loop_test(rk, rekey3_by_responder, 0, 2);
	tcase_add_test(rk, rekey3_crossing_in_flight);
	tcase_add_test(rk, rekey3_after_content);
	tcase_set_timeout(rk, 600);
	suite_add_tcase(s, rk);

	TCase *ct = tcase_create("content");
	tcase_add_test(ct, content_sent_in_message3);
	tcase_add_test(ct, content_addressed_to_bound_jid);
	tcase_add_loop_test(ct, content_refused_before_response, 0,
	                    (int)(sizeof refused / sizeof refused[0]));
	tcase_add_test(ct, content_refused_elsewhere);
	tcase_add_test(ct, content_given_back_on_error);
	tcase_add_test(ct, content_given_back_on_decline);
	tcase_add_test(ct, content_given_back_on_forged_response);
	tcase_add_test(ct, content_given_back_kind_not_negotiated);
	tcase_set_timeout(ct, 600);
	suite_add_tcase(s, ct);

	TCase *tm = tcase_create("terminate");
	tcase_add_test(tm, object_encryption);
	tcase_add_test(tm, object_encryption_without_content);
	tcase_add_test(tm, terminate_without_content_abandons);
	tcase_add_loop_test(tm, terminate_is_authenticated, 0, 3);
	tcase_add_test(tm, clear_terminate_while_waiting);
	tcase_set_timeout(tm, 600);
	suite_add_tcase(s, tm);
	return s;
}
