/*
 * vectors_rekey_gen.c - esession_rekey.json: whole sessions with XEP-0200
 * re-keying (vectors/README.md "Re-keying"), each traffic script run
 * through the public API (esession_session_encrypt, esession_session_rekey)
 * and observed by the observer's own re-key model (vectors_rekey_obs.c).
 * spec/rekey.md (R§n) is the reading every expected value follows.
 */
#include "vectors_gen.h"
#include "vectors_rekey.h"

#include <stdio.h>
#include <string.h>

/* ---- traffic scripts ----------------------------------------------- */

#define MSG(text) "<message type='chat'><body>" text "</body></message>"

#define A(text)                                \
	{                                      \
		"alice", VX_RK_SEND, MSG(text) \
	}
#define B(text)                              \
	{                                    \
		"bob", VX_RK_SEND, MSG(text) \
	}
#define AH(text)                               \
	{                                      \
		"alice", VX_RK_HOLD, MSG(text) \
	}
#define BH(text)                             \
	{                                    \
		"bob", VX_RK_HOLD, MSG(text) \
	}
#define AK                                 \
	{                                  \
		"alice", VX_RK_REKEY, NULL \
	}
#define BK                               \
	{                                \
		"bob", VX_RK_REKEY, NULL \
	}
#define AKH                                     \
	{                                       \
		"alice", VX_RK_REKEY_HOLD, NULL \
	}
#define BKH                                   \
	{                                     \
		"bob", VX_RK_REKEY_HOLD, NULL \
	}
#define AR                                   \
	{                                    \
		"alice", VX_RK_RELEASE, NULL \
	}
#define BR                                 \
	{                                  \
		"bob", VX_RK_RELEASE, NULL \
	}
#define END                            \
	{                              \
		NULL, VX_RK_SEND, NULL \
	}

/* R§5 rows 1 and 4: Bob's answer publishes Alice's replaced KM at once;
 * Alice publishes it (and Bob's replaced KM) once Bob's <new>1</new>
 * stanza shows he received her <key/>. */
static const vx_rk_step alice_rekeys[] = {
    A("before"), AK, B("after Alice's key"), A("old keys published"),
    B("done"),   END};

static const vx_rk_step bob_rekeys[] = {
    A("hello"),    B("hi"),  BK, A("Bob's key received"),
    B("new keys"), A("bye"), END};

/* R§4 worked example: both <key/>s cross; each side keeps its own new
 * sending key and the next stanza each way carries <new>1</new>. */
static const vx_rk_step crossing[] = {A("one"),
                                      B("two"),
                                      AKH,
                                      BKH,
                                      AR,
                                      BR,
                                      A("after the crossing"),
                                      B("after the crossing too"),
                                      A("old keys"),
                                      B("old keys too"),
                                      END};

/* A stanza Bob sent before Alice's <key/> reached him is delivered after
 * it: it selects set 0, which Alice still keeps. */
static const vx_rk_step in_flight_old[] = {
    A("hello"), BH("sent before the key arrived"), AK,
    BR,         B("sent after the key arrived"),   A("bye"),
    END};

/* Alice's stanza under her new keys waits behind her own <key/>, while
 * Bob's stanza under the old keys crosses them. */
static const vx_rk_step in_flight_new[] = {A("hello"),
                                           AKH,
                                           AH("under the new keys"),
                                           B("under the old keys"),
                                           AR,
                                           B("now with new"),
                                           A("bye"),
                                           END};

/* Several re-keys from both sides: every expired MAC key is published
 * once the rules of R§5 allow it. */
static const vx_rk_step many[] = {A("1"), AK,     B("2"), A("3"),  BK,
                                  A("4"), B("5"), AK,     B("6"),  A("7"),
                                  BK,     A("8"), B("9"), A("10"), END};

/* rekey_freq 3 (R§3): the third stanza since the negotiation or since
 * the sender's last <key/> is the first that may carry one. */
static const vx_rk_step freq3[] = {A("1"), A("2"), AK, B("1"), B("2"), BK,
                                   A("3"), A("4"), AK, B("3"), END};

/* rekey_freq 2 (Bob requires 2, Alice offers 1: Bob's value binds). */
static const vx_rk_step freq2[] = {A("1"), AK, B("1"), BK, A("2"), B("2"), END};

