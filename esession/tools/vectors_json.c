/*
 * vectors_json.c - the JSON tree of the vector tool: constructors, a
 * deterministic writer and a strict parser (vectors_json.h).
 */
#include "vectors_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *vj_alloc(size_t n)
{
	void *p = calloc(1, n == 0 ? 1 : n);
	if (p == NULL) {
		fputs("esession vectors: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static void *vj_grow(void *p, size_t n)
{
	void *q = realloc(p, n == 0 ? 1 : n);
	if (q == NULL) {
		fputs("esession vectors: out of memory\n", stderr);
		exit(1);
	}
	return q;
}

void vj_buf_add(vj_buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap == 0 ? 256 : b->cap;
		while (cap < b->len + len + 1)
			cap *= 2;
		b->data = vj_grow(b->data, cap);
		b->cap = cap;
	}
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void vj_buf_adds(vj_buf *b, const char *s)
{
	vj_buf_add(b, s, strlen(s));
}

void vj_buf_free(vj_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static vj *vj_node(vj_type type)
{
	vj *v = vj_alloc(sizeof *v);
	v->type = type;
	return v;
}

vj *vj_obj(void)
{
	return vj_node(VJ_OBJ);
}

vj *vj_arr(void)
{
	return vj_node(VJ_ARR);
}

vj *vj_strn(const char *s, size_t len)
{
	vj *v = vj_node(VJ_STR);
	v->str = vj_alloc(len + 1);
	if (len > 0) /* s may be NULL for an empty string (empty content) */
		memcpy(v->str, s, len);
	v->len = len;
	return v;
}

vj *vj_str(const char *s)
{
	return vj_strn(s, strlen(s));
}

vj *vj_int(uint64_t val)
{
	vj *v = vj_node(VJ_INT);
	v->num = val;
	return v;
}

vj *vj_bool(bool val)
{
	vj *v = vj_node(VJ_BOOL);
	v->num = val ? 1 : 0;
	return v;
}

vj *vj_hex(const uint8_t *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	vj *v = vj_node(VJ_STR);
	v->str = vj_alloc(2 * len + 1);
	for (size_t i = 0; i < len; i++) {
		v->str[2 * i] = digits[data[i] >> 4];
		v->str[2 * i + 1] = digits[data[i] & 0xf];
	}
	v->len = 2 * len;
	return v;
}

static void vj_append(vj *c, vj *val)
{
	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 8 : 2 * c->cap;
		c->items = vj_grow(c->items, c->cap * sizeof *c->items);
		if (c->type == VJ_OBJ)
			c->keys = vj_grow(c->keys, c->cap * sizeof *c->keys);
	}
	c->items[c->n++] = val;
}

vj *vj_set(vj *obj, const char *key, vj *val)
{
	size_t klen = strlen(key);
	vj_append(obj, val);
	obj->keys[obj->n - 1] = vj_alloc(klen + 1);
	memcpy(obj->keys[obj->n - 1], key, klen);
	return val;
}

vj *vj_push(vj *arr, vj *val)
{
	vj_append(arr, val);
	return val;
}

vj *vj_get(const vj *obj, const char *key)
{
	if (obj == NULL || obj->type != VJ_OBJ)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

const char *vj_get_str(const vj *obj, const char *key)
{
	const vj *v = vj_get(obj, key);
	return v != NULL && v->type == VJ_STR ? v->str : NULL;
}

bool vj_get_int(const vj *obj, const char *key, uint64_t *out)
{
	const vj *v = vj_get(obj, key);
	if (v == NULL || v->type != VJ_INT)
		return false;
	*out = v->num;
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool vj_get_hex(const vj *obj, const char *key, uint8_t **out, size_t *len)
{
	const vj *v = vj_get(obj, key);
	*out = NULL;
	*len = 0;
	if (v == NULL || v->type != VJ_STR || v->len % 2 != 0)
		return false;
	uint8_t *bytes = vj_alloc(v->len / 2);
	for (size_t i = 0; i < v->len / 2; i++) {
		int hi = hex_digit(v->str[2 * i]);
		int lo = hex_digit(v->str[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(bytes);
			return false;
		}
		bytes[i] = (uint8_t)(hi << 4 | lo);
	}
	*out = bytes;
	*len = v->len / 2;
	return true;
}

void vj_free(vj *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->n; i++) {
		vj_free(v->items[i]);
		if (v->type == VJ_OBJ)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

/* ---- writer ------------------------------------------------------------ */

static void write_string(const char *s, size_t len, vj_buf *b)
{
	vj_buf_add(b, "\"", 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			vj_buf_add(b, esc, 2);
		} else if (c < 0x20) {
			char esc[8];
			snprintf(esc, sizeof esc, "\\u%04x", c);
			vj_buf_adds(b, esc);
		} else {
			vj_buf_add(b, &s[i], 1);
		}
	}
	vj_buf_add(b, "\"", 1);
}

static void indent(vj_buf *b, unsigned depth)
{
	vj_buf_add(b, "\n", 1);
	for (unsigned i = 0; i < depth; i++)
		vj_buf_add(b, "  ", 2);
}

/* Arrays of scalars stay on one line when short: files are read by people
 * too. */
static bool is_short_scalar_array(const vj *v)
{
	if (v->type != VJ_ARR || v->n > 16)
		return false;
	for (size_t i = 0; i < v->n; i++) {
		const vj *it = v->items[i];
		if (it->type == VJ_ARR || it->type == VJ_OBJ)
			return false;
		if (it->type == VJ_STR && it->len > 40)
			return false;
	}
	return true;
}

void vj_write(const vj *v, vj_buf *b, unsigned depth)
{
	char num[32];
	switch (v->type) {
	case VJ_BOOL: vj_buf_adds(b, v->num ? "true" : "false"); break;
	case VJ_INT:
		snprintf(num, sizeof num, "%llu", (unsigned long long)v->num);
		vj_buf_adds(b, num);
		break;
	case VJ_STR: write_string(v->str, v->len, b); break;
	case VJ_ARR:
		if (v->n == 0) {
			vj_buf_adds(b, "[]");
			break;
		}
		if (is_short_scalar_array(v)) {
			vj_buf_adds(b, "[");
			for (size_t i = 0; i < v->n; i++) {
				if (i > 0)
					vj_buf_adds(b, ", ");
				vj_write(v->items[i], b, depth + 1);
			}
			vj_buf_adds(b, "]");
			break;
		}
		vj_buf_adds(b, "[");
		for (size_t i = 0; i < v->n; i++) {
			if (i > 0)
				vj_buf_adds(b, ",");
			indent(b, depth + 1);
			vj_write(v->items[i], b, depth + 1);
		}
		indent(b, depth);
		vj_buf_adds(b, "]");
		break;
	case VJ_OBJ:
		if (v->n == 0) {
			vj_buf_adds(b, "{}");
			break;
		}
		vj_buf_adds(b, "{");
		for (size_t i = 0; i < v->n; i++) {
			if (i > 0)
				vj_buf_adds(b, ",");
			indent(b, depth + 1);
			write_string(v->keys[i], strlen(v->keys[i]), b);
			vj_buf_adds(b, ": ");
			vj_write(v->items[i], b, depth + 1);
		}
		indent(b, depth);
		vj_buf_adds(b, "}");
		break;
	}
}

/* ---- parser (RFC 8259, minus fractions, exponents and negatives) ------- */

typedef struct vj_parser {
	const char *s;
	size_t len, pos;
	unsigned depth;
} vj_parser;

#define VJ_MAX_DEPTH 64

static void skip_ws(vj_parser *p)
{
	while (p->pos < p->len &&
	       (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
	        p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static bool literal(vj_parser *p, const char *word)
{
	size_t n = strlen(word);
	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
		return false;
	p->pos += n;
	return true;
}

static void put_utf8(vj_buf *b, unsigned cp)
{
	char out[4];
	size_t n;
	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | cp >> 18);
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	vj_buf_add(b, out, n);
}

static bool hex4(vj_parser *p, unsigned *out)
{
	if (p->len - p->pos < 4)
		return false;
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p->s[p->pos++];
		int d = hex_digit(c >= 'A' && c <= 'F' ? (char)(c + 32) : c);
		if (d < 0)
			return false;
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return true;
}

static bool parse_string(vj_parser *p, vj_buf *b)
{
	if (p->pos >= p->len || p->s[p->pos] != '"')
		return false;
	p->pos++;
	while (p->pos < p->len) {
		unsigned char c = (unsigned char)p->s[p->pos++];
		if (c == '"')
			return true;
		if (c < 0x20)
			return false;
		if (c != '\\') {
			vj_buf_add(b, &p->s[p->pos - 1], 1);
			continue;
		}
		if (p->pos >= p->len)
			return false;
		char e = p->s[p->pos++];
		unsigned cp;
		switch (e) {
		case '"': vj_buf_add(b, "\"", 1); break;
		case '\\': vj_buf_add(b, "\\", 1); break;
		case '/': vj_buf_add(b, "/", 1); break;
		case 'b': vj_buf_add(b, "\b", 1); break;
		case 'f': vj_buf_add(b, "\f", 1); break;
		case 'n': vj_buf_add(b, "\n", 1); break;
		case 'r': vj_buf_add(b, "\r", 1); break;
		case 't': vj_buf_add(b, "\t", 1); break;
		case 'u':
			if (!hex4(p, &cp) || cp == 0)
				return false;
			if (cp >= 0xd800 && cp < 0xdc00) {
				unsigned lo;
				if (!literal(p, "\\u") || !hex4(p, &lo) ||
				    lo < 0xdc00 || lo >= 0xe000)
					return false;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				return false;
			}
			put_utf8(b, cp);
			break;
		default: return false;
		}
	}
	return false;
}

static bool parse_value(vj_parser *p, vj **out);

static bool parse_container(vj_parser *p, vj *c, char close)
{
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		return true;
	}
	for (;;) {
		vj_buf key = {0};
		skip_ws(p);
		if (c->type == VJ_OBJ) {
			if (!parse_string(p, &key)) {
				vj_buf_free(&key);
				return false;
			}
			vj_buf_add(&key, "", 0);
			skip_ws(p);
			if (!literal(p, ":")) {
				vj_buf_free(&key);
				return false;
			}
		}
		vj *val = NULL;
		if (!parse_value(p, &val)) {
			vj_buf_free(&key);
			return false;
		}
		if (c->type == VJ_OBJ)
			vj_set(c, key.data, val);
		else
			vj_push(c, val);
		vj_buf_free(&key);
		skip_ws(p);
		if (literal(p, ","))
			continue;
		char end[2] = {close, '\0'};
		return literal(p, end);
	}
}

static bool parse_value(vj_parser *p, vj **out)
{
	*out = NULL;
	skip_ws(p);
	if (p->pos >= p->len)
		return false;
	char c = p->s[p->pos];
	if (c == '{' || c == '[') {
		if (++p->depth > VJ_MAX_DEPTH)
			return false;
		p->pos++;
		vj *v = c == '{' ? vj_obj() : vj_arr();
		bool ok = parse_container(p, v, c == '{' ? '}' : ']');
		p->depth--;
		if (!ok) {
			vj_free(v);
			return false;
		}
		*out = v;
		return true;
	}
	if (c == '"') {
		vj_buf b = {0};
		vj_buf_add(&b, "", 0);
		if (!parse_string(p, &b)) {
			vj_buf_free(&b);
			return false;
		}
		*out = vj_strn(b.data, b.len);
		vj_buf_free(&b);
		return true;
	}
	if (literal(p, "true")) {
		*out = vj_bool(true);
		return true;
	}
	if (literal(p, "false")) {
		*out = vj_bool(false);
		return true;
	}
	if (c >= '0' && c <= '9') {
		uint64_t v = 0;
		if (c == '0' && p->pos + 1 < p->len &&
		    p->s[p->pos + 1] >= '0' && p->s[p->pos + 1] <= '9')
			return false;
		while (p->pos < p->len && p->s[p->pos] >= '0' &&
		       p->s[p->pos] <= '9') {
			unsigned d = (unsigned)(p->s[p->pos] - '0');
			if (v > (UINT64_MAX - d) / 10)
				return false;
			v = v * 10 + d;
			p->pos++;
		}
		*out = vj_int(v);
		return true;
	}
	return false;
}

bool vj_parse(const char *text, size_t len, vj **out, size_t *err_offset)
{
	vj_parser p = {text, len, 0, 0};
	vj *v = NULL;
	bool ok = parse_value(&p, &v);
	if (ok) {
		skip_ws(&p);
		ok = p.pos == p.len;
	}
	if (!ok) {
		vj_free(v);
		*out = NULL;
		*err_offset = p.pos;
		return false;
	}
	*out = v;
	*err_offset = 0;
	return true;
}
