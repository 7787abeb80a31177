/*
 * form.h - XEP-0004 data forms: a model, its parser from an es_xml tree,
 * and its serializer back to a tree.
 *
 * Ownership. An es_form owns every string and field it holds (one arena);
 * pointers returned by accessors are borrowed and stay valid until
 * es_form_free(). Strings given to the form are copied. Parsing copies out
 * of the tree: the form does not depend on the tree afterwards.
 *
 * Field types. A field may have no 'type' attribute. Its effective type
 * then follows XEP-0004 §3.3: text-single in a form of type "form";
 * ES_FORM_FIELD_UNSPECIFIED ("inferred from context") in "submit",
 * "result" and "cancel" forms, where any number of values is accepted and
 * the caller applies its own rule (es_form_single_value demands exactly
 * one). es_form_to_xml writes a 'type' attribute only where one was given.
 *
 * Validation (parse and build alike) follows XEP-0004 §3.2-3.3 strictly:
 * a form that breaks a MUST is refused, see es_form_parse for the list.
 * JID syntax in jid-* fields is not checked here.
 */
#ifndef ES_FORM_FORM_H
#define ES_FORM_FORM_H

#include "xml_tree.h"

#define ES_FORM_NS "jabber:x:data"

typedef enum es_form_type {
	ES_FORM_TYPE_FORM = 1,
	ES_FORM_TYPE_SUBMIT,
	ES_FORM_TYPE_RESULT,
	ES_FORM_TYPE_CANCEL
} es_form_type;

typedef enum es_form_field_type {
	ES_FORM_FIELD_UNSPECIFIED = 0, /* no 'type' attribute */
	ES_FORM_FIELD_BOOLEAN,
	ES_FORM_FIELD_FIXED,
	ES_FORM_FIELD_HIDDEN,
	ES_FORM_FIELD_JID_MULTI,
	ES_FORM_FIELD_JID_SINGLE,
	ES_FORM_FIELD_LIST_MULTI,
	ES_FORM_FIELD_LIST_SINGLE,
	ES_FORM_FIELD_TEXT_MULTI,
	ES_FORM_FIELD_TEXT_PRIVATE,
	ES_FORM_FIELD_TEXT_SINGLE
} es_form_field_type;

typedef struct es_form es_form;
typedef struct es_form_field es_form_field;

/* Size limits, each violation ESESSION_EFORM_TOO_LARGE. */
typedef struct es_form_limits {
	size_t max_fields;  /* fields per form */
	size_t max_values;  /* values per field; also <instructions/> */
	size_t max_options; /* options per field */
} es_form_limits;

/* Defaults: 128 fields, 64 values, 64 options (an XEP-0116 request has
 * about 20 fields, at most a few values and options each). */
#define ES_FORM_DEFAULT_MAX_FIELDS  128u
#define ES_FORM_DEFAULT_MAX_VALUES  64u
#define ES_FORM_DEFAULT_MAX_OPTIONS 64u

void es_form_limits_default(es_form_limits *limits);

/* Names used on the wire ("form", "list-single", ...); NULL if unknown.
 * es_form_field_type_name(ES_FORM_FIELD_UNSPECIFIED) is NULL. */
const char *es_form_type_name(es_form_type type);
const char *es_form_field_type_name(es_form_field_type type);

/* ---- building ---------------------------------------------------------- */

/*
 * es_form_new - an empty form of the given type. limits may be NULL
 * (defaults); it is copied. Free with es_form_free().
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL out, limit 0),
 * ESESSION_EFORM_TYPE (unknown type), ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_form_new(es_form_type type,
                                          const es_form_limits *limits,
                                          es_form **out);

/* Release a form and everything it owns. NULL is allowed. */
void es_form_free(es_form *form);