static const vx_rk_step alice_rekeys_short[] = {A("before"), AK,
                                                B("after Alice's key"), END};

static const vx_rk_step rekey_only[] = {A("hello"), AK, END};

static const vx_rk_step crossing_short[] = {AKH, BKH, AR, BR, END};

static const vx_rk_step kinds[] = {
    {"alice", VX_RK_SEND,
     "<iq type='get' id='v1'><query "
     "xmlns='jabber:iq:version'/></iq>"},
    BK,
    {"alice", VX_RK_SEND,
     "<presence><show>away</show><status>after a re-key</status>"
     "</presence>"},
    {"bob", VX_RK_SEND,
     "<iq type='result' id='v1'><query xmlns='jabber:iq:version'>"
     "<name>esession</name></query></iq>"},
    END};

static const vx_rk_step three_msg[] = {
    A("hello"), B("hi"), AK, B("after the key"), A("more"), BK, A("bye"), END};

static const vx_pk pk_three = {3, "key", "key", "rsa-sha256"};

#define FOUR "FourMessage", "PubkeyNone", "MessageStanza"

static const vx_rk_row valid_rows[] = {
    {{"Alice re-keys; old MAC keys published by both", 1, "aes128-ctr",
      "sha256", 0, NULL, NULL, FLAGS(FOUR, "Rekey", "OldMac")},
     NULL,
     1,
     1,
     alice_rekeys},
    {{"Bob re-keys", 2, "serpent128-ctr", "sha256", 0, NULL, NULL,
      FLAGS(FOUR, "Rekey", "OldMac")},
     NULL,
     1,
     1,
     bob_rekeys},
    {{"crossing re-keys: both send <key/> before receiving the other's", 5,
      "aes128-ctr", "sha256", 0, NULL, NULL,
      FLAGS(FOUR, "Rekey", "RekeyCrossing", "InFlight", "OldMac")},
     NULL,
     1,
     1,
     crossing},
    {{"in flight: Bob's stanza under the old keys arrives after Alice's "
      "<key/>",
      1, "twofish128-ctr", "whirlpool", 0, NULL, NULL,
      FLAGS(FOUR, "Rekey", "InFlight", "OldMac")},
     NULL,
     1,
     1,
     in_flight_old},
    {{"in flight: Alice's <key/> and a stanza under her new keys are held "
      "while Bob sends under the old keys",
      2, "aes256-ctr", "sha256", 0, NULL, NULL,
      FLAGS(FOUR, "Rekey", "InFlight", "OldMac")},
     NULL,
     1,
     1,
     in_flight_new},
    {{"four re-keys in a row, alternating sides", 14, "aes128-ctr", "sha256", 0,
      NULL, NULL, FLAGS(FOUR, "Rekey", "OldMac")},
     NULL,
     1,
     1,
     many},
    {{"rekey_freq 3: each <key/> in the third stanza since the last", 2,
      "aes128-ctr", "sha256", 0, NULL, NULL, FLAGS(FOUR, "Rekey", "OldMac")},
     NULL,
     3,
     3,
     freq3},
    {{"rekey_freq 2 required by Bob, 1 offered by Alice", 5, "twofish256-ctr",
      "sha256", 0, NULL, NULL, FLAGS(FOUR, "Rekey", "OldMac")},
     NULL,
     1,
     2,
     freq2},
    {{"termination by Alice after a re-key: <old/> in terminate", 1,
      "aes128-ctr", "sha256", 0, NULL, "alice",
      FLAGS(FOUR, "Rekey", "OldMac", "Termination")},
     NULL,
     1,
     1,
     alice_rekeys_short},
    {{"termination by Bob right after Alice's <key/>: <new/> and <old/> in "
      "terminate, <old/> in the acknowledgement",
      2, "serpent256-ctr", "whirlpool", 0, NULL, "bob",
      FLAGS(FOUR, "Rekey", "OldMac", "Termination")},
     NULL,
     1,
     1,
     rekey_only},
    {{"crossing re-keys, then termination", 2, "aes128-ctr", "sha256", 0, NULL,
      "alice",
      FLAGS(FOUR, "Rekey", "RekeyCrossing", "InFlight", "OldMac",
            "Termination")},
     NULL,
     1,
     1,
     crossing_short},
    {{"retained secret and other shared secret, Bob re-keys", 1, "aes192-ctr",
      "whirlpool", RS_SHARED | OSS_SET, NULL, NULL,
      FLAGS("FourMessage", "PubkeyNone", "RetainedSecret", "OtherSecret",
            "MessageStanza", "PresenceStanza", "IqStanza", "Rekey")},
     NULL,
     1,
     1,
     kinds},
    {{"Alice offers groups 5, 14, 2, 1 and re-keys in group 14", 14,
      "aes128-ctr", "sha256", MULTI_OFFER, NULL, NULL,
      FLAGS(FOUR, "MultiGroupOffer", "Rekey", "OldMac")},
     NULL,
     1,
     1,
     alice_rekeys},
    {{"crypt_algs none: re-keying changes the MAC keys only", 1, "none",
      "sha256", 0, NULL, "bob",
      FLAGS(FOUR, "CipherNone", "Rekey", "OldMac", "Termination")},
     NULL,
     1,
     1,
     alice_rekeys},
    {{"3-message session, re-keys from both sides", 5, "aes128-ctr", "sha256",
      0, NULL, "bob",
      FLAGS("ThreeMessage", "PubkeyKeyA", "PubkeyKeyB", "RsaSha256",
            "MessageStanza", "Rekey", "OldMac", "Termination")},
     &pk_three,
     1,
     1,
     three_msg},
};

