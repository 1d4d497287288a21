/* dump: one whole dump, from connection to completion trailer. */
#ifndef DBDUMP_DUMP_H
#define DBDUMP_DUMP_H

#include "options.h"

/* Runs the dump the options describe. Returns the exit status (0 when the
 * whole dump was written); fatal errors exit from inside with a message. */
int dump_run(const struct options *o);

#endif
