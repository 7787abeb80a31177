/*
 * cmd_selftest.c - `esession selftest`: run every primitive once on a
 * published (or independently computed) known answer and print one line per
 * check. Exit status 0 when every check passed, 1 otherwise.
 *
 * The values are the same as in the unit tests, where their sources are
 * cited (tests/crypto/test_*.c, tests/crypto/kat/crypto_b_kat.py).
 * Diffie-Hellman and signatures are added by their owners.
 */
#include "commands.h"

#include "base64.h"
#include "ctr.h"
#include "hash.h"
#include "kdf.h"
#include "sas.h"

#include <stdio.h>
#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* True when bytes[0..len) is exactly the lowercase hex string `hex`. */
static bool equals_hex(const uint8_t *bytes, size_t len, const char *hex)
{
	if (strlen(hex) != 2 * len)
		return false;
	for (size_t i = 0; i < len; i++) {
		int hi = hexval(hex[2 * i]);
		int lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0 || bytes[i] != (uint8_t)(hi * 16 + lo))
			return false;
	}
	return true;
}

static int report(const char *name, esession_status st, bool ok)
{
	if (st != ESESSION_OK)
		printf("FAIL %s: %s\n", name, esession_strerror(st));
	else
		printf("%s %s\n", ok ? "ok  " : "FAIL", name);
	return st == ESESSION_OK && ok ? 0 : 1;
}

static int check_hash(const char *name, es_hash_alg alg, const char *msg,
                      const char *hex)
{
	uint8_t out[ES_HASH_MAX_LEN];
	const es_span parts[] = {{(const uint8_t *)msg, strlen(msg)}};
	esession_status st = es_hash(alg, parts, 1, out, sizeof(out));
	return report(name, st,
	              st == ESESSION_OK &&
	                  equals_hex(out, es_hash_len(alg), hex));
}

static int check_hmac(void)
{
	/* RFC 4231 test case 2, through a keyed handle. */
	static const char *mac =
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
	const char *msg = "what do ya want for nothing?";
	uint8_t out[ES_HASH_MAX_LEN];
	es_hmac_ctx *ctx = NULL;
	esession_status st =
	    es_hmac_ctx_new(&ctx, ES_HASH_SHA256, (const uint8_t *)"Jefe", 4);
	if (st == ESESSION_OK)
		st = es_hmac_ctx_update(ctx, (const uint8_t *)msg, strlen(msg));
	if (st == ESESSION_OK)
		st = es_hmac_ctx_final(ctx, out, sizeof(out));
	es_hmac_ctx_free(ctx);
	return report("hmac-sha256 RFC 4231 case 2", st,
	              st == ESESSION_OK && equals_hex(out, 32, mac));
}

static int check_kdf(void)
{
	/* Last 16 bytes of HMAC-SHA256(01..20, "Initiator Cipher Key"). */
	uint8_t k[32];
	for (size_t i = 0; i < sizeof(k); i++)
		k[i] = (uint8_t)(i + 1);
	es_secbuf key = ES_SECBUF_INIT;
	esession_status st =
	    es_kdf_derive(ES_HASH_SHA256, k, sizeof(k),
	                  ES_KDF_LABEL_INITIATOR_CIPHER, 16, &key);
	bool ok =
	    st == ESESSION_OK &&
	    equals_hex(key.data, key.len, "4ebeea5d75ad7a55305149a94180040e");
	es_secbuf_free(&key);
	return report("kdf least significant bytes (XEP-0116)", st, ok);
}

static int check_ctr(const char *name, es_cipher_alg alg, const char *key_hex,
                     const uint8_t *counter, const char *block_hex)
{
	/* One block of zeros through CTR: the keystream CIPHER(key, C). */
	uint8_t key[32];
	size_t key_len = strlen(key_hex) / 2;
	for (size_t i = 0; i < key_len; i++)
		key[i] = (uint8_t)(hexval(key_hex[2 * i]) * 16 +
		                   hexval(key_hex[2 * i + 1]));
	uint8_t block[16] = {0};
	es_ctr *ctx = NULL;
	esession_status st = es_ctr_new(&ctx, alg, key, key_len, counter, 16);
	if (st == ESESSION_OK)
		st = es_ctr_encrypt(ctx, block, block, sizeof(block));
	es_ctr_free(ctx);
	return report(name, st,
	              st == ESESSION_OK && equals_hex(block, 16, block_hex));
}

