/*
 * test_ctr.c - CTR ciphers with the XEP-0116/0200 counter.
 *
 * Sources of the expected values:
 *   - AES: NIST SP 800-38A (2001), Appendix F.5.1 (CTR-AES128.Encrypt),
 *     F.5.3 (CTR-AES192.Encrypt), F.5.5 (CTR-AES256.Encrypt).
 *   - Twofish: the Twofish reference package published with the paper
 *     (Schneier et al., "Twofish: A 128-Bit Block Cipher", 1998):
 *     ecb_tbl.txt (KEYSIZE=128/256, I=1, I=2, I=49) and ecb_ival.txt
 *     (256-bit key 0123..EEFF, zero plaintext).
 *   - Serpent: NESSIE test vectors, Serpent-128-128, -192-128, -256-128
 *     ".verified.test-vectors", Set 1 vectors #0 and #1 (the byte order
 *     NESSIE uses).
 *   The block-cipher vectors are ECB values; they are checked through CTR
 *   by using the plaintext block as the counter and encrypting zeros, so
 *   the output is the keystream block CIPHER(key, counter).
 *   - The carried counter, partial blocks and the wrap-around: computed
 *     outside esession with python3 `cryptography` (AES-ECB per counter
 *     value and, as a second route, AES-CTR per message), see
 *     tests/crypto/kat/crypto_b_kat.py:
 *       def xep_ctr(key, c, msg):  # block i uses C+i; partial block = 1
 *           n = (len(msg) + 15) // 16
 *           ks = b"".join(aes_ecb(key, ((c + i) % 2**128).to_bytes(16,
 *                         "big")) for i in range(n))
 *           return xor(msg, ks), (c + n) % 2**128
 */
#include "test_util.h"

#include "ctr.h"

#include <stdlib.h>
#include <string.h>

START_TEST(cipher_names)
{
	static const struct {
		const char *name;
		es_cipher_alg alg;
		size_t key_len;
	} known[] = {
	    {"none", ES_CIPHER_NONE, 0},
	    {"aes128-ctr", ES_CIPHER_AES128_CTR, 16},
	    {"aes192-ctr", ES_CIPHER_AES192_CTR, 24},
	    {"aes256-ctr", ES_CIPHER_AES256_CTR, 32},
	    {"twofish128-ctr", ES_CIPHER_TWOFISH128_CTR, 16},
	    {"twofish256-ctr", ES_CIPHER_TWOFISH256_CTR, 32},
	    {"serpent128-ctr", ES_CIPHER_SERPENT128_CTR, 16},
	    {"serpent192-ctr", ES_CIPHER_SERPENT192_CTR, 24},
	    {"serpent256-ctr", ES_CIPHER_SERPENT256_CTR, 32},
	};
	for (size_t i = 0; i < ES_ARRAY_LEN(known); i++) {
		es_cipher_alg alg = 0;
		ck_assert_status(es_cipher_from_name(known[i].name, &alg),
		                 ESESSION_OK);
		ck_assert_int_eq(alg, known[i].alg);
		ck_assert_str_eq(es_cipher_name(alg), known[i].name);
		ck_assert_uint_eq(es_cipher_key_len(alg), known[i].key_len);
		ck_assert_uint_eq(es_cipher_block_len(alg), 16);
	}
	/* twofish192-ctr: libgcrypt's Twofish has no 192-bit keys. */
	const char *refused[] = {"twofish192-ctr", "aes128-cbc", "AES128-CTR",
	                         "aes128",         "",           "3des-ctr"};
	for (size_t i = 0; i < ES_ARRAY_LEN(refused); i++) {
		es_cipher_alg alg = ES_CIPHER_AES128_CTR;
		ck_assert_status(es_cipher_from_name(refused[i], &alg),
		                 ESESSION_EUNSUPPORTED);
	}
	es_cipher_alg alg;
	ck_assert_status(es_cipher_from_name(NULL, &alg), ESESSION_EINVAL);
	ck_assert_status(es_cipher_from_name("none", NULL), ESESSION_EINVAL);
	ck_assert_ptr_null(es_cipher_name((es_cipher_alg)0));
	ck_assert_uint_eq(es_cipher_key_len((es_cipher_alg)0), 0);
	ck_assert_uint_eq(es_cipher_block_len((es_cipher_alg)0), 0);
}
END_TEST

