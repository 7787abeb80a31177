/*
 * vectors_keys.h - the fixed identity keys of the public-key vectors
 * (vectors/README.md "Public keys"). A test file carries each key as its
 * components, so that verify and other implementations rebuild the key
 * from the file, never from this table.
 */
#ifndef ES_TOOLS_VECTORS_KEYS_H
#define ES_TOOLS_VECTORS_KEYS_H

#include "vectors.h"

/*
 * vx_key_object - the README `identityKey` object of the fixed key `name`
 * ("rsa2048-alice", "rsa2048-bob", "dsa2048-alice", "dsa2048-bob"): name,
 * alg, components, keyValue, fingerprints. NULL for an unknown name or a
 * key the library refuses (a defect of the table).
 */
vj *vx_key_object(const char *name);

/*
 * vx_key_load - the private key described by an `identityKey` object
 * (from its components), as a new esession_key owned by the caller.
 * Returns ESESSION_OK, ESESSION_EINVAL (a component missing or not hex),
 * or the status of the key constructor (ESESSION_EKEY, ...).
 */
ESESSION_MUST_CHECK esession_status vx_key_load(const vj *identity_key,
                                                esession_key **out);

#endif
