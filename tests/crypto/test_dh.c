/*
 * test_dh.c - XEP-0116 Diffie-Hellman: agreement in every group, the range
 * check on received values, exponent bounds, and known answers.
 *
 * Known answers: computed independently with Python's pow(2, x, p) from
 * spec/reference/modp-groups.txt by tests/crypto/kat/dh_vectors.py (run it
 * from the repository root to reproduce every hex string below).
 */
#include "test_util.h"

#include "close_random.h"
#include "dh.h"
#include "groups_mpi.h"
#include "mpi.h"

#include <stdlib.h>
#include <string.h>

#define N ES_DH_CIPHER_BLOCK_BITS

/* From tests/crypto/kat/dh_vectors.py: fixed x, y in groups 14 and 5 and
 * the resulting e = 2^x, d = 2^y, K' = d^x = e^y (mod p); and the exponent
 * and public value es_dh_generate() must produce in group 14 from the test
 * RNG seeded "dh seed". */
#define G14_X                                                              \
	"c0ffee1111111111111111111111111111111111111111111111111111111111" \
	"1111111111111111"

#define G14_Y                                                              \
	"bead235723572357235723572357235723572357235723572357235723572357" \
	"2357235723572357"

#define G14_E                                                              \
	"c0f699b3841be1de38bfa009cae65cb4d1bb91942f45980358f2cfe2ce599943" \
	"58289699579cd112e3780752dd760023f7fc4811ff01ebbbf487d2fd7e3dc246" \
	"c9c14a3b07bb67bc9431cc9c39b0f0826f2b546c6671e9f41ea58f684ea06e8d" \
	"b870675becab0514cd42d0d01380b026038e03fe02cf4f4fabb910fc42712933" \
	"6c22051e0f5a8f3c77ab8651abed1b609ef11b714dbda3130ee027e04aa928a6" \
	"048b6dd6b15129a2c14d38162f99e9eddd5b6313c81cc52fa4806261e125f8e6" \
	"e9d53a6503341ffa1689c65efe49a0f88ec405c372e8cf9d4578c4ba4c073960" \
	"00e4bf71fed4bcff3fef8258e0b6174e09f997c6ead3cc1462ecda74249db133"

#define G14_D                                                              \
	"90436562be0517c4a33d91f26c626fc21edfb158eec67971db9ea0ab1101ac45" \
	"a014fb83760fcd33a680059e15a10c27ddaf3b6a714b9c8ae06cad7c13f869d6" \
	"34e09f90975fffd0760e2a473110fd3cf086813b930ff72ecae247cc02a241b2" \
	"363ffbc53e26c5b7549850fbd952d9384ed3cdd1801e11a102bfa084f1b4bb14" \
	"ad989937778d430d45423057304bd7f2c0349173223c597513c8ef6df62751bb" \
	"7c0c7f363d48e9e19dc879f317170f5d3aee2eb7a7d7b565b7ff25b93aa41227" \
	"073ab91f995040466edea434e415c9c034c5ab1c37080011cae85bdb7ac64efb" \
	"bf558daaaacd726f906d24d987960a4e4e3e745d3cf429e445af84afbff3da3f"

#define G14_K                                                              \
	"ee986404872ad588717a573ad5e45bbf9fef794fa59a0cee9a9212bc48e7dd3c" \
	"882414c0527f6f6f2621fead27d78a65efa54b315a6966ad9c6c777fd4d18848" \
	"ce9c52f0ca17718536011cc4e56f6c67ce105529e78ae62d08c38257f3075285" \
	"0af9b91aa95a98a51551c437368cba1304dd044121fe21fdbc8b6a8ec9a9388f" \
	"23bc9b67c927d1a77c5b421bed94fba56ab636b4d1ab679466711d0f3d5e8d4d" \
	"48794d760bd6fe9ed8c652ddc266768d1a3d468de9f8a42c443bfc1c9b668a27" \
	"0f7138f326e942a5fcc24e786f09246e79406118e241a9bb1e4180c584e2e2f7" \
	"4eef5a5378c30c8b53836fd4d3426f71beefe12d2be46f622b3270f86c174481"