static es_ctr *open_ctr(es_cipher_alg alg, const char *key_hex,
                        const char *counter_hex)
{
	size_t key_len = 0;
	size_t ctr_len = 0;
	uint8_t *key = es_test_unhex(key_hex, &key_len);
	uint8_t *counter = es_test_unhex(counter_hex, &ctr_len);
	es_ctr *ctx = NULL;
	ck_assert_status(es_ctr_new(&ctx, alg, key, key_len, counter, ctr_len),
	                 ESESSION_OK);
	free(counter);
	free(key);
	return ctx;
}

static void check_counter(const es_ctr *ctx, const char *hex)
{
	uint8_t c[ES_CTR_MAX_BLOCK_LEN];
	ck_assert_status(es_ctr_get_counter(ctx, c, sizeof(c)), ESESSION_OK);
	ck_assert_mem_hex(c, 16, hex);
}

/* NIST SP 800-38A Appendix F.5: the plaintext shared by F.5.1-F.5.6 and the
 * initial counter block. */
static const char sp800_38a_pt[] = "6bc1bee22e409f96e93d7e117393172a"
                                   "ae2d8a571e03ac9c9eb76fac45af8e51"
                                   "30c81c46a35ce411e5fbc1191a0a52ef"
                                   "f69f2445df4f9b17ad2b417be66c3710";
static const char sp800_38a_ctr[] = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

static const struct {
	const char *section;
	es_cipher_alg alg;
	const char *key;
	const char *ct;
} sp800_38a[] = {
    {"F.5.1", ES_CIPHER_AES128_CTR, "2b7e151628aed2a6abf7158809cf4f3c",
     "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
     "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee"},
    {"F.5.3", ES_CIPHER_AES192_CTR,
     "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
     "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e94"
     "1e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050"},
    {"F.5.5", ES_CIPHER_AES256_CTR,
     "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
     "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
     "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6"},
};

START_TEST(aes_ctr_sp800_38a)
{
	size_t len = 0;
	uint8_t *pt = es_test_unhex(sp800_38a_pt, &len);
	uint8_t out[64];

	/* The whole 4-block message at once, out of place. */
	es_ctr *ctx =
	    open_ctr(sp800_38a[_i].alg, sp800_38a[_i].key, sp800_38a_ctr);
	ck_assert_status(es_ctr_encrypt(ctx, out, pt, len), ESESSION_OK);
	ck_assert_msg(len == 64, "plaintext length");
	ck_assert_mem_hex(out, 64, sp800_38a[_i].ct);
	/* Four blocks consumed four counter values. */
	check_counter(ctx, "f0f1f2f3f4f5f6f7f8f9fafbfcfdff03");
	ck_assert_uint_eq(es_ctr_blocks_used(ctx), 4);

	/* Decrypt in place with a second context at the same counter, one
	 * block per message: whole blocks carry the counter exactly like
	 * one long stream. */
	es_ctr *dec =
	    open_ctr(sp800_38a[_i].alg, sp800_38a[_i].key, sp800_38a_ctr);
	for (size_t b = 0; b < 4; b++)
		ck_assert_status(
		    es_ctr_decrypt(dec, out + 16 * b, out + 16 * b, 16),
		    ESESSION_OK);
	ck_assert_mem_eq(out, pt, 64);
	es_ctr_free(dec);
	es_ctr_free(ctx);
	free(pt);
}
END_TEST

/* crypto_b_kat.py: 82 bytes, pt[i] = (7 i + 3) mod 256, cut into messages
 * of 1, 15, 16, 17 and 33 bytes, AES-128 key of F.5.1, C = f0f1..feff. */
