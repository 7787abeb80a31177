/**
 * @file
 * esession.h - public interface of libesession, the reference implementation
 * of XMPP Encrypted Sessions (XEP-0116 negotiation, XEP-0200 stanza
 * encryption).
 *
 * The library performs no I/O: it never opens a file or a socket, never reads
 * the clock or the environment, and never starts a thread. Callers pass bytes
 * in and take bytes out.
 *
 * Every function that can fail returns an esession_status. ESESSION_OK is
 * zero; every other value names one failure and esession_strerror() explains
 * it. Values are stable across releases and grouped in ranges:
 *
 *     0          success
 *     1 - 99     usage errors (the caller broke a documented rule)
 *     100 - 199  malformed input: encodings, XML, data forms
 *     200 - 299  cryptographic failures and rejected cryptographic values
 *     300 - 399  protocol failures (negotiation, stanza encryption)
 *     400 - 499  errors reported by the peer
 */
#ifndef ESESSION_H
#define ESESSION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define ESESSION_MUST_CHECK __attribute__((warn_unused_result))
#define ESESSION_API        __attribute__((visibility("default")))
#else
#define ESESSION_MUST_CHECK
#define ESESSION_API
#endif

/** Library version, also available at run time from esession_version().
 * @{ */
#define ESESSION_VERSION_MAJOR 0
#define ESESSION_VERSION_MINOR 1
#define ESESSION_VERSION_PATCH 0
/** @} */

/** The status every fallible function returns (ranges above). */
typedef enum esession_status {
	ESESSION_OK = 0,

	/* 1 - 99: usage errors */
	ESESSION_EINVAL = 1,       /* an argument is NULL or out of range */
	ESESSION_ENOMEM = 2,       /* memory (or secure memory) exhausted */
	ESESSION_ENOTINIT = 3,     /* esession_init() has not succeeded */
	ESESSION_EINIT = 4,        /* libgcrypt too old or failed to start */
	ESESSION_EBUFSIZE = 5,     /* an output buffer is too small */
	ESESSION_EUNSUPPORTED = 6, /* algorithm, group or mode not supported */
	ESESSION_ESTATE = 7,       /* call not valid in the current state */

	/* 100 - 149: encodings and XML */
	ESESSION_EBASE64 = 100,          /* not RFC 4648 section 4 base64 */
	ESESSION_EBASE64_NONCANON = 101, /* non-zero padding bits */
	ESESSION_EBASE64_LENGTH = 102,   /* length not a multiple of 4 */
	ESESSION_EBASE64_CHAR = 103,     /* character outside the alphabet */
	ESESSION_EBASE64_SPACE = 104,    /* whitespace or line break */
	ESESSION_EBASE64_PADDING = 105,  /* '=' misplaced or more than two */
	ESESSION_EXML_SYNTAX = 110,      /* not well-formed XML */
	ESESSION_EXML_TRUNCATED = 111,   /* document ends inside an element */
	ESESSION_EXML_UTF8 = 112,        /* invalid UTF-8 or forbidden char */
	ESESSION_EXML_NUL = 113,         /* a NUL byte in the input */
	ESESSION_EXML_DOCTYPE = 114,     /* a document type declaration */
	ESESSION_EXML_ENTITY = 115,      /* entity declaration or reference */
	ESESSION_EXML_PI = 116,          /* processing instruction */
	ESESSION_EXML_NAMESPACE =
	    117, /* undeclared or illegally bound prefix */
	ESESSION_EXML_TOO_LARGE = 118, /* input longer than the size limit */
	ESESSION_EXML_TOO_DEEP = 119,  /* nesting deeper than the depth limit */
	ESESSION_EXML_TOO_MANY_ATTRS = 120, /* more attributes than allowed */
	ESESSION_EXML_TOO_MANY_CHILDREN = 121, /* more children than allowed */
	ESESSION_EXML_ATTR_TOO_LONG = 122,     /* an attribute value too long */
	ESESSION_EXML_TEXT_TOO_LONG = 123,     /* character data too long */
	ESESSION_EXML_MIXED_CONTENT = 124,     /* text where c14n forbids it */
	ESESSION_EXML_COMMENT = 125,           /* an XML comment */
	ESESSION_EXML_C14N_NAMESPACE =
	    126, /* namespace the canonical form cannot express */

	/* 150 - 199: XEP-0004 data forms */
	ESESSION_EFORM = 150,               /* not a jabber:x:data form */
	ESESSION_EFORM_TYPE = 151,          /* missing or unknown form type */
	ESESSION_EFORM_FIELD_TYPE = 152,    /* unknown field type */
	ESESSION_EFORM_NO_VAR = 153,        /* a field without 'var' */
	ESESSION_EFORM_DUPLICATE = 154,     /* two fields with the same var */
	ESESSION_EFORM_VALUES = 155,        /* value count wrong for the type */
	ESESSION_EFORM_BAD_VALUE = 156,     /* value invalid for the type */
	ESESSION_EFORM_OPTION = 157,        /* malformed or duplicate option */
	ESESSION_EFORM_FIELD_MISSING = 158, /* a looked-up field is absent */
	ESESSION_EFORM_TOO_LARGE = 159,     /* too many fields/values/options */
	/* 180 - 199: key files (DER, PEM) and <KeyValue/> elements */
	ESESSION_EDER = 180,            /* malformed DER */
	ESESSION_EDER_TRUNCATED = 181,  /* DER ends inside an element */
	ESESSION_EPEM = 182,            /* malformed PEM armour or label */
	ESESSION_EKEY_FORMAT = 183,     /* key type or structure unsupported */
	ESESSION_EKEYVALUE = 184,       /* malformed <KeyValue/> element */
	ESESSION_ESIGNATUREVALUE = 185, /* malformed <SignatureValue/> */
	ESESSION_EFINGERPRINT = 186,    /* malformed <fingerprint/> */
	ESESSION_EIDENTITY_PAYLOAD =
	    187, /* decrypted identity not {pubKey, SignatureValue} */

	/* 300 - 399: protocol (negotiation, stanza encryption) */
	ESESSION_EUNEXPECTED = 300,   /* message not valid in this state */
	ESESSION_ENOT_ESESSION = 301, /* not an ESession stanza */
	ESESSION_ENEG_FIELD = 302,    /* negotiation field missing/invalid */
	ESESSION_ENEG_UNACCEPTABLE = 303, /* no acceptable option offered */
	ESESSION_ENEG_NONCE = 304,        /* wrong nonce echoed */
	ESESSION_ENEG_COMMITMENT = 305,   /* He != SHA256(e) */
	ESESSION_EIDENTITY = 306,         /* mac_A / mac_B did not verify */
	ESESSION_EWRONG_PEER = 307,       /* stanza from another JID */
	ESESSION_EPLAINTEXT = 308,        /* unencrypted stanza in a session */
	ESESSION_ESTANZA = 309,           /* malformed <c/> or stanza */
	ESESSION_ESTANZA_KIND = 310,      /* stanza kind not negotiated */
	ESESSION_EREKEY = 311,            /* re-key impossible: no DH value */
	ESESSION_EKEY_EXHAUSTED = 312,    /* block limit reached for a key */
	ESESSION_ETIMEOUT = 313,          /* a deadline passed */
	ESESSION_ENO_EVENT = 314,         /* no event pending */
	ESESSION_ESTORE = 315,            /* the store reported a failure */
	/* 316 - 329: public-key identification (XEP-0116 "Verifying Keys") */
	ESESSION_EKEY_UNKNOWN = 316,     /* fingerprint of no stored key */
	ESESSION_EKEY_UNTRUSTED = 317,   /* the store refused the peer's key */
	ESESSION_ENO_IDENTITY_KEY = 318, /* a key mode needs our own key */
	/* 330 - 339: re-keying and old MAC keys (XEP-0200) */
	ESESSION_EREKEY_TOO_SOON = 330, /* <key/> before rekey_freq stanzas */
	ESESSION_EREKEY_NEW = 331,      /* <new/> counts a <key/> never sent */
	ESESSION_EREKEY_EXPIRED = 332,  /* stanza under a discarded key set */
	ESESSION_EREKEY_PENDING = 333,  /* too many re-keys unanswered */
	/* 340 - 359: negotiation forms (esession/negotiate) */
	ESESSION_ENEG_REQUIRED_UNKNOWN =
	    340,                         /* unknown field marked <required/> */
	ESESSION_ENEG_NOT_OFFERED = 341, /* peer chose a value not offered */
	/* 360 - 379: SIGMA computations and the retained-secret store */
	ESESSION_ESTORE_NOT_FOUND = 360, /* no such retained-secret entry */
	ESESSION_ESRSHASH = 361,         /* srshash is not hlen bytes long */

	/* 400 - 499: errors reported by the peer */
	ESESSION_EPEER_ERROR = 400,           /* peer sent an error stanza */
	ESESSION_EPEER_DECLINED = 401,        /* peer declined the session */
	ESESSION_EPEER_FALLBACK = 402,        /* peer chose c2s/none security */
	ESESSION_EPEER_NOT_ACCEPTABLE = 403,  /* <not-acceptable/> */
	ESESSION_EPEER_NOT_IMPLEMENTED = 404, /* <feature-not-implemented/> */

	/* 200 - 299: cryptography */
	ESESSION_ECRYPTO = 200,     /* libgcrypt reported an internal error */
	ESESSION_EDH_RANGE = 201,   /* DH value outside 1 < v < p-1 */
	ESESSION_EMAC = 202,        /* MAC or hash mismatch */
	ESESSION_ESIGNATURE = 203,  /* signature did not verify */
	ESESSION_EKEY = 204,        /* malformed or unusable key */
	ESESSION_EKEY_LENGTH = 205, /* hash output shorter than the key */
	ESESSION_EMPI = 206,        /* malformed multiple-precision integer */
	ESESSION_ECOUNTER = 207,    /* counter width or value invalid */
	ESESSION_EDH_EXPONENT = 208 /* DH exponent outside 2^(2n-1) < x < p-1 */
} esession_status;