/* Set the title (replacing any) / append one <instructions/> text. Returns
 * ESESSION_OK, ESESSION_EINVAL, ESESSION_EXML_UTF8 / ESESSION_EXML_NUL
 * (not XML text), ESESSION_EFORM_TOO_LARGE (instructions), ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_form_set_title(es_form *form,
                                                const char *title);
ES_MUST_CHECK esession_status es_form_add_instructions(es_form *form,
                                                       const char *text);

/*
 * es_form_add_field - append a field. var may be NULL only for type
 * ES_FORM_FIELD_FIXED; type ES_FORM_FIELD_UNSPECIFIED writes no 'type'
 * attribute. *out (may be NULL) receives the field, owned by form.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL form, unknown type),
 * ESESSION_EFORM_NO_VAR, ESESSION_EFORM_DUPLICATE (var already used),
 * ESESSION_EFORM_TOO_LARGE, ESESSION_EXML_UTF8 / ESESSION_EXML_NUL,
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_form_add_field(es_form *form, const char *var,
                                                es_form_field_type type,
                                                es_form_field **out);

/* Set label / description / <required/>. Returns ESESSION_OK,
 * ESESSION_EINVAL, ESESSION_EXML_UTF8 / ESESSION_EXML_NUL, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_form_field_set_label(es_form_field *field,
                                                      const char *label);
ES_MUST_CHECK esession_status es_form_field_set_desc(es_form_field *field,
                                                     const char *desc);
void es_form_field_set_required(es_form_field *field, bool required);

/*
 * es_form_field_add_value - append a <value/>.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EFORM_VALUES (a second
 * value for a single-value type), ESESSION_EFORM_BAD_VALUE (a boolean
 * other than 0, 1, false, true), ESESSION_EFORM_TOO_LARGE,
 * ESESSION_EXML_UTF8 / ESESSION_EXML_NUL, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_form_field_add_value(es_form_field *field,
                                                      const char *value);

/*
 * es_form_field_add_option - append an <option/> (label may be NULL).
 * Options keep their order, which XEP-0116 uses as preference order.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EFORM_OPTION (field not
 * list-single/list-multi, or value or label already used),
 * ESESSION_EFORM_TOO_LARGE, ESESSION_EXML_UTF8 / ESESSION_EXML_NUL,
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_form_field_add_option(es_form_field *field,
                                                       const char *label,
                                                       const char *value);

/* ---- reading (results borrowed from the form) -------------------------- */

/* Type of form (form must not be NULL). Every other reader below accepts
 * NULL and returns 0 / NULL / false. */
es_form_type es_form_get_type(const es_form *form);
const char *es_form_title(const es_form *form); /* NULL when absent */
size_t es_form_instructions_count(const es_form *form);
const char *es_form_instructions(const es_form *form, size_t i);

size_t es_form_field_count(const es_form *form);
/* Field i in document order, NULL when out of range. */
const es_form_field *es_form_field_at(const es_form *form, size_t i);
/* Field with this var, NULL when absent (or var NULL). */
const es_form_field *es_form_field_find(const es_form *form, const char *var);

const char *es_form_field_var(const es_form_field *field); /* NULL: none */
/* Effective type (see the top of this file). */
es_form_field_type es_form_field_type_of(const es_form_field *field);
/* True when the field carries a 'type' attribute. */
bool es_form_field_type_given(const es_form_field *field);
const char *es_form_field_label(const es_form_field *field); /* or NULL */
const char *es_form_field_desc(const es_form_field *field);  /* or NULL */
bool es_form_field_required(const es_form_field *field);

size_t es_form_field_value_count(const es_form_field *field);
/* All values in order: an array of value_count strings. */
const char *const *es_form_field_values(const es_form_field *field);
size_t es_form_field_option_count(const es_form_field *field);
/* Option values and labels (label entries may be NULL), in order. */
const char *const *es_form_field_option_values(const es_form_field *field);
const char *const *es_form_field_option_labels(const es_form_field *field);

/* ---- helpers for the negotiation code ---------------------------------- */

