/*
 * commands.h - subcommands of the esession command-line tool. Each returns a
 * process exit status (0 success, 1 failure, 2 usage error).
 */
#ifndef ES_TOOLS_COMMANDS_H
#define ES_TOOLS_COMMANDS_H

int es_cmd_selftest(int argc, char **argv);
int es_cmd_demo(int argc, char **argv);
int es_cmd_keygen(int argc, char **argv);
int es_cmd_vectors(int argc, char **argv);

#endif