/**
 * esession_strerror - a static, human-readable description of a status.
 * Never returns NULL; unknown values give "unknown status". The text never
 * contains secret material.
 */
ESESSION_API const char *esession_strerror(esession_status status);

/** esession_version - "MAJOR.MINOR.PATCH" of the linked library. */
ESESSION_API const char *esession_version(void);

/** Flags for esession_init(). */
enum esession_init_flags {
	/**
	 * The application has already initialised libgcrypt itself (version
	 * check, secure memory, GCRYCTL_INITIALIZATION_FINISHED).
	 * esession_init() then only verifies that initialisation finished and
	 * that the libgcrypt version is recent enough; it changes nothing.
	 */
	ESESSION_INIT_GCRYPT_EXTERNAL = 1u << 0
};

/**
 * esession_init - one-time process initialisation. Call it before any other
 * function, from one thread, before other threads use the library.
 *
 * Without ESESSION_INIT_GCRYPT_EXTERNAL it checks the libgcrypt version,
 * enables a 64 KiB secure-memory pool (locked, never swapped, wiped on
 * free) and marks libgcrypt initialisation finished. If libgcrypt was
 * already initialised by someone else it behaves as with the flag.
 *
 * Calling it again after success returns ESESSION_OK and does nothing.
 *
 * Returns ESESSION_OK, ESESSION_EINIT (libgcrypt older than required, or
 * an external initialisation that never finished), ESESSION_EINVAL
 * (unknown flag bits).
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_init(unsigned flags);

/* ======================================================================
 * Encrypted sessions
 *
 * Objects:
 *   esession_store    retained secrets and SAS-verification state, shared
 *                     by the sessions of one local client (in memory).
 *   esession_config   policy: what this side offers and accepts.
 *   esession_session  one ESession: one local JID, one peer JID, one
 *                     <thread/>. Both roles.
 *   esession_router   maps incoming stanzas (peer JID + <thread/>) to their
 *                     session and creates a responder session for a new
 *                     request.
 *
 * Flow: the application passes stanza text in (esession_session_receive,
 * esession_router_receive, esession_session_encrypt) and drains events
 * (esession_session_next_event): stanzas to send, "established",
 * decrypted stanzas, "terminated", "failed". The library never sends.
 *
 * Errors are sticky: once a session has failed or ended, every call on it
 * returns ESESSION_ESTATE (events already queued can still be drained).
 * ====================================================================== */

/** Stanza kinds for esession_config_set_stanzas (XEP-0116 'stanzas').
 * @{ */
#define ESESSION_STANZA_MESSAGE  0x1u
#define ESESSION_STANZA_PRESENCE 0x2u
#define ESESSION_STANZA_IQ       0x4u
/** @} */

/**
 * How a responder answers an ESession request (esession_config_set_answer).
 */
typedef enum esession_answer {
	/** Negotiate the ESession (the default). */
	ESESSION_ANSWER_ACCEPT = 1,
	/** Decline the stanza session (XEP-0155 §"Rejecting a Session"). */
	ESESSION_ANSWER_DECLINE = 2,
	/** Accept a stanza session without encryption with the first of our
	 * fallbacks (c2s, then none) that the request offered; decline when
	 * it offered neither (XEP-0116 §"ESession Rejection (Bob)"). */
	ESESSION_ANSWER_FALLBACK = 3,
	/** Send nothing at all, so as not to reveal presence (XEP-0116
	 * §"ESession Rejection (Bob)"). */
	ESESSION_ANSWER_SILENT = 4
} esession_answer;

/** Fallback security levels for esession_config_set_security_fallback
 * (XEP-0155 'security'; XEP-0116 §"ESession Rejection (Bob)").
 * @{ */
#define ESESSION_SECURITY_C2S  0x1u
#define ESESSION_SECURITY_NONE 0x2u
/** @} */

