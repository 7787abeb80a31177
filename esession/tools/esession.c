/*
 * esession.c - the esession command-line tool: one binary, one subcommand
 * per job. The tool, not the library, does all I/O.
 */
#include "commands.h"
#include "esession.h"
#include "rng.h"

#include <stdio.h>
#include <string.h>

struct subcommand {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("esession %s\n", esession_version());
	return 0;
}

static const struct subcommand subcommands[] = {
    {"demo", "Alice and Bob negotiate, exchange and terminate", es_cmd_demo},
    {"keygen", "create an RSA or DSA identity key (PKCS#8 + SPKI files)",
     es_cmd_keygen},
    {"selftest", "run every primitive once and check the results",
     es_cmd_selftest},
    {"vectors", "generate or verify the test vectors (TEST ONLY RNG)",
     es_cmd_vectors},
    {"version", "print the library version", cmd_version},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: esession COMMAND [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]);
	     i++)
		fprintf(out, "  %-10s %s\n", subcommands[i].name,
		        subcommands[i].summary);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]);
	     i++) {
		if (strcmp(argv[1], subcommands[i].name) == 0) {
			esession_status st = esession_init(0);
			if (st != ESESSION_OK) {
				fprintf(stderr, "esession: init: %s\n",
				        esession_strerror(st));
				return 1;
			}
			int rc = subcommands[i].run(argc - 1, argv + 1);
			es_rng_close_for_exit();
			return rc;
		}
	}
	fprintf(stderr, "esession: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
