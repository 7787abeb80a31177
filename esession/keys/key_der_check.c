/*
 * key_der_check.c - strict DER checks and structure recognition
 * (key_der_check.h).
 */
#include "key_der_check.h"

/* Universal tags (X.690 §8) with DER rules of their own. */
enum {
	ES_DER_BOOLEAN = 0x01,
	ES_DER_INTEGER = 0x02,
	ES_DER_BIT_STRING = 0x03,
	ES_DER_OCTET_STRING = 0x04,
	ES_DER_NULL = 0x05,
	ES_DER_OID = 0x06,
	ES_DER_SEQUENCE = 0x10,
	ES_DER_SET = 0x11
};

#define ES_DER_CLASS_MASK   0xc0u
#define ES_DER_CONSTRUCTED  0x20u
#define ES_DER_NUMBER_MASK  0x1fu
#define ES_DER_SEQUENCE_TAG 0x30u

/* One parsed header: the tag octet and where the content lies. */
typedef struct es_der_tlv {
	uint8_t tag;
	size_t content; /* offset of the first content octet */
	size_t len;     /* content length */
} es_der_tlv;

/*
 * Parse the header of the element at buf[at..end). `outer` says whether
 * end is the end of the input (running out is truncation) or the end of an
 * enclosing element (running out is an inconsistent length).
 */
static esession_status es_der_header(const uint8_t *buf, size_t at, size_t end,
                                     bool outer, es_der_tlv *tlv)
{
	const esession_status short_st =
	    outer ? ESESSION_EDER_TRUNCATED : ESESSION_EDER;
	ES_ENSURE(at < end, short_st);
	const uint8_t tag = buf[at++];
	/* High-tag-number form: no key-file structure uses one. */
	ES_ENSURE((tag & ES_DER_NUMBER_MASK) != ES_DER_NUMBER_MASK,
	          ESESSION_EDER);
	ES_ENSURE(at < end, short_st);
	const uint8_t first = buf[at++];
	size_t len = first;
	if (first >= 0x80u) {
		/* X.690 §10.1: definite form only (0x80 is the BER indefinite
		 * form), in the fewest octets; 0xff is reserved (§8.1.3.5). */
		const size_t n = first & 0x7fu;
		ES_ENSURE(n >= 1 && n <= sizeof(uint32_t), ESESSION_EDER);
		ES_ENSURE(end - at >= n, short_st);
		ES_ENSURE(buf[at] != 0, ESESSION_EDER);
		len = 0;
		for (size_t i = 0; i < n; i++)
			len = (len << 8) | buf[at++];
		ES_ENSURE(len >= 0x80u, ESESSION_EDER);
	}
	ES_ENSURE(end - at >= len, short_st);
	tlv->tag = tag;
	tlv->content = at;
	tlv->len = len;
	return ESESSION_OK;
}

/* The DER content rules of the primitive universal types. */
static esession_status es_der_check_primitive(const uint8_t *c, size_t len,
                                              uint8_t number)
{
	switch (number) {
	case ES_DER_INTEGER:
		/* X.690 §8.3.2: the first nine bits are never all equal. */
		ES_ENSURE(len >= 1, ESESSION_EDER);
		ES_ENSURE(len == 1 || !(c[0] == 0x00 && c[1] < 0x80u),
		          ESESSION_EDER);
		ES_ENSURE(len == 1 || !(c[0] == 0xffu && c[1] >= 0x80u),
		          ESESSION_EDER);
		return ESESSION_OK;
	case ES_DER_BOOLEAN:
		ES_ENSURE(len == 1 && (c[0] == 0x00 || c[0] == 0xffu),
		          ESESSION_EDER);
		return ESESSION_OK;
	case ES_DER_NULL:
		ES_ENSURE(len == 0, ESESSION_EDER);
		return ESESSION_OK;
	case ES_DER_BIT_STRING:
		/* X.690 §11.2.1: unused bits (c[0]) are zero bits. */
		ES_ENSURE(len >= 1 && c[0] <= 7u, ESESSION_EDER);
		ES_ENSURE(len > 1 || c[0] == 0, ESESSION_EDER);
		ES_ENSURE((c[len - 1] & ((1u << c[0]) - 1u)) == 0,
		          ESESSION_EDER);
		return ESESSION_OK;
	case ES_DER_OID:
		/* §8.19.2: each sub-identifier in the fewest octets (no
		 * leading 0x80), the last octet ending one. */
		ES_ENSURE(len >= 1 && (c[len - 1] & 0x80u) == 0, ESESSION_EDER);
		for (size_t i = 0; i < len; i++)
			ES_ENSURE(!(c[i] == 0x80u &&
			            (i == 0 || (c[i - 1] & 0x80u) == 0)),
			          ESESSION_EDER);
		return ESESSION_OK;
	default: return ESESSION_OK;
	}
}