/** Retained secrets and SAS-verification state of one local client. */
typedef struct esession_store esession_store;
/** Policy: what this side offers and accepts. */
typedef struct esession_config esession_config;
/** One ESession: one local JID, one peer JID, one <thread/>. */
typedef struct esession_session esession_session;
/** Maps incoming stanzas to their session; creates responder sessions. */
typedef struct esession_router esession_router;

/* ---- identity keys (XEP-0116 public-key identification) -------------- */

/** An RSA or DSA signature key, private or public only. Private parts
 * live in secure memory and are wiped by esession_key_free(). */
typedef struct esession_key esession_key;

/** Key algorithms (XEP-0116 §"Key Signing Algorithms": rsa-sha256 MUST,
 * dsa-sha256 SHOULD). */
typedef enum esession_key_type {
	ESESSION_KEY_RSA = 1, /* RSASSA-PKCS1-v1_5 with SHA-256 */
	ESESSION_KEY_DSA = 2  /* DSA with SHA-256 */
} esession_key_type;

/** Key-file structures for esession_key_export(). */
typedef enum esession_key_container {
	ESESSION_KEY_PKCS8 = 1, /* PrivateKeyInfo, unencrypted (RFC 5208) */
	ESESSION_KEY_PKCS1 = 2, /* RSAPrivateKey / RSAPublicKey (RFC 8017);
	                           RSA only */
	ESESSION_KEY_SPKI = 3   /* SubjectPublicKeyInfo (RFC 5280): the
	                           public part only */
} esession_key_container;

/** Encodings for esession_key_export(). */
typedef enum esession_key_encoding {
	ESESSION_KEY_DER = 1, /* binary DER */
	ESESSION_KEY_PEM = 2  /* RFC 7468 text armour around the DER */
} esession_key_encoding;

/**
 * esession_key_generate - a new private key from libgcrypt's strongest
 * random generator. RSA: bits 2048..8192, a multiple of 8, e = 65537.
 * DSA: bits 2048 or 3072 (q of 256 bits). Slow (seconds for large keys).
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EUNSUPPORTED (type or
 * size), ESESSION_ENOMEM, ESESSION_ENOTINIT, ESESSION_ECRYPTO.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_key_generate(
    esession_key_type type, unsigned bits, esession_key **out);

/**
 * esession_key_import - read a key file held in memory (the library reads
 * no files; the application passes the bytes). DER or PEM is recognised
 * from the bytes. Accepted structures: PKCS#1 RSAPrivateKey and
 * RSAPublicKey, unencrypted PKCS#8 PrivateKeyInfo (RSA, DSA),
 * SubjectPublicKeyInfo (RSA, DSA). The key is checked as
 * esession_key_generate's would be (sizes, consistency of the parts).
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EDER,
 * ESESSION_EDER_TRUNCATED, ESESSION_EPEM, ESESSION_EKEY_FORMAT (another
 * algorithm, an encrypted PKCS#8, an unknown structure), ESESSION_EKEY
 * (parts inconsistent or sizes outside the accepted range),
 * ESESSION_ENOMEM, ESESSION_ENOTINIT.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_key_import(const uint8_t *data, size_t len, esession_key **out);

/**
 * esession_key_export - write key in `container` and `encoding` into a new
 * buffer *out (*out_len bytes; PEM is NUL-terminated, the NUL not
 * counted). Release it with esession_bytes_free(), which wipes it.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EKEY (a private
 * container asked of a public key), ESESSION_EKEY_FORMAT (PKCS#1 of a DSA
 * key), ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_key_export(
    const esession_key *key, esession_key_container container,
    esession_key_encoding encoding, uint8_t **out, size_t *out_len);

/** esession_bytes_free - wipe and release a buffer the library returned.
 * NULL is allowed. */
ESESSION_API void esession_bytes_free(uint8_t *bytes, size_t len);

/**
 * esession_key_public - a new key holding only the public part of key.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_key_public(const esession_key *key, esession_key **out);

/** esession_key_free - wipe and release. NULL is allowed. */
ESESSION_API void esession_key_free(esession_key *key);

/** The algorithm of key (0 for NULL). */
ESESSION_API esession_key_type esession_key_get_type(const esession_key *key);

/** Modulus (RSA) or p (DSA) size in bits (0 for NULL). */
ESESSION_API unsigned esession_key_bits(const esession_key *key);

/** Non-zero when key holds its private part. */
ESESSION_API int esession_key_is_private(const esession_key *key);

/**
 * esession_key_fingerprint - XEP-0116 §"ESession Request": the
 * fingerprint, HASH of the Normalized <KeyValue/> element of the public
 * key, with `hash` "sha256" or "whirlpool", into out (cap bytes; the hash
 * length is written to *len).
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EUNSUPPORTED,
 * ESESSION_EBUFSIZE, ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_key_fingerprint(const esession_key *key, const char *hash,
                         uint8_t *out, size_t cap, size_t *len);

/**
 * esession_key_keyvalue - the Normalized <KeyValue/> element of the public
 * key (XML-Signature §4.4.2 RSAKeyValue, §4.4.1 DSAKeyValue; our
 * normalization in spec/normalization.md) as a NUL-terminated string in a
 * new buffer (release with esession_bytes_free()).
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_key_keyvalue(const esession_key *key, uint8_t **out, size_t *out_len);

/* ---- store ----------------------------------------------------------- */

/**
 * esession_store_new_memory - an empty in-memory store. Secrets live in
 * secure memory and are wiped when replaced, forgotten or freed. Nothing is
 * persisted: an application that wants retained secrets to survive a
 * restart keeps its sessions' stores alive or waits for the persistent
 * store interface. A store is not synchronised: use it from one thread.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL out), ESESSION_ENOMEM,
 * ESESSION_ENOTINIT.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_store_new_memory(esession_store **out);

/** esession_store_free - wipe and release. NULL is allowed. Every session
 * and config using the store must be freed first. */
ESESSION_API void esession_store_free(esession_store *store);

/**
 * esession_store_set_other_secret - an "other shared secret" (XEP-0116
 * §"Generating Bob's Final Session Keys": a password agreed out of band)
 * for negotiations between local_jid and any client of peer_bare_jid.
 * Both sides must set the same bytes or negotiation fails: Alice's check
 * of Bob's identity (message 4) reports ESESSION_EMAC and answers
 * feature-not-implemented [mac]. len == 0 removes it. The bytes are copied into
 * secure memory.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_store_set_other_secret(esession_store *store, const char *local_jid,
                                const char *peer_bare_jid,
                                const uint8_t *secret, size_t len);

/**
 * What the library found out about the public key a peer identified itself
 * with (XEP-0116 §"Key Associations"), as a mask. The application must
 * show ESESSION_PEER_KEY_OTHER_JID, ESESSION_PEER_KEY_CHANGED and
 * ESESSION_PEER_KEY_MISSING to its user ("Entities MUST ... alert their
 * users").
 * @{
 */
