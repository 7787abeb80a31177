/*
 * status.c - esession_strerror(): one sentence per status. The strings are
 * static and never contain secret material (STYLE point 6).
 */
#include "es_internal.h"

const char *esession_strerror(esession_status status)
{
	switch (status) {
	case ESESSION_OK: return "success";
	case ESESSION_EINVAL: return "invalid argument";
	case ESESSION_ENOMEM: return "out of memory or secure memory";
	case ESESSION_ENOTINIT: return "esession_init() has not been called";
	case ESESSION_EINIT:
		return "libgcrypt initialisation failed or version too old";
	case ESESSION_EBUFSIZE: return "output buffer too small";
	case ESESSION_EUNSUPPORTED:
		return "algorithm, group or mode not supported";
	case ESESSION_ESTATE: return "operation not valid in the current state";
	case ESESSION_EBASE64: return "invalid base64 (RFC 4648 section 4)";
	case ESESSION_EBASE64_NONCANON:
		return "non-canonical base64 (non-zero padding bits)";
	case ESESSION_EBASE64_LENGTH:
		return "base64 length is not a multiple of 4";
	case ESESSION_EBASE64_CHAR:
		return "character outside the base64 alphabet";
	case ESESSION_EBASE64_SPACE:
		return "whitespace or line break inside base64";
	case ESESSION_EBASE64_PADDING:
		return "base64 padding '=' misplaced or too long";
	case ESESSION_EXML_SYNTAX: return "XML not well-formed";
	case ESESSION_EXML_TRUNCATED: return "XML document truncated";
	case ESESSION_EXML_UTF8:
		return "invalid UTF-8 or character not allowed in XML";
	case ESESSION_EXML_NUL: return "NUL byte in XML input";
	case ESESSION_EXML_DOCTYPE: return "document type declaration refused";
	case ESESSION_EXML_ENTITY:
		return "entity declaration or reference refused";
	case ESESSION_EXML_PI: return "processing instruction refused";
	case ESESSION_EXML_NAMESPACE:
		return "undeclared or illegally bound namespace prefix";
	case ESESSION_EXML_TOO_LARGE: return "XML input exceeds the size limit";
	case ESESSION_EXML_TOO_DEEP:
		return "XML nesting exceeds the depth limit";
	case ESESSION_EXML_TOO_MANY_ATTRS:
		return "too many attributes on one element";
	case ESESSION_EXML_TOO_MANY_CHILDREN:
		return "too many children of one element";
	case ESESSION_EXML_ATTR_TOO_LONG:
		return "attribute value exceeds the length limit";
	case ESESSION_EXML_TEXT_TOO_LONG:
		return "character data exceeds the length limit";
	case ESESSION_EXML_MIXED_CONTENT:
		return "character data where only elements are allowed";
	case ESESSION_EXML_COMMENT: return "XML comment refused";
	case ESESSION_EXML_C14N_NAMESPACE:
		return "namespace that the canonical form cannot express";
	case ESESSION_EDER: return "malformed DER";
	case ESESSION_EDER_TRUNCATED: return "DER truncated inside an element";
	case ESESSION_EPEM: return "malformed PEM armour or unexpected label";
	case ESESSION_EKEY_FORMAT:
		return "key type or key-file structure not supported";
	case ESESSION_EKEYVALUE: return "malformed <KeyValue/> element";
	case ESESSION_EFINGERPRINT:
		return "malformed <fingerprint/> element (XEP-0116 'hash' "
		       "mode)";
	case ESESSION_EIDENTITY_PAYLOAD:
		return "decrypted identity is not a public key (or "
		       "fingerprint) "
		       "followed by a <SignatureValue/>";
	case ESESSION_ESIGNATUREVALUE:
		return "malformed <SignatureValue/> element";
	case ESESSION_EKEY_UNKNOWN:
		return "fingerprint does not match any stored public key";
	case ESESSION_EKEY_UNTRUSTED:
		return "the peer's public key is not trusted";
	case ESESSION_ENO_IDENTITY_KEY:
		return "public-key identification needs our own identity key";
	case ESESSION_EFORM: return "not a well-formed jabber:x:data form";
	case ESESSION_EFORM_TYPE: return "missing or unknown data form type";
	case ESESSION_EFORM_FIELD_TYPE: return "unknown data form field type";
	case ESESSION_EFORM_NO_VAR: return "data form field without a var";
	case ESESSION_EFORM_DUPLICATE: return "duplicate data form field";
	case ESESSION_EFORM_VALUES:
		return "wrong number of values for the field type";
	case ESESSION_EFORM_BAD_VALUE:
		return "value not valid for the field type";
	case ESESSION_EFORM_OPTION:
		return "malformed or duplicate field option";
	case ESESSION_EFORM_FIELD_MISSING: return "data form field missing";
	case ESESSION_EFORM_TOO_LARGE: return "data form exceeds a size limit";
	case ESESSION_EUNEXPECTED:
		return "message not valid in the current session state";
	case ESESSION_ENOT_ESESSION:
		return "stanza is not an encrypted-session stanza";
	case ESESSION_ENEG_FIELD: return "negotiation field missing or invalid";
	case ESESSION_ENEG_UNACCEPTABLE:
		return "no acceptable option for a negotiation field";
	case ESESSION_ENEG_NONCE: return "wrong session nonce echoed";
	case ESESSION_ENEG_COMMITMENT:
		return "Diffie-Hellman value does not match its hash "
		       "commitment";
	case ESESSION_EIDENTITY: return "peer identity proof did not verify";
	case ESESSION_EWRONG_PEER:
		return "stanza from a JID other than the session peer";
	case ESESSION_EPLAINTEXT:
		return "unencrypted stanza inside an encrypted session";
	case ESESSION_ESTANZA: return "malformed encrypted stanza";
	case ESESSION_ESTANZA_KIND:
		return "stanza kind not negotiated for encryption";
	case ESESSION_EREKEY:
		return "re-key impossible: the private DH value was not kept";
	case ESESSION_EREKEY_TOO_SOON:
		return "re-key sooner than the agreed rekey_freq allows";
	case ESESSION_EREKEY_NEW:
		return "<new/> acknowledges more re-keys than were sent";
	case ESESSION_EREKEY_EXPIRED:
		return "stanza protected with a key set already destroyed";
	case ESESSION_EREKEY_PENDING:
		return "too many re-keys not yet answered by the peer";
	case ESESSION_EKEY_EXHAUSTED:
		return "block limit reached for the current key";
	case ESESSION_ETIMEOUT:
		return "a negotiation or session deadline passed";
	case ESESSION_ENO_EVENT: return "no event pending";
	case ESESSION_ESTORE: return "the secret store reported a failure";
	case ESESSION_ENEG_REQUIRED_UNKNOWN:
		return "request marks a field required that is not supported";
	case ESESSION_ENEG_NOT_OFFERED:
		return "peer selected a negotiation value that was not offered";
	case ESESSION_ESTORE_NOT_FOUND:
		return "no retained secret stored for that peer";
	case ESESSION_ESRSHASH: return "srshash value has the wrong length";
	case ESESSION_EPEER_ERROR: return "peer returned an error stanza";
	case ESESSION_EPEER_DECLINED: return "peer declined the session";
	case ESESSION_EPEER_FALLBACK:
		return "peer chose an unencrypted (c2s/none) session";
	case ESESSION_EPEER_NOT_ACCEPTABLE:
		return "peer found an offered option not acceptable";
	case ESESSION_EPEER_NOT_IMPLEMENTED:
		return "peer does not implement a requested feature";
	case ESESSION_ECRYPTO: return "cryptographic library error";
	case ESESSION_EDH_RANGE:
		return "Diffie-Hellman value out of range (1 < v < p-1)";
	case ESESSION_EMAC: return "MAC or hash mismatch";
	case ESESSION_ESIGNATURE: return "signature verification failed";
	case ESESSION_EKEY: return "malformed or unusable key";
	case ESESSION_EKEY_LENGTH:
		return "hash output shorter than the required key";
	case ESESSION_EMPI: return "malformed multiple-precision integer";
	case ESESSION_ECOUNTER: return "invalid block counter";
	case ESESSION_EDH_EXPONENT:
		return "Diffie-Hellman exponent out of range (2^(2n-1) < x < "
		       "p-1)";
	default: return "unknown status";
	}
}

const char *esession_version(void)
{
	return ESESSION_VERSION_STRING;
}
