/*
 * params.h - the vocabulary of an ESession negotiation: what one side is
 * willing to offer and accept (es_policy) and what one negotiation settled
 * (es_params).
 *
 * XEP-0116 §"ESession Request (Alice)": every list is in preference order
 * ("The options in each field MUST appear in Alice's order of
 * preference"). The same policy serves both roles:
 *
 *   - as Alice, each list is what she offers, in that order;
 *   - as Bob, each list is the SET of values he accepts; he selects the
 *     first of Alice's options that is in the set, in Alice's order
 *     (spec/ambiguities.md "Selection order"). A CPU-constrained
 *     Bob removes large groups from his list.
 *
 * Disclosure: the library contains no disclosure mechanism, so it always
 * means "never" for itself (XEP-0116 §"Back Doors": "never" is only
 * allowed when no such feature exists); a peer's "disabled" or "enabled"
 * is accepted only with accept_disclosure.
 *
 * No libgcrypt type appears here; algorithms are the enums of the crypto
 * layer (groups by RFC number, es_cipher_alg, es_hash_alg, es_sas_alg).
 */
#ifndef ES_NEGOTIATE_PARAMS_H
#define ES_NEGOTIATE_PARAMS_H

#include "ctr.h"
#include "hash.h"
#include "sas.h"
#include "sign.h"

/* Longest list in a policy (groups, ciphers, hashes ...). */
#define ES_POLICY_MAX_LIST 8u

/* Stanza kinds of the 'stanzas' field (XEP-0116 §"ESession Request"), as
 * a mask. */
#define ES_STANZA_MESSAGE  0x1u
#define ES_STANZA_PRESENCE 0x2u
#define ES_STANZA_IQ       0x4u
#define ES_STANZA_ALL      (ES_STANZA_MESSAGE | ES_STANZA_PRESENCE | ES_STANZA_IQ)

/* 'init_pubkey' / 'resp_pubkey' values (XEP-0116 §"ESession Request"). */
typedef enum es_pubkey_mode {
	ES_PUBKEY_NONE = 1, /* "none": no public-key identification */
	ES_PUBKEY_KEY,      /* "key": a <KeyValue/> */
	ES_PUBKEY_HASH      /* "hash": a fingerprint of the <KeyValue/> */
} es_pubkey_mode;

/* 'sign_algs' values (XEP-0116 §"Key Signing Algorithms") are the crypto
 * layer's es_sign_alg (sign.h): ES_SIGN_RSA_SHA256 is
 * http://www.w3.org/2000/09/xmldsig#rsa-sha256, ES_SIGN_DSA_SHA256
 * http://www.w3.org/2000/09/xmldsig#dsa-sha256 (es_sign_alg_name). */

/* 'security' values (XEP-0155 §"Defined Parameters"), as enum and mask
 * bit (1u << value). */
typedef enum es_security {
	ES_SECURITY_E2E = 1, /* end-to-end: an ESession */
	ES_SECURITY_C2S,     /* client-to-server only: plain SSN fallback */
	ES_SECURITY_NONE     /* none: plain SSN fallback */
} es_security;
#define ES_SECURITY_BIT(s) (1u << (unsigned)(s))

/* 'logging' values (XEP-0155 §"Defined Parameters"). */
typedef enum es_logging {
	ES_LOGGING_MUSTNOT = 1, /* the peer must not log the session */
	ES_LOGGING_MAY          /* the peer may log it */
} es_logging;

/* How the logging answer is spelled on the wire: Bob answers in the
 * spelling Alice used (spec/ambiguities.md "logging / otr field
 * name and values"). */
typedef enum es_logging_spelling {
	ES_LOGGING_SSN = 1, /* var 'logging', values "mustnot" / "may" */
	ES_LOGGING_BOOL, /* var 'logging', "false" (mustnot) / "true" (may) */
	ES_LOGGING_OTR   /* var 'otr', "true" (mustnot) / "false" (may) */
} es_logging_spelling;

/* 'disclosure' values (XEP-0155; XEP-0116 §"Back Doors"). */
typedef enum es_disclosure {
	ES_DISCLOSURE_NEVER = 1,
	ES_DISCLOSURE_DISABLED,
	ES_DISCLOSURE_ENABLED
} es_disclosure;

