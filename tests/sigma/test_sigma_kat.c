/*
 * test_sigma_kat.c - known answers for every SIGMA derivation of
 * esession/sigma/. Nothing is published for XEP-0116; every expected value
 * (KAT_*) was computed outside esession by tests/sigma/kat/sigma_kat.py
 * (python3 hashlib/hmac and `cryptography` AES-CTR) from the inputs in
 * sigma_fixture.c, and is included from the header that script generates.
 */
#include "test_util.h"

#include "sigma_fixture.h"
#include "sigma_kat_values.h"

#include "sigma_dh.h"
#include "sigma_final.h"
#include "sigma_identity.h"
#include "sigma_keys.h"
#include "sigma_mac.h"
#include "sigma_retained.h"

#include <stdlib.h>
#include <string.h>

#define SPAN(p, n)  ((es_span){(const uint8_t *)(p), (n)})
#define SPAN_STR(s) SPAN((s), strlen(s))

static void assert_secbuf_hex(const es_secbuf *b, const char *hex)
{
	if (hex[0] == '\0') {
		ck_assert_ptr_null(b->data);
		ck_assert_uint_eq(b->len, 0);
		return;
	}
	ck_assert_mem_hex(b->data, b->len, hex);
}

/* ---- key schedule (XEP-0116 §"Generating Session Keys") ---------------- */

static void check_lengths(es_hash_alg h, es_cipher_alg c, size_t kc, size_t km,
                          size_t ks)
{
	es_sigma_key_sizes len;
	ck_assert_status(es_sigma_key_lengths(h, c, &len), ESESSION_OK);
	ck_assert_uint_eq(len.kc, kc);
	ck_assert_uint_eq(len.km, km);
	ck_assert_uint_eq(len.ks, ks);
}

START_TEST(key_lengths_rule)
{
	/* spec/ambiguities.md "Length of the MAC and SIGMA keys":
	 * KC = cipher key; KM = KS = max(cipher key, 16). XEP-0217 profile
	 * (aes128-ctr + sha256): every key 128 bits. */
	check_lengths(ES_HASH_SHA256, ES_CIPHER_AES128_CTR, 16, 16, 16);
	check_lengths(ES_HASH_SHA256, ES_CIPHER_AES192_CTR, 24, 24, 24);
	check_lengths(ES_HASH_SHA256, ES_CIPHER_AES256_CTR, 32, 32, 32);
	check_lengths(ES_HASH_SHA256, ES_CIPHER_TWOFISH256_CTR, 32, 32, 32);
	check_lengths(ES_HASH_SHA256, ES_CIPHER_NONE, 0, 16, 16);
	check_lengths(ES_HASH_WHIRLPOOL, ES_CIPHER_AES128_CTR, 16, 16, 16);
	check_lengths(ES_HASH_WHIRLPOOL, ES_CIPHER_SERPENT256_CTR, 32, 32, 32);

	es_sigma_key_sizes len;
	ck_assert_status(
	    es_sigma_key_lengths((es_hash_alg)99, ES_CIPHER_AES128_CTR, &len),
	    ESESSION_EUNSUPPORTED);
	ck_assert_status(
	    es_sigma_key_lengths(ES_HASH_SHA256, (es_cipher_alg)99, &len),
	    ESESSION_EUNSUPPORTED);
	ck_assert_status(
	    es_sigma_key_lengths(ES_HASH_SHA256, ES_CIPHER_AES128_CTR, NULL),
	    ESESSION_EINVAL);
}
END_TEST

typedef struct key_kat {
	es_cipher_alg cipher;
	const char *hex[6]; /* KC_A KM_A KS_A KC_B KM_B KS_B */
} key_kat;

/* sigma_kat.py section 1: HMAC-SHA256(K = 0x40..0x5f, label), last bytes. */
static const key_kat key_kats[] = {
    {ES_CIPHER_AES128_CTR,
     {KAT_FIXED_AES128_KC_A, KAT_FIXED_AES128_KM_A, KAT_FIXED_AES128_KS_A,
      KAT_FIXED_AES128_KC_B, KAT_FIXED_AES128_KM_B, KAT_FIXED_AES128_KS_B}},
    {ES_CIPHER_AES256_CTR,
     {KAT_FIXED_AES256_KC_A, KAT_FIXED_AES256_KM_A, KAT_FIXED_AES256_KS_A,
      KAT_FIXED_AES256_KC_B, KAT_FIXED_AES256_KM_B, KAT_FIXED_AES256_KS_B}},
    {ES_CIPHER_NONE,
     {KAT_FIXED_NONE_KC_A, KAT_FIXED_NONE_KM_A, KAT_FIXED_NONE_KS_A,
      KAT_FIXED_NONE_KC_B, KAT_FIXED_NONE_KM_B, KAT_FIXED_NONE_KS_B}},
};

