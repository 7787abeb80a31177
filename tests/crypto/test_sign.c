/*
 * test_sign.c - rsa-sha256 and dsa-sha256 (XEP-0116 §"Key Signing
 * Algorithms"): known signatures from an independent implementation,
 * sign/verify round trips, tampering, malformed keys.
 *
 * The keys (tests/pubkey/pubkey_test_keys.h, and the DSA224 key below) and
 * the signatures below were generated ONCE with Python's
 * `cryptography` package (the 2048/224 DSA key with OpenSSL) by
 * tests/crypto/kat/sign_keys.py; `python3 tests/crypto/kat/sign_keys.py
 * --check` re-verifies every signature here with `cryptography`. They are
 * test keys only. MSG is the signed 32-octet string (a stand-in for an
 * HMAC result mac_A).
 */
#include "test_util.h"

/* RSA_*, DSA_* (the 2048/256 domain) and DSA2_*: the fixed test keys. */
#include "../pubkey/pubkey_test_keys.h"

#include "close_random.h"
#include "mpi.h"
#include "sign.h"

#include <stdlib.h>
#include <string.h>

#define MSG "6d61635f410000000000000000000000ffffffffffffffffffffffffffffffff"

#define RSA_SIG                                                            \
	"138e4f5ed9b704bb0a0a6660b0f171cac8a5b06f6233d2243679d2b7efb0d185" \
	"20e6490f032cdc3502cf2250a17b00cffa36f6764657406181ada21bfd7148f3" \
	"e5b23f60ed1e6b45812589804648a33f2d3bdda01b4676ebe3c32799ff635855" \
	"66bc3aa1642114bfff52ce421683a6875ea0060321bbf7600573864b0008045d" \
	"7c3093504b48e5660c874da0952c79705aba802098723fdf03e5549d19015edf" \
	"f8f04c2a3cc063cf6ea0b8468d1a7984827ff17bc7b12590ff2a861258451aa5" \
	"e91d53b7e9a046fd92524ccbc9101a4108428c69b2a490b70403214f6574b811" \
	"4318793e437b8831ac0dd967ff15c255a786bc35915e36d2996c521c7f58e2cb"

#define DSA_SIG                                                            \
	"2b8af14b02b8ec55b067cef2d07dc0107f988fba5407a11549d0f7a61891924f" \
	"555dfe3e177655847bb7a116ab652e78a63531205191da197355a7b83493b480"

#define DSA2_SIG                                                           \
	"58216b80d79c83e416e0b963bbd82cee8f43dd95b7fe87664896a2829ff7f683" \
	"4c9a6c50501af6b4915b65c222ac50af70ed39d752dc1ebf475bb58b7401db5d"

#define DSA224_P                                                           \
	"cf954bccdacd5a76ef8d4f2b368acd791875f7d5b6d16ba04a9d616716c0781d" \
	"4e834c3fa6e5982e6117d81c34194e3a0167b1b3f096358388a54e6d6c229b09" \
	"796d65fb5496192be384e63fe5e40b18c29877875d2be4bf597a2d6416e18924" \
	"39428136e6da8eb642b52d200ce4b72e169e716d0b294c79d6758c47f24990a5" \
	"092e38cd8fd8165052eed975f0c3c2352eb3ae248a390f3057518462fccaf170" \
	"73e4b99c7f86f24a4e76e46ae2e0d93df7d255c10c93b709fcb5924674440838" \
	"10a94c7e35bb677aa10ef4cb6e5f1e82f83d08675ff587e3b21b90f64d6b1af0" \
	"9d37350efa3b0b75ecde41f16493401751e46236ea31bacc5b5b142e00d6d855"

#define DSA224_Q "8481a01a118bc370003ec17440dadf64e88bfe94ca92c01d435c01e5"

#define DSA224_G                                                           \
	"88276c7ee2cf5a7416d2b0723b4c53bf81bd5a9f09057e4f601177477326a6e3" \
	"ba33d6e1e9ac7c8ca8a955244344142b87d77155e6f161da50ae501eb1fce11d" \
	"a885cec6068bbda8fbf75ebebe9bea7e2953f41edcdec266f2aac986494a4e82" \
	"f3662d352ffd06e5d94a9c2292f9e47d52cc0634a6af644683be00742be33a3f" \
	"bdc3ed68336dc5ad39a117ef6ddf5e12e1917a0c625b9359bfda21a9e20a579f" \
	"b085c35ace8ffe9d558977385809a9a0e79c680bfd4424506183407c4e8debe1" \
	"61e72dd195970f0ab9fd6cbd37c7a77a07183990bf20985581856e2f5aa42ef0" \
	"54c1ea590e760621be38886dd8e3e4cf48dc495ebdae4529f07b12c596d2901c"

