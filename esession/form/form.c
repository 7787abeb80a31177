/*
 * form.c - XEP-0004 data form model: building, validation, lookup (see
 * form.h). Every rule cites the XEP-0004 section it enforces.
 */
#include "form_internal.h"

#include "xml_utf8.h"

#include <stdlib.h>
#include <string.h>

static const char *const es_form_type_names[] = {
    [ES_FORM_TYPE_FORM] = "form",
    [ES_FORM_TYPE_SUBMIT] = "submit",
    [ES_FORM_TYPE_RESULT] = "result",
    [ES_FORM_TYPE_CANCEL] = "cancel",
};

/* XEP-0004 §3.3 "Field Types". */
static const char *const es_form_field_type_names[] = {
    [ES_FORM_FIELD_UNSPECIFIED] = NULL,
    [ES_FORM_FIELD_BOOLEAN] = "boolean",
    [ES_FORM_FIELD_FIXED] = "fixed",
    [ES_FORM_FIELD_HIDDEN] = "hidden",
    [ES_FORM_FIELD_JID_MULTI] = "jid-multi",
    [ES_FORM_FIELD_JID_SINGLE] = "jid-single",
    [ES_FORM_FIELD_LIST_MULTI] = "list-multi",
    [ES_FORM_FIELD_LIST_SINGLE] = "list-single",
    [ES_FORM_FIELD_TEXT_MULTI] = "text-multi",
    [ES_FORM_FIELD_TEXT_PRIVATE] = "text-private",
    [ES_FORM_FIELD_TEXT_SINGLE] = "text-single",
};

void es_form_limits_default(es_form_limits *limits)
{
	limits->max_fields = ES_FORM_DEFAULT_MAX_FIELDS;
	limits->max_values = ES_FORM_DEFAULT_MAX_VALUES;
	limits->max_options = ES_FORM_DEFAULT_MAX_OPTIONS;
}

const char *es_form_type_name(es_form_type type)
{
	size_t i = (size_t)type;
	return i < ES_ARRAY_LEN(es_form_type_names) ? es_form_type_names[i]
	                                            : NULL;
}

const char *es_form_field_type_name(es_form_field_type type)
{
	size_t i = (size_t)type;
	return i < ES_ARRAY_LEN(es_form_field_type_names)
	           ? es_form_field_type_names[i]
	           : NULL;
}

/* ---- small helpers ----------------------------------------------------- */

/* Copy a string given to the API into the arena after checking that it is
 * XML text (so that es_form_to_xml cannot fail on it). */
static esession_status es_form_strdup(es_form *form, const char *s,
                                      const char **out)
{
	ES_ENSURE(s != NULL, ESESSION_EINVAL);
	size_t len = strlen(s);
	ES_GUARD(es_xml_check_chars((const uint8_t *)s, len, false));
	char *c = es_arena_strndup(&form->arena, s, len);
	ES_ENSURE(c != NULL, ESESSION_ENOMEM);
	*out = c;
	return ESESSION_OK;
}

/* Append to a string array, doubling its arena storage when full. */
static esession_status es_form_strv_push(es_form *form, es_form_strv *sv,
                                         const char *s)
{
	if (sv->n == sv->cap) {
		size_t cap = sv->cap != 0 ? sv->cap * 2 : 4;
		const char **v = es_arena_alloc(&form->arena, cap * sizeof(*v));
		ES_ENSURE(v != NULL, ESESSION_ENOMEM);
		if (sv->n > 0)
			memcpy(v, sv->v, sv->n * sizeof(*v));
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n++] = s;
	return ESESSION_OK;
}

static bool es_form_strv_contains(const es_form_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++) {
		if (sv->v[i] != NULL && strcmp(sv->v[i], s) == 0)
			return true;
	}
	return false;
}

/* XEP-0004 §3.2 <value/>: list-multi, jid-multi, text-multi and hidden
 * may hold several values; "all other field types MUST NOT contain more
 * than one". A field whose type is left to context accepts several. */
