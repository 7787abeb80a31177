/*
 * vectors_gen.h - building vector files (generator side only).
 */
#ifndef ES_TOOLS_VECTORS_GEN_H
#define ES_TOOLS_VECTORS_GEN_H

#include "vectors_internal.h"

#define VX_ALICE    "alice@example.org/pda"
#define VX_BOB      "bob@example.com/laptop"
#define VX_BOB_BARE "bob@example.com"

/* One traffic stanza of a scenario (plaintext given to
 * esession_session_encrypt by `sender`); lists end with a NULL sender. */
typedef struct vx_traffic {
	const char *sender, *plaintext;
} vx_traffic;

/* Extras of a scenario. */
enum {
	RS_SHARED = 1u << 0,    /* both hold the same retained secret */
	RS_UNMATCHED = 1u << 1, /* Alice holds one Bob does not */
	OSS_SET = 1u << 2,      /* both configured an other shared secret */
	MULTI_OFFER = 1u << 3   /* Alice offers 5, 14, 2, 1 */
};

/* One row of a table of session scenarios. */
typedef struct vx_scenario {
	const char *comment;
	unsigned modp;
	const char *cipher, *hash;
	unsigned extras;
	const vx_traffic *traffic;
	const char *terminate;
	const char *const *flags;
} vx_scenario;

/* Public keys and the 3-message exchange of a scenario (README "Public
 * keys", "3-message"): the modes both parties offer and accept, hence
 * select. NULL where a scenario has none of it. */
typedef struct vx_pk {
	unsigned messages;             /* 3 or 4 */
	const char *init_pk, *resp_pk; /* "none", "key" or "hash" */
	const char *sign_alg;          /* "rsa-sha256", "dsa-sha256" */
} vx_pk;

#define FLAGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The basic traffic: one message each way. */
extern const vx_traffic traffic_basic[];

/* A new file object with the common top-level fields. */
vj *vx_file_new(const char *algorithm, const char *header);
/* The group of `file` with these parameters (created on first use). */
vj *vx_group(vj *file, const char *type, unsigned modp, const char *cipher,
             const char *hash);
/* Append test to group and count it in numberOfTests. */
void vx_add_test(vj *file, vj *group, vj *test);
/* A flags array from a NULL-terminated list. */
vj *vx_flags(const char *const *flags);

/* The inputs of a SessionTest for a scenario. seed_label names the
 * session: the seed is "esession vectors/<label>" and the thread <label>. */
vj *vx_session_inputs(const char *seed_label, uint64_t tc_id,
                      const vx_scenario *sc, const char *result);
/* The same with public keys / 3-message (pk may be NULL). */
vj *vx_session_inputs_pk(const char *seed_label, uint64_t tc_id,
                         const vx_scenario *sc, const vx_pk *pk,
                         const char *result);
/* Run the inputs (freed) and file the complete test; false on failure. */
bool vx_add_session(vj *file, const vx_scenario *sc, vj *inputs);
bool vx_add_session_pk(vj *file, const vx_scenario *sc, const vx_pk *pk,
                       vj *inputs);
/* The SessionTest group of file for sc and pk (created on first use). */
vj *vx_session_group(vj *file, const vx_scenario *sc, const vx_pk *pk);

/* The invalid SessionTest file and the StanzaTest file. */
vj *vx_invalid_sessions(const char *name);
vj *vx_stanza_file(void);
/* esession_pubkey_invalid.json (vectors_tamper.c). */
vj *vx_pubkey_invalid(const char *name);

#endif
