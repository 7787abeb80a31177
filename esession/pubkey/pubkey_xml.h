/*
 * pubkey_xml.h - the XML pieces public-key identification shares
 * (XEP-0116 §"ESession Request" 'init_pubkey'/'resp_pubkey', §"Hiding
 * Bob's Identity"): the XML-Signature namespace, base64 leaf elements such
 * as <Modulus/> or <SignatureValue/>, and the parsing of Normalized
 * fragments.
 *
 * A Normalized element carries no namespace declaration
 * (spec/normalization.md rule 1), so `<KeyValue><RSAKeyValue>...` as it
 * is hashed, stored and carried inside ID_X has lost the namespace its
 * elements are in. The reader restores it: a fragment is parsed as the
 * content of a wrapper element whose default namespace is XML-Signature's,
 * just as XEP-0200 content is parsed inside its stanza's default namespace
 * (spec/ambiguities.md "Namespace of the identity payload").
 */
#ifndef ES_PUBKEY_XML_H
#define ES_PUBKEY_XML_H

#include "xml_buf.h"
#include "xml_parse.h"
#include "xml_tree.h"

/* XML-Signature (XEP-0116 §"Public Signature-Verification-Key Formats"):
 * <KeyValue/>, <RSAKeyValue/>, <DSAKeyValue/>, <SignatureValue/>. */
#define ES_NS_XMLDSIG "http://www.w3.org/2000/09/xmldsig#"

/*
 * es_pubkey_parse_fragment - parse fragment[0..len) as the content of a
 * wrapper element in the XML-Signature namespace, into doc. *wrapper
 * receives the wrapper (owned by doc); its children are the fragment's.
 * The input limits and refusals of es_xml_parse apply (no DTD, comment,
 * PI, entity ...). A fragment that closes the wrapper early cannot get
 * out of it: the document would then not be one element.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM, ESESSION_ENOTINIT,
 * and the ESESSION_EXML_* statuses of es_xml_parse.
 */
ES_MUST_CHECK esession_status es_pubkey_parse_fragment(const uint8_t *fragment,
                                                       size_t len,
                                                       es_xml_doc *doc,
                                                       es_xml_node **wrapper);

/*
 * es_pubkey_b64_element - append `<name>` b64(data) `</name>` to out: the
 * Normalized form of a leaf element in the namespace of its parent, as
 * es_xml_c14n writes it (base64 text needs no escaping). data[0..len) may
 * be secret-free bytes only (public keys, signatures, fingerprints).
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EBUFSIZE, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_pubkey_b64_element(es_xml_buf *out,
                                                    const char *name,
                                                    const uint8_t *data,
                                                    size_t len);

/*
 * es_pubkey_b64_leaf - the bytes of a base64 leaf element: elem is
 * {XML-Signature}name, has no attribute and no element child, and its
 * text is non-empty strict base64 (codec/base64.h: no white space).
 * *out receives a malloc'ed copy of the decoded bytes (*len of them);
 * the caller frees it. On failure *out is NULL.
 * Returns ESESSION_OK, ESESSION_ENOMEM, or `malformed` for every defect.
 */
ES_MUST_CHECK esession_status es_pubkey_b64_leaf(const es_xml_node *elem,
                                                 const char *name,
                                                 esession_status malformed,
                                                 uint8_t **out, size_t *len);

/* True when node is a text node of XML white space only (which
 * normalization drops between elements). */
bool es_pubkey_is_space(const es_xml_node *node);

#endif