static bool es_form_type_is_single(es_form_field_type t)
{
	switch (t) {
	case ES_FORM_FIELD_BOOLEAN:
	case ES_FORM_FIELD_FIXED:
	case ES_FORM_FIELD_JID_SINGLE:
	case ES_FORM_FIELD_LIST_SINGLE:
	case ES_FORM_FIELD_TEXT_PRIVATE:
	case ES_FORM_FIELD_TEXT_SINGLE: return true;
	case ES_FORM_FIELD_UNSPECIFIED:
	case ES_FORM_FIELD_HIDDEN:
	case ES_FORM_FIELD_JID_MULTI:
	case ES_FORM_FIELD_LIST_MULTI:
	case ES_FORM_FIELD_TEXT_MULTI:
	default: return false;
	}
}

/* XEP-0004 §3.3 boolean: the xs:boolean lexical forms only. */
static esession_status es_form_parse_boolean(const char *v, bool *out)
{
	if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
		*out = true;
		return ESESSION_OK;
	}
	if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0) {
		*out = false;
		return ESESSION_OK;
	}
	return ESESSION_EFORM_BAD_VALUE;
}

/* ---- building ---------------------------------------------------------- */

esession_status es_form_new(es_form_type type, const es_form_limits *limits,
                            es_form **out)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	*out = NULL;
	ES_ENSURE(es_form_type_name(type) != NULL, ESESSION_EFORM_TYPE);
	es_form_limits lim;
	if (limits != NULL)
		lim = *limits;
	else
		es_form_limits_default(&lim);
	ES_ENSURE(lim.max_fields > 0 && lim.max_values > 0 &&
	              lim.max_options > 0,
	          ESESSION_EINVAL);
	es_form *f = calloc(1, sizeof(*f));
	ES_ENSURE(f != NULL, ESESSION_ENOMEM);
	es_arena_init(&f->arena, 0);
	f->limits = lim;
	f->type = type;
	*out = f;
	return ESESSION_OK;
}

void es_form_free(es_form *form)
{
	if (form == NULL)
		return;
	es_arena_free(&form->arena);
	free(form);
}

esession_status es_form_set_title(es_form *form, const char *title)
{
	ES_ENSURE(form != NULL, ESESSION_EINVAL);
	return es_form_strdup(form, title, &form->title);
}

esession_status es_form_add_instructions(es_form *form, const char *text)
{
	ES_ENSURE(form != NULL, ESESSION_EINVAL);
	ES_ENSURE(form->instructions.n < form->limits.max_values,
	          ESESSION_EFORM_TOO_LARGE);
	const char *c = NULL;
	ES_GUARD(es_form_strdup(form, text, &c));
	return es_form_strv_push(form, &form->instructions, c);
}

esession_status es_form_add_field(es_form *form, const char *var,
                                  es_form_field_type type, es_form_field **out)
{
	ES_ENSURE(form != NULL, ESESSION_EINVAL);
	ES_ENSURE(type == ES_FORM_FIELD_UNSPECIFIED ||
	              es_form_field_type_name(type) != NULL,
	          ESESSION_EINVAL);
	/* XEP-0004 §3.2: every field but "fixed" MUST possess a 'var'. */
	if (var == NULL || var[0] == '\0') {
		ES_ENSURE(type == ES_FORM_FIELD_FIXED, ESESSION_EFORM_NO_VAR);
		var = NULL;
	}
	/* §3.2: 'var' "uniquely identifies the field in the context of the
	 * form". */
	ES_ENSURE(var == NULL || es_form_field_find(form, var) == NULL,
	          ESESSION_EFORM_DUPLICATE);
	ES_ENSURE(form->n_fields < form->limits.max_fields,
	          ESESSION_EFORM_TOO_LARGE);

	es_form_field *f = es_arena_alloc(&form->arena, sizeof(*f));
	ES_ENSURE(f != NULL, ESESSION_ENOMEM);
	memset(f, 0, sizeof(*f));
	f->form = form;
	f->type = type;
	if (var != NULL)
		ES_GUARD(es_form_strdup(form, var, &f->var));

	if (form->n_fields == form->cap_fields) {
		size_t cap = form->cap_fields != 0 ? form->cap_fields * 2 : 16;
		es_form_field **v =
		    es_arena_alloc(&form->arena, cap * sizeof(*v));
		ES_ENSURE(v != NULL, ESESSION_ENOMEM);
		if (form->n_fields > 0)
			memcpy(v, form->fields, form->n_fields * sizeof(*v));
		form->fields = v;
		form->cap_fields = cap;
	}
	form->fields[form->n_fields++] = f;
	if (out != NULL)
		*out = f;
	return ESESSION_OK;
}

