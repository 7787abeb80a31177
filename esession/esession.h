/*
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

/* Library version, also available at run time from esession_version(). */
#define ESESSION_VERSION_MAJOR 0
#define ESESSION_VERSION_MINOR 1
#define ESESSION_VERSION_PATCH 0

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

	/* 200 - 299: cryptography */
	ESESSION_ECRYPTO = 200,     /* libgcrypt reported an internal error */
	ESESSION_EDH_RANGE = 201,   /* DH value outside 1 < v < p-1 */
	ESESSION_EMAC = 202,        /* MAC or hash mismatch */
	ESESSION_ESIGNATURE = 203,  /* signature did not verify */
	ESESSION_EKEY = 204,        /* malformed or unusable key */
	ESESSION_EKEY_LENGTH = 205, /* hash output shorter than the key */
	ESESSION_EMPI = 206,        /* malformed multiple-precision integer */
	ESESSION_ECOUNTER = 207     /* counter width or value invalid */
} esession_status;

/*
 * esession_strerror - a static, human-readable description of a status.
 * Never returns NULL; unknown values give "unknown status". The text never
 * contains secret material.
 */
ESESSION_API const char *esession_strerror(esession_status status);

/* esession_version - "MAJOR.MINOR.PATCH" of the linked library. */
ESESSION_API const char *esession_version(void);

/* Flags for esession_init(). */
enum esession_init_flags {
	/*
	 * The application has already initialised libgcrypt itself (version
	 * check, secure memory, GCRYCTL_INITIALIZATION_FINISHED).
	 * esession_init() then only verifies that initialisation finished and
	 * that the libgcrypt version is recent enough; it changes nothing.
	 */
	ESESSION_INIT_GCRYPT_EXTERNAL = 1u << 0
};

/*
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

#ifdef __cplusplus
}
#endif

#endif /* ESESSION_H */
