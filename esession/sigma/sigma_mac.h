/*
 * sigma_mac.h - the SIGMA MACs that bind each side's identity to the whole
 * negotiation:
 *
 *   XEP-0116 §"Hiding Bob's Identity" (3-message):
 *     mac_B = HMAC(HASH, KS_B, N_A | N_B | d | pubKey_B | form_B)
 *   XEP-0116 §"Sending Bob's Identity" (4-message):
 *     mac_B = HMAC(HASH, KS_B, N_A | N_B | d | pubKey_B | form_B | form_B2)
 *   XEP-0116 §"Hiding Alice's Identity" (both modes):
 *     mac_A = HMAC(HASH, KS_A, N_B | N_A | e | pubKey_A | form_A | form_A2)
 *
 * "|" is plain concatenation (spec/ambiguities.md "Concatenation
 * notation"); d and e are the canonical MPI encodings as sent; pubKey_X is
 * empty for 'none' and the normalized <KeyValue/> otherwise; form_X are
 * normalized form contents (spec/byte-strings.md §2, §3). This module takes
 * all of them as byte strings: it never sees XML. Note the nonce order: each
 * MAC starts with the *peer's* nonce.
 *
 * mac_X is the plaintext of ID_X (pubkey 'none') or what SIGN signs; it is
 * returned in secure memory because it is never sent in the clear.
 */
#ifndef ES_SIGMA_MAC_H
#define ES_SIGMA_MAC_H

#include "hash.h"
#include "secmem.h"

/*
 * The byte strings one side's MAC covers. Every span is borrowed; a span
 * may be empty ({NULL, 0}).
 */
typedef struct es_sigma_mac_input {
	es_span n_a;     /* Alice's ESession ID N_A, as sent/received */
	es_span n_b;     /* Bob's ESession ID N_B */
	es_span dh;      /* mpi(e) for mac_A, mpi(d) for mac_B */
	es_span pub_key; /* pubKey_A / pubKey_B; empty for 'none' */
	es_span form;    /* form_A / form_B */
	es_span form2;   /* form_A2 / form_B2; empty for the 3-message mac_B
	                    (XEP-0116 adds form_B2 only in §"Sending Bob's
	                    Identity") */
} es_sigma_mac_input;

/*
 * es_sigma_mac_a - mac_A = HMAC(HASH, KS_A, N_B | N_A | e | pubKey_A |
 * form_A | form_A2), XEP-0116 §"Hiding Alice's Identity" (Alice) and
 * §"Verifying Alice's Identity" (Bob recomputes it).
 * ks_a: KS_A (4-message: the provisory one, from the DH-only K).
 * out: must be empty on entry; receives es_hash_len(hash) bytes of secure
 *      memory owned by the caller. Left empty on failure.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL or empty ks_a, NULL in or out,
 * out not empty, a span with NULL data and a non-zero length);
 * ESESSION_EUNSUPPORTED; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_mac_a(es_hash_alg hash,
                                             const es_secbuf *ks_a,
                                             const es_sigma_mac_input *in,
                                             es_secbuf *out);

/*
 * es_sigma_mac_b - mac_B = HMAC(HASH, KS_B, N_A | N_B | d | pubKey_B |
 * form_B [| form_B2]), XEP-0116 §"Hiding Bob's Identity" (3-message, with
 * in->form2 empty) and §"Sending Bob's Identity" (4-message: in->form2 =
 * form_B2, and ks_b the final KS_B); Alice recomputes it in §"Verifying
 * Bob's Identity". Parameters and statuses as es_sigma_mac_a.
 */
ES_MUST_CHECK esession_status es_sigma_mac_b(es_hash_alg hash,
                                             const es_secbuf *ks_b,
                                             const es_sigma_mac_input *in,
                                             es_secbuf *out);

#endif
