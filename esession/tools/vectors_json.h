/*
 * vectors_json.h - the small JSON tree the vector tool writes and reads.
 *
 * Only what vectors/README.md uses: objects (keys kept in insertion order,
 * which is the order the README lists them), arrays, strings (UTF-8,
 * length-counted, may not contain NUL), non-negative integers, true, false.
 * The writer is deterministic (two-space indentation, "\uXXXX" only for
 * control characters, a trailing newline) so that regenerating a file
 * reproduces it byte for byte.
 *
 * Out of memory is fatal for the tool: every constructor prints a message
 * and exits (a command-line program has nothing better to do and the
 * callers stay readable). The parser reports syntax errors instead.
 */
#ifndef ES_TOOLS_VECTORS_JSON_H
#define ES_TOOLS_VECTORS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum vj_type { VJ_BOOL = 1, VJ_INT, VJ_STR, VJ_ARR, VJ_OBJ } vj_type;

typedef struct vj {
	vj_type type;
	uint64_t num;      /* VJ_INT; VJ_BOOL: 0 or 1 */
	char *str;         /* VJ_STR: NUL-terminated copy */
	size_t len;        /* VJ_STR: length without the NUL */
	char **keys;       /* VJ_OBJ: n keys */
	struct vj **items; /* VJ_ARR, VJ_OBJ: n values */
	size_t n, cap;
} vj;

/* A growable byte string (text output, hex decoding). */
typedef struct vj_buf {
	char *data;
	size_t len, cap;
} vj_buf;

void vj_buf_add(vj_buf *b, const void *data, size_t len);
void vj_buf_adds(vj_buf *b, const char *s);
void vj_buf_free(vj_buf *b);

/* Constructors: new nodes owned by the caller until attached. */
vj *vj_obj(void);
vj *vj_arr(void);
vj *vj_str(const char *s);
vj *vj_strn(const char *s, size_t len);
vj *vj_int(uint64_t v);
vj *vj_bool(bool v);
/* Lowercase hex of data[0..len). */
vj *vj_hex(const uint8_t *data, size_t len);

/* Attach: obj takes ownership of val (key copied); arr of val. Return val. */
vj *vj_set(vj *obj, const char *key, vj *val);
vj *vj_push(vj *arr, vj *val);

/* Lookups: NULL when absent or of another type. */
vj *vj_get(const vj *obj, const char *key);
const char *vj_get_str(const vj *obj, const char *key);
bool vj_get_int(const vj *obj, const char *key, uint64_t *out);
/* Decode a hex string member into a new malloc'ed buffer (*out, *len).
 * false when absent or not lowercase hex of whole bytes. */
bool vj_get_hex(const vj *obj, const char *key, uint8_t **out, size_t *len);

void vj_free(vj *v);

/* Serialize v (indentation level `depth`) and append to b. */
void vj_write(const vj *v, vj_buf *b, unsigned depth);

/* Parse text[0..len) into *out. Returns true on success; on failure *out
 * is NULL and *err_offset the byte offset of the error. */
bool vj_parse(const char *text, size_t len, vj **out, size_t *err_offset);

#endif