esession_status es_form_field_set_label(es_form_field *field, const char *label)
{
	ES_ENSURE(field != NULL, ESESSION_EINVAL);
	return es_form_strdup(field->form, label, &field->label);
}

esession_status es_form_field_set_desc(es_form_field *field, const char *desc)
{
	ES_ENSURE(field != NULL, ESESSION_EINVAL);
	return es_form_strdup(field->form, desc, &field->desc);
}

void es_form_field_set_required(es_form_field *field, bool required)
{
	if (field != NULL)
		field->required = required;
}

esession_status es_form_field_add_value(es_form_field *field, const char *value)
{
	ES_ENSURE(field != NULL && value != NULL, ESESSION_EINVAL);
	es_form_field_type t = es_form_field_type_of(field);
	ES_ENSURE(!es_form_type_is_single(t) || field->values.n == 0,
	          ESESSION_EFORM_VALUES);
	ES_ENSURE(field->values.n < field->form->limits.max_values,
	          ESESSION_EFORM_TOO_LARGE);
	if (t == ES_FORM_FIELD_BOOLEAN) {
		bool b;
		ES_GUARD(es_form_parse_boolean(value, &b));
	}
	const char *c = NULL;
	ES_GUARD(es_form_strdup(field->form, value, &c));
	return es_form_strv_push(field->form, &field->values, c);
}

esession_status es_form_field_add_option(es_form_field *field,
                                         const char *label, const char *value)
{
	ES_ENSURE(field != NULL && value != NULL, ESESSION_EINVAL);
	/* XEP-0004 §3.2 <option/>: only in list-single and list-multi. */
	es_form_field_type t = es_form_field_type_of(field);
	ES_ENSURE(t == ES_FORM_FIELD_LIST_SINGLE ||
	              t == ES_FORM_FIELD_LIST_MULTI,
	          ESESSION_EFORM_OPTION);
	/* §3.3 note **: options MUST be unique by label and by value. */
	ES_ENSURE(!es_form_strv_contains(&field->option_values, value),
	          ESESSION_EFORM_OPTION);
	ES_ENSURE(label == NULL ||
	              !es_form_strv_contains(&field->option_labels, label),
	          ESESSION_EFORM_OPTION);
	ES_ENSURE(field->option_values.n < field->form->limits.max_options,
	          ESESSION_EFORM_TOO_LARGE);
	es_form *form = field->form;
	const char *v = NULL, *l = NULL;
	ES_GUARD(es_form_strdup(form, value, &v));
	if (label != NULL)
		ES_GUARD(es_form_strdup(form, label, &l));
	ES_GUARD(es_form_strv_push(form, &field->option_values, v));
	esession_status st = es_form_strv_push(form, &field->option_labels, l);
	if (st != ESESSION_OK)
		field->option_values.n--; /* keep the two arrays aligned */
	return st;
}

/* ---- reading ----------------------------------------------------------- */

es_form_type es_form_get_type(const es_form *form)
{
	return form->type;
}

const char *es_form_title(const es_form *form)
{
	return form != NULL ? form->title : NULL;
}

size_t es_form_instructions_count(const es_form *form)
{
	return form != NULL ? form->instructions.n : 0;
}

const char *es_form_instructions(const es_form *form, size_t i)
{
	if (form == NULL || i >= form->instructions.n)
		return NULL;
	return form->instructions.v[i];
}

size_t es_form_field_count(const es_form *form)
{
	return form != NULL ? form->n_fields : 0;
}

const es_form_field *es_form_field_at(const es_form *form, size_t i)
{
	if (form == NULL || i >= form->n_fields)
		return NULL;
	return form->fields[i];
}

