/*
 * test_vectors_replay.c - the table-driven replay of the files in vectors/:
 * every test of every file is rerun through the library, in both roles, from
 * the inputs recorded in the file (esession/tools/vectors.h), and must
 * reproduce the recorded outputs byte for byte, or reject the tampered
 * stanza exactly as recorded (status, error condition and fields, FAILED
 * field, state).
 *
 * The replay must also be able to fail: a recorded output changed by one
 * character, a changed expected status, a changed random input and a
 * wrong test count are each detected.
 */
#include "test_util.h"
#include "vectors.h"

#include <stdlib.h>
#include <string.h>

#ifndef VX_SLOW
/* Files replayed in the 'unit' suites (plain, sanitizers, valgrind). */
static const char *const files[] = {"vectors/esession_4msg_none.json",
                                    "vectors/esession_4msg_none_invalid.json",
                                    "vectors/xep0200_stanza.json",
                                    "vectors/sas28x5.json",
                                    "vectors/esession_4msg_pubkey.json",
                                    "vectors/esession_3msg.json",
                                    "vectors/esession_rekey.json",
                                    "vectors/esession_rekey_invalid.json"};
#else
/* MODP groups 17 and 18, and the 233 public-key and 3-message invalid
 * sessions (each a full RSA or DSA exchange): the 'slow' suite. */
static const char *const files[] = {"vectors/esession_4msg_none_slow.json",
                                    "vectors/esession_pubkey_invalid.json"};
#endif

static vj *load(const char *relative)
{
	char *path = es_test_source_path(relative);
	size_t len = 0, err = 0;
	char *text = es_test_read_file(path, &len);
	vj *file = NULL;
	ck_assert_msg(vj_parse(text, len, &file, &err),
	              "%s: JSON error at byte %zu", path, err);
	free(text);
	free(path);
	return file;
}

START_TEST(test_replay_file)
{
	vj *file = load(files[_i]);
	size_t n_tests = 0;
	size_t failures = vx_verify_file(file, stderr, &n_tests);
	uint64_t declared = 0;
	ck_assert(vj_get_int(file, "numberOfTests", &declared));
	ck_assert_uint_gt(n_tests, 0);
	ck_assert_uint_eq(n_tests, declared);
	ck_assert_msg(failures == 0, "%s: %zu of %zu tests differ", files[_i],
	              failures, n_tests);
	vj_free(file);
}
END_TEST

#ifndef VX_SLOW
/* The first test of the first group of a parsed file. */
static vj *first_test(vj *file)
{
	vj *groups = vj_get(file, "testGroups");
	ck_assert_ptr_nonnull(groups);
	vj *tests = vj_get(groups->items[0], "tests");
	ck_assert_ptr_nonnull(tests);
	ck_assert_uint_gt(tests->n, 0);
	return tests->items[0];
}

/* Keep only the first test of the first group, so each negative case
 * replays one session. */
static void keep_first_test(vj *file)
{
	vj *groups = vj_get(file, "testGroups");
	for (size_t g = 1; g < groups->n; g++)
		vj_free(groups->items[g]);
	groups->n = 1;
	vj *tests = vj_get(groups->items[0], "tests");
	for (size_t t = 1; t < tests->n; t++)
		vj_free(tests->items[t]);
	tests->n = 1;
	vj_get(file, "numberOfTests")->num = 1;
}

/* Change the last character of a string member (hex stays hex). */
static void change_last_char(vj *s)
{
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->type, VJ_STR);
	ck_assert_uint_gt(s->len, 0);
	char *c = &s->str[s->len - 1];
	*c = *c == '0' ? '1' : '0';
}

static void assert_one_failure(vj *file)
{
	size_t n = 0;
	FILE *devnull = fopen("/dev/null", "w");
	ck_assert_ptr_nonnull(devnull);
	ck_assert_uint_eq(vx_verify_file(file, devnull, &n), 1);
	fclose(devnull);
}

START_TEST(test_replay_detects_changed_key)
{
	vj *file = load("vectors/esession_4msg_none.json");
	keep_first_test(file);
	size_t n = 0;
	ck_assert_uint_eq(vx_verify_file(file, stderr, &n), 0);
	change_last_char(vj_get(
	    vj_get(vj_get(first_test(file), "intermediates"), "finalKeys"),
	    "KMB"));
	assert_one_failure(file);
	vj_free(file);
}
END_TEST

