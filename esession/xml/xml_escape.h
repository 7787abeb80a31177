/*
 * xml_escape.h - character escaping shared by both serializers. The rules are
 * those of Canonical XML 1.0 §1.1 ("character content" and "attribute
 * values"), which also make ordinary output survive re-parsing unchanged.
 */
#ifndef ES_XML_ESCAPE_H
#define ES_XML_ESCAPE_H

#include "xml_buf.h"

/* Character data: & < > and CR become &amp; &lt; &gt; &#xD;. */
ES_MUST_CHECK esession_status es_xml_escape_text(es_xml_buf *out, const char *s,
                                                 size_t len);

/* Attribute value (inside double quotes): & < " TAB LF CR become &amp;
 * &lt; &quot; &#x9; &#xA; &#xD;. */
ES_MUST_CHECK esession_status es_xml_escape_attr(es_xml_buf *out, const char *s,
                                                 size_t len);

#endif