#define ESESSION_PEER_KEY_USED      0x01u /* the peer proved a public key */
#define ESESSION_PEER_KEY_NEW       0x02u /* never seen before */
#define ESESSION_PEER_KEY_VERIFIED  0x04u /* the user verified it before */
#define ESESSION_PEER_KEY_OTHER_JID 0x08u /* associated with another JID */
#define ESESSION_PEER_KEY_CHANGED   0x10u /* this JID used another key */
#define ESESSION_PEER_KEY_MISSING   0x20u /* no key, but this JID had one */
/** @} */

/**
 * esession_store_add_key - associate the public key of `key` with
 * peer_bare_jid for local_jid, with a petname (may be NULL; shown to users
 * more prominently than the JID, XEP-0116 §"Key Associations") and
 * whether the user verified it (out of band, e.g. by fingerprint). Adding
 * the same key again updates petname and verification. A key can be
 * associated with several JIDs.
 *
 * Verification belongs to the key: `verified` replaces the key's flag for
 * every JID it is associated with. A NULL petname keeps the key's current
 * petname (associating a known key with one more JID does not lose its
 * name). Only the public part of `key` is kept.
 *
 * Limits of the in-memory store: 1024 keys in all, 64 JIDs per key; a
 * full store refuses with ESESSION_ESTORE and is unchanged.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL store or key, NULL or empty
 * JID, '/' in peer_bare_jid, petname empty or longer than 256 bytes),
 * ESESSION_EKEYVALUE (a Normalized <KeyValue/> longer than 4096 bytes),
 * ESESSION_EUNSUPPORTED (a custom store without key operations),
 * ESESSION_ENOMEM, ESESSION_ESTORE (the store failed or is full).
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_store_add_key(
    esession_store *store, const char *local_jid, const char *peer_bare_jid,
    const esession_key *key, const char *petname, int verified);

/**
 * esession_store_set_trust_new_keys - whether a peer key that the store
 * has never seen, presented by a JID that has no key associated yet,
 * is accepted (and then associated with that JID, unverified: "trust on
 * first use"). Default 0: only keys added with esession_store_add_key or
 * accepted before are trusted (XEP-0116 §"Verifying Bob's Identity":
 * "unless she can confirm (or has previously confirmed) that pubKey_B
 * really is Bob's public key"). Keys associated with another JID or
 * replacing this JID's key are refused by the in-memory store.
 *
 * A key accepted on first use is reported with ESESSION_PEER_KEY_NEW; a
 * later session with a different key from that JID then reports
 * ESESSION_PEER_KEY_CHANGED and is refused. The setting applies to the
 * in-memory store and to custom stores with key operations but no
 * trust_key of their own.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL store; a custom store without
 * key operations, or with its own trust_key).
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_store_set_trust_new_keys(esession_store *store, int trust);

/**
 * A list of retained secrets that a custom store fills (see
 * esession_store_ops). Opaque; only esession_store_list_add writes it.
 */
typedef struct esession_store_list esession_store_list;

/**
 * esession_store_list_add - append one retained secret to `list`: the
 * peer client's JID, the secret bytes (copied into secure memory) and
 * whether its chain was confirmed by SAS.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL list or JID, empty JID, NULL
 * or empty secret), ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_store_list_add(esession_store_list *list, const char *peer_jid,
                        const uint8_t *secret, size_t len, int sas_verified);

/**
 * A list of key associations that a custom store fills (see the key
 * operations of esession_store_ops). Opaque; only
 * esession_store_key_list_add writes it.
 */
typedef struct esession_store_key_list esession_store_key_list;

/**
 * esession_store_key_list_add - append one association to `list`: a bare
 * JID, the Normalized <KeyValue/> of a key associated with it (as
 * esession_key_keyvalue() gives it; keyvalue/len copied), the key's
 * petname (NULL for none) and whether the user verified the key.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL list, JID or keyvalue, empty
 * JID or one with '/', len 0 or above 4096, petname empty or longer than
 * 256 bytes), ESESSION_ESTORE (the list already holds 1024 rows),
 * ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_store_key_list_add(
    esession_store_key_list *list, const char *peer_bare_jid,
    const uint8_t *keyvalue, size_t len, const char *petname, int verified);

/**
 * The operations of an application's own store (for example one that
 * persists retained secrets, encrypted, across restarts). XEP-0116 keeps
 * at most one retained secret per (local client, peer client). JIDs are
 * compared byte for byte, already normalized by the application.
 *
 *   list           add (esession_store_list_add) every unexpired secret of
 *                  local_jid whose peer's bare JID is peer_bare_jid, or of
 *                  every peer when peer_bare_jid is NULL (Bob's extended
 *                  search, XEP-0116 §"Generating Bob's Final Session
 *                  Keys"). Required.
 *   replace        store `secret` for (local_jid, peer_jid), destroying the
 *                  entry (local_jid, srs_peer_jid) if it still holds `srs`
 *                  (the shared retained secret this negotiation used; NULL
 *                  when none) and any older entry of (local_jid, peer_jid).
 *                  The new entry is SAS-verified exactly when the destroyed
 *                  SRS entry was. Required.
 *   mark_verified  mark the entry (local_jid, peer_jid) verified if it
 *                  still holds `secret`; ESESSION_EINVAL if it does not.
 *                  Required.
 *   other_secret   set *secret / *len to the other shared secret for
 *                  (local_jid, peer_bare_jid) (borrowed until the next
 *                  call), or *len = 0 for none. May be NULL.
 *   free           release ctx when the store is freed. May be NULL.
 *
 * Peer keys (XEP-0116 §"Key Associations"). The store keeps facts - which
 * keys (their Normalized <KeyValue/> bytes, compared byte for byte), which
 * bare JIDs each key is associated with, petname and verification of each
 * key - and the library computes the ESESSION_PEER_KEY_* flags from them,
 * so they mean the same with every store. keys_for_jid, jids_for_key and
 * add_key are all set or all NULL:
 *
 *   keys_for_jid   add (esession_store_key_list_add) one row for each key
 *                  associated with (local_jid, peer_bare_jid).
 *   jids_for_key   add one row for each bare JID that the key `keyvalue`
 *                  is associated with (for local_jid); none when the key
 *                  is unknown. Every row of one key carries the same
 *                  petname and verification (if they differ the library
 *                  counts the key verified only if every row says so).
 *   add_key        remember the key if new, associate it with
 *                  peer_bare_jid if not yet, set its verification to
 *                  `verified` and, when petname is not NULL, its petname.
 *                  Called by esession_store_add_key() and to record a key
 *                  accepted on first use (petname NULL, verified 0).
 *   trust_key      the application's own trust policy (e.g. keys signed
 *                  by an authority it trusts, XEP-0116 §"Verifying
 *                  Keys"): set *trusted non-zero to accept the key the
 *                  peer presented for peer_bare_jid, given `flags` (the
 *                  ESESSION_PEER_KEY_* mask the library computed), and
 *                  record whatever the store wants to remember; the
 *                  library records nothing for it. May be NULL: the
 *                  library's rule applies (a key associated with the JID
 *                  is trusted; see esession_store_set_trust_new_keys()).
 *
 * All four NULL: the store knows no key. Every key a peer presents is
 * untrusted (the negotiation fails with ESESSION_EKEY_UNTRUSTED),
 * ESESSION_PEER_KEY_MISSING is never reported, 'hash' identification finds
 * no key, and esession_store_add_key() returns ESESSION_EUNSUPPORTED.
 *
 * Each returns ESESSION_OK, ESESSION_ENOMEM or ESESSION_ESTORE; the
 * library turns any other value into ESESSION_ESTORE. Fields may be added
 * at the end of this table: initialise it with designated initialisers so
 * that fields an application does not know stay NULL.
 */
