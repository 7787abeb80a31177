/*
 * groups.h - the MODP Diffie-Hellman groups XEP-0116 negotiates.
 *
 * XEP-0116 §"ESession Request (Alice)" names groups by their RFC numbers in the
 * "modp" field. We support RFC 2409 groups 1 and 2 and RFC 3526 groups 5,
 * 14, 15, 16, 17 and 18; every one uses the generator g = 2 and a safe
 * prime p (p and (p-1)/2 prime). The constants are embedded in groups.c;
 * spec/reference/modp-groups.txt is the reference copy they are tested
 * against.
 *
 * This header has no libgcrypt types and may be included anywhere in the
 * library. The big-integer view of a group (p, g, the range check) is in
 * groups_mpi.h, which only esession/crypto/ includes.
 */
#ifndef ES_CRYPTO_GROUPS_H
#define ES_CRYPTO_GROUPS_H

#include "es_internal.h"

/* A MODP group. Instances are static constants: never freed, safe to share
 * between threads. */
typedef struct es_group es_group;

/*
 * es_group_find - look up a group by its RFC number (the value of the
 * XEP-0116 "modp" field).
 *
 * group:  receives a pointer to the static group on success; untouched on
 *         failure. Must not be NULL.
 *
 * Returns ESESSION_OK, ESESSION_EINVAL (group is NULL),
 * ESESSION_EUNSUPPORTED (no such group, e.g. 0, 3, 4 or 19).
 */
ES_MUST_CHECK esession_status es_group_find(unsigned number,
                                            const es_group **group);

/* The group's RFC number (1, 2, 5, 14, ..., 18). */
unsigned es_group_number(const es_group *group);

/* Bit length of p (768, 1024, 1536, 2048, ..., 8192). */
unsigned es_group_bits(const es_group *group);

/* Byte length of p: the length of the longest canonical encoding of a value
 * modulo p (XEP-0116 §"Multiple-Precision Integers"). */
size_t es_group_p_len(const es_group *group);

/* The generator g (2 for every supported group). */
unsigned es_group_generator(const es_group *group);

/* Number of supported groups, and the i-th one in ascending RFC number
 * (i < es_group_count()), for callers that list or iterate them. */
size_t es_group_count(void);
const es_group *es_group_at(size_t i);

#endif