#define G5_X "9eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

#define G5_Y "a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5"

#define G5_E                                                               \
	"0a09b732c78752625226ee56866c13aebe3275a9e96fe2ff222d3748e0f098e9" \
	"1433b82c921df8794a5811469ee5aa522f41f42f43b73696f38b5e6242d683a5" \
	"3586eb72b6787e4a40853eabc8e64a77b8ba14822f2e9181ae6f3998468d0251" \
	"99de7919d44293623672a6a962bc52d5bb2c87db5769f2c39aa02d6884761f62" \
	"270feafab722ea44df9c63e3b2237141aa0254f3d42f4d5542af78b7cda6eef0" \
	"d64020c53bca918062236860e861f23f54a3dcd98741afb5ff22a3fd74690985"

#define G5_D                                                               \
	"305f809875e49e0ab64270640d5a6722ae8f55609af50294ea6dfc7fbabbd99c" \
	"28d3e16a3266b9749310fddfc867b3b9428bfd211fa9ce60b2f76a749570c20d" \
	"be056ad6b72892adb52d9445549b2bd6e00ff76a8000c8e270fbe060c00890b0" \
	"9286f5e01ae532bba35b39ebc2d49f8f9e9a475356869b2af37976cf1143bbd1" \
	"80c1dd40e39305f6ab844d4f465a6e38ca15372a37cfc0b2b8c4d5f170a45315" \
	"aae9d63443f7acdaa88af2870cd5174dba9d548464c9ed41256014e38774c613"

#define G5_K                                                               \
	"ca0e9b157dc88883968b571900fd9b2ed6681e119393d77620bc5ff762401e31" \
	"8a3b73d409a185ee7204ad00abc514ac82d81ce4ed98676e6896ea99026e55fe" \
	"b12b1d21390547e70bb9be08650e86ba99d2b155a9612731008beaddc7ea64e2" \
	"b6fc0f60172a73c5b113a6aa02113c25356a3e7d8c5efcaaabf6fbf9d1a060e4" \
	"250c9a3259eb15b613f8f1949d9942f203d0ac3685fdc4bbcc29d92bbc030497" \
	"2d5df4cd04628c79e36a2eb96bf1d928c800ee57fb838b2e9a789e81e16bc28f"

#define GEN14_X                                                            \
	"d0e29988a78bdb230b1f0c33848b1914ee8a04beefd37da5a5bdc11a5575c131" \
	"2b3afbbfd514287c"

#define GEN14_E                                                            \
	"e3cdd0e81b3a524e2e8f2d2c50ce9ac018a2e8569fd0fbbda3ea66986f97ac9b" \
	"4337f3f1c3884e49ddd8bf4f11b22e145fb34a6a9881cfd5ab3cbaaf140767e0" \
	"f2722e9f384823d6cdd8b9c0f8814dc9f31539836465ae430a0e31f4d1ca6e29" \
	"2ce9dd2064c35ab96df8024826c534165e9551344ac18ef83ce6f6cc2c7cbe14" \
	"77e454bbe02d37c120f1c7c8a69bb2f24b9e29d0d164f51a11fe5c06157ddb23" \
	"0581039147b2f179ff1fadf82a6e3459b3137cf6aaafcaf5f72ad9716b9cec9a" \
	"5113913dcf658051655f224d4c8ff2c50d5549f31c1b12603e6bf15cd70af6d5" \
	"8e203da328b430d20b143aa7371e3894aa9e683a22c49cbcf7d5974deb0ade2a"
/* Largest public value: group 18, 1024 octets. */
#define MAX_P_LEN 1024

static const es_group *group(unsigned number)
{
	const es_group *grp = NULL;
	ck_assert_status(es_group_find(number, &grp), ESESSION_OK);
	return grp;
}

static es_dh *dh_from_hex(const es_group *grp, const char *hex)
{
	size_t len = 0;
	uint8_t *x = es_test_unhex(hex, &len);
	es_dh *dh = NULL;
	ck_assert_status(es_dh_from_exponent(&dh, grp, N, x, len), ESESSION_OK);
	free(x);
	return dh;
}