typedef struct esession_store_ops {
	/** Add the retained secrets of (local_jid, peer_bare_jid), or of
	 * every peer when peer_bare_jid is NULL. */
	esession_status (*list)(void *ctx, const char *local_jid,
	                        const char *peer_bare_jid,
	                        esession_store_list *out);
	/** Keep the new retained secret, destroying the SRS entry. */
	esession_status (*replace)(void *ctx, const char *local_jid,
	                           const char *peer_jid,
	                           const char *srs_peer_jid, const uint8_t *srs,
	                           size_t srs_len, const uint8_t *secret,
	                           size_t len);
	/** Mark the chain of `secret` confirmed by SAS. */
	esession_status (*mark_verified)(void *ctx, const char *local_jid,
	                                 const char *peer_jid,
	                                 const uint8_t *secret, size_t len);
	/** The other shared secret of (local_jid, peer_bare_jid); may be
	 * NULL. */
	esession_status (*other_secret)(void *ctx, const char *local_jid,
	                                const char *peer_bare_jid,
	                                const uint8_t **secret, size_t *len);
	/** Release ctx; may be NULL. */
	void (*free)(void *ctx);
	/** Rows of the keys associated with (local_jid, peer_bare_jid);
	 * NULL together with jids_for_key and add_key. */
	esession_status (*keys_for_jid)(void *ctx, const char *local_jid,
	                                const char *peer_bare_jid,
	                                esession_store_key_list *out);
	/** Rows of the JIDs associated with the key keyvalue[0..len). */
	esession_status (*jids_for_key)(void *ctx, const char *local_jid,
	                                const uint8_t *keyvalue, size_t len,
	                                esession_store_key_list *out);
	/** Remember a key and associate it with peer_bare_jid. */
	esession_status (*add_key)(void *ctx, const char *local_jid,
	                           const char *peer_bare_jid,
	                           const uint8_t *keyvalue, size_t len,
	                           const char *petname, int verified);
	/** Decide trust in a presented key; may be NULL. */
	esession_status (*trust_key)(void *ctx, const char *local_jid,
	                             const char *peer_bare_jid,
	                             const uint8_t *keyvalue, size_t len,
	                             unsigned flags, int *trusted);
} esession_store_ops;

/**
 * esession_store_new_custom - a store backed by the application's `ops`
 * (copied) and `ctx` (borrowed until ops->free). Returns ESESSION_OK,
 * ESESSION_EINVAL (NULL out or ops, a required operation missing, only
 * some of keys_for_jid / jids_for_key / add_key set, trust_key without
 * them), ESESSION_ENOMEM, ESESSION_ENOTINIT.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_store_new_custom(
    const esession_store_ops *ops, void *ctx, esession_store **out);

/* ---- configuration ---------------------------------------------------- */

/**
 * esession_config_new - a policy with safe defaults compatible with
 * XEP-0217: 4-message negotiation, SAS sas28x5, MODP groups 14, 15, 16, 5,
 * aes128-ctr then aes256-ctr, sha256 then whirlpool, every stanza kind,
 * no public keys, rekey_freq 100, logging refused, disclosure "never", no
 * c2s/none fallback. `store` (borrowed; must outlive the config and every
 * session made from it) keeps retained secrets; NULL gives sessions no
 * retained secrets at all.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM, ESESSION_ENOTINIT.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_config_new(esession_store *store, esession_config **out);

/** esession_config_free - release. NULL is allowed. Sessions copy what they
 * need at creation: a config may be freed while its sessions live. */
ESESSION_API void esession_config_free(esession_config *config);

/**
 * Preference lists, most preferred first. Names are the XEP-0116 wire names
 * ("aes128-ctr", "twofish256-ctr", "none", ...; "sha256", "whirlpool");
 * groups are MODP group numbers (1, 2, 5, 14, 15, 16, 17, 18). At most 8
 * entries, no duplicates. On failure the config is unchanged.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, empty, too long, duplicate),
 * ESESSION_EUNSUPPORTED (unknown name or group; a hash shorter than a
 * cipher key).
 * @{
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_config_set_groups(
    esession_config *config, const unsigned *groups, size_t count);
ESESSION_API ESESSION_MUST_CHECK esession_status esession_config_set_ciphers(
    esession_config *config, const char *const *names, size_t count);
ESESSION_API ESESSION_MUST_CHECK esession_status esession_config_set_hashes(
    esession_config *config, const char *const *names, size_t count);
/** @} */

/** Stanza kinds to encrypt: a non-empty mask of ESESSION_STANZA_*.
 * Returns ESESSION_OK, ESESSION_EINVAL. */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_config_set_stanzas(esession_config *config, unsigned kinds);

/** Minimum number of stanzas between key re-exchanges (1 .. 2^32-1).
 * Returns ESESSION_OK, ESESSION_EINVAL. */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_config_set_rekey_freq(esession_config *config, uint32_t stanzas);

/** Whether the peer may log the session (XEP-0155 'logging'); default no.
 * Returns ESESSION_OK, ESESSION_EINVAL. */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_config_set_logging(esession_config *config, int allow);

/** Fallbacks (mask of ESESSION_SECURITY_*) offered after "e2e" as Alice and
 * answered as Bob when he will not start an ESession. Default 0: never.
 * Returns ESESSION_OK, ESESSION_EINVAL. */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_config_set_security_fallback(esession_config *config, unsigned mask);

