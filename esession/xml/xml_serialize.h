/*
 * xml_serialize.h - trees back to UTF-8 bytes.
 *
 * Two serializers share one escaping routine:
 *
 *  - es_xml_serialize*: ordinary XML for the wire. It re-parses (with
 *    es_xml_parse) to an equal tree: every character that attribute-value
 *    or line-end normalisation would change is written as a character
 *    reference. A default-namespace declaration is written wherever an
 *    element's namespace differs from its parent's; attributes in a
 *    namespace get a prefix declared on their own element ("xml" for the
 *    XML namespace, otherwise ns0, ns1, ...). Attributes keep their order,
 *    empty elements are written <a/>, quotes are double.
 *
 *  - es_xml_c14n*: the canonical form of XEP-0116 §"XML Normalization" as
 *    pinned in spec/normalization.md, for every byte string that is hashed,
 *    MACed or signed.
 *
 * Both append to out. On failure out->len is what it was before the call.
 * Neither recurses: depth is limited by memory only.
 */
#ifndef ES_XML_SERIALIZE_H
#define ES_XML_SERIALIZE_H

#include "xml_buf.h"
#include "xml_tree.h"

/*
 * es_xml_serialize - node (element with its subtree, or text) as a
 * standalone fragment: the outermost element declares its namespace.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL), ESESSION_EBUFSIZE,
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_xml_serialize(const es_xml_node *node,
                                               es_xml_buf *out);

/*
 * es_xml_serialize_children - the content of elem (its children in order,
 * not its own tags), written for insertion back into an element whose
 * default namespace is elem's: children in elem's namespace get no
 * declaration. This is "the XML content" a stanza encrypts (XEP-0200
 * §"Encrypting a Stanza"). Same statuses.
 */
ES_MUST_CHECK esession_status es_xml_serialize_children(const es_xml_node *elem,
                                                        es_xml_buf *out);

/*
 * es_xml_c14n - canonical form of elem including its own start and end
 * tags (spec/normalization.md). Used for form_A, form_B, KeyValue.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, not an element),
 * ESESSION_EXML_C14N_NAMESPACE (an element of the subtree is in another
 * namespace than elem, or an attribute has a namespace),
 * ESESSION_EXML_MIXED_CONTENT (non-white-space text beside child
 * elements), ESESSION_EBUFSIZE, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_xml_c14n(const es_xml_node *elem,
                                          es_xml_buf *out);

/*
 * es_xml_c14n_children - canonical form of the content of elem only, its
 * children in order (XEP-0200 m_content: the <c/> content without the
 * <c> tags). elem's content is taken as element-only: white-space text
 * directly in elem is dropped even when elem has no element child left,
 * any other text there is ESESSION_EXML_MIXED_CONTENT. Every descendant
 * must be in elem's namespace. Same statuses as es_xml_c14n.
 */
ES_MUST_CHECK esession_status es_xml_c14n_children(const es_xml_node *elem,
                                                   es_xml_buf *out);

#endif
