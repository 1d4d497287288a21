/* data: streaming one table's rows out of the server as INSERT statements. */
#ifndef DBDUMP_DATA_H
#define DBDUMP_DATA_H

#include "catalog.h"
#include "conn.h"
#include "options.h"
#include "sink.h"

/* Reads table t with COPY (SELECT ...) TO STDOUT on c and writes its rows to
 * out as batched INSERTs, then one empty line. Memory stays flat: one row at
 * a time. Fatal, naming the table, when the server fails or goes away. */
void data_dump_table(conn_t *c, sink_t *out, const table_t *t, const struct options *o);

#endif