/**
 * esession_config_set_identity_key - our own private signature key, used
 * when a public-key mode other than "none" identifies us. The key is
 * copied; NULL removes it. Returns ESESSION_OK, ESESSION_EINVAL (a public
 * key), ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_config_set_identity_key(esession_config *config,
                                 const esession_key *key);

/**
 * Public-key identification (XEP-0116 'init_pubkey', 'resp_pubkey'):
 * names "key", "hash", "none", most preferred first. As Alice, `init` is
 * how she offers to identify herself and `resp` how she asks Bob to; as
 * Bob, the sets he accepts. Defaults: "none" only.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EUNSUPPORTED.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_config_set_pubkey(
    esession_config *config, const char *const *init, size_t n_init,
    const char *const *resp, size_t n_resp);

/**
 * Signature algorithms (XEP-0116 'sign_algs'): "rsa-sha256",
 * "dsa-sha256", most preferred first. Default: both, RSA first.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EUNSUPPORTED.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_config_set_sign_algs(
    esession_config *config, const char *const *names, size_t count);

/**
 * esession_config_set_accept_disclosure - whether this side accepts a peer
 * whose 'disclosure' is "disabled" or "enabled" (XEP-0116 §"Back Doors").
 * Default 0: such a peer is refused (not-acceptable [disclosure]). When
 * accepted, ESTABLISHED carries ESESSION_WARN_DISCLOSURE. This side
 * itself always says "never": the library contains no disclosure
 * mechanism. Returns ESESSION_OK, ESESSION_EINVAL.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_config_set_accept_disclosure(esession_config *config, int accept);

/**
 * 3- or 4-message negotiation (XEP-0116 §"Three- or Four-Message
 * Negotiation?"). offer: 4 (SIGMA-R with hash commitment, the default) or
 * 3 (SIGMA-I, which needs public keys: "none" must not be the only
 * pubkey mode). accept_3: whether Bob accepts 3-message requests
 * (default 0: he answers feature-not-implemented naming 'dhkeys').
 * Returns ESESSION_OK, ESESSION_EINVAL.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_config_set_messages(
    esession_config *config, unsigned offer, int accept_3);

/**
 * esession_config_set_answer - how responder sessions created from this
 * config answer a request. With anything but ESESSION_ANSWER_ACCEPT the
 * responder session sends its answer (if any) and ends at once
 * (TERMINATED, status ESESSION_OK). Returns ESESSION_OK, ESESSION_EINVAL.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_config_set_answer(esession_config *config, esession_answer answer);

/**
 * TEST ONLY. Makes every random value of sessions created from this config
 * (exponents, nonces, counters, padding values, thread ids) a deterministic
 * function of `seed`, so that test vectors can be reproduced. A session
 * created this way has no secrecy at all. Never call this in an
 * application. Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_config_set_deterministic_rng_for_tests(esession_config *config,
                                                const uint8_t *seed,
                                                size_t len);

/* ---- sessions --------------------------------------------------------- */

/** Which side of the negotiation a session plays. */
typedef enum esession_role {
	ESESSION_ROLE_INITIATOR = 1, /* Alice: sends the request */
	ESESSION_ROLE_RESPONDER = 2  /* Bob: answers it */
} esession_role;

/** Session states, as esession_session_state() reports them. */
typedef enum esession_state {
	ESESSION_STATE_IDLE = 1,        /* created, nothing exchanged */
	ESESSION_STATE_NEGOTIATING = 2, /* key exchange in progress */
	ESESSION_STATE_ACTIVE = 3,      /* keys established: encrypt/decrypt */
	ESESSION_STATE_TERMINATING = 4, /* our terminate sent, awaiting ack */
	ESESSION_STATE_ENDED = 5,       /* orderly end; keys destroyed */
	ESESSION_STATE_FAILED = 6       /* negotiation or session failure */
} esession_state;

/** What an esession_event reports. */
typedef enum esession_event_type {
	ESESSION_EVENT_SEND = 1,        /* `stanza`: send it to the peer */
	ESESSION_EVENT_ESTABLISHED = 2, /* keys agreed; `sas`, flags valid */
	ESESSION_EVENT_PLAINTEXT = 3,   /* `stanza`: decrypted from the peer */
	ESESSION_EVENT_TERMINATED = 4,  /* orderly end; `status` says how */
	ESESSION_EVENT_FAILED = 5,      /* `status` (+ `field`) say why */
	ESESSION_EVENT_UNSENT = 6       /* `stanza`: given back, not sent */
} esession_event_type;

/**
 * Conditions of an established session that the application MUST show
 * its user (ESTABLISHED event and esession_info 'warnings').
 * ESESSION_WARN_DISCLOSURE: the negotiated 'disclosure' is not "never"
 * (XEP-0116 §"Back Doors": "Both implementations MUST immediately and
 * clearly inform their users"); only possible when the application
 * allowed it with esession_config_set_accept_disclosure().
 * ESESSION_WARN_NO_CONFIDENTIALITY: 'crypt_algs' "none" was negotiated:
 * stanzas are authenticated, not encrypted.
 * ESESSION_WARN_LOGGING: the peer may log the session.
 * ESESSION_WARN_PEER_KEY: peer_key has OTHER_JID, CHANGED or MISSING set.
 * @{
 */
#define ESESSION_WARN_DISCLOSURE         0x1u
#define ESESSION_WARN_NO_CONFIDENTIALITY 0x2u
#define ESESSION_WARN_LOGGING            0x4u
#define ESESSION_WARN_PEER_KEY           0x8u
/** @} */

/**
 * An event. Every pointer is borrowed from the session and stays valid
 * until the next call of any function on that session (copy what you keep).
 *
 *   SEND         stanza/stanza_len: UTF-8 XML text, NUL-terminated.
 *   ESTABLISHED  sas: the 5-character sas28x5 string (XEP-0116 §"Short
 *                Authentication String"), to be compared with the peer's
 *                out of band; "" in 3-message sessions, which have no SAS
 *                (the public keys authenticate them); retained_secret_matched:
 * a secret retained from an earlier session was shared (the SAS of that chain
 *                protects this session too); sas_chain_verified: the users
 *                confirmed the SAS of this retained-secret chain before.
 *   PLAINTEXT    stanza/stanza_len: the peer's stanza as it sent it, with
 *                the encrypted content restored.
 *   TERMINATED   status ESESSION_OK (terminated by either side and
 *                acknowledged), ESESSION_EPEER_DECLINED (peer declined),
 *                ESESSION_EPEER_FALLBACK (peer chose c2s/none: no
 *                encryption; the application decides whether to talk
 *                unencrypted).
 *   FAILED       status: the check that failed; field: the negotiation
 *                field involved, or NULL.
 *   UNSENT       stanza/stanza_len: a stanza the application gave
 *                esession_session_encrypt before a 3-message session was
 *                established, returned exactly as given: it was never
 *                sent. status: why - the status of the FAILED or
 *                TERMINATED event that follows, or the encryption's
 *                refusal (e.g. ESESSION_ESTANZA_KIND: the peer did not
 *                accept encrypted messages) in a session that is
 *                established without it.
 */
typedef struct esession_event {
	esession_event_type type; /* what happened */
	const char *stanza; /* SEND, PLAINTEXT, UNSENT: UTF-8 XML, NUL-term. */
	size_t stanza_len;  /* length of `stanza` in bytes, without the NUL */
	esession_status status; /* TERMINATED, FAILED, UNSENT: how or why */
	const char *field;      /* FAILED: the negotiation field, or NULL */
	const char *sas; /* ESTABLISHED: the 5-character SAS ("" in 3-msg) */
	int retained_secret_matched; /* ESTABLISHED: retained secret matched */
	int sas_chain_verified; /* ESTABLISHED: SAS of the chain confirmed */
	unsigned peer_key;      /* ESTABLISHED: ESESSION_PEER_KEY_* mask */
	const char *peer_key_petname; /* ESTABLISHED: petname, or NULL */
	unsigned warnings; /* ESTABLISHED: ESESSION_WARN_* mask; show them */
} esession_event;