#define DSA224_Y                                                           \
	"b4f7dbc0cdd1013051e35fd9a75e3ea3f039fac7be1fb2dfb4314db6bf893460" \
	"ec72ee227b11b7873025011cfac905d132f7b6ac855083fd43e44016114325be" \
	"77d4b1b878241803036cbb4b72eb5871bfc3b8c6d6febee325bc72c2fd5fd740" \
	"da409d8b16cb6cfde69e59482c165cf084676b37ac563f58ec8512ec1c22669b" \
	"14152abc8a419d8cccebb78a3c4680c90cfb9290fa8f7f8f0749a58aac563992" \
	"62536b04a19b0a3f1e391905238d5ce4cc02b17cbff1071de7696290a751fb3a" \
	"e9ca94069272ef4642763b094cffadadd8bf5613780d3074a299f065e40b7e57" \
	"0f299d472888c545dd172c9cee3c2da32c040d860686da92ca086370d4eb0a6e"

#define DSA224_X "5e9319e524a1229ef1f6b89d861f703a704229dc2171088baf9c9347"

#define DSA224_SIG                                                         \
	"74395f06383efa81db877a9b3f32e32b06d225f4fcf3b09f88b060300f1ad545" \
	"97967fdcf85da76825a3d7a5d3f736124b371b753a79574d"

/* Decoded hex strings live until the end of the test (freed by
 * free_all()). */
static uint8_t *owned[64];
static size_t n_owned;

static es_bytes hexb(const char *hex)
{
	size_t len = 0;
	uint8_t *b = es_test_unhex(hex, &len);
	ck_assert_uint_lt(n_owned, sizeof owned / sizeof owned[0]);
	owned[n_owned++] = b;
	return (es_bytes){b, len};
}

static void free_all(void)
{
	for (size_t i = 0; i < n_owned; i++)
		free(owned[i]);
	n_owned = 0;
}

static es_rsa_parts rsa_public_parts(void)
{
	es_rsa_parts parts = {0};
	parts.n = hexb(RSA_N);
	parts.e = hexb(RSA_E);
	return parts;
}

static es_rsa_parts rsa_private_parts(void)
{
	es_rsa_parts parts = rsa_public_parts();
	parts.d = hexb(RSA_D);
	parts.p = hexb(RSA_P);
	parts.q = hexb(RSA_Q);
	parts.u = hexb(RSA_U);
	return parts;
}

static es_dsa_parts dsa_parts(const char *y, const char *x)
{
	es_dsa_parts parts = {0};
	parts.p = hexb(DSA_P);
	parts.q = hexb(DSA_Q);
	parts.g = hexb(DSA_G);
	parts.y = hexb(y);
	if (x != NULL)
		parts.x = hexb(x);
	return parts;
}

static es_sign_key *rsa_key(const es_rsa_parts *parts)
{
	es_sign_key *key = NULL;
	ck_assert_status(es_sign_key_from_rsa(&key, parts), ESESSION_OK);
	return key;
}

static es_sign_key *dsa_key(const es_dsa_parts *parts)
{
	es_sign_key *key = NULL;
	ck_assert_status(es_sign_key_from_dsa(&key, parts), ESESSION_OK);
	return key;
}

static void teardown(void)
{
	free_all();
}

START_TEST(rsa_verifies_python_signature)
{
	es_rsa_parts parts = rsa_public_parts();
	es_sign_key *key = rsa_key(&parts);
	ck_assert(!es_sign_key_has_private(key));
	ck_assert_int_eq(es_sign_key_alg(key), ES_SIGN_RSA_SHA256);
	ck_assert_uint_eq(es_sign_key_bits(key), 2048);
	ck_assert_uint_eq(es_sign_signature_len(key), 256);
	es_bytes msg = hexb(MSG), sig = hexb(RSA_SIG);
	ck_assert_status(
	    es_sign_verify(key, msg.data, msg.len, sig.data, sig.len),
	    ESESSION_OK);
	es_sign_key_free(key);
}
END_TEST

