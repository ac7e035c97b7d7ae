/*
 * cli: the subcommands of the klang program, dispatched from one table of
 * the same shape as the route table. Each acts through the domain functions
 * with the operator's authority (whoever can read the data directory),
 * recorded in the audit trail as such.
 */
#ifndef KLANG_CLI_H
#define KLANG_CLI_H

#include "core/config.h"

/* Runs the subcommand argv[0] with its arguments. Returns the exit status. */
int cli_run(struct config *cfg, int argc, char **argv);

/* Prints the program's usage. */
void cli_usage(FILE *out);

#endif