START_TEST(test_replay_detects_changed_stanza)
{
	vj *file = load("vectors/esession_4msg_none.json");
	keep_first_test(file);
	vj *out = vj_get(first_test(file), "trafficOut");
	ck_assert_ptr_nonnull(out);
	vj *stanza = vj_get(out->items[0], "stanza");
	ck_assert_ptr_nonnull(stanza);
	/* One byte of the emitted stanza: the closing '>'. */
	stanza->str[stanza->len - 1] = ' ';
	assert_one_failure(file);
	vj_free(file);
}
END_TEST

START_TEST(test_replay_detects_changed_random_input)
{
	vj *file = load("vectors/esession_4msg_none.json");
	keep_first_test(file);
	change_last_char(vj_get(vj_get(first_test(file), "random"), "y"));
	assert_one_failure(file);
	vj_free(file);
}
END_TEST

START_TEST(test_replay_detects_changed_status)
{
	vj *file = load("vectors/esession_4msg_none_invalid.json");
	keep_first_test(file);
	vj *exp = vj_get(first_test(file), "expected");
	ck_assert_ptr_nonnull(exp);
	for (size_t i = 0; i < exp->n; i++) {
		if (strcmp(exp->keys[i], "status") == 0) {
			vj_free(exp->items[i]);
			exp->items[i] = vj_str("ESESSION_EMAC");
		}
	}
	assert_one_failure(file);
	vj_free(file);
}
END_TEST

/* The JSON reader refuses what is not strict JSON (a file it misreads
 * would replay wrong inputs). */
START_TEST(test_json_refuses_malformed)
{
	static const char *const bad[] = {"",
	                                  "{",
	                                  "{\"a\": 1,}",
	                                  "[1 2]",
	                                  "\"open",
	                                  "01",
	                                  "-1",
	                                  "1.5",
	                                  "{\"a\" 1}",
	                                  "[\"\\x\"]",
	                                  "\"\\u0000\"",
	                                  "\"\\udc00\"",
	                                  "\"tab\there\"",
	                                  "[] []",
	                                  "tru",
	                                  "18446744073709551616"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		vj *v = (vj *)1;
		size_t at = 0;
		ck_assert_msg(!vj_parse(bad[i], strlen(bad[i]), &v, &at),
		              "accepted: %s", bad[i]);
		ck_assert_ptr_null(v);
	}
	char deep[200];
	memset(deep, '[', sizeof deep);
	vj *v = NULL;
	size_t at = 0;
	ck_assert(!vj_parse(deep, sizeof deep, &v, &at));
}
END_TEST

/* Escapes survive a write and a read unchanged. */
START_TEST(test_json_round_trip)
{
	static const char text[] =
	    "q\" b\\ nl\n tab\t \x01 \xc3\xa9 <a x='1'/>";
	vj *o = vj_obj();
	vj_set(o, "s", vj_str(text));
	vj_set(o, "n", vj_int(UINT64_MAX));
	vj_buf out = {0};
	vj_write(o, &out, 0);
	ck_assert_str_eq(out.data,
	                 "{\n  \"s\": \"q\\\" b\\\\ nl\\u000a tab\\u0009 "
	                 "\\u0001 \xc3\xa9 <a x='1'/>\",\n  \"n\": "
	                 "18446744073709551615\n}");
	vj *back = NULL;
	size_t at = 0;
	ck_assert(vj_parse(out.data, out.len, &back, &at));
	ck_assert_str_eq(vj_get_str(back, "s"), text);
	uint64_t n = 0;
	ck_assert(vj_get_int(back, "n", &n));
	ck_assert(n == UINT64_MAX);
	vj_buf_free(&out);
	vj_free(o);
	vj_free(back);
}
END_TEST

/* The first trafficOut entry of the first test that carries member. */
static vj *first_entry_with(vj *file, const char *member)
{
	vj *out = vj_get(first_test(file), "trafficOut");
	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < out->n; i++)
		if (vj_get(out->items[i], member) != NULL)
			return out->items[i];
	ck_abort_msg("no trafficOut entry with '%s'", member);
	return NULL;
}

