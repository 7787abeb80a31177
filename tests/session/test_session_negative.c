/*
 * test_session_negative.c - every field of the four negotiation messages
 * tampered with on the wire, the stanza wrapper tampered with, DH values
 * at and beyond the range bounds, replays, and XEP-0200 traffic attacks.
 *
 * For each case: the exact status the receiving side returns, its FAILED
 * event (status and field), the error stanza it queues (condition and
 * <field var/> list, XEP-0116 §"ESession Rejection", spec/message-flow.md
 * §6), and that the negotiation never completes on either side.
 *
 * Both parties offer exactly one group (2), cipher (aes128-ctr) and hash
 * (sha256), so that a changed option is never rescued by a second one.
 * Group 2 because its 128-byte DH values have base64 padding bits (the
 * 96-byte values of group 1 have none, so no non-canonical form).
 */
#include "session_harness.h"

#include "base64.h"
#include "hash.h"
#include "test_util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NA  "not-acceptable"
#define FNI "feature-not-implemented"

static const sh_opts neg_opts = {.group = 2,
                                 .cipher = "aes128-ctr",
                                 .hash = "sha256",
                                 .deterministic = true};

/* RFC 2409 §6.2 "Second Oakley Group" prime (1024 bits), also
 * spec/reference/modp-groups.txt group 2. */
static const char group2_p_hex[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF";

/* mpi(p + delta) for delta in -1..1 as base64 (big-endian arithmetic
 * with carries; p ends in 0xFF..FF so p+1 carries). */
static char *p_plus_b64(int delta)
{
	size_t n = 0;
	uint8_t *p = es_test_unhex(group2_p_hex, &n);
	uint8_t out[160];
	memcpy(out + 1, p, n);
	out[0] = 0;
	if (delta > 0) {
		for (size_t i = n + 1; i-- > 0;)
			if (++out[i] != 0)
				break;
	} else if (delta < 0) {
		for (size_t i = n + 1; i-- > 0;)
			if (out[i]-- != 0)
				break;
	}
	free(p);
	/* Canonical mpi: no leading zero octet. */
	size_t skip = out[0] == 0 ? 1 : 0;
	return sh_b64(out + skip, n + 1 - skip);
}

static char *small_b64(uint8_t v)
{
	return sh_b64(&v, 1);
}

/* ---- one tampered negotiation ---------------------------------------- */

/* Messages 1 and 3 go from Alice to Bob, 2 and 4 from Bob to Alice. */
static sh_party *sender(sh_pair *p, int msg)
{
	return msg % 2 == 1 ? &p->alice : &p->bob;
}
static sh_party *receiver(sh_pair *p, int msg)
{
	return msg % 2 == 1 ? &p->bob : &p->alice;
}

typedef enum outcome {
	FAIL = 1,   /* receiver FAILED with an event (and maybe an error) */
	REFUSED,    /* stanza refused: no state change, no event */
	NO_SESSION, /* msg 1 only: the router created no session */
	ENDED       /* a decline / cancel: TERMINATED event, ENDED */
} outcome;

typedef struct neg_case {
	const char *name;
	int msg;     /* the message tampered with */
	int fail_at; /* the message whose receipt fails (>= msg) */
	outcome outcome;
	esession_status status; /* of the receive call at fail_at */
	const char *condition;  /* error stanza condition, NULL: none */
	const char *fields;     /* its <field var/> list */
	const char *ev_field;   /* FAILED event's field (NULL: none) */
} neg_case;

/* Check the outcome of delivering a tampered message. */
static void check_outcome(sh_pair *p, const neg_case *c, esession_status st,
                          esession_state before, size_t events_before)
{
	sh_party *rx = receiver(p, c->fail_at);
	sh_party *tx = sender(p, c->fail_at);
	ck_assert_msg(st == c->status, "%s: status %d (%s), expected %d (%s)",
	              c->name, (int)st, esession_strerror(st), (int)c->status,
	              esession_strerror(c->status));
	switch (c->outcome) {
	case NO_SESSION:
		ck_assert_ptr_null(rx->session);
		ck_assert_uint_eq(rx->n_events, 0);
		return;
	case REFUSED:
		ck_assert_int_eq(sh_state(rx), before);
		ck_assert_msg(rx->n_events == events_before,
		              "%s: refused stanza queued %zu events", c->name,
		              rx->n_events - events_before);
		return;
	case ENDED:
		ck_assert_int_eq(sh_state(rx), ESESSION_STATE_ENDED);
		ck_assert_uint_eq(sh_count(rx, ESESSION_EVENT_TERMINATED), 1);
		ck_assert_status(sh_last(rx, ESESSION_EVENT_TERMINATED)->status,
		                 c->status);
		ck_assert_uint_eq(rx->n_out, 0);
		ck_assert_uint_eq(sh_count(rx, ESESSION_EVENT_ESTABLISHED), 0);
		return;
	case FAIL: break;
	}
	ck_assert_msg(sh_state(rx) == ESESSION_STATE_FAILED,
	              "%s: receiver state %d", c->name, (int)sh_state(rx));
	ck_assert_uint_eq(sh_count(rx, ESESSION_EVENT_FAILED), 1);
	const sh_event *f = sh_last(rx, ESESSION_EVENT_FAILED);
	ck_assert_msg(f->status == c->status, "%s: FAILED event status %d",
	              c->name, (int)f->status);
	if (c->ev_field == NULL)
		ck_assert_msg(f->field == NULL, "%s: event field %s", c->name,
		              f->field);
	else
		ck_assert_msg(
		    f->field != NULL && strcmp(f->field, c->ev_field) == 0,
		    "%s: event field %s, expected %s", c->name,
		    f->field != NULL ? f->field : "(null)", c->ev_field);
	ck_assert_uint_eq(sh_count(rx, ESESSION_EVENT_ESTABLISHED), 0);
	if (c->condition == NULL) {
		ck_assert_msg(rx->n_out == 0, "%s: unexpected error stanza %s",
		              c->name, rx->n_out ? rx->outbox[0] : "");
		return;
	}
	ck_assert_msg(rx->n_out == 1,
	              "%s: %zu stanzas queued, expected the "
	              "error",
	              c->name, rx->n_out);
	sh_error e;
	sh_error_of(rx->outbox[0], &e);
	ck_assert_str_eq(e.type, "error");
	/* Message 2's errors go to the bare JID: see
	 * test_error_to_full_jid. */
	if (c->fail_at != 2)
		ck_assert_str_eq(e.to, tx->jid);
	ck_assert_msg(strcmp(e.condition, c->condition) == 0,
	              "%s: condition %s, expected %s", c->name, e.condition,
	              c->condition);
	ck_assert_msg(strcmp(e.fields, c->fields) == 0,
	              "%s: fields '%s', expected '%s'", c->name, e.fields,
	              c->fields);
	/* The error reaches the peer: the peer's negotiation (or, after
	 * message 4, its just-established session) fails too. */
	esession_status peer = strcmp(c->condition, NA) == 0
	                           ? ESESSION_EPEER_NOT_ACCEPTABLE
	                           : ESESSION_EPEER_NOT_IMPLEMENTED;
	ck_assert_status(sh_forward(rx, tx), peer);
	ck_assert_int_eq(sh_state(tx), ESESSION_STATE_FAILED);
	ck_assert_status(sh_last(tx, ESESSION_EVENT_FAILED)->status, peer);
}

/* Run to message c->msg, replace it by `tampered(original)`, deliver,
 * and carry on until message c->fail_at. */
typedef char *(*tamper_fn)(const char *orig, const void *arg);

static void run_case(const neg_case *c, tamper_fn tamper, const void *arg)
{
	sh_pair p;
	sh_pair_init(&p, &neg_opts);
	sh_run_to(&p, (sh_stage)c->msg);
	char *orig = sh_take(sender(&p, c->msg));
	char *bad = tamper(orig, arg);
	free(orig);
	esession_state before = sh_state(receiver(&p, c->msg));
	size_t events_before = receiver(&p, c->msg)->n_events;
	esession_status st =
	    sh_deliver(sender(&p, c->msg), receiver(&p, c->msg), bad);
	free(bad);
	for (int m = c->msg + 1; m <= c->fail_at; m++) {
		ck_assert_msg(st == ESESSION_OK, "%s: message %d: %s", c->name,
		              m - 1, esession_strerror(st));
		before = sh_state(receiver(&p, m));
		events_before = receiver(&p, m)->n_events;
		st = sh_forward(sender(&p, m), receiver(&p, m));
	}
	check_outcome(&p, c, st, before, events_before);
	/* Nobody ends up with an established session. */
	ck_assert_int_ne(sh_state(&p.alice), ESESSION_STATE_ACTIVE);
	if (c->outcome != REFUSED)
		ck_assert_int_ne(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_ESTABLISHED), 0);
	sh_pair_free(&p);
}

