/* verify: dbdump --verify FILE [DBNAME]: prove a dump file whole, and a
 * restored database equal to it. */
#ifndef DBDUMP_VERIFY_H
#define DBDUMP_VERIFY_H

#include "options.h"

/* Reads o->verify_file (plain or zstd, "-" for stdin) once and checks it
 * against its manifest; with o->dbname, then reads every table the manifest
 * names from that database and compares. Prints a summary on stdout.
 * Returns 0 when everything matches, 1 otherwise (one line on stderr for
 * the file's first problem, one per table that differs in the database). */
int verify_run(const struct options *o);

#endif