static const struct {
	size_t len;
	const char *ct;
	const char *counter_after;
} carried[] = {
    {1, "ef", "f0f1f2f3f4f5f6f7f8f9fafbfcfdff00"},
    {15, "3c3a6423415e65585ae92780a2351f", "f0f1f2f3f4f5f6f7f8f9fafbfcfdff01"},
    {16, "195642f0f71faaeb150671dbd074b998",
     "f0f1f2f3f4f5f6f7f8f9fafbfcfdff02"},
    {17, "0b76c8670ff795d2cf2818eb2252eeb2e3",
     "f0f1f2f3f4f5f6f7f8f9fafbfcfdff04"},
    {33, "02f82c353b9c857e8153713fd33c55d8f10874a6af33df026760bc2f5ddd5e7147",
     "f0f1f2f3f4f5f6f7f8f9fafbfcfdff07"},
};

/* The same 82 bytes as one CTR stream from the same counter. */
static const char long_stream[] =
    "ef86ce6b87465184c9905f25bdc0c4884551fdb4e8e5ccc7b312ce173b9ea672"
    "89c63280878f3a5ba596e12b20842908bbc658f79f87e5425f98a87bb2c21e42"
    "73c79620cb6c7cfa0b6a39878755802e6ba3";

static void make_pattern(uint8_t *pt, size_t len)
{
	for (size_t i = 0; i < len; i++)
		pt[i] = (uint8_t)(7 * i + 3);
}

START_TEST(ctr_counter_carried_across_messages)
{
	uint8_t pt[82];
	uint8_t ct[82];
	make_pattern(pt, sizeof(pt));
	es_ctr *ctx =
	    open_ctr(ES_CIPHER_AES128_CTR, "2b7e151628aed2a6abf7158809cf4f3c",
	             sp800_38a_ctr);
	size_t off = 0;
	uint64_t blocks = 0;
	for (size_t m = 0; m < ES_ARRAY_LEN(carried); m++) {
		size_t n = carried[m].len;
		ck_assert_status(es_ctr_encrypt(ctx, ct + off, pt + off, n),
		                 ESESSION_OK);
		ck_assert_mem_hex(ct + off, n, carried[m].ct);
		check_counter(ctx, carried[m].counter_after);
		/* A partial block consumes a whole counter value. */
		blocks += (n + 15) / 16;
		ck_assert_uint_eq(es_ctr_blocks_used(ctx), blocks);
		off += n;
	}
	ck_assert_uint_eq(blocks, 8);

	/* With partial blocks the messages are NOT one long CTR stream:
	 * the 1-byte message uses block C, and the 15-byte one starts a
	 * fresh block C+1 instead of continuing block C at byte 1. */
	size_t ll = 0;
	uint8_t *stream = es_test_unhex(long_stream, &ll);
	ck_assert_uint_eq(ll, 82);
	ck_assert_uint_eq(ct[0], stream[0]);
	ck_assert_int_ne(memcmp(ct + 1, stream + 1, 15), 0);
	free(stream);
	es_ctr_free(ctx);
}
END_TEST

START_TEST(ctr_block_aligned_messages_equal_one_stream)
{
	uint8_t pt[64];
	uint8_t ct[64];
	make_pattern(pt, sizeof(pt));
	es_ctr *ctx =
	    open_ctr(ES_CIPHER_AES128_CTR, "2b7e151628aed2a6abf7158809cf4f3c",
	             sp800_38a_ctr);
	/* 16 + 32 + 16 bytes, every message a whole number of blocks. */
	ck_assert_status(es_ctr_encrypt(ctx, ct, pt, 16), ESESSION_OK);
	ck_assert_status(es_ctr_encrypt(ctx, ct + 16, pt + 16, 32),
	                 ESESSION_OK);
	ck_assert_status(es_ctr_encrypt(ctx, ct + 48, pt + 48, 16),
	                 ESESSION_OK);
	ck_assert_mem_hex(
	    ct, 64,
	    "ef86ce6b87465184c9905f25bdc0c4884551fdb4e8e5ccc7b312ce"
	    "173b9ea67289c63280878f3a5ba596e12b20842908bbc658f79f87"
	    "e5425f98a87bb2c21e42");
	check_counter(ctx, "f0f1f2f3f4f5f6f7f8f9fafbfcfdff03");
	es_ctr_free(ctx);
}
END_TEST

