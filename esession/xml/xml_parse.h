/*
 * xml_parse.h - one stanza of UTF-8 bytes into an es_xml tree, through expat.
 *
 * The parser accepts exactly one element (the stanza) and refuses, each
 * with its own status, everything a stanza inside an XMPP stream cannot
 * carry (RFC 6120 §11.1: no comments, processing instructions, DTDs or
 * entity references other than the predefined ones and character
 * references). The XML declaration is refused too (spec/ambiguities.md,
 * "XML declaration in a stanza"). No external resource is ever loaded.
 *
 * Defects are reported in this order: input size, NUL bytes, UTF-8 and XML
 * characters (checked before expat sees a byte), then the first defect in
 * document order.
 *
 * One parser object is meant to be kept and reused: each parse resets the
 * expat parser (XML_ParserReset) and reuses the character-data buffer, so
 * parsing allocates only tree nodes, from the caller's document arena.
 */
#ifndef ES_XML_PARSE_H
#define ES_XML_PARSE_H

#include "xml_tree.h"

/*
 * Limits (all in bytes or counts; 0 is not allowed). Each violation has
 * its own status, given in brackets.
 */
typedef struct es_xml_limits {
	size_t max_input;    /* whole input [ESESSION_EXML_TOO_LARGE] */
	size_t max_depth;    /* nesting; the root is depth 1
	                        [ESESSION_EXML_TOO_DEEP] */
	size_t max_attrs;    /* attributes plus namespace declarations on
	                        one element [ESESSION_EXML_TOO_MANY_ATTRS] */
	size_t max_children; /* element children of one element
	                        [ESESSION_EXML_TOO_MANY_CHILDREN] */
	size_t max_attr_len; /* one attribute value after normalisation
	                        [ESESSION_EXML_ATTR_TOO_LONG] */
	size_t max_text_len; /* one run of character data between two tags,
	                        after entity expansion
	                        [ESESSION_EXML_TEXT_TOO_LONG] */
} es_xml_limits;

/* Defaults: 256 KiB input, depth 32, 32 attributes, 1024 children, 4 KiB
 * per attribute value, 192 KiB per run of text (room for the base64
 * <data/> of a large encrypted stanza). */
#define ES_XML_DEFAULT_MAX_INPUT    (256u * 1024u)
#define ES_XML_DEFAULT_MAX_DEPTH    32u
#define ES_XML_DEFAULT_MAX_ATTRS    32u
#define ES_XML_DEFAULT_MAX_CHILDREN 1024u
#define ES_XML_DEFAULT_MAX_ATTR_LEN 4096u
#define ES_XML_DEFAULT_MAX_TEXT_LEN (192u * 1024u)

/* Fill *limits with the defaults above. */
void es_xml_limits_default(es_xml_limits *limits);

typedef struct es_xml_parser es_xml_parser;

/*
 * es_xml_parser_new - a reusable parser. limits may be NULL (defaults) and
 * is copied. Free with es_xml_parser_free().
 * Requires esession_init() (the parser draws a hash salt from the RNG).
 * Returns ESESSION_OK, ESESSION_EINVAL (parser NULL, a limit of 0, or
 * max_input above INT_MAX), ESESSION_ENOMEM, or a status of es_rng_bytes.
 */
ES_MUST_CHECK esession_status es_xml_parser_new(es_xml_parser **parser,
                                                const es_xml_limits *limits);

/* Release a parser. NULL is allowed. Trees it produced live in their own
 * documents and are not affected. */
void es_xml_parser_free(es_xml_parser *parser);

/*
 * es_xml_parse - parse input[0..len), which must hold exactly one element
 * (optionally surrounded by XML white space), into a new tree in doc.
 *
 * On success *root receives the detached root element, owned by doc. On
 * failure *root is NULL and doc is as it was before the call (its arena is
 * rewound).
 *
 * Returns ESESSION_OK or:
 *   ESESSION_EINVAL              NULL argument
 *   ESESSION_ENOMEM              memory exhausted
 *   ESESSION_EXML_TOO_LARGE      len > max_input
 *   ESESSION_EXML_NUL            a zero byte anywhere
 *   ESESSION_EXML_UTF8           invalid UTF-8, a character that XML 1.0
 *                                forbids, or a character reference to one
 *   ESESSION_EXML_DOCTYPE        a document type declaration
 *   ESESSION_EXML_ENTITY         an entity declaration, or a reference to
 *                                an entity other than amp, lt, gt, apos,
 *                                quot
 *   ESESSION_EXML_PI             a processing instruction or an XML
 *                                declaration
 *   ESESSION_EXML_COMMENT        a comment
 *   ESESSION_EXML_NAMESPACE      an undeclared prefix, a prefix undeclared
 *                                with xmlns:p="", or a binding of the xml /
 *                                xmlns prefixes or namespaces other than
 *                                XML Names 1.0 §3 allows, or an element in
 *                                the XML namespace (<xml:a/>)
 *   ESESSION_EXML_TRUNCATED      the input ends before the root element is
 *                                closed (including empty input)
 *   ESESSION_EXML_TOO_DEEP, ESESSION_EXML_TOO_MANY_ATTRS,
 *   ESESSION_EXML_TOO_MANY_CHILDREN, ESESSION_EXML_ATTR_TOO_LONG,
 *   ESESSION_EXML_TEXT_TOO_LONG  a limit was exceeded
 *   ESESSION_EXML_SYNTAX         anything else not well-formed, including
 *                                content after the root element and a
 *                                leading byte order mark
 */
ES_MUST_CHECK esession_status es_xml_parse(es_xml_parser *parser,
                                           es_xml_doc *doc,
                                           const uint8_t *input, size_t len,
                                           es_xml_node **root);

#endif