/** Negotiated parameters (esession_session_get_info), valid from
 * ESTABLISHED on. Strings are static or borrowed like event pointers. */
typedef struct esession_info {
	esession_role role;     /* our role */
	esession_state state;   /* the current state */
	int message_count;      /* 4 (SIGMA-R) or 3 (SIGMA-I) */
	unsigned modp_group;    /* MODP group number */
	const char *cipher;     /* "aes128-ctr", ... */
	const char *hash;       /* "sha256", "whirlpool" */
	unsigned stanzas;       /* ESESSION_STANZA_* mask */
	uint32_t rekey_freq;    /* agreed minimum stanzas between re-keys */
	const char *logging;    /* "mustnot" or "may" */
	const char *disclosure; /* "never" */
	const char *sas;        /* "" before ESTABLISHED */
	int retained_secret_matched;  /* as in the ESTABLISHED event */
	int other_secret_used;        /* an other shared secret was mixed in */
	int sas_chain_verified;       /* as in the ESTABLISHED event */
	const char *local_jid;        /* our JID */
	const char *peer_jid;         /* the peer's JID (full once bound) */
	const char *thread;           /* the <thread/> value */
	const char *init_pubkey;      /* "none", "key", "hash" (Alice's) */
	const char *resp_pubkey;      /* "none", "key", "hash" (Bob's) */
	const char *sign_alg;         /* "rsa-sha256", "dsa-sha256" or "" */
	unsigned peer_key;            /* ESESSION_PEER_KEY_* mask */
	const char *peer_key_petname; /* petname of the peer's key, or NULL */
	const char *peer_key_fingerprint; /* lowercase hex SHA-256 of the
	                                     peer's Normalized <KeyValue/>,
	                                     or "" */
	unsigned warnings;                /* ESESSION_WARN_* mask */
} esession_info;

/**
 * esession_session_new_initiator - a session in which we are Alice.
 * local_jid, peer_jid: our full JID and the peer's JID (bare or full; the
 * peer's reply binds the session to the full JID it comes from, XEP-0155
 * §"Accepting a Session"). thread: the <thread/> value, or NULL to
 * generate a random one. Strings are copied. Nothing is sent until
 * esession_session_start().
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL or empty JID, empty thread),
 * ESESSION_ENOMEM, ESESSION_ENOTINIT.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_session_new_initiator(
    const esession_config *config, const char *local_jid, const char *peer_jid,
    const char *thread, esession_session **out);

/**
 * esession_session_new_responder - a session in which we are Bob, for the
 * request stanza `request` (normally created by the router). The request
 * is processed at once: events hold the response (or the error stanza the
 * XEP prescribes) to send.
 * Returns the status of processing the request (ESESSION_OK, or why it
 * was refused; the session then is FAILED and holds the error stanza, if
 * any, as a SEND event), ESESSION_EINVAL, ESESSION_ENOMEM,
 * ESESSION_ENOTINIT. *out is set whenever a session was created.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_session_new_responder(
    const esession_config *config, const char *local_jid, const char *request,
    size_t request_len, esession_session **out);

/**
 * esession_session_start - Alice: queue the ESession request (SEND).
 * Valid in IDLE (initiator). Returns ESESSION_OK, ESESSION_EINVAL,
 * ESESSION_ESTATE, ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_session_start(esession_session *session);

/**
 * esession_session_receive - process one stanza from the peer (UTF-8 XML
 * text, not necessarily NUL-terminated). Valid in NEGOTIATING, ACTIVE and
 * TERMINATING.
 *
 * Returns ESESSION_OK when the stanza was accepted (events say what
 * happened). Otherwise the status says why it was not:
 *   - the stanza was refused and the session is unchanged:
 *     ESESSION_EUNEXPECTED (message not valid in this state),
 *     ESESSION_EWRONG_PEER, ESESSION_EPLAINTEXT, ESESSION_EXML_* for
 *     unparsable input, ESESSION_ENOT_ESESSION;
 *   - the stanza made the session fail (state FAILED, a FAILED event and,
 *     where the XEPs prescribe one, an error stanza to SEND): negotiation
 *     checks (ESESSION_ENEG_*, ESESSION_EDH_RANGE, ESESSION_EMAC,
 *     ESESSION_EIDENTITY, ...), stanza decryption (ESESSION_EMAC,
 *     ESESSION_ESTANZA, ESESSION_EXML_* of the decrypted content), peer
 *     errors (ESESSION_EPEER_*).
 *   ESESSION_ESTATE: the session has already ended or failed.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_session_receive(
    esession_session *session, const char *stanza, size_t len);

/**
 * esession_session_encrypt - encrypt one <message/>, <presence/> or <iq/>
 * stanza (UTF-8 XML text) whose kind was negotiated. On success a SEND
 * event holds the encrypted stanza. On failure nothing was queued, the
 * caller still owns its stanza, and the status says why:
 * ESESSION_ESTATE (not ACTIVE), ESESSION_ESTANZA (not a message, presence
 * or iq in jabber:client or no namespace), ESESSION_ESTANZA_KIND,
 * ESESSION_EINVAL (a <thread/> or 'to' of another session),
 * ESESSION_EXML_*,
 * ESESSION_EKEY_EXHAUSTED, ESESSION_EINVAL, ESESSION_ENOMEM.
 *
 * 3-message initiator waiting for Bob's response (XEP-0116 §"Sending
 * Alice's Identity": Alice "MAY also send encrypted content ... in the
 * same stanza as the proof of her identity"): one <message/> (not of
 * type 'error') is accepted and kept; no SEND event yet. When Bob's
 * response verifies, message 3 carries it encrypted. Otherwise it comes
 * back in an ESESSION_EVENT_UNSENT event, before the FAILED or TERMINATED
 * event (or alone, when the negotiated parameters do not allow it in a
 * session that is established anyway): a stanza accepted here is sent or
 * given back, never dropped. A second stanza before message 3 is refused
 * with ESESSION_ESTATE (message 3 holds one); a <presence/> or <iq/>, or
 * a policy that does not offer to encrypt messages, with
 * ESESSION_ESTANZA_KIND.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_session_encrypt(
    esession_session *session, const char *stanza, size_t len);

/**
 * esession_session_terminate - end the session (XEP-0116 §"ESession
 * Termination"). ACTIVE: queue the encrypted terminate stanza (SEND),
 * destroy the sending keys, and wait for the acknowledgement (state
 * TERMINATING; a TERMINATED event follows its receipt). Before ACTIVE:
 * abandon the negotiation silently (ENDED).
 *
 * Exception: a 3-message initiator holding a stanza for message 3 (see
 * esession_session_encrypt) does not abandon. Message 3 will carry the
 * stanza and a 'terminate' field (XEP-0116 §"Sending Alice's Identity":
 * "the ESession is terminated immediately"; object encryption): when it is
 * queued, ESTABLISHED and TERMINATED (status ESESSION_OK) follow and the
 * session has ENDED; no acknowledgement is awaited. Until Bob's response
 * the session stays NEGOTIATING; if the negotiation fails, the stanza
 * comes back in an UNSENT event. Calling terminate again then returns
 * ESESSION_ESTATE.
 *
 * Returns ESESSION_OK, ESESSION_ESTATE (already TERMINATING, ENDED or
 * FAILED, or termination already asked for), ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_session_terminate(esession_session *session);

/**
 * esession_session_next_event - take the oldest pending event. Returns
 * ESESSION_OK (ev filled), ESESSION_ENO_EVENT, ESESSION_EINVAL.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_session_next_event(esession_session *session, esession_event *ev);

/** esession_session_get_info - state and negotiated parameters. Returns
 * ESESSION_OK, ESESSION_EINVAL. */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_session_get_info(const esession_session *session, esession_info *info);