static void assert_public_hex(const es_dh *dh, const char *hex)
{
	uint8_t out[MAX_P_LEN];
	size_t len = 0;
	ck_assert_status(es_dh_public(dh, out, sizeof out, &len), ESESSION_OK);
	ck_assert_mem_hex(out, len, hex);
}

static void assert_shared_hex(const es_dh *dh, const char *peer_hex,
                              const char *shared_hex)
{
	size_t len = 0;
	uint8_t *peer = es_test_unhex(peer_hex, &len);
	es_secbuf k = ES_SECBUF_INIT;
	ck_assert_status(es_dh_compute_shared(dh, peer, len, &k), ESESSION_OK);
	ck_assert_mem_hex(k.data, k.len, shared_hex);
	es_secbuf_free(&k);
	free(peer);
}

/* Encoding of v into a malloc'ed buffer (canonical, via es_mpi_encode,
 * which test_mpi.c covers). */
static uint8_t *encode(gcry_mpi_t v, size_t *len)
{
	uint8_t *buf = malloc(MAX_P_LEN + 2);
	ck_assert_ptr_nonnull(buf);
	ck_assert_status(es_mpi_encode(v, buf, MAX_P_LEN + 2, len),
	                 ESESSION_OK);
	return buf;
}

START_TEST(known_answer_group14)
{
	const es_group *grp = group(14);
	es_dh *alice = dh_from_hex(grp, G14_X);
	es_dh *bob = dh_from_hex(grp, G14_Y);
	assert_public_hex(alice, G14_E);
	assert_public_hex(bob, G14_D);
	assert_shared_hex(alice, G14_D, G14_K);
	assert_shared_hex(bob, G14_E, G14_K);
	es_dh_free(alice);
	es_dh_free(bob);
}
END_TEST

/* Group 5's e has a high-order octet 0x0a: no padding, no sign octet. */
START_TEST(known_answer_group5)
{
	const es_group *grp = group(5);
	es_dh *alice = dh_from_hex(grp, G5_X);
	es_dh *bob = dh_from_hex(grp, G5_Y);
	assert_public_hex(alice, G5_E);
	assert_public_hex(bob, G5_D);
	assert_shared_hex(alice, G5_D, G5_K);
	assert_shared_hex(bob, G5_E, G5_K);
	es_dh_free(alice);
	es_dh_free(bob);
}
END_TEST

START_TEST(generate_with_test_rng_is_deterministic)
{
	static const uint8_t seed[] = "dh seed";
	es_rng *rng = NULL;
	ck_assert_status(
	    es_rng_new_deterministic_for_tests(&rng, seed, sizeof seed - 1),
	    ESESSION_OK);
	es_dh *dh = NULL;
	ck_assert_status(es_dh_generate(&dh, rng, group(14), N), ESESSION_OK);
	es_secbuf x = ES_SECBUF_INIT;
	ck_assert_status(es_dh_export_exponent(dh, &x), ESESSION_OK);
	ck_assert(gcry_is_secure(x.data));
	ck_assert_mem_hex(x.data, x.len, GEN14_X);
	assert_public_hex(dh, GEN14_E);
	ck_assert(es_dh_group(dh) == group(14));
	es_secbuf_free(&x);
	es_dh_free(dh);
	es_rng_free(rng);
}
END_TEST

/* Both sides agree in every group with fresh libgcrypt exponents, and the
 * exponents have the length spec/dh-exponent.md chose, top bit set. */
