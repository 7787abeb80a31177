/*
 * pubkey_xml.c - XML-Signature namespace, base64 leaves and Normalized
 * fragments for public-key identification.
 */
#include "pubkey_xml.h"

#include "base64.h"

#include <stdlib.h>
#include <string.h>

/* The wrapper that gives a Normalized fragment its namespace back. */
static const char es_wrap_open[] = "<w xmlns='" ES_NS_XMLDSIG "'>";
static const char es_wrap_close[] = "</w>";

esession_status es_pubkey_parse_fragment(const uint8_t *fragment, size_t len,
                                         es_xml_doc *doc, es_xml_node **wrapper)
{
	ES_ENSURE(fragment != NULL && doc != NULL && wrapper != NULL,
	          ESESSION_EINVAL);
	*wrapper = NULL;
	const size_t open_len = sizeof es_wrap_open - 1;
	const size_t close_len = sizeof es_wrap_close - 1;
	ES_ENSURE(len <= SIZE_MAX - open_len - close_len, ESESSION_EINVAL);
	es_xml_buf text;
	es_xml_buf_init(&text, 0);
	es_xml_parser *parser = NULL;
	esession_status st = es_xml_buf_append(&text, es_wrap_open, open_len);
	if (st == ESESSION_OK)
		st = es_xml_buf_append(&text, fragment, len);
	if (st == ESESSION_OK)
		st = es_xml_buf_append(&text, es_wrap_close, close_len);
	if (st == ESESSION_OK)
		st = es_xml_parser_new(&parser, NULL);
	if (st == ESESSION_OK)
		st = es_xml_parse(parser, doc, text.data, text.len, wrapper);
	es_xml_parser_free(parser);
	/* The fragment may be a decrypted identity: not secret, but wiped
	 * like every decrypted byte string. */
	if (text.data != NULL)
		es_wipe(text.data, text.len);
	es_xml_buf_free(&text);
	return st;
}

esession_status es_pubkey_b64_element(es_xml_buf *out, const char *name,
                                      const uint8_t *data, size_t len)
{
	ES_ENSURE(out != NULL && name != NULL && (data != NULL || len == 0),
	          ESESSION_EINVAL);
	size_t b64_len = 0;
	ES_GUARD(es_base64_encoded_len(len, &b64_len));
	char *b64 = malloc(b64_len + 1);
	ES_ENSURE(b64 != NULL, ESESSION_ENOMEM);
	const size_t before = out->len;
	esession_status st =
	    es_base64_encode(data, len, b64, b64_len + 1, NULL);
	if (st == ESESSION_OK)
		st = es_xml_buf_puts(out, "<");
	if (st == ESESSION_OK)
		st = es_xml_buf_puts(out, name);
	if (st == ESESSION_OK)
		st = es_xml_buf_puts(out, ">");
	if (st == ESESSION_OK)
		st = es_xml_buf_append(out, b64, b64_len);
	if (st == ESESSION_OK)
		st = es_xml_buf_puts(out, "</");
	if (st == ESESSION_OK)
		st = es_xml_buf_puts(out, name);
	if (st == ESESSION_OK)
		st = es_xml_buf_puts(out, ">");
	free(b64);
	if (st != ESESSION_OK)
		es_xml_buf_truncate(out, before);
	return st;
}

esession_status es_pubkey_b64_leaf(const es_xml_node *elem, const char *name,
                                   esession_status malformed, uint8_t **out,
                                   size_t *len)
{
	ES_ENSURE(out != NULL && len != NULL && name != NULL, ESESSION_EINVAL);
	*out = NULL;
	*len = 0;
	ES_ENSURE(es_xml_is(elem, ES_NS_XMLDSIG, name), malformed);
	/* XML-Signature allows an Id attribute on some elements; XEP-0116
	 * carries bare values, so any attribute is a malformation. */
	ES_ENSURE(es_xml_attr_count(elem) == 0, malformed);
	ES_ENSURE(es_xml_first_element(elem) == NULL, malformed);
	const char *text = NULL;
	size_t text_len = 0;
	esession_status st = es_xml_text_content(elem, &text, &text_len);
	if (st == ESESSION_ENOMEM)
		return st;
	ES_ENSURE(st == ESESSION_OK && text_len > 0, malformed);
	size_t cap = es_base64_decoded_max_len(text_len);
	uint8_t *bytes = malloc(cap > 0 ? cap : 1);
	ES_ENSURE(bytes != NULL, ESESSION_ENOMEM);
	size_t n = 0;
	st = es_base64_decode(text, text_len, bytes, cap, &n);
	if (st != ESESSION_OK || n == 0) {
		free(bytes);
		return malformed;
	}
	*out = bytes;
	*len = n;
	return ESESSION_OK;
}

bool es_pubkey_is_space(const es_xml_node *node)
{
	if (!es_xml_is_text(node))
		return false;
	size_t n = 0;
	const char *t = es_xml_text(node, &n);
	for (size_t i = 0; i < n; i++)
		if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r')
			return false;
	return true;
}