static int check_ctrs(void)
{
	static const uint8_t sp800_38a_ctr[16] = {
	    0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	    0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff};
	static const uint8_t zero[16] = {0};
	int failed = 0;
	/* SP 800-38A F.5.1: the first plaintext block encrypted in place. */
	uint8_t key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
	                   0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
	uint8_t block[16] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
	                     0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a};
	es_ctr *ctx = NULL;
	esession_status st = es_ctr_new(&ctx, ES_CIPHER_AES128_CTR, key,
	                                sizeof(key), sp800_38a_ctr, 16);
	if (st == ESESSION_OK)
		st = es_ctr_encrypt(ctx, block, block, sizeof(block));
	es_ctr_free(ctx);
	failed |= report(
	    "aes128-ctr SP 800-38A F.5.1", st,
	    st == ESESSION_OK &&
	        equals_hex(block, 16, "874d6191b620e3261bef6864990db6ce"));
	failed |= check_ctr("twofish128 ecb_tbl I=1 via ctr",
	                    ES_CIPHER_TWOFISH128_CTR,
	                    "00000000000000000000000000000000", zero,
	                    "9f589f5cf6122c32b6bfec2f2ae8c35a");
	failed |= check_ctr("twofish256 ecb_tbl I=1 via ctr",
	                    ES_CIPHER_TWOFISH256_CTR,
	                    "0000000000000000000000000000000000000000000000000"
	                    "000000000000000",
	                    zero, "57ff739d4dc92c1bd7fc01700cc8216f");
	failed |= check_ctr("serpent128 NESSIE set 1 #0 via ctr",
	                    ES_CIPHER_SERPENT128_CTR,
	                    "80000000000000000000000000000000", zero,
	                    "264e5481eff42a4606abda06c0bfda3d");
	return failed;
}

static int check_base64(void)
{
	/* RFC 4648 §10. */
	char enc[16];
	uint8_t dec[8];
	size_t dec_len = 0;
	esession_status st = es_base64_encode((const uint8_t *)"fooba", 5, enc,
	                                      sizeof(enc), NULL);
	bool ok = st == ESESSION_OK && strcmp(enc, "Zm9vYmE=") == 0;
	if (st == ESESSION_OK)
		st =
		    es_base64_decode("Zm9vYg==", 8, dec, sizeof(dec), &dec_len);
	ok = ok && st == ESESSION_OK && dec_len == 4 &&
	     memcmp(dec, "foob", 4) == 0;
	int failed = report("base64 RFC 4648 section 10", st, ok);
	/* The strict decoder refuses non-canonical padding bits. */
	st = es_base64_decode("Zh==", 4, dec, sizeof(dec), &dec_len);
	failed |= report("base64 rejects non-canonical \"Zh==\"", ESESSION_OK,
	                 st == ESESSION_EBASE64_NONCANON);
	return failed;
}

static int check_sas(void)
{
	uint8_t m_a[32];
	for (size_t i = 0; i < sizeof(m_a); i++)
		m_a[i] = (uint8_t)i;
	const char *form_b = "<x>2588096";
	char sas[ES_SAS28X5_SIZE];
	esession_status st = es_sas28x5(ES_HASH_SHA256, m_a, sizeof(m_a),
	                                (const uint8_t *)form_b, strlen(form_b),
	                                sas, sizeof(sas));
	return report("sas28x5 (sha256, value 2^24-1)", st,
	              st == ESESSION_OK && strcmp(sas, "9kiui") == 0);
}

int es_cmd_selftest(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: esession selftest\n");
		return 2;
	}
	int failed = 0;
	failed |= check_hash("sha256 FIPS 180-2 \"abc\"", ES_HASH_SHA256, "abc",
	                     "ba7816bf8f01cfea414140de5dae2223"
	                     "b00361a396177a9cb410ff61f20015ad");
	failed |= check_hash("whirlpool ISO/IEC 10118-3 \"abc\"",
	                     ES_HASH_WHIRLPOOL, "abc",
	                     "4e2448a4c6f486bb16b6562c73b4020bf3043e3a731bce72"
	                     "1ae1b303d97e6d4c7181eebdb6c57e277d0e34957114cbd6"
	                     "c797fc9d95d8b582d225292076d4eef5");
	failed |= check_hmac();
	failed |= check_kdf();
	failed |= check_ctrs();
	failed |= check_base64();
	failed |= check_sas();
	printf("%s\n", failed ? "selftest FAILED" : "selftest passed");
	return failed ? 1 : 0;
}
