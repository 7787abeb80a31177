/*
 * sigma_fixture.h - the fixed inputs of tests/sigma/kat/sigma_kat.py, shared
 * by the sigma suites. Every value here must equal the script's.
 */
#ifndef SIGMA_FIXTURE_H
#define SIGMA_FIXTURE_H

#include "secmem.h"

#include <stddef.h>
#include <stdint.h>

#define FX_NONCE_LEN   32u
#define FX_COUNTER_LEN 16u
#define FX_RS_LEN      32u
#define FX_N_RS        4u

extern const uint8_t fx_k_fixed[32];       /* bytes 0x40..0x5f */
extern const uint8_t fx_n_a[FX_NONCE_LEN]; /* bytes 0xa0..0xbf */
extern const uint8_t fx_n_b[FX_NONCE_LEN]; /* bytes 0xb0..0xcf */
extern const uint8_t fx_c_a[FX_COUNTER_LEN];
extern const uint8_t fx_x[33];                  /* 0x01 0x11*32 */
extern const uint8_t fx_y[41];                  /* 0x02 0x22*40 */
extern const uint8_t fx_rs[FX_N_RS][FX_RS_LEN]; /* 0x31*32 .. 0x34*32 */
extern const char fx_form_a[];
extern const char fx_form_a2[];
extern const char fx_form_b[];
extern const char fx_form_b2[];
extern const char fx_oss[];

/* A new secure buffer holding the bytes of a hex string (test aborts on
 * failure). */
es_secbuf fx_secbuf_hex(const char *hex);

/* A new secure buffer holding a copy of data. */
es_secbuf fx_secbuf(const uint8_t *data, size_t len);

/* Flip bit `bit` (0 = most significant bit of byte 0) of buf. */
void fx_flip(uint8_t *buf, size_t len, size_t bit);

#endif
