/*
 * vectors.h - the test-vector machinery shared by `esession vectors` and
 * the table-driven replay test (tests/vectors/). The format is defined in
 * vectors/README.md; every function here produces or checks exactly that.
 *
 * A test object is built from its inputs by *running* the library: the
 * generator writes the inputs of a test, runs it, and serializes the full
 * object; verify parses a file, reruns every test from the inputs recorded
 * in the file, and requires the rerun to serialize byte for byte as the
 * recorded test. Invalid tests carry their tampered stanzas as inputs, so
 * the rerun feeds the recorded bytes, not regenerated ones.
 *
 * Intermediates (keys, MACs, forms, ...) are computed by an observer that
 * sees only the transcript and the secret exponents (which the observer
 * re-draws from the test-only deterministic RNG exactly as the session
 * does, then checks against the public values on the wire): the state
 * machine has no hook for vectors. Any disagreement between the observer
 * and the session (a MAC the observer cannot reproduce, an SAS that
 * differs) makes the run fail instead of recording a wrong vector.
 *
 * Functions returning vj* return NULL on failure after printing why to
 * stderr (prefixed with the test id).
 */
#ifndef ES_TOOLS_VECTORS_H
#define ES_TOOLS_VECTORS_H

#include "esession.h"
#include "vectors_json.h"

#include <stdbool.h>
#include <stdio.h>

/* "ESESSION_ENEG_FIELD" for ESESSION_ENEG_FIELD; "ESESSION_UNKNOWN" for a
 * value that is not an enumerator (table generated from esession.h). */
const char *vx_status_name(esession_status status);

/* Run one SessionTest (group fields in `group`, inputs in `test`) and
 * return the complete test object. */
vj *vx_session_run(const vj *group, const vj *test);

/* Run one StanzaTest. */
vj *vx_stanza_run(const vj *group, const vj *test);

/* Recompute one SasTest. */
vj *vx_sas_run(const vj *group, const vj *test);

/* Build the whole file `name` (e.g. "sas28x5.json") as a JSON tree.
 * Returns NULL for an unknown name or a failed run. */
vj *vx_generate_file(const char *name);

/* The names of every file vx_generate_file builds, NULL-terminated. */
extern const char *const vx_file_names[];

/* Rerun every test of a parsed file and compare. Prints one line per
 * failing test to `log`. Returns the number of failing tests (0: the file
 * verifies); *n_tests receives the number of tests checked. */
size_t vx_verify_file(const vj *file, FILE *log, size_t *n_tests);

/* Serialize a file tree exactly as the checked-in files are written. */
void vx_write_file(const vj *file, vj_buf *out);

/* Deep copy of a JSON tree. */
vj *vx_copy(const vj *v);

#endif