START_TEST(ctr_counter_wraps_modulo_2n)
{
	uint8_t pt[33];
	uint8_t ct[33];
	make_pattern(pt, sizeof(pt));
	/* C = 2^128 - 1: blocks use ff..ff, 00..00, 00..01. */
	es_ctr *ctx =
	    open_ctr(ES_CIPHER_AES128_CTR, "2b7e151628aed2a6abf7158809cf4f3c",
	             "ffffffffffffffffffffffffffffffff");
	ck_assert_status(es_ctr_encrypt(ctx, ct, pt, 33), ESESSION_OK);
	ck_assert_mem_hex(
	    ct, 33,
	    "89f897195dd1abc03272354a6820cfc00e8dea84952e041795f049"
	    "877ed581b3b4");
	check_counter(ctx, "00000000000000000000000000000002");

	/* es_ctr_advance wraps the same way. */
	uint8_t top[16];
	memset(top, 0xff, sizeof(top));
	top[15] = 0xfe;
	ck_assert_status(es_ctr_set_counter(ctx, top, 16), ESESSION_OK);
	ck_assert_status(es_ctr_advance(ctx, 3), ESESSION_OK);
	check_counter(ctx, "00000000000000000000000000000001");
	/* A carry through several bytes. */
	uint8_t mid[16] = {0};
	mid[13] = 0x01;
	mid[14] = 0xff;
	mid[15] = 0xff;
	ck_assert_status(es_ctr_set_counter(ctx, mid, 16), ESESSION_OK);
	ck_assert_status(es_ctr_advance(ctx, 0x10001), ESESSION_OK);
	check_counter(ctx, "00000000000000000000000000030000");
	es_ctr_free(ctx);
}
END_TEST

START_TEST(ctr_in_place_equals_out_of_place)
{
	uint8_t pt[50];
	uint8_t a[50];
	uint8_t b[50];
	make_pattern(pt, sizeof(pt));
	memcpy(b, pt, sizeof(b));
	es_ctr *x = open_ctr(ES_CIPHER_SERPENT256_CTR,
	                     "000102030405060708090a0b0c0d0e0f"
	                     "101112131415161718191a1b1c1d1e1f",
	                     "00000000000000000000000000000000");
	es_ctr *y = open_ctr(ES_CIPHER_SERPENT256_CTR,
	                     "000102030405060708090a0b0c0d0e0f"
	                     "101112131415161718191a1b1c1d1e1f",
	                     "00000000000000000000000000000000");
	ck_assert_status(es_ctr_encrypt(x, a, pt, sizeof(pt)), ESESSION_OK);
	ck_assert_status(es_ctr_encrypt(y, b, b, sizeof(b)), ESESSION_OK);
	ck_assert_mem_eq(a, b, sizeof(a));
	ck_assert_int_ne(memcmp(a, pt, sizeof(pt)), 0);
	/* Round trip after resetting the counter. */
	uint8_t zero[16] = {0};
	ck_assert_status(es_ctr_set_counter(x, zero, 16), ESESSION_OK);
	ck_assert_status(es_ctr_decrypt(x, a, a, sizeof(a)), ESESSION_OK);
	ck_assert_mem_eq(a, pt, sizeof(pt));
	es_ctr_free(x);
	es_ctr_free(y);
}
END_TEST

/* Published ECB vectors: key, plaintext block (used as the counter),
 * ciphertext block (the expected keystream). */
