/* rows: turning decoded COPY rows into batched multi-row INSERT statements
 * (pure: bytes in, bytes out). */
#ifndef DBDUMP_ROWS_H
#define DBDUMP_ROWS_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "copytext.h"
#include "manifest.h"
#include "quote.h"

typedef struct rows_writer {
	buf_t *out;                     /* statements are appended here */
	char *prefix;                   /* "INSERT INTO t (a, b) VALUES\n" and friends */
	const char *suffix;             /* ";\n" or " ON CONFLICT DO NOTHING;\n" */
	size_t prefix_len, suffix_len;  /* their lengths, counted once */
	int ncols;
	const enum literal_kind *kinds; /* one per column; not owned */
	long rows_per_insert;
	size_t max_bytes;
	long rows_in_batch;
	size_t batch_bytes;             /* bytes of the open statement so far */
	uint64_t rows_total;
	/* The rows' digests for the manifest: each row's literal text is fed to
	 * row as it is produced (rows_digest_catch_up), and the finished row
	 * added to tally. */
	manifest_row_t row;
	manifest_tally_t tally;
	size_t hashed;       /* the row's bytes before this offset of out are hashed */
	bool row_streaming;  /* part of the row has gone into row's state */
	/* Optional, set after rows_init (which clears them): writes each non-NULL
	 * value in place of quote_value, given the column's entry of extras, such
	 * as crdb_quote_value with the column's collation. Not owned. */
	void (*quote)(buf_t *out, enum literal_kind kind, const char *extra, const char *v, size_t len);
	const char *const *extras;
	/* Optional, set after rows_init (which clears it): lets out drain to the
	 * output (data.c: sink_maybe_flush). With it, a row with a value of
	 * ROWS_PIECE bytes or more is written in pieces, each drained before the
	 * next is encoded, so memory does not grow by the size of the literal.
	 * Not owned. */
	void (*drain)(void *ctx);
	void *drain_ctx;
	/* Optional, set after rows_init (which clears it): each row's text
	 * "(...)" is written followed by a NUL byte, with no statement around
	 * it. A parallel job writes a piece of a big table so; the thread that
	 * writes the output joins the pieces into statements (rows_open_text),
	 * as if one writer had read the whole table. No value's text holds a
	 * NUL (PostgreSQL's text output cannot). */
	bool tuples;
} rows_writer_t;

/* How much of one big value is quoted into out before out may drain. */
#define ROWS_PIECE (256 * 1024)

/* What joins two rows of one INSERT: a comma, no newline. A statement's rows
 * share one line (its head "INSERT INTO t (cols) VALUES" is the line before)
 * because psql reads its input a line at a time and pays a system call and
 * a scanner restart per line: one row per line cost a restore about 0.4 s
 * of psql's CPU in 250,000 rows, nearly half of it (doc/PERFORMANCE.md,
 * run 18). */
#define ROWS_SEP ","
#define ROWS_SEP_LEN 1

/* Prepares a writer for a table. qname is the quoted, qualified table name,
 * collist the quoted column list ("a, b"), ncols how many columns; kinds gives
 * each column's literal kind. overriding adds OVERRIDING SYSTEM VALUE (identity
 * ALWAYS columns), on_conflict adds ON CONFLICT DO NOTHING. A table of zero
 * columns is written as one "INSERT INTO t DEFAULT VALUES;" per row. */
void rows_init(rows_writer_t *w, buf_t *out, const char *qname, const char *collist, int ncols,
	       const enum literal_kind *kinds, bool overriding, bool on_conflict, long rows_per_insert,
	       size_t max_bytes);

/* Adds one row of ncols fields. A statement ends when it holds rows_per_insert
 * rows or when the next row would take it past max_bytes (a single row larger
 * than that is a statement of its own). The bytes are the same whether the
 * row is written whole or in pieces (drain). */
void rows_add(rows_writer_t *w, const copy_field_t *fields);

/* A value that is not in the row's fields but arrives in chunks (bigval.c:
 * a huge value read in slices). len is the whole value's length, known
 * before its first chunk; next gives the chunks in order (*p, *n valid until
 * the next call) and returns false after the last. */
typedef struct rows_stream {
	size_t len;
	bool (*next)(void *ctx, const char **p, size_t *n);
	void *ctx;
} rows_stream_t;

/* rows_add for a row whose column i comes from streams[i] where
 * streams[i].next is set (fields[i] is then ignored; the column must be of
 * kind LIT_TEXT), each chunk quoted ROWS_PIECE bytes at a time and drained
 * out, so no value is ever whole in memory. The bytes are those rows_add
 * writes for the same values. Returns false, having written nothing, when
 * the writer cannot write the row in pieces (no drain, a quote function, or
 * the lengths leave it open whether the row fits the open statement): the
 * caller then gathers the values and calls rows_add. */
bool rows_add_streamed(rows_writer_t *w, const copy_field_t *fields, const rows_stream_t *streams);

/* Feeds the row's bytes written to out since the last call (or since the
 * row began) to the row's streaming digest. Code that writes part of a row
 * out of the buffer (a huge value in pieces) must call it before each flush
 * and set w->hashed to the buffer's new length after it; rows_add finishes
 * the row's digest either way. */
void rows_digest_catch_up(rows_writer_t *w);

/* Starts a row whose text ("(...)", len bytes, as rows_add encodes it) the
 * caller then appends to out itself, at once or in pieces: ends the open
 * statement when it is full or when the row does not fit it, then writes the
 * statement's start or the ROWS_SEP before the row. With the text appended, the
 * bytes are the ones rows_add writes for the same row. */
void rows_open_text(rows_writer_t *w, size_t len);

/* Ends the open statement, if any. */
void rows_finish(rows_writer_t *w);
void rows_free(rows_writer_t *w);

#endif
