/*
 * xml_parse.c - expat-backed stanza parser (see xml_parse.h).
 *
 * Expat runs with namespace processing, the encoding forced to UTF-8 and
 * parameter-entity parsing off. Handlers that see something we refuse
 * record the status and stop the parser; every handler first checks
 * whether an earlier one already failed, because expat may deliver the
 * event in progress after XML_StopParser().
 */
#include "xml_parse.h"

#include "rng.h"
#include "xml_tree_internal.h"
#include "xml_utf8.h"

#include <expat.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Separates namespace URI and local name in the names expat reports. A
 * control character can be neither part of a name nor (XML 1.0 [2] Char)
 * part of a namespace URI, so the split is unambiguous. */
#define ES_XML_NS_SEP '\x01'

struct es_xml_parser {
	XML_Parser xp;
	es_xml_limits limits;
	/* Salt of expat's name hash tables, drawn once per parser. Without
	 * it expat reads fresh entropy (a getrandom system call) on every
	 * document; a secret salt per parser object keeps hash-flooding
	 * inputs unpredictable at no per-stanza cost. */
	unsigned long hash_salt;

	/* State of the parse in progress. */
	es_xml_doc *doc;
	es_xml_node *root;
	es_xml_node *cur;   /* innermost open element, NULL outside root */
	size_t depth;       /* open elements */
	size_t ns_decls;    /* declarations seen for the next start tag */
	esession_status st; /* first refusal recorded by a handler */

	/* Character data since the last tag; flushed into one text node. */
	char *text;
	size_t text_len;
	size_t text_cap;
};

void es_xml_limits_default(es_xml_limits *limits)
{
	limits->max_input = ES_XML_DEFAULT_MAX_INPUT;
	limits->max_depth = ES_XML_DEFAULT_MAX_DEPTH;
	limits->max_attrs = ES_XML_DEFAULT_MAX_ATTRS;
	limits->max_children = ES_XML_DEFAULT_MAX_CHILDREN;
	limits->max_attr_len = ES_XML_DEFAULT_MAX_ATTR_LEN;
	limits->max_text_len = ES_XML_DEFAULT_MAX_TEXT_LEN;
}

esession_status es_xml_parser_new(es_xml_parser **parser,
                                  const es_xml_limits *limits)
{
	ES_ENSURE(parser != NULL, ESESSION_EINVAL);
	es_xml_limits lim;
	if (limits != NULL)
		lim = *limits;
	else
		es_xml_limits_default(&lim);
	ES_ENSURE(lim.max_input > 0 && lim.max_depth > 0 && lim.max_attrs > 0 &&
	              lim.max_children > 0 && lim.max_attr_len > 0 &&
	              lim.max_text_len > 0,
	          ESESSION_EINVAL);
	/* expat takes the input length as an int. */
	ES_ENSURE(lim.max_input <= (size_t)INT_MAX, ESESSION_EINVAL);

	es_xml_parser *p = calloc(1, sizeof(*p));
	ES_ENSURE(p != NULL, ESESSION_ENOMEM);
	uint8_t salt[sizeof(p->hash_salt)];
	esession_status st =
	    es_rng_bytes(NULL, ES_RNG_NONCE, salt, sizeof(salt));
	if (st != ESESSION_OK) {
		free(p);
		return st;
	}
	memcpy(&p->hash_salt, salt, sizeof(salt));
	p->xp = XML_ParserCreateNS("UTF-8", ES_XML_NS_SEP);
	if (p->xp == NULL) {
		free(p);
		return ESESSION_ENOMEM;
	}
	p->limits = lim;
	*parser = p;
	return ESESSION_OK;
}

void es_xml_parser_free(es_xml_parser *parser)
{
	if (parser == NULL)
		return;
	XML_ParserFree(parser->xp);
	free(parser->text);
	free(parser);
}

/* Record the first refusal and stop expat. */
static void es_xml_fail(es_xml_parser *p, esession_status st)
{
	if (p->st == ESESSION_OK) {
		p->st = st;
		(void)XML_StopParser(p->xp, XML_FALSE);
	}
}

/* Split an expat name "uri SEP local" (or "local") into its parts. */
static void es_xml_split_name(const XML_Char *name, const char **ns,
                              size_t *ns_len, const char **local,
                              size_t *local_len)
{
	const char *sep = strchr(name, ES_XML_NS_SEP);
	if (sep == NULL) {
		*ns = "";
		*ns_len = 0;
		*local = name;
	} else {
		*ns = name;
		*ns_len = (size_t)(sep - name);
		*local = sep + 1;
	}
	*local_len = strlen(*local);
}

