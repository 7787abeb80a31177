/*
 * vectors_rekey.h - the re-key vector files (vectors/README.md
 * "Re-keying"): esession_rekey.json (valid, vectors_rekey_gen.c) and
 * esession_rekey_invalid.json (vectors_rekey_invalid.c). Generator side
 * only.
 */
#ifndef ES_TOOLS_VECTORS_REKEY_H
#define ES_TOOLS_VECTORS_REKEY_H

#include "vectors_gen.h"

/* One `traffic` entry of README "Re-keying". */
typedef enum vx_rk_op {
	VX_RK_SEND,       /* {sender, plaintext} */
	VX_RK_HOLD,       /* {sender, plaintext, hold} */
	VX_RK_REKEY,      /* {sender, rekey} */
	VX_RK_REKEY_HOLD, /* {sender, rekey, hold} */
	VX_RK_RELEASE     /* {sender, release} */
} vx_rk_op;

typedef struct vx_rk_step {
	const char *sender; /* NULL ends a script */
	vx_rk_op op;
	const char *plaintext; /* VX_RK_SEND, VX_RK_HOLD */
} vx_rk_step;

/* A session with a re-key script: sc gives group, algorithms, extras,
 * terminate and flags (sc.traffic is unused); pk is NULL for 4-message
 * 'none'; freq_a / freq_b are the parties' rekeyFreq. */
typedef struct vx_rk_row {
	vx_scenario sc;
	const vx_pk *pk;
	uint32_t freq_a, freq_b;
	const vx_rk_step *steps;
} vx_rk_row;

/* The inputs of a SessionTest for row (seed "esession vectors/<label>"). */
vj *vx_rekey_inputs(const char *seed_label, uint64_t tc_id,
                    const vx_rk_row *row, const char *result);

/* The whole files; NULL on a failed run (reported). */
vj *vx_rekey_file(const char *name);
vj *vx_rekey_invalid_file(const char *name);

#endif
