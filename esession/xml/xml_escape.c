/*
 * xml_escape.c - Canonical XML 1.0 escaping (see xml_escape.h).
 */
#include "xml_escape.h"

/* Replacement of each byte that needs one, NULL for the others. Indexing
 * by byte keeps the copy loop free of branches on ordinary text. */
static const char *const es_xml_text_entities[256] = {
    ['&'] = "&amp;",
    ['<'] = "&lt;",
    ['>'] = "&gt;",
    ['\r'] = "&#xD;",
};

static const char *const es_xml_attr_entities[256] = {
    ['&'] = "&amp;",  ['<'] = "&lt;",   ['"'] = "&quot;",
    ['\t'] = "&#x9;", ['\n'] = "&#xA;", ['\r'] = "&#xD;",
};

/* Copy runs of ordinary bytes in one append each. */
static esession_status es_xml_escape(es_xml_buf *out, const char *s, size_t len,
                                     const char *const entities[256])
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *ent = entities[(uint8_t)s[i]];
		if (ent == NULL)
			continue;
		ES_GUARD(es_xml_buf_append(out, s + run, i - run));
		ES_GUARD(es_xml_buf_puts(out, ent));
		run = i + 1;
	}
	return es_xml_buf_append(out, s + run, len - run);
}

esession_status es_xml_escape_text(es_xml_buf *out, const char *s, size_t len)
{
	return es_xml_escape(out, s, len, es_xml_text_entities);
}

esession_status es_xml_escape_attr(es_xml_buf *out, const char *s, size_t len)
{
	return es_xml_escape(out, s, len, es_xml_attr_entities);
}
