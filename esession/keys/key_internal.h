/*
 * key_internal.h - what an esession_key is, for the library's own modules.
 *
 * The public esession_key (esession.h "identity keys") is a thin handle
 * around the crypto layer's es_sign_key: the crypto layer owns the
 * libgcrypt objects and secure memory, this layer owns the key-file
 * formats. Other modules (public-key identification, <KeyValue/>,
 * fingerprints) borrow the es_sign_key through es_key_sign_key().
 */
#ifndef ES_KEYS_KEY_INTERNAL_H
#define ES_KEYS_KEY_INTERNAL_H

#include "es_internal.h"
#include "sign.h"

struct esession_key {
	es_sign_key *key; /* never NULL in a key handed out by the library */
};

/*
 * es_key_sign_key - the signature key inside key, borrowed: valid as long
 * as key is, and not to be freed. NULL for a NULL key.
 */
const es_sign_key *es_key_sign_key(const esession_key *key);

/*
 * es_key_adopt - a new esession_key around sk, taking ownership of sk in
 * every case (on failure sk is released).
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL argument), ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_key_adopt(es_sign_key *sk, esession_key **out);

#endif