/* ---- field tampering table ------------------------------------------ */

typedef struct field_row {
	neg_case c;
	const char *var;
	sh_edit edit;
	const char *arg;
	size_t bit;
} field_row;

static char *tamper_field(const char *orig, const void *arg)
{
	const field_row *r = arg;
	return sh_edit_field(orig, r->var, r->edit, r->arg, r->bit);
}

#define ROW(msg, at, out, st, cond, flds, evf, var, edit, arg, bit) \
	{                                                           \
		{#msg ":" var ":" #edit ":" #arg,                   \
		 msg,                                               \
		 at,                                                \
		 out,                                               \
		 st,                                                \
		 cond,                                              \
		 flds,                                              \
		 evf},                                              \
		    var, edit, arg, bit                             \
	}
/* Message 1 (Bob, XEP-0116 §"ESession Response (Bob)" checks): failures
 * are answered with not-acceptable naming the field. */
#define R1(var, edit, arg, st) \
	ROW(1, 1, FAIL, st, NA, var, var, var, edit, arg, 0)
/* Message 2 (Alice, §"Diffie-Hellman Preparation (Alice)"): not-acceptable
 * naming the field. */
#define R2(var, edit, arg, st) \
	ROW(2, 2, FAIL, st, NA, var, var, var, edit, arg, 0)
/* Messages 3 and 4: feature-not-implemented naming the field
 * (spec/message-flow.md §6). */
#define R3(var, edit, arg, st) \
	ROW(3, 3, FAIL, st, FNI, var, var, var, edit, arg, 0)
#define R4(var, edit, arg, st) \
	ROW(4, 4, FAIL, st, FNI, var, var, var, edit, arg, 0)

