/* bigval: values too big to come through a table's COPY in one message,
 * read in slices over a second connection in the same snapshot. */
#ifndef DBDUMP_BIGVAL_H
#define DBDUMP_BIGVAL_H

#include <stdbool.h>

#include "buf.h"
#include "catalog.h"
#include "conn.h"
#include "copytext.h"
#include "options.h"
#include "rows.h"

/* A value whose text is bigger than this takes the slice path. */
#define BIGVAL_THRESHOLD (64LL * 1024 * 1024)
/* How much of it one slice (one message) carries. */
#define BIGVAL_SLICE (8 * 1024 * 1024)

/* Before the data, on the main connection c: finds which of the n tables in
 * order[] may hold such values (one catalog query: those with a TOAST
 * relation of at least the threshold over 512 bytes, the most any value
 * compresses, halved for bytea's hex; then, where the role may read TOAST
 * relations, only those whose TOAST relation holds a value that can be
 * that big) and which of their columns (not a varchar(n) or char(n) that
 * cannot reach the threshold), and exports c's snapshot for the second
 * connections. Only on PostgreSQL; a table it does not name is read the
 * usual way. */
void bigval_plan(conn_t *c, const struct options *o, table_t **order, int n);

/* After the data: ends and closes the second connections, forgets the plan. */
void bigval_finish(void);

typedef struct bigval_read bigval_read_t;

/* One read of table t on c (a table or a piece of it). NULL when t takes
 * the usual path: no candidate column, or no second connection could be
 * opened in the snapshot (then every later read on c takes it too). Owned
 * by the caller: bigval_end. */
bigval_read_t *bigval_begin(conn_t *c, const table_t *t);

/* Appends to sql the expression that reads column col of the table (t->cols
 * index) as row field number field, cast as data.c casts it (cast, such as
 * "::pg_catalog.text", or ""), when col is a candidate: the value, or NULL
 * when it is too big. Returns false, appending nothing, otherwise. */
bool bigval_column(bigval_read_t *b, buf_t *sql, int col, int field, const char *cast);

/* Appends ", FLAG": the last field of each row, NULL unless the row holds a
 * value bigval_column left out. */
void bigval_flag(bigval_read_t *b, buf_t *sql);

/* A row read with flag its last field: when the flag is set, reads the big
 * values in slices and writes the row to w (fields' other values as read),
 * and returns true; false when the row is to be written as usual. Fatal,
 * naming the table and column, when a slice cannot be read. */
bool bigval_row(bigval_read_t *b, rows_writer_t *w, copy_field_t *fields, const copy_field_t *flag);

/* Frees b (NULL is fine). */
void bigval_end(bigval_read_t *b);

#endif