START_TEST(agreement_every_group)
{
	const es_group *grp = es_group_at((size_t)_i);
	es_dh *alice = NULL, *bob = NULL;
	ck_assert_status(es_dh_generate(&alice, NULL, grp, N), ESESSION_OK);
	ck_assert_status(es_dh_generate(&bob, NULL, grp, N), ESESSION_OK);

	uint8_t e[MAX_P_LEN], d[MAX_P_LEN];
	size_t e_len = 0, d_len = 0;
	ck_assert_status(es_dh_public(alice, e, sizeof e, &e_len), ESESSION_OK);
	ck_assert_status(es_dh_public(bob, d, sizeof d, &d_len), ESESSION_OK);
	ck_assert_status(es_dh_check_public(grp, e, e_len), ESESSION_OK);
	ck_assert_status(es_dh_check_public(grp, d, d_len), ESESSION_OK);
	ck_assert_uint_le(e_len, es_group_p_len(grp));

	es_secbuf ka = ES_SECBUF_INIT, kb = ES_SECBUF_INIT;
	ck_assert_status(es_dh_compute_shared(alice, d, d_len, &ka),
	                 ESESSION_OK);
	ck_assert_status(es_dh_compute_shared(bob, e, e_len, &kb), ESESSION_OK);
	ck_assert_uint_gt(ka.len, 0);
	ck_assert_uint_eq(ka.len, kb.len);
	ck_assert_mem_eq(ka.data, kb.data, ka.len);
	ck_assert_uint_ne(ka.data[0], 0); /* canonical: no leading zero */

	unsigned bits = 0;
	ck_assert_status(es_dh_exponent_bits(grp, N, &bits), ESESSION_OK);
	es_secbuf x = ES_SECBUF_INIT;
	ck_assert_status(es_dh_export_exponent(alice, &x), ESESSION_OK);
	ck_assert_uint_eq(x.len, (bits + 7) / 8);
	ck_assert_uint_ne((unsigned)x.data[0] & (1u << ((bits - 1) % 8)), 0u);
	ck_assert_uint_eq((unsigned)x.data[0] >> ((bits - 1) % 8), 1u);

	es_secbuf_free(&x);
	es_secbuf_free(&ka);
	es_secbuf_free(&kb);
	es_dh_free(alice);
	es_dh_free(bob);
}
END_TEST

START_TEST(exponent_length_table)
{
	static const struct {
		unsigned group, bits;
	} expect[] = {{1, 256},  {2, 256},  {5, 256},  {14, 320},
	              {15, 420}, {16, 480}, {17, 540}, {18, 620}};
	for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
		unsigned bits = 0;
		ck_assert_status(
		    es_dh_exponent_bits(group(expect[i].group), N, &bits),
		    ESESSION_OK);
		ck_assert_uint_eq(bits, expect[i].bits);
	}
	/* A 256-bit block cipher would raise the floor to 2n = 512. */
	unsigned bits = 0;
	ck_assert_status(es_dh_exponent_bits(group(14), 256, &bits),
	                 ESESSION_OK);
	ck_assert_uint_eq(bits, 512);
	ck_assert_status(es_dh_exponent_bits(group(14), 0, &bits),
	                 ESESSION_EINVAL);
	/* 2n = 2048 leaves no room below p - 1 in group 14. */
	ck_assert_status(es_dh_exponent_bits(group(14), 1024, &bits),
	                 ESESSION_EINVAL);
	ck_assert_status(es_dh_exponent_bits(NULL, N, &bits), ESESSION_EINVAL);
}
END_TEST

/* XEP-0116 §"ESession Response (Bob)" / §"ESession Accept (Alice)":
 * 1 < v < p - 1 on received values, in
 * every group, through es_dh_check_public and es_dh_compute_shared. */
static void assert_rejected(const es_group *grp, es_dh *dh, const uint8_t *v,
                            size_t len, esession_status expect)
{
	ck_assert_status(es_dh_check_public(grp, v, len), expect);
	es_secbuf k = ES_SECBUF_INIT;
	ck_assert_status(es_dh_compute_shared(dh, v, len, &k), expect);
	ck_assert_ptr_null(k.data);
}