/* RSASSA-PKCS1-v1_5 is deterministic: our signature equals Python's. */
START_TEST(rsa_signature_equals_python)
{
	es_rsa_parts parts = rsa_private_parts();
	es_sign_key *key = rsa_key(&parts);
	ck_assert(es_sign_key_has_private(key));
	es_bytes msg = hexb(MSG);
	uint8_t sig[256];
	size_t len = 0;
	ck_assert_status(
	    es_sign_create(key, msg.data, msg.len, sig, sizeof sig, &len),
	    ESESSION_OK);
	ck_assert_mem_hex(sig, len, RSA_SIG);

	/* u is optional: recomputed when absent. */
	parts.u = (es_bytes){NULL, 0};
	es_sign_key *no_u = rsa_key(&parts);
	ck_assert_status(
	    es_sign_create(no_u, msg.data, msg.len, sig, sizeof sig, &len),
	    ESESSION_OK);
	ck_assert_mem_hex(sig, len, RSA_SIG);

	/* p and q in either order. */
	es_bytes p = parts.p;
	parts.p = parts.q;
	parts.q = p;
	es_sign_key *swapped = rsa_key(&parts);
	ck_assert_status(
	    es_sign_create(swapped, msg.data, msg.len, sig, sizeof sig, &len),
	    ESESSION_OK);
	ck_assert_mem_hex(sig, len, RSA_SIG);

	ck_assert_status(
	    es_sign_create(key, msg.data, msg.len, sig, sizeof sig - 1, &len),
	    ESESSION_EBUFSIZE);
	ck_assert_uint_eq(len, 0);
	es_sign_key_free(key);
	es_sign_key_free(no_u);
	es_sign_key_free(swapped);
}
END_TEST

START_TEST(dsa_verifies_python_signatures)
{
	es_bytes msg = hexb(MSG);
	es_dsa_parts parts = dsa_parts(DSA_Y, NULL);
	es_sign_key *key = dsa_key(&parts);
	ck_assert_int_eq(es_sign_key_alg(key), ES_SIGN_DSA_SHA256);
	ck_assert_uint_eq(es_sign_key_bits(key), 2048);
	ck_assert_uint_eq(es_sign_signature_len(key), 64);
	es_bytes sig = hexb(DSA_SIG);
	ck_assert_status(
	    es_sign_verify(key, msg.data, msg.len, sig.data, sig.len),
	    ESESSION_OK);

	/* 2048/224: SHA-256 truncated to q's 224 bits, r and s 28 octets. */
	es_dsa_parts p224 = {0};
	p224.p = hexb(DSA224_P);
	p224.q = hexb(DSA224_Q);
	p224.g = hexb(DSA224_G);
	p224.y = hexb(DSA224_Y);
	es_sign_key *key224 = dsa_key(&p224);
	ck_assert_uint_eq(es_sign_signature_len(key224), 56);
	es_bytes sig224 = hexb(DSA224_SIG);
	ck_assert_status(
	    es_sign_verify(key224, msg.data, msg.len, sig224.data, sig224.len),
	    ESESSION_OK);
	/* Same message, other key: refused. */
	ck_assert_status(
	    es_sign_verify(key224, msg.data, msg.len, sig.data, sig.len),
	    ESESSION_ESIGNATURE);
	es_sign_key_free(key);
	es_sign_key_free(key224);
}
END_TEST

/* Sign then verify; DSA signatures are deterministic (RFC 6979). */
START_TEST(dsa_round_trip)
{
	es_bytes msg = hexb(MSG);
	es_dsa_parts parts = dsa_parts(DSA_Y, DSA_X);
	es_sign_key *key = dsa_key(&parts);
	uint8_t a[64], b[64];
	size_t a_len = 0, b_len = 0;
	ck_assert_status(
	    es_sign_create(key, msg.data, msg.len, a, sizeof a, &a_len),
	    ESESSION_OK);
	ck_assert_uint_eq(a_len, 64);
	ck_assert_status(
	    es_sign_create(key, msg.data, msg.len, b, sizeof b, &b_len),
	    ESESSION_OK);
	ck_assert_mem_eq(a, b, sizeof a);
	ck_assert_status(es_sign_verify(key, msg.data, msg.len, a, a_len),
	                 ESESSION_OK);

	/* The public half alone verifies it too. */
	es_dsa_parts pub_parts = dsa_parts(DSA_Y, NULL);
	es_sign_key *pub = dsa_key(&pub_parts);
	ck_assert_status(es_sign_verify(pub, msg.data, msg.len, a, a_len),
	                 ESESSION_OK);
	ck_assert_status(
	    es_sign_create(pub, msg.data, msg.len, b, sizeof b, &b_len),
	    ESESSION_EKEY);

	/* The empty message is a message. */
	ck_assert_status(es_sign_create(key, NULL, 0, b, sizeof b, &b_len),
	                 ESESSION_OK);
	ck_assert_status(es_sign_verify(pub, NULL, 0, b, b_len), ESESSION_OK);
	ck_assert_status(es_sign_verify(pub, msg.data, msg.len, b, b_len),
	                 ESESSION_ESIGNATURE);

	/* 2048/224 private key: round trip with 28-octet halves. */
	es_dsa_parts p224 = {0};
	p224.p = hexb(DSA224_P);
	p224.q = hexb(DSA224_Q);
	p224.g = hexb(DSA224_G);
	p224.y = hexb(DSA224_Y);
	p224.x = hexb(DSA224_X);
	es_sign_key *key224 = dsa_key(&p224);
	ck_assert_status(
	    es_sign_create(key224, msg.data, msg.len, a, sizeof a, &a_len),
	    ESESSION_OK);
	ck_assert_uint_eq(a_len, 56);
	ck_assert_status(es_sign_verify(key224, msg.data, msg.len, a, a_len),
	                 ESESSION_OK);
	es_sign_key_free(key);
	es_sign_key_free(pub);
	es_sign_key_free(key224);
}
END_TEST

