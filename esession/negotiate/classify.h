/*
 * classify.h - which negotiation message a parsed stanza is, by its shape
 * only (spec/state-table.md §2 "Incoming message kinds"); the content is
 * checked later by the parser of that kind. Also the <thread/>, 'from',
 * 'to' and 'type' the session router needs.
 */
#ifndef ES_NEGOTIATE_CLASSIFY_H
#define ES_NEGOTIATE_CLASSIFY_H

#include "neg_common.h"

/* The event kinds of spec/state-table.md §2. */
typedef enum es_neg_kind {
	ES_NEG_KIND_PLAIN = 1,  /* nothing of ours (no <c/>, no payload) */
	ES_NEG_KIND_REQ4,       /* request with dhhashes, no dhkeys */
	ES_NEG_KIND_REQ3,       /* request with dhkeys, no dhhashes */
	ES_NEG_KIND_REQ_BAD,    /* request with both or neither */
	ES_NEG_KIND_RENEG,      /* XEP-0155 renegotiation form */
	ES_NEG_KIND_RESP,       /* submit, accept true, security e2e */
	ES_NEG_KIND_FALLBACK,   /* submit, accept true, security not e2e */
	ES_NEG_KIND_DECLINE,    /* submit, accept false */
	ES_NEG_KIND_COMPLETE,   /* result in <feature/>, accept true */
	ES_NEG_KIND_CANCEL,     /* result in <feature/>, accept false */
	ES_NEG_KIND_BOBID,      /* result in <init/> (message 4) */
	ES_NEG_KIND_ENC,        /* a XEP-0200 <c/>, no negotiation payload */
	ES_NEG_KIND_TERM_CLEAR, /* unencrypted form with 'terminate' */
	ES_NEG_KIND_ERR_NEG,    /* type error: not-acceptable or
	                           feature-not-implemented */
	ES_NEG_KIND_ERR_OTHER   /* type error: any other condition */
} es_neg_kind;

/* What es_neg_classify found; every pointer is borrowed from the stanza's
 * document and NULL when absent. */
typedef struct es_neg_stanza_info {
	es_neg_kind kind;
	const es_xml_node *stanza; /* the classified stanza itself */
	const char *from;
	const char *to;
	const char *type;
	const char *thread; /* text of <thread/> */
	/* The <x/> of a negotiation payload (inside <feature/> or <init/>);
	 * for REQ*, RESP, FALLBACK, DECLINE, COMPLETE, CANCEL, BOBID,
	 * RENEG, TERM_CLEAR. */
	const es_xml_node *form;
	/* The XEP-0200 <c/> child of the stanza (ENC, and a negotiation
	 * message that also carries encrypted content). */
	const es_xml_node *c;
} es_neg_stanza_info;

/* Name of a kind for logs ("REQ4", ...); "?" when unknown. */
const char *es_neg_kind_name(es_neg_kind kind);

/*
 * es_neg_classify - look at stanza (a parsed <message/>, <presence/> or
 * <iq/>) and fill *info. Only <message/> carries negotiation payloads.
 *
 * Order: type='error' -> ERR_NEG / ERR_OTHER (by the condition of
 * <error/>); an <init/> with an <x type='result'> -> BOBID; a <feature/>
 * with a data form whose FORM_TYPE is urn:xmpp:ssn -> by form type and
 * fields ('renegotiate' -> RENEG; 'terminate' -> TERM_CLEAR; form:
 * 'accept' and 'security' offering e2e -> REQ4/REQ3/REQ_BAD; submit /
 * result: by 'accept'); then a <c/> -> ENC; else PLAIN. A payload that
 * fits none of these (another FORM_TYPE, a request not offering e2e, an
 * 'accept' that is not a boolean) is PLAIN: it is not an ESession message
 * and the application may handle it (a plain XEP-0155 negotiation).
 *
 * Returns ESESSION_OK, or:
 *   ESESSION_EINVAL   NULL argument
 *   ESESSION_ESTANZA  not a stanza; several <thread/>, <feature/>,
 *                     <init/> or <c/> children; a <thread/> with child
 *                     elements
 *   ESESSION_ENOMEM
 */
ES_MUST_CHECK esession_status es_neg_classify(const es_xml_node *stanza,
                                              es_neg_stanza_info *info);

#endif