START_TEST(range_check_every_group)
{
	const es_group *grp = es_group_at((size_t)_i);
	es_dh *dh = NULL;
	ck_assert_status(es_dh_generate(&dh, NULL, grp, N), ESESSION_OK);
	gcry_mpi_t p = NULL;
	ck_assert_status(es_group_p(grp, &p), ESESSION_OK);
	gcry_mpi_t v = gcry_mpi_new(0);
	uint8_t *buf = NULL;
	size_t len = 0;
	static const uint8_t zero_octet[] = {0x00};
	static const uint8_t one[] = {0x01};
	static const uint8_t two[] = {0x02};

	/* 0: canonically the empty string, which a DH value never is. */
	assert_rejected(grp, dh, one, 0, ESESSION_EMPI);
	assert_rejected(grp, dh, zero_octet, 1, ESESSION_EMPI);
	assert_rejected(grp, dh, one, 1, ESESSION_EDH_RANGE);
	ck_assert_status(es_dh_check_public(grp, two, 1), ESESSION_OK);

	const int offsets[] = {-2, -1, 0, 1}; /* p-2, p-1, p, p+1 */
	const esession_status expect[] = {ESESSION_OK, ESESSION_EDH_RANGE,
	                                  ESESSION_EDH_RANGE,
	                                  ESESSION_EDH_RANGE};
	for (size_t i = 0; i < 4; i++) {
		if (offsets[i] < 0)
			gcry_mpi_sub_ui(v, p, (unsigned long)-offsets[i]);
		else
			gcry_mpi_add_ui(v, p, (unsigned long)offsets[i]);
		buf = encode(v, &len);
		if (expect[i] == ESESSION_OK)
			ck_assert_status(es_dh_check_public(grp, buf, len),
			                 ESESSION_OK);
		else
			assert_rejected(grp, dh, buf, len, expect[i]);
		if (offsets[i] == -2) {
			/* p-2 with a leading zero octet: non-canonical. */
			uint8_t *padded = malloc(len + 1);
			ck_assert_ptr_nonnull(padded);
			padded[0] = 0;
			memcpy(padded + 1, buf, len);
			assert_rejected(grp, dh, padded, len + 1,
			                ESESSION_EMPI);
			free(padded);
		}
		free(buf);
	}

	/* 2^(bits+8): one octet longer than p. */
	gcry_mpi_set_ui(v, 0);
	gcry_mpi_set_bit(v, es_group_bits(grp) + 8);
	buf = encode(v, &len);
	ck_assert_uint_eq(len, es_group_p_len(grp) + 2);
	assert_rejected(grp, dh, buf, len, ESESSION_EDH_RANGE);
	free(buf);

	ck_assert_status(es_dh_check_public(grp, NULL, 1), ESESSION_EINVAL);
	ck_assert_status(es_dh_check_public(NULL, two, 1), ESESSION_EINVAL);
	gcry_mpi_release(v);
	gcry_mpi_release(p);
	es_dh_free(dh);
}
END_TEST