/* Re-keying (README "Re-keying"): the re-key K, a published <old/> value
 * and the <new/> count are each checked by the replay. */
START_TEST(test_replay_detects_changed_rekey_k)
{
	vj *file = load("vectors/esession_rekey.json");
	keep_first_test(file);
	size_t n = 0;
	ck_assert_uint_eq(vx_verify_file(file, stderr, &n), 0);
	change_last_char(
	    vj_get(vj_get(first_entry_with(file, "rekey"), "rekey"), "K"));
	assert_one_failure(file);
	vj_free(file);
}
END_TEST

START_TEST(test_replay_detects_changed_old)
{
	vj *file = load("vectors/esession_rekey.json");
	keep_first_test(file);
	vj *old = vj_get(first_entry_with(file, "old"), "old");
	ck_assert_uint_gt(old->n, 0);
	change_last_char(old->items[0]);
	assert_one_failure(file);
	vj_free(file);
}
END_TEST

START_TEST(test_replay_detects_changed_new)
{
	vj *file = load("vectors/esession_rekey.json");
	keep_first_test(file);
	vj *e = first_entry_with(file, "new");
	vj_get(e, "new")->num++;
	assert_one_failure(file);
	vj_free(file);
}
END_TEST

/* A re-sealed <key/> whose MAC no longer verifies fails with another
 * status than the recorded one. */
START_TEST(test_replay_detects_changed_tamper)
{
	vj *file = load("vectors/esession_rekey_invalid.json");
	/* A case refused after the MAC (<key/> 1: ESESSION_EDH_RANGE), moved
	 * to the front. */
	vj *tests = vj_get(vj_get(file, "testGroups")->items[0], "tests");
	size_t i = 0;
	while (i < tests->n &&
	       strcmp(vj_get_str(vj_get(tests->items[i], "expected"), "status"),
	              "ESESSION_EDH_RANGE") != 0)
		i++;
	ck_assert_uint_lt(i, tests->n);
	vj *chosen = tests->items[i];
	tests->items[i] = tests->items[0];
	tests->items[0] = chosen;
	keep_first_test(file);
	size_t n = 0;
	ck_assert_uint_eq(vx_verify_file(file, stderr, &n), 0);
	vj *deliver = vj_get(vj_get(first_test(file), "tamper"), "deliver");
	ck_assert_ptr_nonnull(deliver);
	vj *last = deliver->items[deliver->n - 1];
	char *mac = strstr(last->str, "<mac>");
	ck_assert_ptr_nonnull(mac);
	mac[5] = mac[5] == 'A' ? 'B' : 'A';
	assert_one_failure(file);
	vj_free(file);
}
END_TEST

START_TEST(test_replay_detects_wrong_count)
{
	vj *file = load("vectors/sas28x5.json");
	keep_first_test(file);
	vj_get(file, "numberOfTests")->num = 2;
	assert_one_failure(file);
	vj_free(file);
}
END_TEST
#endif

Suite *es_test_suite(void)
{
	Suite *s = suite_create("vectors_replay");
	TCase *tc = tcase_create("replay");
	tcase_set_timeout(tc, 0);
	tcase_add_loop_test(tc, test_replay_file, 0,
	                    (int)(sizeof files / sizeof files[0]));
#ifndef VX_SLOW
	tcase_add_test(tc, test_replay_detects_changed_key);
	tcase_add_test(tc, test_replay_detects_changed_stanza);
	tcase_add_test(tc, test_replay_detects_changed_random_input);
	tcase_add_test(tc, test_replay_detects_changed_status);
	tcase_add_test(tc, test_replay_detects_wrong_count);
	tcase_add_test(tc, test_replay_detects_changed_rekey_k);
	tcase_add_test(tc, test_replay_detects_changed_old);
	tcase_add_test(tc, test_replay_detects_changed_new);
	tcase_add_test(tc, test_replay_detects_changed_tamper);
	tcase_add_test(tc, test_json_refuses_malformed);
	tcase_add_test(tc, test_json_round_trip);
#endif
	suite_add_tcase(s, tc);
	return s;
}