/* One bit flipped anywhere in the message or the signature value. */
static void assert_flips_refused(es_sign_key *key, const char *sig_hex)
{
	es_bytes msg = hexb(MSG), sig = hexb(sig_hex);
	uint8_t m[32], s[257]; /* room for one octet too many */
	ck_assert_uint_eq(msg.len, sizeof m);
	ck_assert_uint_le(sig.len, sizeof s);
	for (size_t bit = 0; bit < 8 * msg.len; bit += 5) {
		memcpy(m, msg.data, msg.len);
		m[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		ck_assert_status(
		    es_sign_verify(key, m, msg.len, sig.data, sig.len),
		    ESESSION_ESIGNATURE);
	}
	for (size_t bit = 0; bit < 8 * sig.len; bit += 37) {
		memcpy(s, sig.data, sig.len);
		s[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		ck_assert_status(
		    es_sign_verify(key, msg.data, msg.len, s, sig.len),
		    ESESSION_ESIGNATURE);
	}
	/* Wrong lengths. */
	memcpy(s, sig.data, sig.len);
	ck_assert_status(es_sign_verify(key, msg.data, msg.len, s, sig.len - 1),
	                 ESESSION_ESIGNATURE);
	s[sig.len] = 0;
	ck_assert_status(es_sign_verify(key, msg.data, msg.len, s, sig.len + 1),
	                 ESESSION_ESIGNATURE);
	ck_assert_status(es_sign_verify(key, msg.data, msg.len, NULL, 0),
	                 ESESSION_ESIGNATURE);
	/* The genuine one still verifies (the test can tell). */
	ck_assert_status(
	    es_sign_verify(key, msg.data, msg.len, sig.data, sig.len),
	    ESESSION_OK);
}

START_TEST(rsa_tampering_refused)
{
	es_rsa_parts parts = rsa_public_parts();
	es_sign_key *key = rsa_key(&parts);
	assert_flips_refused(key, RSA_SIG);

	/* s >= n: the modulus itself as the signature value. */
	es_bytes msg = hexb(MSG);
	ck_assert_status(
	    es_sign_verify(key, msg.data, msg.len, parts.n.data, parts.n.len),
	    ESESSION_ESIGNATURE);
	uint8_t zero[256] = {0};
	ck_assert_status(
	    es_sign_verify(key, msg.data, msg.len, zero, sizeof zero),
	    ESESSION_ESIGNATURE);

	/* A bit of the key flipped (a middle bit of n: still odd, still
	 * 2048 bits): the key is well-formed, the signature is not its. */
	uint8_t n[256];
	memcpy(n, parts.n.data, sizeof n);
	n[100] ^= 0x10;
	es_rsa_parts other = parts;
	other.n = (es_bytes){n, sizeof n};
	es_sign_key *flipped = rsa_key(&other);
	es_bytes sig = hexb(RSA_SIG);
	ck_assert_status(
	    es_sign_verify(flipped, msg.data, msg.len, sig.data, sig.len),
	    ESESSION_ESIGNATURE);
	es_sign_key_free(flipped);
	es_sign_key_free(key);
}
END_TEST

START_TEST(dsa_tampering_refused)
{
	es_dsa_parts parts = dsa_parts(DSA_Y, NULL);
	es_sign_key *key = dsa_key(&parts);
	assert_flips_refused(key, DSA_SIG);

	/* The other key of the same domain: well-formed, not the signer. */
	es_bytes msg = hexb(MSG), sig = hexb(DSA_SIG);
	es_dsa_parts parts2 = dsa_parts(DSA2_Y, NULL);
	es_sign_key *key2 = dsa_key(&parts2);
	ck_assert_status(
	    es_sign_verify(key2, msg.data, msg.len, sig.data, sig.len),
	    ESESSION_ESIGNATURE);
	es_bytes sig2 = hexb(DSA2_SIG);
	ck_assert_status(
	    es_sign_verify(key2, msg.data, msg.len, sig2.data, sig2.len),
	    ESESSION_OK);

	/* r = 0, s = 0, r = q, s = q: outside 0 < r, s < q. */
	uint8_t s[64];
	es_bytes q = hexb(DSA_Q);
	ck_assert_uint_eq(q.len, 32);
	for (int c = 0; c < 4; c++) {
		memcpy(s, sig.data, sizeof s);
		uint8_t *half = s + (c % 2 ? 32 : 0);
		if (c < 2)
			memset(half, 0, 32);
		else
			memcpy(half, q.data, 32);
		ck_assert_status(
		    es_sign_verify(key, msg.data, msg.len, s, sizeof s),
		    ESESSION_ESIGNATURE);
	}

	/* y with one bit flipped is no longer in the order-q subgroup: the
	 * key itself is refused. */
	uint8_t y[256];
	ck_assert_uint_eq(parts.y.len, sizeof y);
	memcpy(y, parts.y.data, sizeof y);
	y[128] ^= 0x01;
	es_dsa_parts bad = parts;
	bad.y = (es_bytes){y, sizeof y};
	es_sign_key *k = NULL;
	ck_assert_status(es_sign_key_from_dsa(&k, &bad), ESESSION_EKEY);
	ck_assert_ptr_null(k);
	es_sign_key_free(key);
	es_sign_key_free(key2);
}
END_TEST

/* Copy of b with a modification, kept until the end of the test. */
static es_bytes edited(es_bytes b, size_t at, uint8_t xor_mask)
{
	uint8_t *c = malloc(b.len + 1);
	ck_assert_ptr_nonnull(c);
	memcpy(c, b.data, b.len);
	if (at < b.len)
		c[at] ^= xor_mask;
	ck_assert_uint_lt(n_owned, sizeof owned / sizeof owned[0]);
	owned[n_owned++] = c;
	return (es_bytes){c, b.len};
}

static es_bytes with_leading_zero(es_bytes b)
{
	uint8_t *c = malloc(b.len + 1);
	ck_assert_ptr_nonnull(c);
	c[0] = 0;
	memcpy(c + 1, b.data, b.len);
	ck_assert_uint_lt(n_owned, sizeof owned / sizeof owned[0]);
	owned[n_owned++] = c;
	return (es_bytes){c, b.len + 1};
}

/* a + b as a canonical octet string, kept until the end of the test. */
static es_bytes sum_of(es_bytes a, es_bytes b)
{
	gcry_mpi_t va = NULL, vb = NULL;
	ck_assert_status(es_mpi_decode(&va, a.data, a.len), ESESSION_OK);
	ck_assert_status(es_mpi_decode(&vb, b.data, b.len), ESESSION_OK);
	gcry_mpi_add(va, va, vb);
	size_t cap = (a.len > b.len ? a.len : b.len) + 1, len = 0;
	uint8_t *c = malloc(cap);
	ck_assert_ptr_nonnull(c);
	ck_assert_status(es_mpi_encode(va, c, cap, &len), ESESSION_OK);
	gcry_mpi_release(va);
	gcry_mpi_release(vb);
	ck_assert_uint_lt(n_owned, sizeof owned / sizeof owned[0]);
	owned[n_owned++] = c;
	return (es_bytes){c, len};
}

static void assert_rsa_refused(const es_rsa_parts *parts)
{
	es_sign_key *key = NULL;
	ck_assert_status(es_sign_key_from_rsa(&key, parts), ESESSION_EKEY);
	ck_assert_ptr_null(key);
}

START_TEST(rsa_malformed_keys)
{
	const es_rsa_parts good = rsa_private_parts();
	es_rsa_parts k;
	static const uint8_t one[] = {0x01}, two[] = {0x02};

	k = good; /* n with a leading zero octet */
	k.n = with_leading_zero(good.n);
	assert_rsa_refused(&k);
	k = good; /* empty n */
	k.n = (es_bytes){NULL, 0};
	assert_rsa_refused(&k);
	k = good; /* even n */
	k.n = edited(good.n, good.n.len - 1, 0x01);
	assert_rsa_refused(&k);
	k = rsa_public_parts(); /* 1024-bit modulus */
	k.n.len = 128;
	k.n = edited(k.n, 127, (uint8_t)(~k.n.data[127] & 0x01));
	assert_rsa_refused(&k);
	k = good; /* e = 1 */
	k.e = (es_bytes){one, 1};
	assert_rsa_refused(&k);
	k = good; /* e even */
	k.e = (es_bytes){two, 1};
	assert_rsa_refused(&k);
	k = good; /* e >= n */
	k.e = good.n;
	assert_rsa_refused(&k);
	k = good; /* partial private part */
	k.p = (es_bytes){NULL, 0};
	assert_rsa_refused(&k);
	k = rsa_public_parts(); /* u alone */
	k.u = good.u;
	assert_rsa_refused(&k);
	k = good; /* p * q != n */
	k.p = edited(good.p, good.p.len - 1, 0x02);
	assert_rsa_refused(&k);
	k = good; /* wrong coefficient */
	k.u = edited(good.u, good.u.len - 1, 0x04);
	assert_rsa_refused(&k);
	k = good; /* u + p: the right residue, but not below p */
	k.u = sum_of(good.u, good.p);
	assert_rsa_refused(&k);
	k = good; /* d that does not match e: the pairwise test fails */
	k.d = edited(good.d, good.d.len - 1, 0x02);
	assert_rsa_refused(&k);
	k = good; /* n longer than 8192 bits: refused before decoding */
	uint8_t *huge = calloc(1025, 1);
	ck_assert_ptr_nonnull(huge);
	huge[0] = 0x01;
	huge[1024] = 0x01;
	owned[n_owned++] = huge;
	k.n = (es_bytes){huge, 1025};
	assert_rsa_refused(&k);
	k = good; /* d with a leading zero octet */
	k.d = with_leading_zero(good.d);
	assert_rsa_refused(&k);

	es_sign_key *key = NULL;
	ck_assert_status(es_sign_key_from_rsa(&key, NULL), ESESSION_EINVAL);
	ck_assert_status(es_sign_key_from_rsa(NULL, &good), ESESSION_EINVAL);
}
END_TEST

static void assert_dsa_refused(const es_dsa_parts *parts)
{
	es_sign_key *key = NULL;
	ck_assert_status(es_sign_key_from_dsa(&key, parts), ESESSION_EKEY);
	ck_assert_ptr_null(key);
}

START_TEST(dsa_malformed_keys)
{
	const es_dsa_parts good = dsa_parts(DSA_Y, DSA_X);
	es_dsa_parts k;
	static const uint8_t one[] = {0x01};

	k = good; /* q of another domain: q does not divide p - 1 */
	k.q = hexb(DSA224_Q);
	assert_dsa_refused(&k);
	k = good; /* q with a leading zero octet */
	k.q = with_leading_zero(good.q);
	assert_dsa_refused(&k);
	k = good; /* q not prime (and not dividing p - 1) */
	k.q = edited(good.q, 0, 0x01);
	assert_dsa_refused(&k);
	k = good; /* g = 1 */
	k.g = (es_bytes){one, 1};
	assert_dsa_refused(&k);
	k = good; /* g = p - 1 (p is odd: clear the low bit) */
	k.g = edited(good.p, good.p.len - 1, 0x01);
	assert_dsa_refused(&k);
	k = good; /* y = 1 */
	k.y = (es_bytes){one, 1};
	assert_dsa_refused(&k);
	k = good; /* x of the other key */
	k.x = hexb(DSA2_X);
	assert_dsa_refused(&k);
	k = good; /* x = q: outside 0 < x < q */
	k.x = good.q;
	assert_dsa_refused(&k);
	k = good; /* x with a leading zero octet */
	k.x = with_leading_zero(good.x);
	assert_dsa_refused(&k);
	k = good; /* p of the other domain: q does not divide p - 1 */
	k.p = hexb(DSA224_P);
	assert_dsa_refused(&k);
	k = good; /* p truncated to 1024 bits */
	k.p.len = 128;
	assert_dsa_refused(&k);

	es_sign_key *key = NULL;
	ck_assert_status(es_sign_key_from_dsa(&key, NULL), ESESSION_EINVAL);
}
END_TEST

static void assert_part_hex(const es_sign_key *key, es_key_part part,
                            const char *hex)
{
	es_secbuf out = ES_SECBUF_INIT;
	ck_assert_status(es_sign_key_part(key, part, &out), ESESSION_OK);
	ck_assert_mem_hex(out.data, out.len, hex);
	es_secbuf_free(&out);
}

START_TEST(key_parts_exported)
{
	es_rsa_parts parts = rsa_private_parts();
	es_sign_key *key = rsa_key(&parts);
	assert_part_hex(key, ES_KEY_RSA_N, RSA_N);
	assert_part_hex(key, ES_KEY_RSA_E, RSA_E);
	assert_part_hex(key, ES_KEY_RSA_D, RSA_D);
	/* P is the smaller prime, and U = Q^-1 mod P for the exported
	 * pair: check with libgcrypt arithmetic. */
	es_secbuf p = ES_SECBUF_INIT, q = ES_SECBUF_INIT, u = ES_SECBUF_INIT;
	ck_assert_status(es_sign_key_part(key, ES_KEY_RSA_P, &p), ESESSION_OK);
	ck_assert_status(es_sign_key_part(key, ES_KEY_RSA_Q, &q), ESESSION_OK);
	ck_assert_status(es_sign_key_part(key, ES_KEY_RSA_U, &u), ESESSION_OK);
	gcry_mpi_t mp = NULL, mq = NULL, mu = NULL, in_p = NULL;
	ck_assert_status(es_mpi_decode(&mp, p.data, p.len), ESESSION_OK);
	ck_assert_status(es_mpi_decode(&mq, q.data, q.len), ESESSION_OK);
	ck_assert_status(es_mpi_decode(&mu, u.data, u.len), ESESSION_OK);
	ck_assert_int_lt(gcry_mpi_cmp(mp, mq), 0);
	ck_assert_status(es_mpi_decode(&in_p, parts.p.data, parts.p.len),
	                 ESESSION_OK);
	ck_assert(gcry_mpi_cmp(in_p, mp) == 0 || gcry_mpi_cmp(in_p, mq) == 0);
	gcry_mpi_mulm(in_p, mu, mq, mp);
	ck_assert_int_eq(gcry_mpi_cmp_ui(in_p, 1), 0);
	gcry_mpi_release(mp);
	gcry_mpi_release(mq);
	gcry_mpi_release(mu);
	gcry_mpi_release(in_p);
	es_secbuf_free(&p);
	es_secbuf_free(&q);
	es_secbuf_free(&u);

	es_secbuf out = ES_SECBUF_INIT;
	ck_assert_status(es_sign_key_part(key, ES_KEY_DSA_P, &out),
	                 ESESSION_EINVAL);
	es_sign_key_free(key);

	es_rsa_parts pub_parts = rsa_public_parts();
	es_sign_key *pub = rsa_key(&pub_parts);
	ck_assert_status(es_sign_key_part(pub, ES_KEY_RSA_D, &out),
	                 ESESSION_EKEY);
	ck_assert_status(es_sign_key_part(pub, ES_KEY_RSA_U, &out),
	                 ESESSION_EKEY);
	ck_assert_ptr_null(out.data);
	es_sign_key_free(pub);

	es_dsa_parts dparts = dsa_parts(DSA_Y, DSA_X);
	es_sign_key *dkey = dsa_key(&dparts);
	assert_part_hex(dkey, ES_KEY_DSA_P, DSA_P);
	assert_part_hex(dkey, ES_KEY_DSA_Q, DSA_Q);
	assert_part_hex(dkey, ES_KEY_DSA_G, DSA_G);
	assert_part_hex(dkey, ES_KEY_DSA_Y, DSA_Y);
	assert_part_hex(dkey, ES_KEY_DSA_X, DSA_X);
	ck_assert_status(es_sign_key_part(dkey, ES_KEY_RSA_N, &out),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sign_key_part(dkey, (es_key_part)99, &out),
	                 ESESSION_EINVAL);
	es_sign_key_free(dkey);
	es_sign_key_free(NULL);
}
END_TEST

/* A generated key signs, and its exported public half verifies. */
static void assert_generated_key_works(es_sign_alg alg, unsigned bits)
{
	es_sign_key *key = NULL;
	ck_assert_status(es_sign_key_generate(&key, alg, bits), ESESSION_OK);
	ck_assert(es_sign_key_has_private(key));
	ck_assert_int_eq(es_sign_key_alg(key), alg);
	ck_assert_uint_eq(es_sign_key_bits(key), bits);
	es_bytes msg = hexb(MSG);
	uint8_t sig[512];
	size_t len = 0;
	ck_assert_status(
	    es_sign_create(key, msg.data, msg.len, sig, sizeof sig, &len),
	    ESESSION_OK);
	ck_assert_uint_eq(len, es_sign_signature_len(key));

	es_secbuf part[4] = {ES_SECBUF_INIT, ES_SECBUF_INIT, ES_SECBUF_INIT,
	                     ES_SECBUF_INIT};
	es_sign_key *pub = NULL;
	if (alg == ES_SIGN_RSA_SHA256) {
		ck_assert_uint_eq(len, bits / 8);
		ck_assert_status(es_sign_key_part(key, ES_KEY_RSA_N, &part[0]),
		                 ESESSION_OK);
		ck_assert_status(es_sign_key_part(key, ES_KEY_RSA_E, &part[1]),
		                 ESESSION_OK);
		ck_assert_mem_hex(part[1].data, part[1].len, "010001");
		es_rsa_parts parts = {0};
		parts.n = (es_bytes){part[0].data, part[0].len};
		parts.e = (es_bytes){part[1].data, part[1].len};
		pub = rsa_key(&parts);
	} else {
		ck_assert_uint_eq(len, 64); /* q of 256 bits */
		const es_key_part which[4] = {ES_KEY_DSA_P, ES_KEY_DSA_Q,
		                              ES_KEY_DSA_G, ES_KEY_DSA_Y};
		for (size_t i = 0; i < 4; i++)
			ck_assert_status(
			    es_sign_key_part(key, which[i], &part[i]),
			    ESESSION_OK);
		ck_assert_uint_eq(part[1].len, 32);
		es_dsa_parts parts = {0};
		parts.p = (es_bytes){part[0].data, part[0].len};
		parts.q = (es_bytes){part[1].data, part[1].len};
		parts.g = (es_bytes){part[2].data, part[2].len};
		parts.y = (es_bytes){part[3].data, part[3].len};
		pub = dsa_key(&parts);
	}
	ck_assert(!es_sign_key_has_private(pub));
	ck_assert_status(es_sign_verify(pub, msg.data, msg.len, sig, len),
	                 ESESSION_OK);
	sig[len / 2] ^= 0x40;
	ck_assert_status(es_sign_verify(pub, msg.data, msg.len, sig, len),
	                 ESESSION_ESIGNATURE);
	for (size_t i = 0; i < 4; i++)
		es_secbuf_free(&part[i]);
	es_sign_key_free(pub);
	es_sign_key_free(key);
}

/* DSA generation (0.5-1 s natively, about a minute under valgrind) is
 * tested in test_sign_keygen.c, a slow suite. */
START_TEST(rsa_generate)
{
	assert_generated_key_works(ES_SIGN_RSA_SHA256, 2048);
}
END_TEST

START_TEST(generate_refuses_unsupported_sizes)
{
	es_sign_key *key = NULL;
	ck_assert_status(es_sign_key_generate(&key, ES_SIGN_RSA_SHA256, 1024),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(es_sign_key_generate(&key, ES_SIGN_RSA_SHA256, 2049),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(es_sign_key_generate(&key, ES_SIGN_RSA_SHA256, 16384),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(es_sign_key_generate(&key, ES_SIGN_DSA_SHA256, 1024),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(es_sign_key_generate(&key, (es_sign_alg)7, 2048),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(es_sign_key_generate(NULL, ES_SIGN_RSA_SHA256, 2048),
	                 ESESSION_EINVAL);
	ck_assert_ptr_null(key);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("sign");
	TCase *tc = tcase_create("core");
	tcase_add_unchecked_fixture(tc, NULL, es_test_close_random);
	tcase_set_timeout(tc, 0);
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, rsa_verifies_python_signature);
	tcase_add_test(tc, rsa_signature_equals_python);
	tcase_add_test(tc, dsa_verifies_python_signatures);
	tcase_add_test(tc, dsa_round_trip);
	tcase_add_test(tc, rsa_tampering_refused);
	tcase_add_test(tc, dsa_tampering_refused);
	tcase_add_test(tc, rsa_malformed_keys);
	tcase_add_test(tc, dsa_malformed_keys);
	tcase_add_test(tc, key_parts_exported);
	tcase_add_test(tc, rsa_generate);
	tcase_add_test(tc, generate_refuses_unsupported_sizes);
	suite_add_tcase(s, tc);
	return s;
}