/* Caller-given exponents: 2^(2n-1) < x < p - 1 exactly. */
START_TEST(given_exponent_bounds)
{
	const es_group *grp = group(14);
	gcry_mpi_t p = NULL;
	ck_assert_status(es_group_p(grp, &p), ESESSION_OK);
	gcry_mpi_t x = gcry_mpi_new(0);
	const struct {
		int base; /* 0: 2^(2n-1), 1: p */
		long offset;
		esession_status expect;
	} cases[] = {
	    {0, -1, ESESSION_EDH_EXPONENT},
	    {0, 0, ESESSION_EDH_EXPONENT},
	    {0, 1, ESESSION_OK},
	    {1, -2, ESESSION_OK},
	    {1, -1, ESESSION_EDH_EXPONENT},
	    {1, 0, ESESSION_EDH_EXPONENT},
	    {1, 1, ESESSION_EDH_EXPONENT},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].base == 0) {
			gcry_mpi_set_ui(x, 0);
			gcry_mpi_set_bit(x, 2 * N - 1);
		} else {
			gcry_mpi_set(x, p);
		}
		if (cases[i].offset < 0)
			gcry_mpi_sub_ui(x, x, (unsigned long)-cases[i].offset);
		else
			gcry_mpi_add_ui(x, x, (unsigned long)cases[i].offset);
		size_t len = 0;
		uint8_t *buf = encode(x, &len);
		es_dh *dh = NULL;
		ck_assert_status(es_dh_from_exponent(&dh, grp, N, buf, len),
		                 cases[i].expect);
		ck_assert(cases[i].expect == ESESSION_OK ? dh != NULL
		                                         : dh == NULL);
		es_dh_free(dh);
		free(buf);
	}

	static const uint8_t small[] = {0x01};
	static const uint8_t padded[] = {0x00, 0xff, 0xff, 0xff};
	es_dh *dh = NULL;
	ck_assert_status(es_dh_from_exponent(&dh, grp, N, small, 1),
	                 ESESSION_EDH_EXPONENT);
	ck_assert_status(es_dh_from_exponent(&dh, grp, N, small, 0),
	                 ESESSION_EMPI);
	ck_assert_status(es_dh_from_exponent(&dh, grp, N, padded, 4),
	                 ESESSION_EMPI);
	ck_assert_status(es_dh_from_exponent(&dh, grp, 0, small, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(es_dh_from_exponent(&dh, NULL, N, small, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(es_dh_from_exponent(NULL, grp, N, small, 1),
	                 ESESSION_EINVAL);
	ck_assert_ptr_null(dh);
	ck_assert_status(es_dh_generate(NULL, NULL, grp, N), ESESSION_EINVAL);
	ck_assert_status(es_dh_generate(&dh, NULL, NULL, N), ESESSION_EINVAL);
	ck_assert_status(es_dh_generate(&dh, NULL, grp, 1024), ESESSION_EINVAL);
	ck_assert_ptr_null(dh);
	gcry_mpi_release(x);
	gcry_mpi_release(p);
	es_dh_free(NULL);
}
END_TEST

/* The last line of defence: y = q = (p-1)/2 is a legal exponent, and the
 * legal peer value 4 (a quadratic residue, order q) gives 4^q = 1. */
START_TEST(shared_value_one_refused)
{
	const es_group *grp = group(14);
	gcry_mpi_t q = NULL;
	ck_assert_status(es_group_p(grp, &q), ESESSION_OK);
	gcry_mpi_sub_ui(q, q, 1);
	gcry_mpi_rshift(q, q, 1);
	size_t len = 0;
	uint8_t *y = encode(q, &len);
	es_dh *dh = NULL;
	ck_assert_status(es_dh_from_exponent(&dh, grp, N, y, len), ESESSION_OK);
	static const uint8_t four[] = {0x04};
	static const uint8_t eleven[] = {0x0b};
	es_secbuf k = ES_SECBUF_INIT;
	ck_assert_status(es_dh_compute_shared(dh, four, 1, &k),
	                 ESESSION_EDH_RANGE);
	ck_assert_ptr_null(k.data);
	/* 11 is a quadratic non-residue modulo the group 14 prime (checked
	 * with Python: pow(11, q, p) == p - 1), so 11^q = p - 1: refused. */
	ck_assert_status(es_dh_compute_shared(dh, eleven, 1, &k),
	                 ESESSION_EDH_RANGE);
	ck_assert_ptr_null(k.data);
	es_dh_free(dh);
	free(y);
	gcry_mpi_release(q);
}
END_TEST

START_TEST(output_buffer_too_small)
{
	es_dh *dh = dh_from_hex(group(14), G14_X);
	uint8_t out[255];
	size_t len = 1;
	ck_assert_status(es_dh_public(dh, out, sizeof out, &len),
	                 ESESSION_EBUFSIZE);
	ck_assert_uint_eq(len, 0);
	ck_assert_status(es_dh_public(NULL, out, sizeof out, &len),
	                 ESESSION_EINVAL);
	ck_assert_status(es_dh_compute_shared(dh, out, 1, NULL),
	                 ESESSION_EINVAL);
	es_dh_free(dh);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("dh");
	TCase *tc = tcase_create("core");
	tcase_add_unchecked_fixture(tc, NULL, es_test_close_random);
	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, known_answer_group14);
	tcase_add_test(tc, known_answer_group5);
	tcase_add_test(tc, generate_with_test_rng_is_deterministic);
	tcase_add_loop_test(tc, agreement_every_group, 0,
	                    (int)es_group_count());
	tcase_add_test(tc, exponent_length_table);
	tcase_add_loop_test(tc, range_check_every_group, 0,
	                    (int)es_group_count());
	tcase_add_test(tc, given_exponent_bounds);
	tcase_add_test(tc, shared_value_one_refused);
	tcase_add_test(tc, output_buffer_too_small);
	suite_add_tcase(s, tc);
	return s;
}