/* Turn pending character data into a text child of the current element. */
static void es_xml_flush_text(es_xml_parser *p)
{
	if (p->text_len == 0)
		return;
	if (p->cur != NULL) {
		es_xml_node *t =
		    es_xml_node_alloc_text(p->doc, p->text, p->text_len);
		if (t == NULL) {
			es_xml_fail(p, ESESSION_ENOMEM);
			return;
		}
		es_xml_link_last(p->cur, t);
	}
	p->text_len = 0;
}

static void XMLCALL es_xml_on_start(void *ud, const XML_Char *name,
                                    const XML_Char **atts)
{
	es_xml_parser *p = ud;
	if (p->st != ESESSION_OK)
		return;
	size_t decls = p->ns_decls;
	p->ns_decls = 0;
	es_xml_flush_text(p);
	if (p->st != ESESSION_OK)
		return;

	if (p->depth >= p->limits.max_depth) {
		es_xml_fail(p, ESESSION_EXML_TOO_DEEP);
		return;
	}
	if (p->cur != NULL && p->cur->n_elements >= p->limits.max_children) {
		es_xml_fail(p, ESESSION_EXML_TOO_MANY_CHILDREN);
		return;
	}
	/* In namespace mode expat reports declarations separately (counted in
	 * ns_decls), not in atts; the limit covers both. */
	size_t n_atts = (size_t)XML_GetSpecifiedAttributeCount(p->xp) / 2;
	if (n_atts > p->limits.max_attrs ||
	    decls > p->limits.max_attrs - n_atts) {
		es_xml_fail(p, ESESSION_EXML_TOO_MANY_ATTRS);
		return;
	}

	const char *ns, *local;
	size_t ns_len, local_len;
	es_xml_split_name(name, &ns, &ns_len, &local, &local_len);
	/* <xml:a/> is legal XML but used by no XMPP protocol, and the XML
	 * namespace cannot be made the default one (XML Names §3), so the
	 * tree would not serialize back: refuse it. */
	if (ns_len == strlen(ES_XML_NS_XML) &&
	    memcmp(ns, ES_XML_NS_XML, ns_len) == 0) {
		es_xml_fail(p, ESESSION_EXML_NAMESPACE);
		return;
	}
	es_xml_node *e =
	    es_xml_node_alloc_element(p->doc, ns, ns_len, local, local_len);
	if (e == NULL) {
		es_xml_fail(p, ESESSION_ENOMEM);
		return;
	}
	for (size_t i = 0; atts[i] != NULL; i += 2) {
		size_t vlen = strlen(atts[i + 1]);
		if (vlen > p->limits.max_attr_len) {
			es_xml_fail(p, ESESSION_EXML_ATTR_TOO_LONG);
			return;
		}
		es_xml_split_name(atts[i], &ns, &ns_len, &local, &local_len);
		es_xml_attr *a = es_xml_attr_alloc(
		    p->doc, ns, ns_len, local, local_len, atts[i + 1], vlen);
		if (a == NULL) {
			es_xml_fail(p, ESESSION_ENOMEM);
			return;
		}
		es_xml_attr_link_last(e, a);
	}

	if (p->cur != NULL)
		es_xml_link_last(p->cur, e);
	else
		p->root = e;
	p->cur = e;
	p->depth++;
}

static void XMLCALL es_xml_on_end(void *ud, const XML_Char *name)
{
	es_xml_parser *p = ud;
	(void)name; /* expat has already matched it with the start tag */
	if (p->st != ESESSION_OK)
		return;
	es_xml_flush_text(p);
	if (p->st != ESESSION_OK || p->cur == NULL)
		return;
	p->cur = p->cur->parent;
	p->depth--;
}

static void XMLCALL es_xml_on_text(void *ud, const XML_Char *s, int len)
{
	es_xml_parser *p = ud;
	if (p->st != ESESSION_OK || len <= 0)
		return;
	size_t n = (size_t)len;
	if (n > p->limits.max_text_len - p->text_len) {
		es_xml_fail(p, ESESSION_EXML_TEXT_TOO_LONG);
		return;
	}
	if (p->text_len + n > p->text_cap) {
		/* Grow geometrically; the buffer is kept across parses. */
		size_t cap = p->text_cap != 0 ? p->text_cap : 256;
		while (cap < p->text_len + n)
			cap = cap > SIZE_MAX / 2 ? p->text_len + n : cap * 2;
		char *t = realloc(p->text, cap);
		if (t == NULL) {
			es_xml_fail(p, ESESSION_ENOMEM);
			return;
		}
		p->text = t;
		p->text_cap = cap;
	}
	memcpy(p->text + p->text_len, s, n);
	p->text_len += n;
}

