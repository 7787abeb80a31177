/*
 * init.c - one-time libgcrypt initialisation (the only process-wide state
 * the library has).
 *
 * Applications that initialise libgcrypt themselves pass
 * ESESSION_INIT_GCRYPT_EXTERNAL; see docs/ and esession.h.
 */
#include "es_internal.h"

#include <gcrypt.h>

/* Oldest libgcrypt whose API and constant-time behaviour we rely on. */
#define ES_GCRYPT_MIN_VERSION "1.10.0"

/* Secure-memory pool: holds DH exponents, shared secrets, session keys and
 * the keyed cipher and MAC handles of every session (2 to 11 KiB each). The
 * pool starts at 64 KiB and grows in further locked chunks of 64 KiB as
 * sessions are added, so the number of live sessions is bounded by
 * RLIMIT_MEMLOCK rather than by a fixed pool. */
#define ES_SECMEM_POOL_BYTES   (64u * 1024u)
#define ES_SECMEM_EXPAND_BYTES (64u * 1024u)

static bool es_init_done;

bool es_initialised(void)
{
	return es_init_done;
}

esession_status esession_init(unsigned flags)
{
	ES_ENSURE((flags & ~(unsigned)ESESSION_INIT_GCRYPT_EXTERNAL) == 0,
	          ESESSION_EINVAL);
	if (es_init_done)
		return ESESSION_OK;

	bool external = (flags & ESESSION_INIT_GCRYPT_EXTERNAL) != 0 ||
	                gcry_control(GCRYCTL_ANY_INITIALIZATION_P);
	if (external) {
		ES_ENSURE(gcry_check_version(ES_GCRYPT_MIN_VERSION) != NULL,
		          ESESSION_EINIT);
		ES_ENSURE(gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P),
		          ESESSION_EINIT);
		es_init_done = true;
		return ESESSION_OK;
	}

	ES_ENSURE(gcry_check_version(ES_GCRYPT_MIN_VERSION) != NULL,
	          ESESSION_EINIT);
	/* Keep libgcrypt quiet about secure-memory warnings on stderr: the
	 * library never writes to a stream the application owns. A failed
	 * secure allocation reaches the caller as ESESSION_ENOMEM instead. */
	ES_ENSURE(gcry_control(GCRYCTL_DISABLE_SECMEM_WARN) == 0,
	          ESESSION_EINIT);
	ES_ENSURE(gcry_control(GCRYCTL_AUTO_EXPAND_SECMEM,
	                       ES_SECMEM_EXPAND_BYTES) == 0,
	          ESESSION_EINIT);
	ES_ENSURE(gcry_control(GCRYCTL_INIT_SECMEM, ES_SECMEM_POOL_BYTES, 0) ==
	              0,
	          ESESSION_EINIT);
	ES_ENSURE(gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0) == 0,
	          ESESSION_EINIT);
	es_init_done = true;
	return ESESSION_OK;
}
