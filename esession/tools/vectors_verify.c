/*
 * vectors_verify.c - replay of a parsed vector file: every test is rerun
 * from the inputs recorded in the file and must serialize exactly as the
 * recorded test (vectors.h).
 */
#include "vectors.h"

#include <string.h>

vj *vx_copy(const vj *v)
{
	if (v == NULL)
		return NULL;
	vj *c;
	switch (v->type) {
	case VJ_BOOL: return vj_bool(v->num != 0);
	case VJ_INT: return vj_int(v->num);
	case VJ_STR: return vj_strn(v->str, v->len);
	case VJ_ARR:
		c = vj_arr();
		for (size_t i = 0; i < v->n; i++)
			vj_push(c, vx_copy(v->items[i]));
		return c;
	case VJ_OBJ:
		c = vj_obj();
		for (size_t i = 0; i < v->n; i++)
			vj_set(c, v->keys[i], vx_copy(v->items[i]));
		return c;
	}
	return NULL;
}

void vx_write_file(const vj *file, vj_buf *out)
{
	vj_write(file, out, 0);
	vj_buf_add(out, "\n", 1);
}

/* The first line where two serializations differ, for the log. */
static void report_difference(FILE *log, const vj_buf *want, const vj_buf *got)
{
	size_t i = 0, line_start = 0;
	while (i < want->len && i < got->len && want->data[i] == got->data[i]) {
		if (want->data[i] == '\n')
			line_start = i + 1;
		i++;
	}
	size_t we = i, ge = i;
	while (we < want->len && want->data[we] != '\n')
		we++;
	while (ge < got->len && got->data[ge] != '\n')
		ge++;
	fprintf(log, "    recorded: %.*s\n    replayed: %.*s\n",
	        (int)(we - line_start), want->data + line_start,
	        (int)(ge - line_start), got->data + line_start);
}

static vj *run_test(const char *type, const vj *group, const vj *test)
{
	if (strcmp(type, "SessionTest") == 0)
		return vx_session_run(group, test);
	if (strcmp(type, "StanzaTest") == 0)
		return vx_stanza_run(group, test);
	if (strcmp(type, "SasTest") == 0)
		return vx_sas_run(group, test);
	return NULL;
}

size_t vx_verify_file(const vj *file, FILE *log, size_t *n_tests)
{
	size_t failures = 0, count = 0;
	uint64_t declared = 0;
	const vj *groups = vj_get(file, "testGroups");
	if (groups == NULL || groups->type != VJ_ARR ||
	    !vj_get_int(file, "numberOfTests", &declared)) {
		fprintf(log, "  not a vector file\n");
		*n_tests = 0;
		return 1;
	}
	for (size_t g = 0; g < groups->n; g++) {
		const vj *group = groups->items[g];
		const char *type = vj_get_str(group, "type");
		const vj *tests = vj_get(group, "tests");
		for (size_t t = 0; tests != NULL && t < tests->n; t++) {
			const vj *test = tests->items[t];
			uint64_t id = 0;
			(void)vj_get_int(test, "tcId", &id);
			count++;
			vj *again =
			    type != NULL ? run_test(type, group, test) : NULL;
			vj_buf want = {0}, got = {0};
			vj_write(test, &want, 0);
			if (again != NULL)
				vj_write(again, &got, 0);
			if (again == NULL || want.len != got.len ||
			    memcmp(want.data, got.data, want.len) != 0) {
				failures++;
				fprintf(log, "  tcId %llu: replay differs\n",
				        (unsigned long long)id);
				if (again != NULL)
					report_difference(log, &want, &got);
			}
			vj_buf_free(&want);
			vj_buf_free(&got);
			vj_free(again);
		}
	}
	if (declared != count) {
		fprintf(log, "  numberOfTests %llu, file holds %zu\n",
		        (unsigned long long)declared, count);
		failures++;
	}
	*n_tests = count;
	return failures;
}
