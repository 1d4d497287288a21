/* data: streaming one table's rows out of the server as INSERT statements. */
#ifndef DBDUMP_DATA_H
#define DBDUMP_DATA_H

#include "catalog.h"
#include "conn.h"
#include "manifest.h"
#include "options.h"
#include "sink.h"

/* Decides how table t is read (t->split): whole, or, when it is bigger than
 * SPLIT_PIECE_BLOCKS, in pieces: on PostgreSQL 14 and later ctid ranges
 * (physical order), whatever the key; before 14, when an int2/int4/int8
 * column leads the primary key, key ranges cut evenly between the key's
 * smallest and largest value in the snapshot (one query on c), read in key
 * order, and else the whole table. */
void data_split(conn_t *c, table_t *t);

/* Reads piece `piece` of table t (see data_split) with COPY (SELECT ...) TO
 * STDOUT on c and writes its rows to out as batched INSERTs, and adds their
 * count and digest to *tally. Memory stays flat: one row at a time. Fatal,
 * naming the table, when the server fails or goes away. For a table in
 * several pieces (a parallel job's share of it) the rows are written bare,
 * each ended by a NUL, for data_join_row to make into statements. */
void data_dump_table(conn_t *c, sink_t *out, const table_t *t, const struct options *o, int piece,
		     manifest_tally_t *tally);

/* All of table t's pieces, in order, on one connection, as INSERT
 * statements cut by the table's rows alone, never by its pieces: the bytes
 * data_join_row makes of pieces 0, 1, ... read by data_dump_table. A table
 * in ctid pieces is read in one sequential scan, a plain COPY of the table
 * when it can be. */
void data_dump_all(conn_t *c, sink_t *out, const table_t *t, const struct options *o, manifest_tally_t *tally);

/* The output's writer joining the pieces of table t that parallel jobs read
 * (data_dump_table) into the statements data_dump_all writes: NULL when
 * the pieces are statements already (t is one piece, or has no column) and
 * are copied as they are. Otherwise each piece's spool goes through
 * sink_append_spool_records with data_join_row and this as its context, in
 * piece order, and data_join_end ends the last statement. */
typedef struct data_join data_join_t;
data_join_t *data_join_begin(sink_t *out, const table_t *t, const struct options *o);
void data_join_row(void *join, size_t len);
/* Ends the last statement and frees j (NULL: nothing). */
void data_join_end(data_join_t *j);

/* Ends table t's data, once every piece is written: its manifest line (tally
 * is the sum of its pieces') and an empty line. */
void data_end_table(buf_t *out, const table_t *t, const manifest_tally_t *tally);

#endif