/* ---- inputs -------------------------------------------------------- */

static void add_step(vj *traffic, const vx_rk_step *s)
{
	vj *e = vj_push(traffic, vj_obj());
	vj_set(e, "sender", vj_str(s->sender));
	switch (s->op) {
	case VX_RK_SEND: vj_set(e, "plaintext", vj_str(s->plaintext)); break;
	case VX_RK_HOLD:
		vj_set(e, "plaintext", vj_str(s->plaintext));
		vj_set(e, "hold", vj_bool(true));
		break;
	case VX_RK_REKEY: vj_set(e, "rekey", vj_bool(true)); break;
	case VX_RK_REKEY_HOLD:
		vj_set(e, "rekey", vj_bool(true));
		vj_set(e, "hold", vj_bool(true));
		break;
	case VX_RK_RELEASE: vj_set(e, "release", vj_bool(true)); break;
	}
}

vj *vx_rekey_inputs(const char *seed_label, uint64_t tc_id,
                    const vx_rk_row *row, const char *result)
{
	/* The scenario's own traffic and terminate stay NULL: the script
	 * (README "Re-keying" actions) is appended here, in README order. */
	vx_scenario sc = row->sc;
	sc.traffic = NULL;
	sc.terminate = NULL;
	vj *t = vx_session_inputs_pk(seed_label, tc_id, &sc, row->pk, result);
	vj_set(vj_get(t, "alice"), "rekeyFreq", vj_int(row->freq_a));
	vj_set(vj_get(t, "bob"), "rekeyFreq", vj_int(row->freq_b));
	vj *traffic = vj_set(t, "traffic", vj_arr());
	for (size_t i = 0; row->steps[i].sender != NULL; i++)
		add_step(traffic, &row->steps[i]);
	if (row->sc.terminate != NULL)
		vj_set(t, "terminate", vj_str(row->sc.terminate));
	return t;
}

vj *vx_rekey_file(const char *name)
{
	vj *f = vx_file_new("XEP-0200 re-keying in whole sessions",
	                    "Valid whole sessions with XEP-0200 re-keys "
	                    "(spec/rekey.md), <new/> and <old/>, through the "
	                    "public API.");
	bool ok = true;
	for (size_t i = 0; ok && i < sizeof valid_rows / sizeof valid_rows[0];
	     i++) {
		uint64_t id = vj_get(f, "numberOfTests")->num + 1;
		char label[96];
		snprintf(label, sizeof label, "%s-%llu", name,
		         (unsigned long long)id);
		ok = vx_add_session_pk(
		    f, &valid_rows[i].sc, valid_rows[i].pk,
		    vx_rekey_inputs(label, id, &valid_rows[i], "valid"));
	}
	if (!ok) {
		vj_free(f);
		return NULL;
	}
	return f;
}