START_TEST(derive_keys_kat)
{
	const key_kat *kat = &key_kats[_i];
	es_secbuf k = fx_secbuf(fx_k_fixed, sizeof(fx_k_fixed));
	es_sigma_keys keys = ES_SIGMA_KEYS_INIT;
	ck_assert_status(
	    es_sigma_derive_keys(ES_HASH_SHA256, kat->cipher, &k, &keys),
	    ESESSION_OK);
	assert_secbuf_hex(&keys.initiator.kc, kat->hex[0]);
	assert_secbuf_hex(&keys.initiator.km, kat->hex[1]);
	assert_secbuf_hex(&keys.initiator.ks, kat->hex[2]);
	assert_secbuf_hex(&keys.responder.kc, kat->hex[3]);
	assert_secbuf_hex(&keys.responder.km, kat->hex[4]);
	assert_secbuf_hex(&keys.responder.ks, kat->hex[5]);

	/* One direction alone gives the same keys (Alice's provisory keys). */
	es_sigma_dir_keys dir = ES_SIGMA_DIR_KEYS_INIT;
	ck_assert_status(es_sigma_derive_dir_keys(ES_HASH_SHA256, kat->cipher,
	                                          ES_SIGMA_RESPONDER, &k, &dir),
	                 ESESSION_OK);
	assert_secbuf_hex(&dir.kc, kat->hex[3]);
	assert_secbuf_hex(&dir.km, kat->hex[4]);
	assert_secbuf_hex(&dir.ks, kat->hex[5]);

	es_sigma_dir_keys_free(&dir);
	ck_assert_ptr_null(dir.km.data);
	es_sigma_keys_free(&keys);
	ck_assert_ptr_null(keys.initiator.ks.data);
	ck_assert_ptr_null(keys.responder.km.data);
	es_secbuf_free(&k);
}
END_TEST