const es_form_field *es_form_field_find(const es_form *form, const char *var)
{
	if (form == NULL || var == NULL)
		return NULL;
	for (size_t i = 0; i < form->n_fields; i++) {
		const es_form_field *f = form->fields[i];
		if (f->var != NULL && strcmp(f->var, var) == 0)
			return f;
	}
	return NULL;
}

const char *es_form_field_var(const es_form_field *field)
{
	return field != NULL ? field->var : NULL;
}

/* XEP-0004 §3.2 'type': absent means text-single in a form of type
 * "form"; in the other form types it is inferred from context. */
es_form_field_type es_form_field_type_of(const es_form_field *field)
{
	if (field == NULL)
		return ES_FORM_FIELD_UNSPECIFIED;
	if (field->type == ES_FORM_FIELD_UNSPECIFIED &&
	    field->form->type == ES_FORM_TYPE_FORM)
		return ES_FORM_FIELD_TEXT_SINGLE;
	return field->type;
}

bool es_form_field_type_given(const es_form_field *field)
{
	return field != NULL && field->type != ES_FORM_FIELD_UNSPECIFIED;
}

const char *es_form_field_label(const es_form_field *field)
{
	return field != NULL ? field->label : NULL;
}

const char *es_form_field_desc(const es_form_field *field)
{
	return field != NULL ? field->desc : NULL;
}

bool es_form_field_required(const es_form_field *field)
{
	return field != NULL && field->required;
}

size_t es_form_field_value_count(const es_form_field *field)
{
	return field != NULL ? field->values.n : 0;
}

const char *const *es_form_field_values(const es_form_field *field)
{
	return field != NULL ? field->values.v : NULL;
}

size_t es_form_field_option_count(const es_form_field *field)
{
	return field != NULL ? field->option_values.n : 0;
}

const char *const *es_form_field_option_values(const es_form_field *field)
{
	return field != NULL ? field->option_values.v : NULL;
}

const char *const *es_form_field_option_labels(const es_form_field *field)
{
	return field != NULL ? field->option_labels.v : NULL;
}

/* ---- helpers ----------------------------------------------------------- */

static esession_status es_form_lookup(const es_form *form, const char *var,
                                      const es_form_field **field)
{
	ES_ENSURE(form != NULL && var != NULL, ESESSION_EINVAL);
	*field = es_form_field_find(form, var);
	ES_ENSURE(*field != NULL, ESESSION_EFORM_FIELD_MISSING);
	return ESESSION_OK;
}

esession_status es_form_single_value(const es_form *form, const char *var,
                                     const char **value)
{
	ES_ENSURE(value != NULL, ESESSION_EINVAL);
	const es_form_field *f = NULL;
	ES_GUARD(es_form_lookup(form, var, &f));
	ES_ENSURE(f->values.n == 1, ESESSION_EFORM_VALUES);
	*value = f->values.v[0];
	return ESESSION_OK;
}

esession_status es_form_values(const es_form *form, const char *var,
                               const char *const **values, size_t *count)
{
	ES_ENSURE(values != NULL && count != NULL, ESESSION_EINVAL);
	const es_form_field *f = NULL;
	ES_GUARD(es_form_lookup(form, var, &f));
	*values = f->values.v;
	*count = f->values.n;
	return ESESSION_OK;
}

esession_status es_form_options(const es_form *form, const char *var,
                                const char *const **values, size_t *count)
{
	ES_ENSURE(values != NULL && count != NULL, ESESSION_EINVAL);
	const es_form_field *f = NULL;
	ES_GUARD(es_form_lookup(form, var, &f));
	*values = f->option_values.v;
	*count = f->option_values.n;
	return ESESSION_OK;
}

esession_status es_form_boolean(const es_form *form, const char *var,
                                bool *value)
{
	ES_ENSURE(value != NULL, ESESSION_EINVAL);
	const char *v = NULL;
	ES_GUARD(es_form_single_value(form, var, &v));
	return es_form_parse_boolean(v, value);
}

esession_status es_form_form_type(const es_form *form, const char **value)
{
	/* XEP-0068: the FORM_TYPE field names the form's protocol. */
	return es_form_single_value(form, "FORM_TYPE", value);
}
