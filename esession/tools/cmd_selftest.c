/* cmd_selftest.c - placeholder until the crypto layer lands. */
#include "commands.h"

#include <stdio.h>

int es_cmd_selftest(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "selftest: not implemented yet\n");
	return 1;
}
