/*
 * xml_utf8.h - the character checks made before any byte reaches expat, and
 * the checks applied to strings handed to the tree-building API.
 */
#ifndef ES_XML_UTF8_H
#define ES_XML_UTF8_H

#include "es_internal.h"

/*
 * es_xml_check_chars - verify that s[0..len) is strict UTF-8 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF) made only of XML
 * 1.0 characters (XML 1.0 §2.2 production [2] Char: no C0 control other
 * than TAB, LF, CR; no U+FFFE, U+FFFF).
 *
 * If partial_end_ok, an incomplete but so far valid sequence at the very
 * end is accepted: the parser reports it as truncation, not as bad UTF-8.
 *
 * Returns ESESSION_OK, ESESSION_EXML_NUL (a zero byte; checked over the
 * whole input first so that NUL wins over any other defect),
 * ESESSION_EXML_UTF8 (any other defect).
 */
ES_MUST_CHECK esession_status es_xml_check_chars(const uint8_t *s, size_t len,
                                                 bool partial_end_ok);

/*
 * es_xml_name_ok - true when name is a non-empty ASCII NCName (XML
 * Namespaces 1.0 production [4]): a letter or '_' followed by letters,
 * digits, '-', '.', '_'. Names given to the tree-building API must pass,
 * which guarantees the serializer emits well-formed XML. (Parsed names may
 * hold any name character expat accepts.)
 */
bool es_xml_name_ok(const char *name);

#endif