/*
 * es_form_single_value - the one value of field var.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EFORM_FIELD_MISSING (no
 * such field), ESESSION_EFORM_VALUES (zero or several values).
 */
ES_MUST_CHECK esession_status es_form_single_value(const es_form *form,
                                                   const char *var,
                                                   const char **value);

/*
 * es_form_values - all values of field var: *values receives an array of
 * *count strings (possibly 0).
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EFORM_FIELD_MISSING.
 */
ES_MUST_CHECK esession_status es_form_values(const es_form *form,
                                             const char *var,
                                             const char *const **values,
                                             size_t *count);

/*
 * es_form_options - option values of field var in order (XEP-0116: a
 * list-single field of a request lists options in preference order).
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EFORM_FIELD_MISSING.
 */
ES_MUST_CHECK esession_status es_form_options(const es_form *form,
                                              const char *var,
                                              const char *const **values,
                                              size_t *count);

/*
 * es_form_boolean - the single value of field var as a boolean (XEP-0004
 * §3.3: "0"/"false" and "1"/"true").
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EFORM_FIELD_MISSING,
 * ESESSION_EFORM_VALUES, ESESSION_EFORM_BAD_VALUE.
 */
ES_MUST_CHECK esession_status es_form_boolean(const es_form *form,
                                              const char *var, bool *value);

/*
 * es_form_form_type - the value of the FORM_TYPE field (XEP-0068), e.g.
 * "urn:xmpp:ssn" for XEP-0155. Same statuses as es_form_single_value.
 */
ES_MUST_CHECK esession_status es_form_form_type(const es_form *form,
                                                const char **value);

/* ---- XML --------------------------------------------------------------- */

/*
 * es_form_parse - read the form at x, which must be <x
 * xmlns='jabber:x:data' type='...'>. limits may be NULL (defaults).
 * *out receives a new form (free with es_form_free) or NULL on failure.
 *
 * Elements of other namespaces are ignored (XEP-0004 is extensible, e.g.
 * XEP-0122 validation, XEP-0221 media); unknown jabber:x:data elements are
 * refused. Returns ESESSION_OK or:
 *   ESESSION_EINVAL             NULL argument
 *   ESESSION_EFORM              x is not a jabber:x:data <x/>; an unknown
 *                               jabber:x:data child; non-white-space text
 *                               between elements; a second <title/> or
 *                               <desc/>; a non-empty <required/>; markup
 *                               inside a text element
 *   ESESSION_EUNSUPPORTED       <reported/> or <item/> (multi-item results
 *                               are never used by esession)
 *   ESESSION_EFORM_TYPE         form 'type' missing or unknown
 *   ESESSION_EFORM_FIELD_TYPE   field 'type' unknown
 *   ESESSION_EFORM_NO_VAR       a field other than fixed without 'var'
 *   ESESSION_EFORM_DUPLICATE    two fields with the same 'var'
 *   ESESSION_EFORM_VALUES       several values for a single-value type
 *   ESESSION_EFORM_BAD_VALUE    a boolean other than 0, 1, false, true
 *   ESESSION_EFORM_OPTION       an option outside list-single/list-multi,
 *                               without exactly one <value/>, or repeating
 *                               a value or label
 *   ESESSION_EFORM_TOO_LARGE    a limit exceeded
 *   ESESSION_ENOMEM
 */
ES_MUST_CHECK esession_status es_form_parse(const es_xml_node *x,
                                            const es_form_limits *limits,
                                            es_form **out);

/*
 * es_form_to_xml - build <x xmlns='jabber:x:data' type='...'> for form in
 * doc: title, instructions, then fields in order, each with label, type,
 * var attributes as set, then desc, required, values, options.
 * *out receives the detached element, owned by doc.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_form_to_xml(const es_form *form,
                                             es_xml_doc *doc,
                                             es_xml_node **out);

#endif
