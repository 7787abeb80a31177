/*
 * fuzz_rekey.c - XEP-0200 re-keying in an established session: <key/>,
 * <new/> and <old/> values of MAC-valid stanzas, re-keys by either side,
 * crossing re-keys, reordered delivery, the timeout, termination.
 *
 * A deterministic pair is run to ACTIVE with rekey_freq 1 (byte 0 bit 0
 * clear) or 2 (set). The rest of the input is a program of records
 *
 *   op (1 byte) | len (1 byte) | payload (len bytes)
 *
 * run in order (a record cut short by the end of the input is dropped):
 *
 *   op % 8 == 0  Alice "forges" a stanza: the harness encrypts, with
 *                Alice's real sending direction (so the MAC verifies), a
 *                <message/> carrying <key/> = payload[3 .. 3+payload[0]),
 *                <new/> = payload[1] and payload[2] % 4 <old/> values
 *                (the first 1, 2, 3 payload bytes),
 *                and delivers it to Bob. This is how arbitrary <key/>
 *                bytes reach es_rekey_received past the MAC.
 *   op % 8 == 1  Alice re-keys (esession_session_rekey).
 *   op % 8 == 2  Bob re-keys.
 *   op % 8 == 3  Alice encrypts a message whose <body/> is the payload.
 *   op % 8 == 4  Bob encrypts a message whose <body/> is the payload.
 *   op % 8 == 5  deliver one queued stanza: payload[0] & 1 picks the
 *                sender, payload[1] which of its queued stanzas (so
 *                stanzas can overtake each other).
 *   op % 8 == 6  both clocks advance by payload[0] * 1000 ms.
 *   op % 8 == 7  Alice (payload[0] & 1) or Bob terminates.
 *
 * Afterwards everything still queued is delivered both ways (fz_pump).
 */
#include "fuzz_common.h"

#include "session_internal.h"
#include "stanza.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORDS 32

/* A status the harness does not care about (a refused call is a valid
 * outcome for fuzzed input). */
static void ignore(esession_status st)
{
	(void)st;
}

/* Deliver the idx-th queued stanza of from (idx modulo the queue). */
static void deliver_one(fz_party *from, fz_party *to, size_t idx)
{
	if (from->n_out == 0)
		return;
	idx %= from->n_out;
	char *x = from->outbox[idx];
	memmove(&from->outbox[idx], &from->outbox[idx + 1],
	        (from->n_out - idx - 1) * sizeof from->outbox[0]);
	from->n_out--;
	(void)fz_deliver(to, from->jid, x, strlen(x));
	free(x);
}

/* Encrypt <message><body>text</body></message> in p's session. */
static void send_body(fz_party *p, const uint8_t *text, size_t len)
{
	static const char head[] = "<message><body>";
	static const char tail[] = "</body></message>";
	char *m = malloc(sizeof head + len + sizeof tail);
	fz_assert(m != NULL, "malloc");
	memcpy(m, head, sizeof head - 1);
	memcpy(m + sizeof head - 1, text, len);
	memcpy(m + sizeof head - 1 + len, tail, sizeof tail);
	if (esession_session_encrypt(p->session, m, strlen(m)) == ESESSION_OK)
		fz_drain(p, NULL);
	free(m);
}

/* The forged stanza of op 0 (see the file comment). */
static void forge(fz_pair *p, const uint8_t *pl, size_t len)
{
	esession_session *s = p->alice.session;
	if (len < 3 || esession_session_state(s) != ESESSION_STATE_ACTIVE ||
	    s->tx == NULL)
		return;
	size_t key_len = pl[0] <= len - 3 ? pl[0] : len - 3;
	const uint8_t *rest = pl + 3 + key_len;
	size_t rest_len = len - 3 - key_len;
	es_span old[3];
	size_t n_old = pl[2] % 4u;
	for (size_t i = 0; i < n_old; i++) {
		old[i].data = pl; /* 1 to 3 bytes, all inside the payload */
		old[i].len = 1 + i;
	}
	const es_stanza_extras x = {.key = key_len > 0 ? pl + 3 : NULL,
	                            .key_len = key_len,
	                            .new_count = pl[1],
	                            .old = n_old > 0 ? old : NULL,
	                            .n_old = n_old};
	char head[256];
	snprintf(head, sizeof head,
	         "<message xmlns='jabber:client' to='%s'><thread>%s</thread>"
	         "<body>",
	         FZ_BOB, s->thread);
	static const char tail[] = "</body></message>";
	size_t n = strlen(head) + rest_len + sizeof tail;
	uint8_t *in = malloc(n);
	fz_assert(in != NULL, "malloc");
	memcpy(in, head, strlen(head));
	memcpy(in + strlen(head), rest, rest_len);
	memcpy(in + strlen(head) + rest_len, tail, sizeof tail);
	es_xml_buf out;
	es_xml_buf_init(&out, 0);
	if (es_stanza_encrypt_text(s->tx, ES_STANZA_ALL_KINDS, in, n - 1, &x,
	                           &out) == ESESSION_OK)
		(void)fz_deliver(&p->bob, FZ_ALICE, (const char *)out.data,
		                 out.len);
	es_xml_buf_free(&out);
	free(in);
}

static void run(fz_pair *p, uint8_t op, const uint8_t *pl, size_t len,
                uint64_t *now)
{
	switch (op % 8u) {
	case 0: forge(p, pl, len); break;
	case 1:
		if (esession_session_rekey(p->alice.session) == ESESSION_OK)
			fz_drain(&p->alice, NULL);
		break;
	case 2:
		if (esession_session_rekey(p->bob.session) == ESESSION_OK)
			fz_drain(&p->bob, NULL);
		break;
	case 3: send_body(&p->alice, pl, len); break;
	case 4: send_body(&p->bob, pl, len); break;
	case 5:
		if (len >= 2) {
			if ((pl[0] & 1u) != 0)
				deliver_one(&p->bob, &p->alice, pl[1]);
			else
				deliver_one(&p->alice, &p->bob, pl[1]);
		}
		break;
	case 6:
		if (len >= 1) {
			*now += (uint64_t)pl[0] * 1000u;
			ignore(esession_session_tick(p->alice.session, *now));
			ignore(esession_session_tick(p->bob.session, *now));
		}
		break;
	case 7:
	default:
		if (len >= 1) {
			fz_party *q = (pl[0] & 1u) != 0 ? &p->alice : &p->bob;
			if (esession_session_terminate(q->session) ==
			    ESESSION_OK)
				fz_drain(q, NULL);
		}
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	if (size < 1)
		return 0;
	const uint32_t freq = (data[0] & 1u) != 0 ? 2u : 1u;
	fz_pair p;
	fz_pair_init(&p);
	fz_ok(esession_config_set_rekey_freq(p.alice.config, freq),
	      "rekey_freq");
	fz_ok(esession_config_set_rekey_freq(p.bob.config, freq), "rekey_freq");
	fz_run_to(&p, FZ_ACTIVE);
	uint64_t now = 0;
	size_t at = 1;
	for (int n = 0; n < MAX_RECORDS && size - at >= 2; n++) {
		const uint8_t op = data[at];
		const size_t len = data[at + 1];
		if (len > size - at - 2)
			break;
		run(&p, op, data + at + 2, len, &now);
		at += 2 + len;
	}
	fz_pump(&p);
	fz_pair_free(&p);
	return 0;
}
