/*
 * bench_session.c - the cost of a whole XEP-0116 4-message negotiation
 * through the public API, against the modular exponentiations it must
 * perform, measured in the same run; and the heap held by an established
 * session.
 *
 * Both sides offer exactly one MODP group, so the negotiation needs four
 * exponentiations with esession's exponent length for that group: Alice's
 * e and shared secret, Bob's d and shared secret (pubkey 'none': no
 * signatures). The floor is four gcry_mpi_powm calls with fresh exponents
 * of that length. DESIGN.md's target: handshake <= 1.1 x that floor.
 *
 * Memory: mallinfo2() heap in use before and after creating N established
 * session pairs, divided by 2N. Secure memory (keys and keyed cipher/MAC
 * handles, libgcrypt's locked pool) is not included: libgcrypt has no
 * query for it.
 *
 * A program, not a test: nothing is asserted.
 *
 *     meson compile -C build bench/bench_session && ./build/bench/bench_session
 * [group]
 */
#include "dh.h"
#include "esession.h"
#include "groups.h"
#include "groups_mpi.h"

#include <gcrypt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPS 15

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return v[n / 2];
}

/* The next SEND event of s, with from= stamped as a server does. */
static char *take_send(esession_session *s, const char *from)
{
	esession_event ev;
	while (esession_session_next_event(s, &ev) == ESESSION_OK) {
		if (ev.type != ESESSION_EVENT_SEND)
			continue;
		const char *sp = strchr(ev.stanza, ' ');
		size_t head = (size_t)(sp - ev.stanza);
		size_t n = ev.stanza_len + strlen(from) + 16;
		char *out = malloc(n);
		if (out == NULL)
			return NULL;
		snprintf(out, n, "%.*s from='%s'%s", (int)head, ev.stanza, from,
		         ev.stanza + head);
		return out;
	}
	return NULL;
}

static void drain(esession_session *s)
{
	esession_event ev;
	while (esession_session_next_event(s, &ev) == ESESSION_OK)
		;
}

/* One whole negotiation; both sessions returned ACTIVE (or NULL). */
static int handshake(esession_config *ca, esession_config *cb,
                     esession_session **a, esession_session **b)
{
	const char *alice = "alice@example.org/pda",
	           *bob = "bob@example.com/laptop";
	char *m = NULL;
	int ok = esession_session_new_initiator(ca, alice, "bob@example.com",
	                                        NULL, a) == ESESSION_OK &&
	         esession_session_start(*a) == ESESSION_OK &&
	         (m = take_send(*a, alice)) != NULL &&
	         esession_session_new_responder(cb, bob, m, strlen(m), b) ==
	             ESESSION_OK;
	free(m);
	m = NULL;
	ok = ok && (m = take_send(*b, bob)) != NULL &&
	     esession_session_receive(*a, m, strlen(m)) == ESESSION_OK;
	free(m);
	m = NULL;
	ok = ok && (m = take_send(*a, alice)) != NULL &&
	     esession_session_receive(*b, m, strlen(m)) == ESESSION_OK;
	free(m);
	m = NULL;
	ok = ok && (m = take_send(*b, bob)) != NULL &&
	     esession_session_receive(*a, m, strlen(m)) == ESESSION_OK;
	free(m);
	if (ok) {
		drain(*a);
		drain(*b);
	}
	return ok && esession_session_state(*a) == ESESSION_STATE_ACTIVE &&
	       esession_session_state(*b) == ESESSION_STATE_ACTIVE;
}

int main(int argc, char **argv)
{
	unsigned group_no = argc > 1 ? (unsigned)atoi(argv[1]) : 14;
	if (esession_init(0) != ESESSION_OK)
		return 1;
	const es_group *group = NULL;
	unsigned bits = 0;
	if (es_group_find(group_no, &group) != ESESSION_OK ||
	    es_dh_exponent_bits(group, ES_DH_CIPHER_BLOCK_BITS, &bits) !=
	        ESESSION_OK) {
		fprintf(stderr, "unknown group %u\n", group_no);
		return 2;
	}

	/* Floor: four exponentiations g^x mod p with fresh exponents. */
	gcry_mpi_t p = NULL, g = NULL;
	if (es_group_p(group, &p) != ESESSION_OK ||
	    es_group_g(group, &g) != ESESSION_OK)
		return 1;
	double floor_t[REPS];
	gcry_mpi_t x = gcry_mpi_snew(bits), r = gcry_mpi_new(0);
	for (int i = 0; i < REPS; i++) {
		double t0 = now_s();
		for (int k = 0; k < 4; k++) {
			gcry_mpi_randomize(x, bits, GCRY_STRONG_RANDOM);
			gcry_mpi_set_highbit(x, bits - 1);
			gcry_mpi_powm(r, g, x, p);
		}
		floor_t[i] = now_s() - t0;
	}
	gcry_mpi_release(x);
	gcry_mpi_release(r);
	gcry_mpi_release(p);
	gcry_mpi_release(g);

	esession_config *ca = NULL, *cb = NULL;
	if (esession_config_new(NULL, &ca) != ESESSION_OK ||
	    esession_config_new(NULL, &cb) != ESESSION_OK ||
	    esession_config_set_groups(ca, &group_no, 1) != ESESSION_OK ||
	    esession_config_set_groups(cb, &group_no, 1) != ESESSION_OK)
		return 1;
	double hs_t[REPS];
	for (int i = 0; i < REPS; i++) {
		esession_session *a = NULL, *b = NULL;
		double t0 = now_s();
		int ok = handshake(ca, cb, &a, &b);
		hs_t[i] = now_s() - t0;
		esession_session_free(a);
		esession_session_free(b);
		if (!ok) {
			fprintf(stderr, "handshake failed\n");
			return 1;
		}
	}
	double f = median(floor_t, REPS), h = median(hs_t, REPS);
	printf("group %u, exponent %u bits, %d runs, medians:\n", group_no,
	       bits, REPS);
	printf("  4 x gcry_mpi_powm (floor)      %8.3f ms\n", f * 1e3);
	printf("  4-message negotiation, both    %8.3f ms\n", h * 1e3);
	printf("  ratio negotiation / floor      %8.2f (target <= 1.1)\n",
	       h / f);

	enum { N = 16 };
	esession_session *as[N], *bs[N];
	struct mallinfo2 before = mallinfo2();
	for (int i = 0; i < N; i++)
		if (!handshake(ca, cb, &as[i], &bs[i]))
			return 1;
	struct mallinfo2 after = mallinfo2();
	printf("  heap per established session   %8.1f KiB (plus secure "
	       "memory for keys and handles)\n",
	       (double)(after.uordblks - before.uordblks) / (2.0 * N) / 1024.0);
	for (int i = 0; i < N; i++) {
		esession_session_free(as[i]);
		esession_session_free(bs[i]);
	}
	esession_config_free(ca);
	esession_config_free(cb);
	return 0;
}