/* 'ver' values (spec/ambiguities.md "ver values"): "1.0" is the
 * protocol XEP-0116 v0.16 describes; "1.3" is accepted as an alias. */
typedef enum es_version { ES_VERSION_1_0 = 1, ES_VERSION_1_3_ALIAS } es_version;

/* 3- or 4-message negotiation (XEP-0116 §"Three- or Four-Message
 * Negotiation?"). */
typedef enum es_neg_mode {
	ES_NEG_MODE_3MSG = 3, /* SIGMA-I: 'dhkeys' in the request */
	ES_NEG_MODE_4MSG = 4  /* SIGMA-R with hash commitment: 'dhhashes' */
} es_neg_mode;

/* Receiver bounds on nonces (spec/ambiguities.md "Nonce length
 * and encoding"): 16..256 bytes. */
#define ES_NEG_NONCE_MIN 16u
#define ES_NEG_NONCE_MAX 256u

typedef struct es_policy {
	/* MODP groups by RFC number (1, 2, 5, 14..18). */
	unsigned groups[ES_POLICY_MAX_LIST];
	size_t n_groups;
	es_cipher_alg ciphers[ES_POLICY_MAX_LIST];
	size_t n_ciphers;
	es_hash_alg hashes[ES_POLICY_MAX_LIST];
	size_t n_hashes;
	es_sas_alg sas_algs[ES_POLICY_MAX_LIST];
	size_t n_sas_algs;
	/* Identification Alice offers / Bob accepts for each side. */
	es_pubkey_mode init_pubkey[3];
	size_t n_init_pubkey;
	es_pubkey_mode resp_pubkey[3];
	size_t n_resp_pubkey;
	/* Only sent or required when a pubkey mode other than none is in
	 * play (XEP-0116 §"ESession Request", last bullet). */
	es_sign_alg sign_algs[2];
	size_t n_sign_algs;
	/* ES_STANZA_* mask offered (Alice) / accepted (Bob). */
	unsigned stanzas;
	/* Alice: the value she asks. Bob: the floor of his answer, which is
	 * max(Alice's value, this) (XEP-0116 §"Response Form"). 1 ..
	 * 2^32 - 1; the type makes the upper bound hold. */
	uint32_t rekey_freq;
	/* Logging answers in preference order. */
	es_logging logging[2];
	size_t n_logging;
	/* ES_SECURITY_BIT(C2S) / (NONE): offered by Alice after "e2e" as a
	 * fallback, and the fallbacks Bob is willing to answer. "e2e" is
	 * always offered and accepted. */
	unsigned security_fallback;
	bool allow_3msg;     /* Bob accepts 'dhkeys'; Alice may send them */
	bool prefer_3msg;    /* Alice's default mode is 3-message */
	bool accept_ver_1_3; /* Bob accepts "1.3" as an alias of "1.0" */
	/* The peer may disclose the session ('disclosure' "disabled" or
	 * "enabled", XEP-0116 §"Back Doors"): Alice offers them after
	 * "never", Bob accepts them, and the session reports
	 * ESESSION_WARN_DISCLOSURE. We ourselves disclose nothing. */
	bool accept_disclosure;
} es_policy;

/* What one negotiation settled. Values that are not in play are 0 (e.g.
 * sign_alg when both pubkey modes are none, sas_alg in 3-message). */
typedef struct es_params {
	es_neg_mode mode;
	unsigned group;     /* RFC number of the selected MODP group */
	size_t group_index; /* its position in Alice's 'modp' options:
	                       selects He_i / e_i / x_i */
	es_cipher_alg cipher;
	es_hash_alg hash;
	es_sas_alg sas_alg;   /* 0 in 3-message */
	es_sign_alg sign_alg; /* 0 when not negotiated */
	unsigned stanzas;     /* ES_STANZA_* mask, non-empty */
	uint32_t rekey_freq;  /* Bob's answer */
	es_pubkey_mode init_pubkey;
	es_pubkey_mode resp_pubkey;
	es_security security; /* ES_SECURITY_E2E in an ESession */
	es_logging logging;
	es_logging_spelling logging_spelling;
	es_disclosure disclosure;
	es_version version;
} es_params;

