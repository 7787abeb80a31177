/*
 * bench_dh.c - cost of the Diffie-Hellman exponentiation g^x mod p per MODP
 * group and exponent length: the evidence behind spec/dh-exponent.md.
 *
 * For every supported group it times gcry_mpi_powm with exponents of
 *   - full length (the bit length of p),
 *   - the two sizes of RFC 3526 §8's table (twice each strength estimate;
 *     groups 5 and 14-18 only),
 *   - 2n = 256 bits, XEP-0116's lower bound for 128-bit block ciphers,
 *   - the length esession uses (es_dh_exponent_bits()),
 * and prints the median time and its ratio to the full-length figure.
 * Exponents are fresh random secure MPIs with the top bit set, as in
 * es_dh_generate().
 *
 * A program, not a test: nothing is asserted. Run it on an idle machine:
 *
 *     meson compile -C build bench_dh && ./build/bench/bench_dh
 *
 * It takes well under two minutes on a 2-core machine.
 */
#include "dh.h"
#include "groups_mpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Per measurement: at least MIN_REPS runs and BUDGET_S seconds, at most
 * MAX_REPS runs. */
#define MIN_REPS 7
#define MAX_REPS 201
#define BUDGET_S 0.6

/* RFC 3526 §8, "Strength Estimate 1" and "2": exponent sizes (bits). */
static const struct {
	unsigned group;
	unsigned estimate1;
	unsigned estimate2;
} rfc3526_table[] = {
    {5, 180, 240},  {14, 220, 320}, {15, 260, 420},
    {16, 300, 480}, {17, 340, 540}, {18, 380, 620},
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a;
	double y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median seconds of g^x mod p for random `xbits`-bit exponents. */
static double median_powm(gcry_mpi_t g, gcry_mpi_t p, unsigned xbits)
{
	static double samples[MAX_REPS];
	gcry_mpi_t x = gcry_mpi_snew(xbits);
	gcry_mpi_t r = gcry_mpi_new(0);
	double start = now_s();
	size_t n = 0;
	while (n < MAX_REPS && (n < MIN_REPS || now_s() - start < BUDGET_S)) {
		gcry_mpi_randomize(x, xbits, GCRY_WEAK_RANDOM);
		gcry_mpi_set_bit(x, xbits - 1);
		double t0 = now_s();
		gcry_mpi_powm(r, g, x, p);
		samples[n++] = now_s() - t0;
	}
	qsort(samples, n, sizeof samples[0], cmp_double);
	gcry_mpi_release(x);
	gcry_mpi_release(r);
	return n % 2 ? samples[n / 2]
	             : (samples[n / 2 - 1] + samples[n / 2]) / 2.0;
}

static void row(unsigned group, unsigned pbits, const char *what,
                unsigned xbits, double t, double full)
{
	printf("%5u %6u  %-22s %6u %10.3f %7.2f\n", group, pbits, what, xbits,
	       t * 1e3, full / t);
}

int main(void)
{
	esession_status st = esession_init(0);
	if (st != ESESSION_OK) {
		fprintf(stderr, "esession_init: %s\n", esession_strerror(st));
		return 1;
	}
	printf("%s (libgcrypt %s)\n", "gcry_mpi_powm median, g = 2",
	       gcry_check_version(NULL));
	printf("%5s %6s  %-22s %6s %10s %7s\n", "group", "p bits", "exponent",
	       "bits", "median ms", "speedup");

	for (size_t i = 0; i < es_group_count(); i++) {
		const es_group *grp = es_group_at(i);
		unsigned number = es_group_number(grp);
		unsigned pbits = es_group_bits(grp);
		gcry_mpi_t p = NULL;
		gcry_mpi_t g = NULL;
		unsigned ours = 0;
		if (es_group_p(grp, &p) != ESESSION_OK ||
		    es_group_g(grp, &g) != ESESSION_OK ||
		    es_dh_exponent_bits(grp, ES_DH_CIPHER_BLOCK_BITS, &ours) !=
		        ESESSION_OK) {
			fprintf(stderr, "group %u: setup failed\n", number);
			return 1;
		}

		double full = median_powm(g, p, pbits);
		row(number, pbits, "full length", pbits, full, full);
		for (size_t j = 0;
		     j < sizeof rfc3526_table / sizeof rfc3526_table[0]; j++) {
			if (rfc3526_table[j].group != number)
				continue;
			unsigned e1 = rfc3526_table[j].estimate1;
			unsigned e2 = rfc3526_table[j].estimate2;
			row(number, pbits, "RFC 3526 estimate 1", e1,
			    median_powm(g, p, e1), full);
			row(number, pbits, "RFC 3526 estimate 2", e2,
			    median_powm(g, p, e2), full);
		}
		row(number, pbits, "XEP minimum 2n",
		    2 * ES_DH_CIPHER_BLOCK_BITS,
		    median_powm(g, p, 2 * ES_DH_CIPHER_BLOCK_BITS), full);
		row(number, pbits, "esession choice", ours,
		    median_powm(g, p, ours), full);
		gcry_mpi_release(p);
		gcry_mpi_release(g);
	}
	return 0;
}
