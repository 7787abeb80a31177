/*
 * consumer.c - an application's view of libesession: only the installed
 * header, found and linked through pkg-config. Built and run by
 * tests/install/check_install.sh against a staged `meson install`.
 */
#include <esession.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
	esession_status st = esession_init(0);
	if (st != ESESSION_OK) {
		fprintf(stderr, "init: %s\n", esession_strerror(st));
		return 1;
	}
	if (strcmp(esession_version(), "0.1.0") != 0) {
		fprintf(stderr, "unexpected version %s\n", esession_version());
		return 1;
	}
	printf("esession %s: %s\n", esession_version(),
	       esession_strerror(ESESSION_OK));
	return 0;
}