/*
 * es_policy_default - safe defaults compatible with XEP-0217 (which fixes
 * aes128-ctr, sha256, sas28x5, pubkey none, compress none, 4-message):
 *   groups 14, 15, 16, 5 (every offered group costs Alice one modular
 *   exponentiation; 5 is last and kept because XEP-0116 says to offer low
 *   groups for constrained peers and XEP-0217 peers offer 5 first);
 *   ciphers aes128-ctr, aes256-ctr; hashes sha256, whirlpool; sas28x5;
 *   all stanza kinds; pubkey none only; sign algs rsa-sha256, dsa-sha256
 *   (not sent while pubkeys are none); rekey_freq 100; logging mustnot
 *   only; disclosure never; security e2e only (no fallback); 4-message
 *   only; "1.3" accepted as an alias.
 */
void es_policy_default(es_policy *policy);

/*
 * es_policy_validate - check a policy before it is used.
 * Returns ESESSION_OK or:
 *   ESESSION_EINVAL       NULL; an empty or over-long list; a duplicate
 *                         entry; stanzas 0 or unknown bits; rekey_freq 0;
 *                         a pubkey mode other than none without a sign
 *                         alg; unknown security_fallback bits; prefer_3msg
 * without allow_3msg, or with pubkey lists holding only "none"
 *   ESESSION_EUNSUPPORTED an unknown group, cipher, hash, SAS, pubkey
 *                         mode, sign alg or logging value; a hash whose
 *                         output is shorter than a cipher key (XEP-0116
 *                         §"Generating Session Keys")
 */
ES_MUST_CHECK esession_status es_policy_validate(const es_policy *policy);

/* ---- wire names (static strings; NULL for an unknown value) --------- */

const char *es_pubkey_mode_name(es_pubkey_mode mode);
const char *es_sign_alg_name(es_sign_alg alg);
const char *es_security_name(es_security security);
const char *es_disclosure_name(es_disclosure disclosure);
const char *es_version_name(es_version version);
/* The var of the logging field ("logging" / "otr") and the value that
 * spells `logging` in `spelling`. */
const char *es_logging_var(es_logging_spelling spelling);
const char *es_logging_value(es_logging logging, es_logging_spelling spelling);
/* "message", "presence", "iq" for one ES_STANZA_* bit. */
const char *es_stanza_kind_name(unsigned bit);

/* Reverse mappings, exact byte comparison. Each returns ESESSION_OK,
 * ESESSION_EINVAL (NULL) or ESESSION_EUNSUPPORTED (unknown name). */
ES_MUST_CHECK esession_status es_pubkey_mode_from_name(const char *name,
                                                       es_pubkey_mode *mode);
ES_MUST_CHECK esession_status es_sign_alg_from_name(const char *name,
                                                    es_sign_alg *alg);
/* "rsa-sha256" / "dsa-sha256", the names of the public API (static;
 * NULL for an unknown value), and back (ESESSION_OK, ESESSION_EINVAL,
 * ESESSION_EUNSUPPORTED). */
const char *es_sign_alg_short_name(es_sign_alg alg);
ES_MUST_CHECK esession_status es_sign_alg_from_short_name(const char *name,
                                                          es_sign_alg *alg);
ES_MUST_CHECK esession_status es_security_from_name(const char *name,
                                                    es_security *security);
ES_MUST_CHECK esession_status es_disclosure_from_name(const char *name,
                                                      es_disclosure *d);
ES_MUST_CHECK esession_status es_stanza_kind_from_name(const char *name,
                                                       unsigned *bit);
/* A logging value in the vocabulary of field var ("logging": may,
 * mustnot, true, false; "otr": true, false). *spelling receives the
 * vocabulary the value belongs to. */
ES_MUST_CHECK esession_status
es_logging_from_name(const char *var, const char *name, es_logging *logging,
                     es_logging_spelling *spelling);

/* Strict decimal for 'rekey_freq' (spec/ambiguities.md
 * "rekey_freq semantics"): ASCII digits only, no sign, no leading zero,
 * 1 <= v <= 2^32 - 1. Returns ESESSION_OK, ESESSION_EINVAL (NULL),
 * ESESSION_ENEG_FIELD (anything else). */
ES_MUST_CHECK esession_status es_rekey_freq_parse(const char *text,
                                                  uint32_t *value);

#endif
