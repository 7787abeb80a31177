/*
 * form_internal.h - layout of es_form, shared by form.c and form_xml.c.
 */
#ifndef ES_FORM_INTERNAL_H
#define ES_FORM_INTERNAL_H

#include "form.h"
#include "xml_arena.h"

/* A growable array of strings allocated from the form's arena. */
typedef struct es_form_strv {
	const char **v;
	size_t n;
	size_t cap;
} es_form_strv;

struct es_form_field {
	es_form *form;
	const char *var;         /* NULL: no var (fixed fields only) */
	es_form_field_type type; /* as given; UNSPECIFIED when absent */
	const char *label;
	const char *desc;
	bool required;
	es_form_strv values;
	es_form_strv option_values;
	es_form_strv option_labels; /* entries may be NULL */
};

struct es_form {
	es_arena arena;
	es_form_limits limits;
	es_form_type type;
	const char *title;
	es_form_strv instructions;
	es_form_field **fields;
	size_t n_fields;
	size_t cap_fields;
};

#endif