static void XMLCALL es_xml_on_ns_decl(void *ud, const XML_Char *prefix,
                                      const XML_Char *uri)
{
	es_xml_parser *p = ud;
	(void)prefix;
	(void)uri;
	p->ns_decls++;
}

/* A bare <!DOCTYPE x> is refused at once. With an internal subset the
 * parser goes on until the first entity declaration (ENTITY: the
 * billion-laughs and external-entity attacks need one) or the end of the
 * subset (DOCTYPE): both are refused before any entity could be used. */
static void XMLCALL es_xml_on_doctype(void *ud, const XML_Char *name,
                                      const XML_Char *sysid,
                                      const XML_Char *pubid,
                                      int has_internal_subset)
{
	es_xml_parser *p = ud;
	(void)name;
	(void)sysid;
	(void)pubid;
	if (!has_internal_subset)
		es_xml_fail(p, ESESSION_EXML_DOCTYPE);
}

static void XMLCALL es_xml_on_doctype_end(void *ud)
{
	es_xml_fail(ud, ESESSION_EXML_DOCTYPE);
}

static void XMLCALL
es_xml_on_entity_decl(void *ud, const XML_Char *name, int is_parameter_entity,
                      const XML_Char *value, int value_length,
                      const XML_Char *base, const XML_Char *system_id,
                      const XML_Char *public_id, const XML_Char *notation)
{
	(void)name;
	(void)is_parameter_entity;
	(void)value;
	(void)value_length;
	(void)base;
	(void)system_id;
	(void)public_id;
	(void)notation;
	es_xml_fail(ud, ESESSION_EXML_ENTITY);
}

static void XMLCALL es_xml_on_pi(void *ud, const XML_Char *target,
                                 const XML_Char *data)
{
	(void)target;
	(void)data;
	es_xml_fail(ud, ESESSION_EXML_PI);
}

/* spec/ambiguities.md "XML declaration in a stanza". */
static void XMLCALL es_xml_on_xml_decl(void *ud, const XML_Char *version,
                                       const XML_Char *encoding, int standalone)
{
	(void)version;
	(void)encoding;
	(void)standalone;
	es_xml_fail(ud, ESESSION_EXML_PI);
}

static void XMLCALL es_xml_on_comment(void *ud, const XML_Char *data)
{
	(void)data;
	es_xml_fail(ud, ESESSION_EXML_COMMENT);
}

/* An external entity is never loaded: refusing here is a second line
 * behind the entity-declaration handler. Returning XML_STATUS_ERROR makes
 * expat fail with XML_ERROR_EXTERNAL_ENTITY_HANDLING. */
static int XMLCALL es_xml_on_external_entity(XML_Parser xp,
                                             const XML_Char *context,
                                             const XML_Char *base,
                                             const XML_Char *system_id,
                                             const XML_Char *public_id)
{
	(void)context;
	(void)base;
	(void)system_id;
	(void)public_id;
	es_xml_fail(XML_GetUserData(xp), ESESSION_EXML_ENTITY);
	return XML_STATUS_ERROR;
}

/* Map an expat error that no handler explained. */
static esession_status es_xml_map_error(enum XML_Error e)
{
	switch (e) {
	case XML_ERROR_NO_MEMORY: return ESESSION_ENOMEM;
	/* The input ended early: nothing, or an unfinished token, character,
	 * CDATA section or element. */
	case XML_ERROR_NO_ELEMENTS:
	case XML_ERROR_UNCLOSED_TOKEN:
	case XML_ERROR_PARTIAL_CHAR:
	case XML_ERROR_UNCLOSED_CDATA_SECTION: return ESESSION_EXML_TRUNCATED;
	case XML_ERROR_UNDEFINED_ENTITY:
	case XML_ERROR_RECURSIVE_ENTITY_REF:
	case XML_ERROR_ASYNC_ENTITY:
	case XML_ERROR_BINARY_ENTITY_REF:
	case XML_ERROR_ATTRIBUTE_EXTERNAL_ENTITY_REF:
	case XML_ERROR_EXTERNAL_ENTITY_HANDLING:
	case XML_ERROR_ENTITY_DECLARED_IN_PE:
	case XML_ERROR_NOT_STANDALONE:
	case XML_ERROR_AMPLIFICATION_LIMIT_BREACH: return ESESSION_EXML_ENTITY;
	case XML_ERROR_BAD_CHAR_REF:
	case XML_ERROR_INCORRECT_ENCODING:
	case XML_ERROR_UNKNOWN_ENCODING: return ESESSION_EXML_UTF8;
	case XML_ERROR_MISPLACED_XML_PI: return ESESSION_EXML_PI;
	case XML_ERROR_UNBOUND_PREFIX:
	case XML_ERROR_UNDECLARING_PREFIX:
	case XML_ERROR_RESERVED_PREFIX_XML:
	case XML_ERROR_RESERVED_PREFIX_XMLNS:
	case XML_ERROR_RESERVED_NAMESPACE_URI: return ESESSION_EXML_NAMESPACE;
	default: return ESESSION_EXML_SYNTAX;
	}
}