static const field_row field_rows[] = {
    /* --- message 1: the request ------------------------------------- */
    /* Without FORM_TYPE, 'accept' or an e2e 'security' it is no ESession
     * request at all (classify.h): the router creates no session. */
    ROW(1, 1, NO_SESSION, ESESSION_ENOT_ESESSION, NULL, NULL, NULL, "FORM_TYPE",
        SH_REMOVE, NULL, 0),
    ROW(1, 1, NO_SESSION, ESESSION_ENOT_ESESSION, NULL, NULL, NULL, "FORM_TYPE",
        SH_SET, "urn:example:other", 0),
    ROW(1, 1, NO_SESSION, ESESSION_ENOT_ESESSION, NULL, NULL, NULL, "accept",
        SH_REMOVE, NULL, 0),
    ROW(1, 1, NO_SESSION, ESESSION_ENOT_ESESSION, NULL, NULL, NULL, "security",
        SH_REMOVE, NULL, 0),
    ROW(1, 1, NO_SESSION, ESESSION_ENOT_ESESSION, NULL, NULL, NULL, "security",
        SH_SET, "c2s", 0),
    R1("accept", SH_SET, "0", ESESSION_ENEG_FIELD),
    R1("logging", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("disclosure", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("modp", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("crypt_algs", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("hash_algs", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("compress", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("stanzas", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("init_pubkey", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("resp_pubkey", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("ver", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("rekey_freq", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("my_nonce", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R1("sas_algs", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    /* Neither dhhashes nor dhkeys (state-table §4.2 EV_REQ_BAD). */
    ROW(1, 1, FAIL, ESESSION_ENEG_FIELD, NA, "dhhashes,dhkeys", "dhhashes",
        "dhhashes", SH_REMOVE, NULL, 0),
    R1("logging", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R1("modp", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R1("crypt_algs", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R1("my_nonce", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R1("dhhashes", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R1("rekey_freq", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    /* Alice offers only an unknown logging value: not acceptable (the
     * default policy refuses logging, esession.h). */
    R1("logging", SH_SET, "always", ESESSION_ENEG_UNACCEPTABLE),
    R1("disclosure", SH_SET, "always", ESESSION_ENEG_UNACCEPTABLE),
    R1("modp", SH_SET, "3", ESESSION_ENEG_UNACCEPTABLE),
    R1("crypt_algs", SH_SET, "rot13-ctr", ESESSION_ENEG_UNACCEPTABLE),
    R1("hash_algs", SH_SET, "md5", ESESSION_ENEG_UNACCEPTABLE),
    R1("compress", SH_SET, "zlib", ESESSION_ENEG_UNACCEPTABLE),
    R1("init_pubkey", SH_SET, "rsa", ESESSION_ENEG_UNACCEPTABLE),
    R1("resp_pubkey", SH_SET, "rsa", ESESSION_ENEG_UNACCEPTABLE),
    R1("ver", SH_SET, "2.0", ESESSION_ENEG_UNACCEPTABLE),
    R1("sas_algs", SH_SET, "sas99x9", ESESSION_ENEG_UNACCEPTABLE),
    R1("rekey_freq", SH_SET, "often", ESESSION_ENEG_FIELD),
    R1("my_nonce", SH_SET, "AAAA", ESESSION_ENEG_FIELD),
    R1("dhhashes", SH_SET, "AAAA", ESESSION_ENEG_FIELD),
    R1("my_nonce", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R1("dhhashes", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R1("my_nonce", SH_SET, "AAA", ESESSION_EBASE64_LENGTH),
    /* Accepted by Bob, caught later: a flipped N_A is echoed in
     * message 2 (Alice: wrong nonce); a flipped He fails the commitment
     * check of message 3; reordered options change form_A as Bob sees it
     * (mac_A of message 3 fails). */
    ROW(1, 2, FAIL, ESESSION_ENEG_NONCE, NA, "nonce", "nonce", "my_nonce",
        SH_FLIP, NULL, 5),
    ROW(1, 3, FAIL, ESESSION_ENEG_COMMITMENT, FNI, "dhkeys", "dhkeys",
        "dhhashes", SH_FLIP, NULL, 17),
    ROW(1, 3, FAIL, ESESSION_EIDENTITY, FNI, "identity", "identity", "stanzas",
        SH_SWAP_OPTIONS, NULL, 0),

    /* --- message 2: the response ------------------------------------ */
    /* Not a response any more: refused, Alice keeps waiting. */
    ROW(2, 2, REFUSED, ESESSION_EUNEXPECTED, NULL, NULL, NULL, "FORM_TYPE",
        SH_REMOVE, NULL, 0),
    ROW(2, 2, REFUSED, ESESSION_EUNEXPECTED, NULL, NULL, NULL, "accept",
        SH_REMOVE, NULL, 0),
    /* accept = 0 is Bob declining (XEP-0155 §"Rejecting a Session"). */
    ROW(2, 2, ENDED, ESESSION_EPEER_DECLINED, NULL, NULL, NULL, "accept",
        SH_SET, "0", 0),
    R2("security", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("logging", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("disclosure", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("modp", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("crypt_algs", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("hash_algs", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("compress", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("stanzas", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("init_pubkey", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("resp_pubkey", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("ver", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("rekey_freq", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("my_nonce", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("sas_algs", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("dhkeys", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("nonce", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("counter", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R2("modp", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R2("dhkeys", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R2("nonce", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R2("counter", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R2("my_nonce", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R2("modp", SH_SET, "5", ESESSION_ENEG_NOT_OFFERED),
    R2("crypt_algs", SH_SET, "aes256-ctr", ESESSION_ENEG_NOT_OFFERED),
    R2("hash_algs", SH_SET, "whirlpool", ESESSION_ENEG_NOT_OFFERED),
    R2("security", SH_SET, "c2s", ESESSION_ENEG_NOT_OFFERED),
    R2("rekey_freq", SH_SET, "1", ESESSION_ENEG_UNACCEPTABLE),
    R2("counter", SH_SET, "AAAA", ESESSION_ECOUNTER),
    R2("nonce", SH_FLIP, NULL, ESESSION_ENEG_NONCE),
    R2("nonce", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R2("my_nonce", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R2("counter", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R2("dhkeys", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R2("dhkeys", SH_SET, "AA==", ESESSION_EMPI),
    /* Accepted by Alice, caught by Bob in message 3: a flipped N_B is
     * echoed (wrong nonce); another d or C_A gives Alice other keys, so
     * M_A does not verify. */
    ROW(2, 3, FAIL, ESESSION_ENEG_NONCE, FNI, "nonce", "nonce", "my_nonce",
        SH_FLIP, NULL, 9),
    ROW(2, 3, FAIL, ESESSION_EMAC, FNI, "mac", "mac", "dhkeys", SH_FLIP, NULL,
        1023),
    ROW(2, 3, FAIL, ESESSION_EMAC, FNI, "mac", "mac", "counter", SH_FLIP, NULL,
        127),

    /* --- message 3: Alice's identity -------------------------------- */
    ROW(3, 3, REFUSED, ESESSION_EUNEXPECTED, NULL, NULL, NULL, "FORM_TYPE",
        SH_REMOVE, NULL, 0),
    ROW(3, 3, REFUSED, ESESSION_EUNEXPECTED, NULL, NULL, NULL, "accept",
        SH_REMOVE, NULL, 0),
    /* accept = 0 is Alice cancelling (XEP-0155 §"Completing or Canceling
     * the Negotiation"). */
    ROW(3, 3, ENDED, ESESSION_EPEER_DECLINED, NULL, NULL, NULL, "accept",
        SH_SET, "0", 0),
    R3("nonce", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R3("dhkeys", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R3("rshashes", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R3("identity", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R3("mac", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    /* A duplicated field of message 3 or 4 is answered with
     * feature-not-implemented like every other check of those messages
     * (spec/message-flow.md §6). */
    R3("nonce", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R3("dhkeys", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R3("identity", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R3("mac", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R3("nonce", SH_FLIP, NULL, ESESSION_ENEG_NONCE),
    /* He mismatch (XEP-0116 §"Verifying Alice's Identity"). */
    ROW(3, 3, FAIL, ESESSION_ENEG_COMMITMENT, FNI, "dhkeys", "dhkeys", "dhkeys",
        SH_FLIP, NULL, 1023),
    /* M_A covers ID_A: either changed fails M_A. */
    R3("mac", SH_FLIP, NULL, ESESSION_EMAC),
    ROW(3, 3, FAIL, ESESSION_EMAC, FNI, "mac", "mac", "identity", SH_FLIP, NULL,
        3),
    /* rshashes are in form_A2, covered by mac_A inside ID_A. */
    ROW(3, 3, FAIL, ESESSION_EIDENTITY, FNI, "identity", "identity", "rshashes",
        SH_FLIP, NULL, 0),
    R3("nonce", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R3("dhkeys", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R3("rshashes", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R3("identity", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R3("mac", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),

    /* --- message 4: Bob's identity ---------------------------------- */
    R4("nonce", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R4("srshash", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R4("identity", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R4("mac", SH_REMOVE, NULL, ESESSION_ENEG_FIELD),
    R4("nonce", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R4("srshash", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R4("mac", SH_DUPLICATE, NULL, ESESSION_EFORM_DUPLICATE),
    R4("nonce", SH_FLIP, NULL, ESESSION_ENEG_NONCE),
    R4("srshash", SH_SET, "AAAA", ESESSION_ESRSHASH),
    /* M_B covers ID_B. */
    R4("mac", SH_FLIP, NULL, ESESSION_EMAC),
    ROW(4, 4, FAIL, ESESSION_EMAC, FNI, "mac", "mac", "identity", SH_FLIP, NULL,
        200),
    /* srshash is in form_B2, covered by mac_B inside ID_B. */
    ROW(4, 4, FAIL, ESESSION_EIDENTITY, FNI, "identity", "identity", "srshash",
        SH_FLIP, NULL, 0),
    R4("nonce", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R4("srshash", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R4("identity", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
    R4("mac", SH_NONCANON, NULL, ESESSION_EBASE64_NONCANON),
};

START_TEST(test_field)
{
	const field_row *r = &field_rows[_i];
	run_case(&r->c, tamper_field, r);
}
END_TEST

/* ---- DH values at the bounds (XEP-0116: 1 < d < p-1, 1 < e < p-1) --- */

static char *dh_value(int which)
{
	switch (which) {
	case 0: return small_b64(0);
	case 1: return small_b64(1);
	case 2: return p_plus_b64(-1);
	case 3: return p_plus_b64(0);
	default: return p_plus_b64(1);
	}
}

/* The values 0, 1, p-1, p, p+1 in mpi encoding; 0 as one zero octet
 * (mpi(0) is empty, which is a missing value, not a number). */
static char *dh_value(int which);

/* d = 0 is encoded as one zero octet (mpi(0) is empty, which is a missing
 * value): refused by the MPI decoding; 1, p-1, p, p+1 by the range. */
START_TEST(test_d_bounds)
{
	char *v = dh_value(_i);
	field_row r = {{"d bound", 2, 2, FAIL,
	                _i == 0 ? ESESSION_EMPI : ESESSION_EDH_RANGE, NA,
	                "dhkeys", "dhkeys"},
	               "dhkeys",
	               SH_SET,
	               v,
	               0};
	run_case(&r.c, tamper_field, &r);
	free(v);
}
END_TEST

/* e out of range with a matching commitment: message 1's dhhashes is
 * replaced by SHA256(e_bad) (He is always SHA-256, spec/byte-strings.md)
 * and message 3's dhkeys by e_bad. Bob checks He first, then the range:
 * feature-not-implemented [dhkeys]. */
START_TEST(test_e_bounds)
{
	char *v = dh_value(_i);
	size_t cap = 200, n = 0;
	uint8_t raw[200];
	ck_assert_status(es_base64_decode(v, strlen(v), raw, cap, &n),
	                 ESESSION_OK);
	uint8_t he[32];
	const es_span part = {raw, n};
	ck_assert_status(es_hash(ES_HASH_SHA256, &part, 1, he, sizeof he),
	                 ESESSION_OK);
	char *he_b64 = sh_b64(he, sizeof he);

	sh_pair p;
	sh_pair_init(&p, &neg_opts);
	sh_run_to(&p, SH_MSG1_QUEUED);
	char *m1 = sh_take(&p.alice);
	char *m1b = sh_edit_field(m1, "dhhashes", SH_SET, he_b64, 0);
	ck_assert_status(sh_deliver(&p.alice, &p.bob, m1b), ESESSION_OK);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_OK);
	char *m3 = sh_take(&p.alice);
	char *m3b = sh_edit_field(m3, "dhkeys", SH_SET, v, 0);
	esession_status want = _i == 0 ? ESESSION_EMPI : ESESSION_EDH_RANGE;
	ck_assert_status(sh_deliver(&p.alice, &p.bob, m3b), want);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_FAILED);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_ESTABLISHED), 0);
	const sh_event *f = sh_last(&p.bob, ESESSION_EVENT_FAILED);
	ck_assert_ptr_nonnull(f);
	ck_assert_status(f->status, want);
	ck_assert_str_eq(f->field, "dhkeys");
	ck_assert_uint_eq(p.bob.n_out, 1);
	sh_error e;
	sh_error_of(p.bob.outbox[0], &e);
	ck_assert_str_eq(e.condition, FNI);
	ck_assert_str_eq(e.fields, "dhkeys");
	free(m1);
	free(m1b);
	free(m3);
	free(m3b);
	free(he_b64);
	free(v);
	sh_pair_free(&p);
}
END_TEST

/*
 * Alice's error for a bad message 2 goes to the full JID the response came
 * from, not to the bare JID she started with: RFC 6120 §8.3.1 (an error
 * is returned to the sender) and XEP-0155 §"Accepting a Session".
 */
START_TEST(test_error_to_full_jid)
{
	sh_pair p;
	sh_pair_init(&p, &neg_opts);
	sh_run_to(&p, SH_MSG2_QUEUED);
	char *m2 = sh_take(&p.bob);
	char *bad = sh_edit_field(m2, "nonce", SH_FLIP, NULL, 0);
	ck_assert_status(sh_deliver(&p.bob, &p.alice, bad),
	                 ESESSION_ENEG_NONCE);
	ck_assert_uint_eq(p.alice.n_out, 1);
	sh_error e;
	sh_error_of(p.alice.outbox[0], &e);
	free(m2);
	free(bad);
	sh_pair_free(&p);
	/* Asserted after the cleanup: the failing check leaks nothing. */
	ck_assert_str_eq(e.to, SH_BOB);
}
END_TEST

/* ---- the stanza wrapper --------------------------------------------- */

/* Messages 2..4 with a wrong thread, no thread, another sender: the
 * router finds no session (ENOT_ESESSION, nothing changes); the session
 * itself, given the stanza directly, refuses it the same way or with
 * EWRONG_PEER. Message 2 from another resource of Bob's bare JID is
 * legitimate (XEP-0155 §"Accepting a Session": it binds the session). */
START_TEST(test_wrapper)
{
	int msg = 2 + _i % 3;
	int kind = _i / 3; /* 0 thread, 1 no thread, 2 from mallory,
	                      3 from another resource */
	sh_pair p;
	sh_pair_init(&p, &neg_opts);
	sh_run_to(&p, (sh_stage)msg);
	sh_party *tx = sender(&p, msg);
	sh_party *rx = receiver(&p, msg);
	char *orig = sh_take(tx);
	char *bad = NULL;
	const char *from = tx->jid;
	esession_status via_router = ESESSION_ENOT_ESESSION;
	esession_status direct = ESESSION_ENOT_ESESSION;
	switch (kind) {
	case 0: bad = sh_edit_thread(orig, "not-the-thread"); break;
	case 1: bad = sh_edit_thread(orig, NULL); break;
	case 2:
		bad = strdup(orig);
		from = "mallory@evil.example/x";
		direct = ESESSION_EWRONG_PEER;
		break;
	default:
		bad = strdup(orig);
		from = msg % 2 ? "alice@example.org/other"
		               : "bob@example.com/other";
		direct = ESESSION_EWRONG_PEER;
		break;
	}
	if (kind == 3 && msg == 2) {
		/* Unbound session: another resource of the bare JID. */
		ck_assert_status(sh_deliver_as(rx, from, bad), ESESSION_OK);
		ck_assert_int_eq(sh_state(rx), ESESSION_STATE_NEGOTIATING);
		esession_info info;
		ck_assert_status(esession_session_get_info(rx->session, &info),
		                 ESESSION_OK);
		ck_assert_str_eq(info.peer_jid, from);
	} else {
		esession_state before = sh_state(rx);
		size_t n_ev = rx->n_events;
		ck_assert_status(sh_deliver_as(rx, from, bad), via_router);
		ck_assert_status(sh_receive(rx, from, bad), direct);
		ck_assert_int_eq(sh_state(rx), before);
		ck_assert_uint_eq(rx->n_events, n_ev);
		/* The genuine message still works afterwards. */
		ck_assert_status(sh_deliver(tx, rx, orig), ESESSION_OK);
	}
	free(orig);
	free(bad);
	sh_pair_free(&p);
}
END_TEST

/* ---- replays ---------------------------------------------------------- */

/* Message 2 or 3 of an earlier negotiation, re-addressed to the thread of
 * a new one (the thread is clear text): the echoed nonce is wrong. */
START_TEST(test_replay_old_negotiation)
{
	int msg = _i == 0 ? 2 : 3;
	sh_pair p;
	/* Random threads and nonces: the deterministic RNG would give the
	 * second negotiation the thread (and nonces) of the first. */
	sh_opts o = neg_opts;
	o.deterministic = false;
	sh_pair_init(&p, &o);
	sh_run_to(&p, (sh_stage)msg);
	char *old = strdup(sender(&p, msg)->outbox[0]);
	sh_continue_to(&p, (sh_stage)msg, SH_ACTIVE);
	sh_party_clear(&p.alice);
	sh_party_clear(&p.bob);
	sh_run_to(&p, (sh_stage)msg);
	esession_info info;
	ck_assert_status(esession_session_get_info(p.alice.session, &info),
	                 ESESSION_OK);
	char *replay = sh_edit_thread(old, info.thread);
	sh_party *rx = receiver(&p, msg);
	ck_assert_status(sh_deliver(sender(&p, msg), rx, replay),
	                 ESESSION_ENEG_NONCE);
	ck_assert_int_eq(sh_state(rx), ESESSION_STATE_FAILED);
	sh_error e;
	ck_assert_uint_eq(rx->n_out, 1);
	sh_error_of(rx->outbox[0], &e);
	ck_assert_str_eq(e.condition, msg == 2 ? NA : FNI);
	ck_assert_str_eq(e.fields, "nonce");
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_ESTABLISHED), 0);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_ESTABLISHED), 0);
	free(old);
	free(replay);
	sh_pair_free(&p);
}
END_TEST

/* The same message 2 (3) delivered twice in one negotiation: the second
 * copy is a message not valid in the new state, refused unchanged. */
START_TEST(test_replay_same_negotiation)
{
	int msg = _i == 0 ? 2 : 3;
	sh_pair p;
	sh_pair_init(&p, &neg_opts);
	sh_run_to(&p, (sh_stage)msg);
	char *copy = strdup(sender(&p, msg)->outbox[0]);
	sh_continue_to(&p, (sh_stage)msg, (sh_stage)(msg + 1));
	sh_party *rx = receiver(&p, msg);
	esession_state before = sh_state(rx);
	size_t n_ev = rx->n_events;
	ck_assert_status(sh_deliver(sender(&p, msg), rx, copy),
	                 ESESSION_EUNEXPECTED);
	ck_assert_int_eq(sh_state(rx), before);
	ck_assert_uint_eq(rx->n_events, n_ev);
	sh_continue_to(&p, (sh_stage)(msg + 1), SH_ACTIVE);
	free(copy);
	sh_pair_free(&p);
}
END_TEST

/* ---- XEP-0200 traffic ------------------------------------------------- */

static char *encrypt_one(sh_party *p, const char *body)
{
	char stanza[128];
	snprintf(stanza, sizeof stanza, "<message><body>%s</body></message>",
	         body);
	ck_assert_status(
	    esession_session_encrypt(p->session, stanza, strlen(stanza)),
	    ESESSION_OK);
	sh_drain(p);
	return sh_take(p);
}

/* Bob received a bad <c/>: FAILED with `want`, a not-acceptable error
 * without fields (XEP-0200 §"Decrypting a Stanza"), and Alice fails on
 * receiving it. */
static void expect_traffic_failure(sh_pair *p, esession_status got,
                                   esession_status want)
{
	ck_assert_status(got, want);
	ck_assert_int_eq(sh_state(&p->bob), ESESSION_STATE_FAILED);
	const sh_event *f = sh_last(&p->bob, ESESSION_EVENT_FAILED);
	ck_assert_ptr_nonnull(f);
	ck_assert_status(f->status, want);
	ck_assert_ptr_null(f->field);
	ck_assert_uint_eq(p->bob.n_out, 1);
	sh_error e;
	sh_error_of(p->bob.outbox[0], &e);
	ck_assert_str_eq(e.condition, NA);
	ck_assert_str_eq(e.fields, "");
	ck_assert_status(sh_forward(&p->bob, &p->alice),
	                 ESESSION_EPEER_NOT_ACCEPTABLE);
	ck_assert_int_eq(sh_state(&p->alice), ESESSION_STATE_FAILED);
	ck_assert_uint_eq(sh_count(&p->bob, ESESSION_EVENT_PLAINTEXT), 0);
}

static void active_pair(sh_pair *p)
{
	sh_pair_init(p, &neg_opts);
	sh_run_to(p, SH_ACTIVE);
	sh_party_clear(&p->alice);
	sh_party_clear(&p->bob);
}

START_TEST(test_traffic_data_flip)
{
	sh_pair p;
	active_pair(&p);
	char *x = encrypt_one(&p.alice, "hello");
	char *bad = sh_edit_c(x, "data", SH_FLIP, NULL, (size_t)_i * 7);
	expect_traffic_failure(&p, sh_deliver(&p.alice, &p.bob, bad),
	                       ESESSION_EMAC);
	free(x);
	free(bad);
	sh_pair_free(&p);
}
END_TEST

START_TEST(test_traffic_mac_flip)
{
	sh_pair p;
	active_pair(&p);
	char *x = encrypt_one(&p.alice, "hello");
	char *bad = sh_edit_c(x, "mac", SH_FLIP, NULL, (size_t)_i * 31);
	expect_traffic_failure(&p, sh_deliver(&p.alice, &p.bob, bad),
	                       ESESSION_EMAC);
	free(x);
	free(bad);
	sh_pair_free(&p);
}
END_TEST

START_TEST(test_traffic_mac_removed)
{
	sh_pair p;
	active_pair(&p);
	char *x = encrypt_one(&p.alice, "hello");
	char *bad = sh_edit_c(x, "mac", SH_REMOVE, NULL, 0);
	expect_traffic_failure(&p, sh_deliver(&p.alice, &p.bob, bad),
	                       ESESSION_ESTANZA);
	free(x);
	free(bad);
	sh_pair_free(&p);
}
END_TEST

START_TEST(test_traffic_mac_noncanon)
{
	sh_pair p;
	active_pair(&p);
	char *x = encrypt_one(&p.alice, "hello");
	char *bad = sh_edit_c(x, "mac", SH_NONCANON, NULL, 0);
	expect_traffic_failure(&p, sh_deliver(&p.alice, &p.bob, bad),
	                       ESESSION_EBASE64_NONCANON);
	free(x);
	free(bad);
	sh_pair_free(&p);
}
END_TEST

/* The counter is implicit (XEP-0200 §"Encrypting a Stanza"): a replayed,
 * reordered or dropped stanza is MACed under another counter value. */
START_TEST(test_traffic_replay)
{
	sh_pair p;
	active_pair(&p);
	char *x = encrypt_one(&p.alice, "once");
	ck_assert_status(sh_deliver(&p.alice, &p.bob, x), ESESSION_OK);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	sh_party_clear(&p.bob);
	expect_traffic_failure(&p, sh_deliver(&p.alice, &p.bob, x),
	                       ESESSION_EMAC);
	free(x);
	sh_pair_free(&p);
}
END_TEST

START_TEST(test_traffic_reorder)
{
	sh_pair p;
	active_pair(&p);
	char *x1 = encrypt_one(&p.alice, "first");
	char *x2 = encrypt_one(&p.alice, "second");
	expect_traffic_failure(&p, sh_deliver(&p.alice, &p.bob, x2),
	                       ESESSION_EMAC);
	/* Once failed, the session refuses the rest. */
	ck_assert_status(sh_receive(&p.bob, SH_ALICE, x1), ESESSION_ESTATE);
	free(x1);
	free(x2);
	sh_pair_free(&p);
}
END_TEST

START_TEST(test_traffic_dropped)
{
	sh_pair p;
	active_pair(&p);
	char *x1 = encrypt_one(&p.alice, "one");
	char *x2 = encrypt_one(&p.alice, "two (dropped)");
	char *x3 = encrypt_one(&p.alice, "three");
	ck_assert_status(sh_deliver(&p.alice, &p.bob, x1), ESESSION_OK);
	sh_party_clear(&p.bob);
	expect_traffic_failure(&p, sh_deliver(&p.alice, &p.bob, x3),
	                       ESESSION_EMAC);
	free(x1);
	free(x2);
	free(x3);
	sh_pair_free(&p);
}
END_TEST

/* A stanza of another direction (Bob's own stanza reflected to him) is
 * under the other counter and keys. */
START_TEST(test_traffic_reflected)
{
	sh_pair p;
	active_pair(&p);
	char *x = encrypt_one(&p.bob, "reflect me");
	/* Re-address it as if Alice had sent it. */
	char *bad = sh_edit_attr(x, "to", SH_BOB);
	expect_traffic_failure(&p, sh_deliver(&p.alice, &p.bob, bad),
	                       ESESSION_EMAC);
	free(x);
	free(bad);
	sh_pair_free(&p);
}
END_TEST

/* White space between the children of <c/> is not part of the MACed
 * content (spec/message-flow.md §7: m_content is the canonical form of
 * the children): a re-indented <c/> still verifies. */
START_TEST(test_traffic_whitespace_normalized)
{
	sh_pair p;
	active_pair(&p);
	char *x = encrypt_one(&p.alice, "pretty");
	char *pos = strstr(x, "</data>");
	ck_assert_ptr_nonnull(pos);
	size_t head = (size_t)(pos - x) + strlen("</data>");
	char *pretty = malloc(strlen(x) + 8);
	ck_assert_ptr_nonnull(pretty);
	memcpy(pretty, x, head);
	strcpy(pretty + head, "\n    ");
	strcat(pretty, x + head);
	ck_assert_status(sh_deliver(&p.alice, &p.bob, pretty), ESESSION_OK);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	free(x);
	free(pretty);
	sh_pair_free(&p);
}
END_TEST

/* Replace the first occurrence of `a` by `b` (new string). */
static char *replace_once(const char *s, const char *a, const char *b)
{
	const char *pos = strstr(s, a);
	ck_assert_msg(pos != NULL, "'%s' not in %s", a, s);
	size_t head = (size_t)(pos - s);
	char *out = malloc(strlen(s) - strlen(a) + strlen(b) + 1);
	ck_assert_ptr_nonnull(out);
	memcpy(out, s, head);
	strcpy(out + head, b);
	strcat(out, pos + strlen(a));
	return out;
}

/* The MAC covers the normalized content (spec/byte-strings.md
 * m_content): the same elements written with a namespace prefix
 * normalize to the same bytes and verify. */
START_TEST(test_traffic_prefixed_c)
{
	sh_pair p;
	active_pair(&p);
	char *x = encrypt_one(&p.alice, "prefixed");
	static const char *const from[] = {
	    "<c xmlns=\"http://www.xmpp.org/extensions/xep-0200.html#ns\">",
	    "<data>",
	    "</data>",
	    "<mac>",
	    "</mac>",
	    "</c>"};
	static const char *const to[] = {
	    "<e:c xmlns:e='http://www.xmpp.org/extensions/xep-0200.html#ns'>",
	    "<e:data>",
	    "</e:data>",
	    "<e:mac>",
	    "</e:mac>",
	    "</e:c>"};
	char *cur = strdup(x);
	for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
		char *next = replace_once(cur, from[i], to[i]);
		free(cur);
		cur = next;
	}
	ck_assert_status(sh_deliver(&p.alice, &p.bob, cur), ESESSION_OK);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	free(x);
	free(cur);
	sh_pair_free(&p);
}
END_TEST

/* ...and content that is not what a sender emits does not get that far:
 * an attribute on <data/> makes the <c/> malformed (spec/ambiguities.md
 * "Strict <c/>": ESESSION_ESTANZA before any MAC). */
START_TEST(test_traffic_attr_added)
{
	sh_pair p;
	active_pair(&p);
	char *x = encrypt_one(&p.alice, "attr");
	char *bad = replace_once(x, "<data>", "<data id='1'>");
	expect_traffic_failure(&p, sh_deliver(&p.alice, &p.bob, bad),
	                       ESESSION_ESTANZA);
	free(x);
	free(bad);
	sh_pair_free(&p);
}
END_TEST

/* An unencrypted stanza in an encrypted session is refused, the session
 * keeps going (spec/state-table.md §4.3 EV_PLAIN). */
START_TEST(test_traffic_plaintext_refused)
{
	sh_pair p;
	active_pair(&p);
	esession_info info;
	ck_assert_status(esession_session_get_info(p.bob.session, &info),
	                 ESESSION_OK);
	char plain[256];
	snprintf(plain, sizeof plain,
	         "<message to='%s'><thread>%s</thread><body>in clear</body>"
	         "</message>",
	         SH_BOB, info.thread);
	ck_assert_status(sh_deliver(&p.alice, &p.bob, plain),
	                 ESESSION_EPLAINTEXT);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	ck_assert_uint_eq(p.bob.n_events, 0);
	char *x = encrypt_one(&p.alice, "encrypted");
	ck_assert_status(sh_deliver(&p.alice, &p.bob, x), ESESSION_OK);
	free(x);
	sh_pair_free(&p);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("session_negative");
	TCase *tc = tcase_create("fields");
	tcase_set_timeout(tc, 900);
	tcase_add_loop_test(tc, test_field, 0,
	                    (int)(sizeof field_rows / sizeof field_rows[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("dh_bounds");
	tcase_set_timeout(tc, 900);
	tcase_add_loop_test(tc, test_d_bounds, 0, 5);
	tcase_add_loop_test(tc, test_e_bounds, 0, 5);
	tcase_add_test(tc, test_error_to_full_jid);
	suite_add_tcase(s, tc);
	tc = tcase_create("wrapper_replay");
	tcase_set_timeout(tc, 900);
	tcase_add_loop_test(tc, test_wrapper, 0, 12);
	tcase_add_loop_test(tc, test_replay_old_negotiation, 0, 2);
	tcase_add_loop_test(tc, test_replay_same_negotiation, 0, 2);
	suite_add_tcase(s, tc);
	tc = tcase_create("traffic");
	tcase_set_timeout(tc, 900);
	tcase_add_loop_test(tc, test_traffic_data_flip, 0, 3);
	tcase_add_loop_test(tc, test_traffic_mac_flip, 0, 3);
	tcase_add_test(tc, test_traffic_mac_removed);
	tcase_add_test(tc, test_traffic_mac_noncanon);
	tcase_add_test(tc, test_traffic_replay);
	tcase_add_test(tc, test_traffic_reorder);
	tcase_add_test(tc, test_traffic_dropped);
	tcase_add_test(tc, test_traffic_reflected);
	tcase_add_test(tc, test_traffic_whitespace_normalized);
	tcase_add_test(tc, test_traffic_plaintext_refused);
	tcase_add_test(tc, test_traffic_prefixed_c);
	tcase_add_test(tc, test_traffic_attr_added);
	suite_add_tcase(s, tc);
	return s;
}