static const struct {
	const char *source;
	es_cipher_alg alg;
	const char *key;
	const char *pt;
	const char *ct;
} ecb_kat[] = {
    /* Twofish ecb_tbl.txt, KEYSIZE=128 */
    {"twofish ecb_tbl 128 I=1", ES_CIPHER_TWOFISH128_CTR,
     "00000000000000000000000000000000", "00000000000000000000000000000000",
     "9f589f5cf6122c32b6bfec2f2ae8c35a"},
    {"twofish ecb_tbl 128 I=49", ES_CIPHER_TWOFISH128_CTR,
     "bca724a54533c6987e14aa827952f921", "6b459286f3ffd28d49f15b1581b08e42",
     "5d9d4eeffa9151575524f115815a12e0"},
    /* Twofish ecb_tbl.txt, KEYSIZE=256 */
    {"twofish ecb_tbl 256 I=1", ES_CIPHER_TWOFISH256_CTR,
     "0000000000000000000000000000000000000000000000000000000000000000",
     "00000000000000000000000000000000", "57ff739d4dc92c1bd7fc01700cc8216f"},
    {"twofish ecb_tbl 256 I=2", ES_CIPHER_TWOFISH256_CTR,
     "0000000000000000000000000000000000000000000000000000000000000000",
     "57ff739d4dc92c1bd7fc01700cc8216f", "d43bb7556ea32e46f2a282b7d45b4e0d"},
    {"twofish ecb_tbl 256 I=49", ES_CIPHER_TWOFISH256_CTR,
     "248a7f3528b168acfdd1386e3f51e30c2e2158bc3e5fc714c1eeeca0ea696d48",
     "431058f4dbc7f734da4f02f04cc4f459", "37fe26ff1cf66175f5ddf4c33b97a205"},
    /* Twofish ecb_ival.txt, 256-bit key */
    {"twofish ecb_ival 256", ES_CIPHER_TWOFISH256_CTR,
     "0123456789abcdeffedcba987654321000112233445566778899aabbccddeeff",
     "00000000000000000000000000000000", "37527be0052334b89f0cfccae87cfa20"},
    /* NESSIE Serpent, Set 1 */
    {"serpent-128 NESSIE set 1 #0", ES_CIPHER_SERPENT128_CTR,
     "80000000000000000000000000000000", "00000000000000000000000000000000",
     "264e5481eff42a4606abda06c0bfda3d"},
    {"serpent-128 NESSIE set 1 #1", ES_CIPHER_SERPENT128_CTR,
     "40000000000000000000000000000000", "00000000000000000000000000000000",
     "4a231b3bc727993407ac6ec8350e8524"},
    {"serpent-192 NESSIE set 1 #0", ES_CIPHER_SERPENT192_CTR,
     "800000000000000000000000000000000000000000000000",
     "00000000000000000000000000000000", "9e274ead9b737bb21efcfca548602689"},
    {"serpent-256 NESSIE set 1 #0", ES_CIPHER_SERPENT256_CTR,
     "8000000000000000000000000000000000000000000000000000000000000000",
     "00000000000000000000000000000000", "a223aa1288463c0e2be38ebd825616c0"},
};

START_TEST(twofish_serpent_ecb_kat_through_ctr)
{
	es_ctr *ctx =
	    open_ctr(ecb_kat[_i].alg, ecb_kat[_i].key, ecb_kat[_i].pt);
	uint8_t block[16] = {0};
	ck_assert_status(es_ctr_encrypt(ctx, block, block, sizeof(block)),
	                 ESESSION_OK);
	size_t n = 0;
	uint8_t *want = es_test_unhex(ecb_kat[_i].ct, &n);
	ck_assert_msg(n == 16 && memcmp(block, want, 16) == 0, "%s",
	              ecb_kat[_i].source);
	free(want);
	es_ctr_free(ctx);
}
END_TEST

START_TEST(cipher_none_is_identity)
{
	uint8_t pt[40];
	uint8_t out[40];
	make_pattern(pt, sizeof(pt));
	uint8_t c0[16] = {0};
	c0[15] = 0xfe;
	es_ctr *ctx = NULL;
	ck_assert_status(es_ctr_new(&ctx, ES_CIPHER_NONE, NULL, 0, c0, 16),
	                 ESESSION_OK);
	/* XEP-0200: no encryption, the counter moves by 1 per message
	 * whatever its length. */
	ck_assert_status(es_ctr_encrypt(ctx, out, pt, sizeof(pt)), ESESSION_OK);
	ck_assert_mem_eq(out, pt, sizeof(pt));
	check_counter(ctx, "000000000000000000000000000000ff");
	ck_assert_status(es_ctr_decrypt(ctx, out, out, 17), ESESSION_OK);
	ck_assert_mem_eq(out, pt, sizeof(pt));
	check_counter(ctx, "00000000000000000000000000000100");
	ck_assert_status(es_ctr_encrypt(ctx, NULL, NULL, 0), ESESSION_OK);
	check_counter(ctx, "00000000000000000000000000000101");
	ck_assert_uint_eq(es_ctr_blocks_used(ctx), 3);
	/* A key for 'none' is a usage error, not silently ignored. */
	uint8_t key[16] = {0};
	ck_assert_status(es_ctr_rekey(ctx, key, 16), ESESSION_EKEY);
	es_ctr_free(ctx);
	ck_assert_status(es_ctr_new(&ctx, ES_CIPHER_NONE, key, 16, c0, 16),
	                 ESESSION_EKEY);
	ck_assert_ptr_null(ctx);
}
END_TEST