/** esession_session_state - the current state (0 for NULL). */
ESESSION_API esession_state
esession_session_state(const esession_session *session);

/**
 * esession_session_confirm_sas - the users compared the SAS of this session
 * out of band and it matched: remember that the retained-secret chain of
 * this session is verified (XEP-0116 §"Verifying Keys"). Valid in ACTIVE
 * (4-message sessions). Returns ESESSION_OK, ESESSION_ESTATE,
 * ESESSION_EINVAL, ESESSION_ESTORE.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_session_confirm_sas(esession_session *session);

/** esession_session_free - wipe every secret and release. NULL allowed.
 * Does not send anything: terminate first to end an ACTIVE session
 * properly. */
ESESSION_API void esession_session_free(esession_session *session);

/* ---- re-keying (XEP-0200 §"Re-Key Exchange") ------------------------- */

/*
 * An ACTIVE session re-keys by itself (spec/rekey.md): a stanza sent when
 * 2^31 counter values were used under our key carries a new Diffie-Hellman
 * value (<key/>, XEP-0200 §"Re-Key Initiation"), and a stanza that would
 * take the key beyond 2^32 - 1 is preceded by an empty re-key stanza. Keys
 * the peer announces are followed automatically, and expired MAC keys are
 * published (<old/>) in the first stanza sent once XEP-0200 §"Publishing
 * Old MAC Values" allows it, including the termination stanza and its
 * acknowledgement. Both directions obey the negotiated rekey_freq: we
 * never send a <key/> in fewer than rekey_freq stanzas after our previous
 * one (the negotiation counts as one), and a peer that does fails the
 * session with ESESSION_EREKEY_TOO_SOON and a not-acceptable error.
 *
 * The library reads no clock. Old receiving keys are kept until the peer
 * is seen to use the new ones, or until 60 seconds of the application's
 * time have passed since a newer key was sent (XEP-0200: "a reasonable
 * time"): call esession_session_tick() now and then (every few seconds is
 * enough) with a monotonic time. Without ticks, old keys are kept until
 * the peer uses the new ones (at most 7 unanswered re-keys).
 */

/**
 * esession_session_rekey - re-key now (XEP-0200 §"Re-Key Exchange"): queue
 * an encrypted stanza without content carrying a new Diffie-Hellman value
 * (SEND). Our following stanzas use the new keys. Valid in ACTIVE.
 *
 * Returns ESESSION_OK; ESESSION_EINVAL; ESESSION_ESTATE (not ACTIVE);
 * ESESSION_EREKEY_TOO_SOON (fewer than rekey_freq stanzas since our last
 * re-key: send more stanzas first); ESESSION_EREKEY_PENDING (7 re-keys
 * not yet answered by the peer); ESESSION_EKEY_EXHAUSTED (not even one
 * counter value is left under the current key: terminate);
 * ESESSION_ENOMEM; ESESSION_ECRYPTO. On every failure nothing was queued
 * and the session is unchanged, except ESESSION_ECRYPTO after the stanza
 * was queued (the session has then FAILED).
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_session_rekey(esession_session *session);

/**
 * esession_session_tick - tell the session the time: now_ms, milliseconds
 * from any origin, never smaller than in the previous call (a monotonic
 * clock). Receiving keys older than a key we sent 60 s (60000 ms) ago or
 * more are destroyed; a stanza the peer protected with them afterwards
 * fails the session (ESESSION_EREKEY_EXPIRED). Re-keys are stamped with
 * the last time given. Valid in ACTIVE and TERMINATING.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL, time going backwards);
 * ESESSION_ESTATE; ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_session_tick(esession_session *session, uint64_t now_ms);

/* ---- router ----------------------------------------------------------- */

/**
 * esession_router_new - a table of the sessions of one local client.
 * config is borrowed (must outlive the router); local_jid is copied.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_router_new(const esession_config *config, const char *local_jid,
                    esession_router **out);

/** esession_router_free - free the router and every session in it. NULL
 * is allowed. */
ESESSION_API void esession_router_free(esession_router *router);

/**
 * esession_router_start - create an initiator session with peer_jid and a
 * fresh thread, start it (its request is queued as a SEND event) and keep
 * it in the table. *out is borrowed from the router.
 * Returns as esession_session_new_initiator and esession_session_start.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status esession_router_start(
    esession_router *router, const char *peer_jid, esession_session **out);

/**
 * esession_router_receive - route one incoming stanza. It belongs to the
 * session whose peer and <thread/> match (a session not yet bound to a
 * full JID matches the bare JID); a new ESession request on a new thread
 * creates a responder session. *out (borrowed) receives the session that
 * processed the stanza, or NULL when none did: then the status is
 * ESESSION_ENOT_ESESSION (not ours: hand the stanza to the application
 * unchanged) or a parse error.
 * Returns the session's status for the stanza (see
 * esession_session_receive), ESESSION_ENOT_ESESSION, ESESSION_EINVAL,
 * ESESSION_ENOMEM.
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_router_receive(esession_router *router, const char *stanza, size_t len,
                        esession_session **out);

/**
 * esession_router_prune - free every session of the table that has ended
 * or failed and has no event left to drain (pointers to them become
 * invalid). The router also prunes by itself when its table (1024
 * sessions) is full and a new request arrives. Returns the number of
 * sessions freed; 0 for NULL.
 */
ESESSION_API size_t esession_router_prune(esession_router *router);

/**
 * esession_router_remove - forget and free one session of the table
 * (after it ended, say). Returns ESESSION_OK, ESESSION_EINVAL (not in the
 * table).
 */
ESESSION_API ESESSION_MUST_CHECK esession_status
esession_router_remove(esession_router *router, esession_session *session);

#ifdef __cplusplus
}
#endif

#endif /* ESESSION_H */