START_TEST(derive_keys_rejects_bad_arguments)
{
	es_secbuf k = fx_secbuf(fx_k_fixed, sizeof(fx_k_fixed));
	es_secbuf empty = ES_SECBUF_INIT;
	es_sigma_keys keys = ES_SIGMA_KEYS_INIT;
	es_sigma_dir_keys dir = ES_SIGMA_DIR_KEYS_INIT;

	ck_assert_status(es_sigma_derive_keys(ES_HASH_SHA256,
	                                      ES_CIPHER_AES128_CTR, &empty,
	                                      &keys),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_derive_keys(
	                     ES_HASH_SHA256, ES_CIPHER_AES128_CTR, NULL, &keys),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_derive_keys(ES_HASH_SHA256,
	                                      ES_CIPHER_AES128_CTR, &k, NULL),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_derive_dir_keys(ES_HASH_SHA256,
	                                          ES_CIPHER_AES128_CTR,
	                                          (es_sigma_role)7, &k, &dir),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_derive_keys((es_hash_alg)0,
	                                      ES_CIPHER_AES128_CTR, &k, &keys),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_ptr_null(keys.initiator.km.data);

	/* A non-empty output is refused, not leaked or overwritten. */
	ck_assert_status(es_sigma_derive_keys(ES_HASH_SHA256,
	                                      ES_CIPHER_AES128_CTR, &k, &keys),
	                 ESESSION_OK);
	uint8_t *before = keys.responder.ks.data;
	ck_assert_status(es_sigma_derive_keys(ES_HASH_SHA256,
	                                      ES_CIPHER_AES128_CTR, &k, &keys),
	                 ESESSION_EINVAL);
	ck_assert_ptr_eq(keys.responder.ks.data, before);
	es_sigma_keys_free(&keys);
	es_sigma_keys_free(NULL);
	es_sigma_dir_keys_free(NULL);
	es_secbuf_free(&k);
}
END_TEST

/* ---- DH: He and K (XEP-0116 §"ESession Request", §"Diffie-Hellman
 * Preparation") ---------------------------------------------------------- */

static const es_group *group14(void)
{
	const es_group *g = NULL;
	ck_assert_status(es_group_find(14, &g), ESESSION_OK);
	return g;
}

START_TEST(dh_values_commitment_and_k)
{
	es_dh *alice = NULL;
	es_dh *bob = NULL;
	ck_assert_status(
	    es_dh_from_exponent(&alice, group14(), 128, fx_x, sizeof(fx_x)),
	    ESESSION_OK);
	ck_assert_status(
	    es_dh_from_exponent(&bob, group14(), 128, fx_y, sizeof(fx_y)),
	    ESESSION_OK);
	uint8_t e[256];
	uint8_t d[256];
	size_t e_len = 0;
	size_t d_len = 0;
	ck_assert_status(es_dh_public(alice, e, sizeof(e), &e_len),
	                 ESESSION_OK);
	ck_assert_status(es_dh_public(bob, d, sizeof(d), &d_len), ESESSION_OK);
	/* sigma_kat.py section 2: e = 2^x mod p, d = 2^y mod p (group 14). */
	ck_assert_mem_hex(e, e_len, KAT_E);
	ck_assert_mem_hex(d, d_len, KAT_D);

	/* He = SHA256(mpi(e)). */
	uint8_t he[ES_SIGMA_COMMITMENT_LEN];
	ck_assert_status(es_sigma_commitment(e, e_len, he, sizeof(he)),
	                 ESESSION_OK);
	ck_assert_mem_hex(he, sizeof(he), KAT_HE);
	ck_assert_status(es_sigma_check_commitment(e, e_len, he, sizeof(he)),
	                 ESESSION_OK);

	/* K = SHA256(mpi(e^y)) = SHA256(mpi(d^x)). */
	es_secbuf k_alice = ES_SECBUF_INIT;
	es_secbuf k_bob = ES_SECBUF_INIT;
	ck_assert_status(
	    es_sigma_shared_secret(ES_HASH_SHA256, alice, d, d_len, &k_alice),
	    ESESSION_OK);
	ck_assert_status(
	    es_sigma_shared_secret(ES_HASH_SHA256, bob, e, e_len, &k_bob),
	    ESESSION_OK);
	assert_secbuf_hex(&k_alice, KAT_K0);
	assert_secbuf_hex(&k_bob, KAT_K0);

	es_secbuf_free(&k_alice);
	es_secbuf_free(&k_bob);
	es_dh_free(alice);
	es_dh_free(bob);
}
END_TEST

START_TEST(commitment_rejects_every_change)
{
	size_t e_len = 0;
	uint8_t *e = es_test_unhex(KAT_E, &e_len);
	size_t he_len = 0;
	uint8_t *he = es_test_unhex(KAT_HE, &he_len);

	/* One bit of e, one bit of He: ESESSION_ENEG_COMMITMENT. */
	fx_flip(e, e_len, 8 * e_len - 1);
	ck_assert_status(es_sigma_check_commitment(e, e_len, he, he_len),
	                 ESESSION_ENEG_COMMITMENT);
	fx_flip(e, e_len, 8 * e_len - 1);
	fx_flip(he, he_len, 0);
	ck_assert_status(es_sigma_check_commitment(e, e_len, he, he_len),
	                 ESESSION_ENEG_COMMITMENT);
	fx_flip(he, he_len, 0);
	ck_assert_status(es_sigma_check_commitment(e, e_len, he, he_len),
	                 ESESSION_OK);
	/* A truncated or overlong He is a failed commitment. */
	ck_assert_status(es_sigma_check_commitment(e, e_len, he, he_len - 1),
	                 ESESSION_ENEG_COMMITMENT);
	ck_assert_status(es_sigma_check_commitment(e, e_len, he, 0),
	                 ESESSION_ENEG_COMMITMENT);
	ck_assert_status(es_sigma_check_commitment(e, e_len - 1, he, he_len),
	                 ESESSION_ENEG_COMMITMENT);
	ck_assert_status(es_sigma_check_commitment(NULL, 3, he, he_len),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_check_commitment(e, e_len, NULL, 32),
	                 ESESSION_EINVAL);
	uint8_t small[31];
	ck_assert_status(es_sigma_commitment(e, e_len, small, sizeof(small)),
	                 ESESSION_EBUFSIZE);
	ck_assert_status(es_sigma_commitment(e, e_len, NULL, 32),
	                 ESESSION_EINVAL);
	free(e);
	free(he);
}
END_TEST

START_TEST(shared_secret_checks_the_peer_value)
{
	es_dh *bob = NULL;
	ck_assert_status(
	    es_dh_from_exponent(&bob, group14(), 128, fx_y, sizeof(fx_y)),
	    ESESSION_OK);
	es_secbuf k = ES_SECBUF_INIT;
	const uint8_t one[] = {0x01};
	const uint8_t leading_zero[] = {0x00, 0x05};
	ck_assert_status(
	    es_sigma_shared_secret(ES_HASH_SHA256, bob, one, sizeof(one), &k),
	    ESESSION_EDH_RANGE);
	ck_assert_status(es_sigma_shared_secret(ES_HASH_SHA256, bob,
	                                        leading_zero,
	                                        sizeof(leading_zero), &k),
	                 ESESSION_EMPI);
	ck_assert_status(
	    es_sigma_shared_secret((es_hash_alg)0, bob, one, sizeof(one), &k),
	    ESESSION_EUNSUPPORTED);
	ck_assert_status(
	    es_sigma_shared_secret(ES_HASH_SHA256, NULL, one, sizeof(one), &k),
	    ESESSION_EINVAL);
	ck_assert_ptr_null(k.data);

	/* K = HASH(mpi(Z)) from the bytes of Z directly: SHA256(0x07). */
	const uint8_t z7[] = {0x07};
	es_secbuf z = fx_secbuf(z7, sizeof(z7));
	ck_assert_status(es_sigma_hash_shared(ES_HASH_SHA256, &z, &k),
	                 ESESSION_OK);
	/* python3 -c "import
	 * hashlib;print(hashlib.sha256(b'\x07').hexdigest())" */
	assert_secbuf_hex(
	    &k,
	    "ca358758f6d27e6cf45272937977a748fd88391db679ceda7dc7bf1f005ee879");
	es_secbuf empty = ES_SECBUF_INIT;
	es_secbuf k2 = ES_SECBUF_INIT;
	ck_assert_status(es_sigma_hash_shared(ES_HASH_SHA256, &empty, &k2),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_hash_shared(ES_HASH_SHA256, &z, &k),
	                 ESESSION_EINVAL); /* k not empty */
	es_secbuf_free(&z);
	es_secbuf_free(&k);
	es_dh_free(bob);
}
END_TEST

/* ---- mac_A, mac_B (XEP-0116 §"Hiding Alice's Identity", §"Hiding Bob's
 * Identity", §"Sending Bob's Identity") ---------------------------------- */

static es_sigma_mac_input mac_a_input(const uint8_t *e, size_t e_len)
{
	es_sigma_mac_input in = {SPAN(fx_n_a, sizeof(fx_n_a)),
	                         SPAN(fx_n_b, sizeof(fx_n_b)),
	                         SPAN(e, e_len),
	                         SPAN(NULL, 0),
	                         SPAN_STR(fx_form_a),
	                         SPAN_STR(fx_form_a2)};
	return in;
}

static es_sigma_mac_input mac_b_input(const uint8_t *d, size_t d_len,
                                      bool four_message)
{
	es_sigma_mac_input in = {SPAN(fx_n_a, sizeof(fx_n_a)),
	                         SPAN(fx_n_b, sizeof(fx_n_b)),
	                         SPAN(d, d_len),
	                         SPAN(NULL, 0),
	                         SPAN_STR(fx_form_b),
	                         four_message ? SPAN_STR(fx_form_b2)
	                                      : SPAN(NULL, 0)};
	return in;
}

START_TEST(mac_a_and_mac_b_kat)
{
	size_t e_len = 0;
	size_t d_len = 0;
	uint8_t *e = es_test_unhex(KAT_E, &e_len);
	uint8_t *d = es_test_unhex(KAT_D, &d_len);
	es_secbuf ks_a = fx_secbuf_hex(KAT_PROV_KS_A);
	es_secbuf mac = ES_SECBUF_INIT;

	/* sigma_kat.py: MAC_A = HMAC(KS_A, N_B|N_A|e|""|form_A|form_A2). */
	es_sigma_mac_input in_a = mac_a_input(e, e_len);
	ck_assert_status(es_sigma_mac_a(ES_HASH_SHA256, &ks_a, &in_a, &mac),
	                 ESESSION_OK);
	assert_secbuf_hex(&mac, KAT_MAC_A);
	es_secbuf_free(&mac);

	/* sigma_kat.py: MAC_B_3MSG = HMAC(KS_B(K0), N_A|N_B|d|""|form_B). */
	es_secbuf k0 = fx_secbuf_hex(KAT_K0);
	es_sigma_keys keys = ES_SIGMA_KEYS_INIT;
	ck_assert_status(es_sigma_derive_keys(ES_HASH_SHA256,
	                                      ES_CIPHER_AES128_CTR, &k0, &keys),
	                 ESESSION_OK);
	es_sigma_mac_input in_b = mac_b_input(d, d_len, false);
	ck_assert_status(
	    es_sigma_mac_b(ES_HASH_SHA256, &keys.responder.ks, &in_b, &mac),
	    ESESSION_OK);
	assert_secbuf_hex(&mac, KAT_MAC_B_3MSG);
	es_secbuf_free(&mac);

	/* sigma_kat.py: SRS_OSS_MAC_B = HMAC(final KS_B,
	 * N_A|N_B|d|""|form_B|form_B2). */
	es_secbuf ks_b = fx_secbuf_hex(KAT_SRS_OSS_KS_B);
	es_sigma_mac_input in_b4 = mac_b_input(d, d_len, true);
	ck_assert_status(es_sigma_mac_b(ES_HASH_SHA256, &ks_b, &in_b4, &mac),
	                 ESESSION_OK);
	assert_secbuf_hex(&mac, KAT_SRS_OSS_MAC_B);
	es_secbuf_free(&mac);

	/* mac_A is not mac_B with the same inputs: the nonce order differs. */
	ck_assert_status(es_sigma_mac_b(ES_HASH_SHA256, &ks_a, &in_a, &mac),
	                 ESESSION_OK);
	size_t ref_len = 0;
	uint8_t *ref = es_test_unhex(KAT_MAC_A, &ref_len);
	ck_assert_uint_eq(mac.len, ref_len);
	ck_assert(memcmp(mac.data, ref, ref_len) != 0);
	free(ref);
	es_secbuf_free(&mac);

	/* Bad arguments. */
	es_secbuf empty = ES_SECBUF_INIT;
	ck_assert_status(es_sigma_mac_a(ES_HASH_SHA256, &empty, &in_a, &mac),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_mac_a(ES_HASH_SHA256, &ks_a, NULL, &mac),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_mac_b(ES_HASH_SHA256, &ks_a, NULL, &mac),
	                 ESESSION_EINVAL);
	in_a.form2 = SPAN(NULL, 3);
	ck_assert_status(es_sigma_mac_a(ES_HASH_SHA256, &ks_a, &in_a, &mac),
	                 ESESSION_EINVAL);
	in_a = mac_a_input(e, e_len);
	ck_assert_status(es_sigma_mac_a((es_hash_alg)0, &ks_a, &in_a, &mac),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_ptr_null(mac.data);

	es_secbuf_free(&ks_b);
	es_sigma_keys_free(&keys);
	es_secbuf_free(&k0);
	es_secbuf_free(&ks_a);
	free(e);
	free(d);
}
END_TEST

/* ---- ID_X and M_X (XEP-0116 §"Hiding Alice's Identity") ----------------- */

START_TEST(identity_seal_kat)
{
	es_secbuf kc = fx_secbuf_hex(KAT_PROV_KC_A);
	es_secbuf km = fx_secbuf_hex(KAT_PROV_KM_A);
	es_secbuf mac_a = fx_secbuf_hex(KAT_MAC_A);
	es_ctr *ctr = NULL;
	ck_assert_status(es_ctr_new(&ctr, ES_CIPHER_AES128_CTR, kc.data, kc.len,
	                            fx_c_a, sizeof(fx_c_a)),
	                 ESESSION_OK);
	uint8_t id[32];
	uint8_t m[32];
	ck_assert_status(es_sigma_identity_seal_none(ES_HASH_SHA256, ctr, &km,
	                                             &mac_a, id, sizeof(id), m,
	                                             sizeof(m)),
	                 ESESSION_OK);
	/* sigma_kat.py: ID_A = AES128-CTR(KC_A, C_A, mac_A);
	 * M_A = HMAC(KM_A, C_A | ID_A); the counter advanced by 2 blocks. */
	ck_assert_mem_hex(id, sizeof(id), KAT_ID_A);
	ck_assert_mem_hex(m, sizeof(m), KAT_M_A);
	uint8_t counter[16];
	ck_assert_status(es_ctr_get_counter(ctr, counter, sizeof(counter)),
	                 ESESSION_OK);
	ck_assert_mem_hex(counter, sizeof(counter), KAT_C_A_AFTER);

	/* M_X alone, over the counter before encryption. */
	uint8_t m2[32];
	ck_assert_status(es_sigma_identity_mac(ES_HASH_SHA256, &km, fx_c_a,
	                                       sizeof(fx_c_a), id, sizeof(id),
	                                       m2, sizeof(m2)),
	                 ESESSION_OK);
	ck_assert_mem_hex(m2, sizeof(m2), KAT_M_A);
	ck_assert_status(es_sigma_identity_mac(ES_HASH_SHA256, &km, fx_c_a, 0,
	                                       id, sizeof(id), m2, sizeof(m2)),
	                 ESESSION_ECOUNTER);
	ck_assert_status(es_sigma_identity_mac(ES_HASH_SHA256, &km, fx_c_a, 17,
	                                       id, sizeof(id), m2, sizeof(m2)),
	                 ESESSION_ECOUNTER);
	ck_assert_status(es_sigma_identity_mac(ES_HASH_SHA256, &km, fx_c_a,
	                                       sizeof(fx_c_a), id, sizeof(id),
	                                       m2, 31),
	                 ESESSION_EBUFSIZE);

	/* Buffers too small or bad arguments: nothing encrypted, counter
	 * unchanged. */
	ck_assert_status(es_sigma_identity_seal_none(ES_HASH_SHA256, ctr, &km,
	                                             &mac_a, id, 31, m,
	                                             sizeof(m)),
	                 ESESSION_EBUFSIZE);
	ck_assert_status(es_sigma_identity_seal_none(ES_HASH_SHA256, ctr, &km,
	                                             &mac_a, id, sizeof(id), m,
	                                             31),
	                 ESESSION_EBUFSIZE);
	ck_assert_status(es_sigma_identity_seal(ES_HASH_SHA256, ctr, &km,
	                                        mac_a.data, 0, id, sizeof(id),
	                                        m, sizeof(m)),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_identity_seal_none(ES_HASH_SHA256, NULL, &km,
	                                             &mac_a, id, sizeof(id), m,
	                                             sizeof(m)),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_identity_seal_none((es_hash_alg)0, ctr, &km,
	                                             &mac_a, id, sizeof(id), m,
	                                             sizeof(m)),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(es_ctr_get_counter(ctr, counter, sizeof(counter)),
	                 ESESSION_OK);
	ck_assert_mem_hex(counter, sizeof(counter), KAT_C_A_AFTER);

	es_ctr_free(ctr);
	es_secbuf_free(&kc);
	es_secbuf_free(&km);
	es_secbuf_free(&mac_a);
}
END_TEST

/* ---- retained secrets (XEP-0116 §"Sending Alice's Identity",
 * §"Sending Bob's Identity") --------------------------------------------- */

START_TEST(rshash_and_srshash_kat)
{
	/* sigma_kat.py: RSHASH_i = HMAC(N_A, RS_i);
	 * SRSHASH_i = HMAC(RS_i, "Shared Retained Secret"). */
	static const char *const rshash[FX_N_RS] = {KAT_RSHASH_1, KAT_RSHASH_2,
	                                            KAT_RSHASH_3, KAT_RSHASH_4};
	static const char *const srshash[FX_N_RS] = {
	    KAT_SRSHASH_1, KAT_SRSHASH_2, KAT_SRSHASH_3, KAT_SRSHASH_4};
	for (size_t i = 0; i < FX_N_RS; i++) {
		es_span rs = SPAN(fx_rs[i], FX_RS_LEN);
		uint8_t out[32];
		ck_assert_status(es_sigma_rshash(ES_HASH_SHA256, fx_n_a,
		                                 sizeof(fx_n_a), &rs, out,
		                                 sizeof(out)),
		                 ESESSION_OK);
		ck_assert_mem_hex(out, sizeof(out), rshash[i]);
		ck_assert_status(es_sigma_srshash(ES_HASH_SHA256, NULL, &rs,
		                                  out, sizeof(out)),
		                 ESESSION_OK);
		ck_assert_mem_hex(out, sizeof(out), srshash[i]);
	}
	es_span rs = SPAN(fx_rs[0], FX_RS_LEN);
	es_span empty = SPAN(fx_rs[0], 0);
	uint8_t out[32];
	ck_assert_status(
	    es_sigma_rshash(ES_HASH_SHA256, fx_n_a, 0, &rs, out, sizeof(out)),
	    ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshash(ES_HASH_SHA256, fx_n_a, sizeof(fx_n_a),
	                                 &empty, out, sizeof(out)),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshash(ES_HASH_SHA256, fx_n_a, sizeof(fx_n_a),
	                                 &rs, out, 31),
	                 ESESSION_EBUFSIZE);
	ck_assert_status(
	    es_sigma_srshash(ES_HASH_SHA256, NULL, &empty, out, sizeof(out)),
	    ESESSION_EINVAL);
	ck_assert_status(es_sigma_srshash(ES_HASH_SHA256, NULL, &rs, out, 31),
	                 ESESSION_EBUFSIZE);
	ck_assert_status(es_sigma_srshash(ES_HASH_SHA256, NULL, NULL, NULL, 32),
	                 ESESSION_EINVAL);
}
END_TEST

START_TEST(srshash_without_srs_is_random)
{
	/* XEP-0116 §"Sending Bob's Identity": "a random number instead", hlen
	 * bytes (spec/ambiguities.md "srshash when no SRS"). Two
	 * draws differ and neither is the HMAC of any fixture secret. */
	uint8_t a[32];
	uint8_t b[32];
	ck_assert_status(
	    es_sigma_srshash(ES_HASH_SHA256, NULL, NULL, a, sizeof(a)),
	    ESESSION_OK);
	ck_assert_status(
	    es_sigma_srshash(ES_HASH_SHA256, NULL, NULL, b, sizeof(b)),
	    ESESSION_OK);
	ck_assert(memcmp(a, b, sizeof(a)) != 0);
	es_span secrets[FX_N_RS];
	for (size_t i = 0; i < FX_N_RS; i++)
		secrets[i] = SPAN(fx_rs[i], FX_RS_LEN);
	es_sigma_srs_match match;
	ck_assert_status(es_sigma_srshash_search(ES_HASH_SHA256, a, sizeof(a),
	                                         secrets, FX_N_RS, &match),
	                 ESESSION_OK);
	ck_assert(!match.found);
}
END_TEST

/* ---- final K, new retained secret, SAS (XEP-0116 §"Generating Bob's
 * Final Session Keys", §"The sas28x5 SAS Algorithm") --------------------- */

typedef struct final_kat {
	bool srs;
	bool oss;
	const char *k_final;
	const char *new_rs;
	const char *keys[5]; /* KC_A KM_A KC_B KM_B KS_B */
} final_kat;

/* sigma_kat.py section 3: K = SHA256(K0 | [RS_2] | [OSS]). */
static const final_kat final_kats[] = {
    {true,
     true,
     KAT_SRS_OSS_KFINAL,
     KAT_SRS_OSS_NEW_RS,
     {KAT_SRS_OSS_KC_A, KAT_SRS_OSS_KM_A, KAT_SRS_OSS_KC_B, KAT_SRS_OSS_KM_B,
      KAT_SRS_OSS_KS_B}},
    {true,
     false,
     KAT_SRS_KFINAL,
     KAT_SRS_NEW_RS,
     {KAT_SRS_KC_A, KAT_SRS_KM_A, KAT_SRS_KC_B, KAT_SRS_KM_B, KAT_SRS_KS_B}},
    {false,
     true,
     KAT_OSS_KFINAL,
     KAT_OSS_NEW_RS,
     {KAT_OSS_KC_A, KAT_OSS_KM_A, KAT_OSS_KC_B, KAT_OSS_KM_B, KAT_OSS_KS_B}},
    {false,
     false,
     KAT_NONE_KFINAL,
     KAT_NONE_NEW_RS,
     {KAT_NONE_KC_A, KAT_NONE_KM_A, KAT_NONE_KC_B, KAT_NONE_KM_B,
      KAT_NONE_KS_B}},
};

START_TEST(final_secret_new_rs_and_keys_kat)
{
	const final_kat *kat = &final_kats[_i];
	es_secbuf k0 = fx_secbuf_hex(KAT_K0);
	es_span srs = SPAN(fx_rs[1], FX_RS_LEN);
	es_span oss = SPAN_STR(fx_oss);
	es_secbuf k = ES_SECBUF_INIT;
	ck_assert_status(es_sigma_final_secret(ES_HASH_SHA256, &k0,
	                                       kat->srs ? &srs : NULL,
	                                       kat->oss ? &oss : NULL, &k),
	                 ESESSION_OK);
	assert_secbuf_hex(&k, kat->k_final);

	es_secbuf rs = ES_SECBUF_INIT;
	ck_assert_status(es_sigma_new_retained_secret(ES_HASH_SHA256, &k, &rs),
	                 ESESSION_OK);
	assert_secbuf_hex(&rs, kat->new_rs);

	es_sigma_keys keys = ES_SIGMA_KEYS_INIT;
	ck_assert_status(es_sigma_derive_keys(ES_HASH_SHA256,
	                                      ES_CIPHER_AES128_CTR, &k, &keys),
	                 ESESSION_OK);
	assert_secbuf_hex(&keys.initiator.kc, kat->keys[0]);
	assert_secbuf_hex(&keys.initiator.km, kat->keys[1]);
	assert_secbuf_hex(&keys.responder.kc, kat->keys[2]);
	assert_secbuf_hex(&keys.responder.km, kat->keys[3]);
	assert_secbuf_hex(&keys.responder.ks, kat->keys[4]);

	/* An empty OSS is no OSS (XEP-0116: "only if one exists"). */
	es_span empty = SPAN(NULL, 0);
	es_secbuf k_empty = ES_SECBUF_INIT;
	ck_assert_status(
	    es_sigma_final_secret(ES_HASH_SHA256, &k0, kat->srs ? &srs : NULL,
	                          kat->oss ? &oss : &empty, &k_empty),
	    ESESSION_OK);
	ck_assert_mem_eq(k_empty.data, k.data, k.len);

	es_secbuf_free(&k_empty);
	es_sigma_keys_free(&keys);
	es_secbuf_free(&rs);
	es_secbuf_free(&k);
	es_secbuf_free(&k0);
}
END_TEST

START_TEST(final_rejects_bad_arguments)
{
	es_secbuf k0 = fx_secbuf_hex(KAT_K0);
	es_secbuf empty = ES_SECBUF_INIT;
	es_secbuf out = ES_SECBUF_INIT;
	es_span bad = SPAN(NULL, 4);
	ck_assert_status(
	    es_sigma_final_secret(ES_HASH_SHA256, &empty, NULL, NULL, &out),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_sigma_final_secret(ES_HASH_SHA256, &k0, &bad, NULL, &out),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_sigma_final_secret(ES_HASH_SHA256, &k0, NULL, &bad, &out),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_sigma_final_secret((es_hash_alg)0, &k0, NULL, NULL, &out),
	    ESESSION_EUNSUPPORTED);
	ck_assert_status(
	    es_sigma_new_retained_secret(ES_HASH_SHA256, &empty, &out),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_sigma_new_retained_secret((es_hash_alg)0, &k0, &out),
	    ESESSION_EUNSUPPORTED);
	ck_assert_ptr_null(out.data);
	es_secbuf_free(&k0);
}
END_TEST

START_TEST(sas_kat)
{
	/* sigma_kat.py: SAS = sas28x5(SHA256(M_A | form_B | "Short
	 * Authentication String")). */
	size_t m_len = 0;
	uint8_t *m_a = es_test_unhex(KAT_M_A, &m_len);
	char sas[ES_SAS28X5_SIZE];
	ck_assert_status(es_sigma_sas(ES_HASH_SHA256, m_a, m_len,
	                              (const uint8_t *)fx_form_b,
	                              strlen(fx_form_b), sas, sizeof(sas)),
	                 ESESSION_OK);
	ck_assert_str_eq(sas, KAT_SAS);
	ck_assert_status(es_sigma_sas(ES_HASH_SHA256, m_a, m_len,
	                              (const uint8_t *)fx_form_b,
	                              strlen(fx_form_b), sas, 5),
	                 ESESSION_EBUFSIZE);
	free(m_a);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("sigma_kat");
	TCase *tc = tcase_create("kat");
	tcase_add_test(tc, key_lengths_rule);
	tcase_add_loop_test(tc, derive_keys_kat, 0,
	                    (int)ES_ARRAY_LEN(key_kats));
	tcase_add_test(tc, derive_keys_rejects_bad_arguments);
	tcase_add_test(tc, dh_values_commitment_and_k);
	tcase_add_test(tc, commitment_rejects_every_change);
	tcase_add_test(tc, shared_secret_checks_the_peer_value);
	tcase_add_test(tc, mac_a_and_mac_b_kat);
	tcase_add_test(tc, identity_seal_kat);
	tcase_add_test(tc, rshash_and_srshash_kat);
	tcase_add_test(tc, srshash_without_srs_is_random);
	tcase_add_loop_test(tc, final_secret_new_rs_and_keys_kat, 0,
	                    (int)ES_ARRAY_LEN(final_kats));
	tcase_add_test(tc, final_rejects_bad_arguments);
	tcase_add_test(tc, sas_kat);
	suite_add_tcase(s, tc);
	return s;
}