START_TEST(ctr_empty_message_and_rekey)
{
	es_ctr *ctx =
	    open_ctr(ES_CIPHER_AES128_CTR, "2b7e151628aed2a6abf7158809cf4f3c",
	             sp800_38a_ctr);
	/* No block encrypted, no counter value consumed. */
	ck_assert_status(es_ctr_encrypt(ctx, NULL, NULL, 0), ESESSION_OK);
	check_counter(ctx, sp800_38a_ctr);
	ck_assert_uint_eq(es_ctr_blocks_used(ctx), 0);
	/* XEP-0200: a stanza without content increments C by 1. */
	ck_assert_status(es_ctr_advance(ctx, 1), ESESSION_OK);
	check_counter(ctx, "f0f1f2f3f4f5f6f7f8f9fafbfcfdff00");
	ck_assert_uint_eq(es_ctr_blocks_used(ctx), 1);

	/* Rekey to the F.5.5 key keeps the handle and the counter, resets
	 * the block count; the F.5.5 vector then holds again. */
	size_t kl = 0;
	uint8_t *key = es_test_unhex(sp800_38a[2].key, &kl);
	ck_assert_status(es_ctr_rekey(ctx, key, kl), ESESSION_EKEY);
	ck_assert_status(es_ctr_rekey(ctx, key, 16), ESESSION_OK);
	ck_assert_uint_eq(es_ctr_blocks_used(ctx), 0);
	check_counter(ctx, "f0f1f2f3f4f5f6f7f8f9fafbfcfdff00");
	free(key);
	key = es_test_unhex(sp800_38a[0].key, &kl);
	ck_assert_status(es_ctr_rekey(ctx, key, kl), ESESSION_OK);
	size_t cl = 0;
	uint8_t *c = es_test_unhex(sp800_38a_ctr, &cl);
	ck_assert_status(es_ctr_set_counter(ctx, c, cl), ESESSION_OK);
	size_t pl = 0;
	uint8_t *pt = es_test_unhex(sp800_38a_pt, &pl);
	ck_assert_status(es_ctr_encrypt(ctx, pt, pt, 16), ESESSION_OK);
	ck_assert_mem_hex(pt, 16, "874d6191b620e3261bef6864990db6ce");
	free(pt);
	free(c);
	free(key);
	es_ctr_free(ctx);
}
END_TEST