static esession_status es_der_check_range(const uint8_t *buf, size_t at,
                                          size_t end, bool outer,
                                          unsigned depth);

/* One element at buf[at..end); *next receives the offset after it. */
static esession_status es_der_check_element(const uint8_t *buf, size_t at,
                                            size_t end, bool outer,
                                            unsigned depth, size_t *next)
{
	ES_ENSURE(depth < ES_DER_MAX_DEPTH, ESESSION_EDER);
	es_der_tlv tlv;
	ES_GUARD(es_der_header(buf, at, end, outer, &tlv));
	const bool constructed = (tlv.tag & ES_DER_CONSTRUCTED) != 0;
	const bool universal = (tlv.tag & ES_DER_CLASS_MASK) == 0;
	const uint8_t number = (uint8_t)(tlv.tag & ES_DER_NUMBER_MASK);
	if (universal) {
		const bool must_construct =
		    number == ES_DER_SEQUENCE || number == ES_DER_SET;
		const bool must_be_primitive =
		    number == ES_DER_INTEGER || number == ES_DER_BOOLEAN ||
		    number == ES_DER_NULL || number == ES_DER_OID ||
		    number == ES_DER_BIT_STRING ||
		    number == ES_DER_OCTET_STRING;
		ES_ENSURE(!must_construct || constructed, ESESSION_EDER);
		ES_ENSURE(!must_be_primitive || !constructed, ESESSION_EDER);
		if (!constructed)
			ES_GUARD(es_der_check_primitive(buf + tlv.content,
			                                tlv.len, number));
	}
	if (constructed)
		ES_GUARD(es_der_check_range(
		    buf, tlv.content, tlv.content + tlv.len, false, depth + 1));
	*next = tlv.content + tlv.len;
	return ESESSION_OK;
}

/* Elements filling buf[at..end) exactly. */
static esession_status es_der_check_range(const uint8_t *buf, size_t at,
                                          size_t end, bool outer,
                                          unsigned depth)
{
	while (at < end)
		ES_GUARD(es_der_check_element(buf, at, end, outer, depth, &at));
	return ESESSION_OK;
}

esession_status es_der_check(const uint8_t *der, size_t len)
{
	ES_ENSURE(der != NULL || len == 0, ESESSION_EINVAL);
	size_t next = 0;
	ES_GUARD(es_der_check_element(der, 0, len, true, 0, &next));
	/* X.690 §10: one element; anything after it is not part of it. */
	ES_ENSURE(next == len, ESESSION_EDER);
	return ESESSION_OK;
}

es_der_shape es_der_shape_of(const uint8_t *der, size_t len)
{
	es_der_tlv outer, t[3];
	size_t n = 0;
	if (es_der_header(der, 0, len, true, &outer) != ESESSION_OK ||
	    outer.tag != ES_DER_SEQUENCE_TAG)
		return ES_DER_SHAPE_UNKNOWN;
	size_t at = outer.content;
	const size_t end = outer.content + outer.len;
	while (at < end && n < ES_ARRAY_LEN(t)) {
		if (es_der_header(der, at, end, false, &t[n]) != ESESSION_OK)
			return ES_DER_SHAPE_UNKNOWN;
		at = t[n].content + t[n].len;
		n++;
	}
	if (n < 2)
		return ES_DER_SHAPE_UNKNOWN;
	const uint8_t a = t[0].tag, b = t[1].tag;
	const uint8_t integer = ES_DER_INTEGER;
	const uint8_t sequence = ES_DER_SEQUENCE_TAG;
	if (a == integer && b == integer)
		return n == 2 ? ES_DER_SHAPE_RSA_PUBLIC
		              : ES_DER_SHAPE_RSA_PRIVATE;
	if (a == integer && b == sequence)
		return ES_DER_SHAPE_PKCS8;
	if (a == sequence && b == ES_DER_BIT_STRING && n == 2)
		return ES_DER_SHAPE_SPKI;
	if (a == sequence && b == ES_DER_OCTET_STRING && n == 2)
		return ES_DER_SHAPE_PKCS8_ENCRYPTED;
	return ES_DER_SHAPE_UNKNOWN;
}

bool es_der_children_are(const uint8_t *der, size_t len, const uint8_t *tags,
                         size_t n)
{
	es_der_tlv outer, child;
	if (es_der_header(der, 0, len, true, &outer) != ESESSION_OK ||
	    outer.tag != ES_DER_SEQUENCE_TAG)
		return false;
	size_t at = outer.content;
	const size_t end = outer.content + outer.len;
	for (size_t i = 0; i < n; i++) {
		if (es_der_header(der, at, end, false, &child) != ESESSION_OK ||
		    child.tag != tags[i])
			return false;
		at = child.content + child.len;
	}
	return at == end;
}