/* Reset expat and install our handlers: XML_ParserReset clears them. */
static esession_status es_xml_parser_prepare(es_xml_parser *p)
{
	ES_ENSURE(XML_ParserReset(p->xp, "UTF-8") == XML_TRUE, ESESSION_ENOMEM);
	XML_Parser xp = p->xp;
	XML_SetUserData(xp, p);
	ES_ENSURE(XML_SetHashSalt(xp, p->hash_salt) != 0, ESESSION_ENOMEM);
	/* Never read a DTD or parameter entity from anywhere. */
	ES_ENSURE(
	    XML_SetParamEntityParsing(xp, XML_PARAM_ENTITY_PARSING_NEVER) != 0,
	    ESESSION_ENOMEM);
	XML_SetElementHandler(xp, es_xml_on_start, es_xml_on_end);
	XML_SetCharacterDataHandler(xp, es_xml_on_text);
	XML_SetStartNamespaceDeclHandler(xp, es_xml_on_ns_decl);
	XML_SetDoctypeDeclHandler(xp, es_xml_on_doctype, es_xml_on_doctype_end);
	XML_SetEntityDeclHandler(xp, es_xml_on_entity_decl);
	XML_SetProcessingInstructionHandler(xp, es_xml_on_pi);
	XML_SetXmlDeclHandler(xp, es_xml_on_xml_decl);
	XML_SetCommentHandler(xp, es_xml_on_comment);
	XML_SetExternalEntityRefHandler(xp, es_xml_on_external_entity);

	p->root = NULL;
	p->cur = NULL;
	p->depth = 0;
	p->ns_decls = 0;
	p->st = ESESSION_OK;
	p->text_len = 0;
	return ESESSION_OK;
}

esession_status es_xml_parse(es_xml_parser *parser, es_xml_doc *doc,
                             const uint8_t *input, size_t len,
                             es_xml_node **root)
{
	ES_ENSURE(root != NULL, ESESSION_EINVAL);
	*root = NULL;
	ES_ENSURE(parser != NULL && doc != NULL, ESESSION_EINVAL);
	ES_ENSURE(input != NULL || len == 0, ESESSION_EINVAL);
	ES_ENSURE(len <= parser->limits.max_input, ESESSION_EXML_TOO_LARGE);
	ES_GUARD(es_xml_check_chars(input, len, true));
	/* A stanza is a fragment of a stream and carries no byte order
	 * mark (expat would skip it silently). */
	ES_ENSURE(!(len >= 3 && input[0] == 0xEF && input[1] == 0xBB &&
	            input[2] == 0xBF),
	          ESESSION_EXML_SYNTAX);

	ES_GUARD(es_xml_parser_prepare(parser));
	parser->doc = doc;
	es_arena_mark mark = es_arena_mark_get(&doc->arena);

	esession_status st = ESESSION_OK;
	enum XML_Status xs = XML_Parse(
	    parser->xp, len > 0 ? (const char *)input : "", (int)len, XML_TRUE);
	if (parser->st != ESESSION_OK)
		st = parser->st;
	else if (xs != XML_STATUS_OK)
		st = es_xml_map_error(XML_GetErrorCode(parser->xp));
	else if (parser->root == NULL || parser->cur != NULL)
		st = ESESSION_EXML_TRUNCATED; /* expat should have said so */

	if (st == ESESSION_OK)
		*root = parser->root;
	else
		es_arena_rewind(&doc->arena, mark);
	parser->doc = NULL;
	parser->root = NULL;
	parser->cur = NULL;
	return st;
}
