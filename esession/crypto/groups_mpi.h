/*
 * groups_mpi.h - the big-integer view of a MODP group.
 *
 * Uses libgcrypt types: include it only from the .c files of esession/crypto/
 * (and the crypto unit tests), never from another part of the library.
 */
#ifndef ES_CRYPTO_GROUPS_MPI_H
#define ES_CRYPTO_GROUPS_MPI_H

#include "groups.h"

#include <gcrypt.h>

/*
 * es_group_p - a new MPI holding the group's prime p.
 *
 * p:  receives the MPI; the caller owns it and releases it with
 *     gcry_mpi_release(). Untouched on failure.
 *
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL argument), ESESSION_ENOMEM,
 * ESESSION_ECRYPTO (libgcrypt refused the embedded constant).
 */
ES_MUST_CHECK esession_status es_group_p(const es_group *group, gcry_mpi_t *p);

/* es_group_g - a new MPI holding the generator; same contract as
 * es_group_p(). */
ES_MUST_CHECK esession_status es_group_g(const es_group *group, gcry_mpi_t *g);

/*
 * es_group_check_range - the check XEP-0116 requires of every received
 * Diffie-Hellman value: §"ESession Response (Bob)", "1 < e < p - 1", and
 * §"ESession Accept (Alice)", "1 < d < p - 1".
 *
 * v:  the value, not modified. Must not be NULL.
 *
 * Excluding 0, 1 and p-1 rejects the values that would force the shared
 * secret into {0, 1, p-1}; since p is a safe prime every other value has
 * order q or 2q, so no small-subgroup confinement is possible.
 *
 * Returns ESESSION_OK, ESESSION_EDH_RANGE (v <= 1 or v >= p-1, negative
 * values included), ESESSION_EINVAL (NULL argument), ESESSION_ENOMEM,
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_group_check_range(const es_group *group,
                                                   gcry_mpi_t v);

#endif
