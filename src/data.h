/* data: streaming one table's rows out of the server as INSERT statements. */
#ifndef DBDUMP_DATA_H
#define DBDUMP_DATA_H

#include "catalog.h"
#include "conn.h"
#include "options.h"
#include "sink.h"

/* A big table is read in pieces of this many heap blocks, by ctid range
 * (a TID Range Scan on PostgreSQL 14 and later), so that -j can spread one
 * big table over every job. Pieces depend only on the table's size in the
 * catalog, never on -j, and each piece ends its last INSERT: the output is
 * the same bytes for any number of jobs. */
#define DATA_PIECE_BLOCKS 4096

/* How many pieces table t is read in (1 unless it is big and the server
 * can scan ctid ranges). */
int data_piece_count(const table_t *t, int server_version_num);

/* Reads piece `piece` of `npieces` of table t with COPY (SELECT ...) TO STDOUT
 * on c and writes its rows to out as batched INSERTs; after the last piece,
 * one empty line. Memory stays flat: one row at a time. Fatal, naming the
 * table, when the server fails or goes away. */
void data_dump_table(conn_t *c, sink_t *out, const table_t *t, const struct options *o, int piece, int npieces);

#endif