START_TEST(ctr_errors)
{
	uint8_t key[32] = {0};
	uint8_t c[17] = {0};
	es_ctr *ctx = (es_ctr *)&ctx; /* must be cleared on failure */
	ck_assert_status(es_ctr_new(&ctx, (es_cipher_alg)0, key, 16, c, 16),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_ptr_null(ctx);
	ck_assert_status(es_ctr_new(&ctx, ES_CIPHER_AES128_CTR, key, 15, c, 16),
	                 ESESSION_EKEY);
	ck_assert_status(es_ctr_new(&ctx, ES_CIPHER_AES128_CTR, key, 32, c, 16),
	                 ESESSION_EKEY);
	ck_assert_status(es_ctr_new(&ctx, ES_CIPHER_AES128_CTR, key, 16, c, 15),
	                 ESESSION_ECOUNTER);
	ck_assert_status(es_ctr_new(&ctx, ES_CIPHER_AES128_CTR, key, 16, c, 17),
	                 ESESSION_ECOUNTER);
	ck_assert_status(
	    es_ctr_new(&ctx, ES_CIPHER_AES128_CTR, NULL, 16, c, 16),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_ctr_new(&ctx, ES_CIPHER_AES128_CTR, key, 16, NULL, 16),
	    ESESSION_EINVAL);
	ck_assert_status(es_ctr_new(NULL, ES_CIPHER_AES128_CTR, key, 16, c, 16),
	                 ESESSION_EINVAL);
	ck_assert_ptr_null(ctx);

	ck_assert_status(es_ctr_new(&ctx, ES_CIPHER_AES128_CTR, key, 16, c, 16),
	                 ESESSION_OK);
	uint8_t buf[16];
	ck_assert_status(es_ctr_crypt(ctx, NULL, buf, 1), ESESSION_EINVAL);
	ck_assert_status(es_ctr_crypt(ctx, buf, NULL, 1), ESESSION_EINVAL);
	ck_assert_status(es_ctr_crypt(NULL, buf, buf, 1), ESESSION_EINVAL);
	ck_assert_status(es_ctr_set_counter(ctx, c, 15), ESESSION_ECOUNTER);
	ck_assert_status(es_ctr_set_counter(ctx, c, 17), ESESSION_ECOUNTER);
	ck_assert_status(es_ctr_set_counter(ctx, NULL, 16), ESESSION_EINVAL);
	ck_assert_status(es_ctr_get_counter(ctx, buf, 15), ESESSION_EBUFSIZE);
	ck_assert_status(es_ctr_get_counter(ctx, NULL, 16), ESESSION_EINVAL);
	ck_assert_status(es_ctr_get_counter(NULL, buf, 16), ESESSION_EINVAL);
	ck_assert_status(es_ctr_advance(NULL, 1), ESESSION_EINVAL);
	ck_assert_status(es_ctr_rekey(ctx, NULL, 16), ESESSION_EINVAL);
	ck_assert_status(es_ctr_rekey(ctx, key, 24), ESESSION_EKEY);
	/* Failed calls left the counter alone. */
	check_counter(ctx, "00000000000000000000000000000000");
	ck_assert_uint_eq(es_ctr_block_len(ctx), 16);
	ck_assert_uint_eq(es_ctr_block_len(NULL), 0);
	ck_assert_uint_eq(es_ctr_blocks_used(NULL), 0);
	es_ctr_free(ctx);
	es_ctr_free(NULL);
}
END_TEST

START_TEST(responder_counter_flips_top_bit)
{
	/* XEP-0116: C_B = C_A XOR 2^(n-1). */
	uint8_t a[16];
	uint8_t b[16];
	memset(a, 0, sizeof(a));
	ck_assert_status(es_ctr_responder_counter(a, b, 16), ESESSION_OK);
	ck_assert_mem_hex(b, 16, "80000000000000000000000000000000");
	memset(a, 0xff, sizeof(a));
	ck_assert_status(es_ctr_responder_counter(a, b, 16), ESESSION_OK);
	ck_assert_mem_hex(b, 16, "7fffffffffffffffffffffffffffffff");
	/* In place, and twice is the identity. */
	ck_assert_status(es_ctr_responder_counter(b, b, 16), ESESSION_OK);
	ck_assert_mem_eq(a, b, 16);
	ck_assert_status(es_ctr_responder_counter(a, b, 0), ESESSION_ECOUNTER);
	ck_assert_status(es_ctr_responder_counter(NULL, b, 16),
	                 ESESSION_EINVAL);
	ck_assert_status(es_ctr_responder_counter(a, NULL, 16),
	                 ESESSION_EINVAL);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("crypto_ctr");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, cipher_names);
	tcase_add_loop_test(tc, aes_ctr_sp800_38a, 0,
	                    (int)ES_ARRAY_LEN(sp800_38a));
	tcase_add_test(tc, ctr_counter_carried_across_messages);
	tcase_add_test(tc, ctr_block_aligned_messages_equal_one_stream);
	tcase_add_test(tc, ctr_counter_wraps_modulo_2n);
	tcase_add_test(tc, ctr_in_place_equals_out_of_place);
	tcase_add_loop_test(tc, twofish_serpent_ecb_kat_through_ctr, 0,
	                    (int)ES_ARRAY_LEN(ecb_kat));
	tcase_add_test(tc, cipher_none_is_identity);
	tcase_add_test(tc, ctr_empty_message_and_rekey);
	tcase_add_test(tc, ctr_errors);
	tcase_add_test(tc, responder_counter_flips_top_bit);
	suite_add_tcase(s, tc);
	return s;
}
