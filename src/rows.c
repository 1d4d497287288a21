/* rows: turning decoded COPY rows into batched multi-row INSERT statements
 * (pure: bytes in, bytes out). */
#include <config.h>

#include "rows.h"

#include <stdlib.h>
#include <string.h>

void rows_init(rows_writer_t *w, buf_t *out, const char *qname, const char *collist, int ncols,
	       const enum literal_kind *kinds, bool overriding, bool on_conflict, long rows_per_insert,
	       size_t max_bytes)
{
	w->out = out;
	w->ncols = ncols;
	w->kinds = kinds;
	w->rows_per_insert = rows_per_insert;
	w->max_bytes = max_bytes;
	w->rows_in_batch = 0;
	w->batch_bytes = 0;
	w->rows_total = 0;
	memset(&w->tally, 0, sizeof w->tally);
	manifest_row_init(&w->row);
	w->hashed = 0;
	w->row_streaming = false;
	w->quote = NULL;
	w->extras = NULL;
	w->drain = NULL;
	w->drain_ctx = NULL;
	w->tuples = false;
	w->suffix = on_conflict ? " ON CONFLICT DO NOTHING;\n" : ";\n";
	if (ncols == 0)
		w->prefix = xasprintf("INSERT INTO %s DEFAULT VALUES", qname);
	else
		w->prefix = xasprintf("INSERT INTO %s (%s)%s VALUES\n", qname, collist,
				      overriding ? " OVERRIDING SYSTEM VALUE" : "");
	w->prefix_len = strlen(w->prefix);
	w->suffix_len = strlen(w->suffix);
}

void rows_finish(rows_writer_t *w)
{
	if (w->rows_in_batch > 0) {
		buf_puts(w->out, w->suffix);
		w->rows_in_batch = 0;
		w->batch_bytes = 0;
	}
}

void rows_digest_catch_up(rows_writer_t *w)
{
	if (!w->row_streaming) {
		manifest_row_begin(&w->row);
		w->row_streaming = true;
	}
	manifest_row_update(&w->row, w->out->data + w->hashed, w->out->len - w->hashed);
	w->hashed = w->out->len;
}

/* A row is complete: a row that never left the buffer (nearly all) is
 * hashed in one call over its bytes, which gives the same digest as the
 * streaming state at half the cost for short rows. */
static void row_digest_end(rows_writer_t *w)
{
	if (w->row_streaming) {
		rows_digest_catch_up(w);
		manifest_row_end(&w->row, &w->tally);
	} else {
		manifest_tally_add_text(&w->tally, w->out->data + w->hashed, w->out->len - w->hashed);
	}
	w->row_streaming = false;
	w->hashed = w->out->len;
}

/* True when the row holds a value big enough to be written in pieces. Only
 * with quote_value: the bounds in add_in_pieces hold for it alone. */
static bool row_is_big(const rows_writer_t *w, const copy_field_t *fields)
{
	if (!w->drain || w->quote)
		return false;
	for (int i = 0; i < w->ncols; i++)
		if (!fields[i].isnull && fields[i].len >= ROWS_PIECE)
			return true;
	return false;
}

/* The text of the current row from *mark to the end of out is written: it is
 * counted into *row_bytes and out may drain. This is the one place where a
 * row's text leaves out before the whole row is written. */
static void row_piece(rows_writer_t *w, size_t *mark, size_t *row_bytes)
{
	*row_bytes += w->out->len - *mark;
	rows_digest_catch_up(w); /* the manifest's digest, before the bytes leave */
	w->drain(w->drain_ctx);
	*mark = w->out->len;
	w->hashed = w->out->len;
}

/* The two rules that end a statement, shared by every way a row arrives
 * (rows_add, add_in_pieces, rows_open_text) so that -j N, which joins rows
 * encoded by workers, cuts exactly where -j 1 does. The row count: */
static bool batch_full(const rows_writer_t *w)
{
	return w->rows_in_batch >= w->rows_per_insert;
}

/* ... and the byte limit: a row of len bytes starts the next statement when
 * this one holds rows and the row, its separator and the suffix that will close
 * the statement would pass max_bytes. */
static bool row_overflows(const rows_writer_t *w, size_t len)
{
	return w->rows_in_batch > 0 && w->batch_bytes + ROWS_SEP_LEN + len + w->suffix_len > w->max_bytes;
}

/* What goes before a row: the statement's head when the row opens one
 * (fresh), else the separator; nothing for a worker's rows (tuples), which
 * the output's writer joins into statements. */
static void row_open(rows_writer_t *w, bool fresh)
{
	if (w->tuples)
		return;
	if (fresh)
		buf_append(w->out, w->prefix, w->prefix_len);
	else
		buf_append(w->out, ROWS_SEP, ROWS_SEP_LEN);
}

/* rows_add for a row with a big value: each big text value is quoted
 * ROWS_PIECE input bytes at a time and out drains between pieces, so the
 * literal is never whole in memory. Where the row goes (this statement or a
 * new one) must then be known before its first byte leaves, while rows_add
 * decides it from the encoded length: so the length is bounded from the
 * values' lengths (at least each value's bytes, NULL 4; at most twice them
 * plus quotes, "false" being 5 bytes for 'f'), and when the bounds do not
 * settle it, the row is written whole (returns false). The bytes are the
 * same as rows_add's either way. A column with a stream (streams not NULL,
 * its next set) takes its value from the stream, chunk by chunk. */
static bool add_in_pieces(rows_writer_t *w, const copy_field_t *fields, const rows_stream_t *streams)
{
	buf_t *out = w->out;
	size_t lo = 2 + (size_t)(w->ncols - 1), hi = lo, mark, row_bytes = 0;
	bool fresh = w->rows_in_batch == 0;

	for (int i = 0; i < w->ncols; i++) {
		bool streamed = streams && streams[i].next;
		size_t len = streamed ? streams[i].len : fields[i].len;
		lo += !streamed && fields[i].isnull ? 4 : len;
		hi += !streamed && fields[i].isnull ? 4 : 2 * len + 3;
	}
	if (!w->tuples && row_overflows(w, hi)) {
		if (!row_overflows(w, lo))
			return false;
		rows_finish(w); /* it cannot fit: it starts the next statement */
		fresh = true;
	}
	row_open(w, fresh);
	mark = out->len;
	w->hashed = mark;
	w->row_streaming = false;
	buf_putc(out, '(');
	for (int i = 0; i < w->ncols; i++) {
		const copy_field_t *f = &fields[i];
		if (i)
			buf_putc(out, ',');
		if (streams && streams[i].next) {
			const char *p;
			size_t n;
			buf_putc(out, '\'');
			while (streams[i].next(streams[i].ctx, &p, &n)) {
				for (size_t off = 0; off < n; off += ROWS_PIECE) {
					quote_literal_part(out, p + off, n - off < ROWS_PIECE ? n - off : ROWS_PIECE);
					row_piece(w, &mark, &row_bytes);
				}
			}
			buf_putc(out, '\'');
		} else if (f->isnull) {
			buf_append(out, "NULL", 4);
		} else if (f->len < ROWS_PIECE || w->kinds[i] != LIT_TEXT) {
			quote_value(out, w->kinds[i], f->ptr, f->len);
		} else {
			buf_putc(out, '\'');
			for (size_t off = 0; off < f->len; off += ROWS_PIECE) {
				size_t n = f->len - off < ROWS_PIECE ? f->len - off : ROWS_PIECE;
				quote_literal_part(out, f->ptr + off, n);
				row_piece(w, &mark, &row_bytes);
			}
			buf_putc(out, '\'');
		}
	}
	buf_putc(out, ')');
	row_digest_end(w);
	if (w->tuples) {
		buf_putc(out, '\0');
		return true;
	}
	row_bytes += out->len - mark;
	w->batch_bytes = (fresh ? w->prefix_len : w->batch_bytes + ROWS_SEP_LEN) + row_bytes;
	w->rows_in_batch++;
	return true;
}

void rows_add(rows_writer_t *w, const copy_field_t *fields)
{
	buf_t *out = w->out;
	size_t suffix_len = w->suffix_len, row_start, row_len;
	bool fresh;

	w->rows_total++;
	if (w->ncols == 0) {
		/* Nothing to batch: a row with no columns can only be DEFAULT VALUES. */
		buf_puts(w->out, w->prefix);
		buf_puts(w->out, w->suffix);
		manifest_tally_add_text(&w->tally, "()", 2);
		return;
	}
	/* The row is encoded straight into the output, after the separator it most
	 * likely needs: no copy of every row through a scratch buffer. */
	if (!w->tuples && batch_full(w))
		rows_finish(w);
	if (row_is_big(w, fields) && add_in_pieces(w, fields, NULL))
		return;
	fresh = w->rows_in_batch == 0;
	row_open(w, fresh);
	row_start = out->len;
	w->hashed = row_start;
	w->row_streaming = false;
	buf_putc(out, '(');
	for (int i = 0; i < w->ncols; i++) {
		if (i)
			buf_putc(out, ',');
		if (fields[i].isnull)
			buf_append(out, "NULL", 4);
		else if (w->quote)
			w->quote(out, w->kinds[i], w->extras ? w->extras[i] : NULL, fields[i].ptr, fields[i].len);
		else
			quote_value(out, w->kinds[i], fields[i].ptr, fields[i].len);
	}
	buf_putc(out, ')');
	row_digest_end(w);
	if (w->tuples) {
		buf_putc(out, '\0');
		return;
	}
	row_len = out->len - row_start;

	/* The cap is on the whole statement: the separator before this row and
	 * the suffix that will close it count too. When the row does not fit, its
	 * separator becomes the end of this statement and the start of the next one
	 * (rare: once per max_bytes of output, so moving the row costs little). */
	if (row_overflows(w, row_len)) {
		size_t prefix_len = w->prefix_len;
		size_t sep = row_start - ROWS_SEP_LEN;
		size_t grow = suffix_len + prefix_len - ROWS_SEP_LEN;

		buf_grow(out, grow);
		memmove(out->data + sep + suffix_len + prefix_len, out->data + row_start, row_len + 1);
		memcpy(out->data + sep, w->suffix, suffix_len);
		memcpy(out->data + sep + suffix_len, w->prefix, prefix_len);
		out->len += grow;
		w->rows_in_batch = 0;
		w->batch_bytes = prefix_len;
	} else if (fresh) {
		w->batch_bytes = w->prefix_len;
	} else {
		w->batch_bytes += ROWS_SEP_LEN;
	}
	w->batch_bytes += row_len;
	w->rows_in_batch++;
}

bool rows_add_streamed(rows_writer_t *w, const copy_field_t *fields, const rows_stream_t *streams)
{
	if (!w->drain || w->quote || w->ncols == 0)
		return false;
	for (int i = 0; i < w->ncols; i++)
		if (streams[i].next && w->kinds[i] != LIT_TEXT)
			return false;
	/* As rows_add: a full statement ends first (rows_add, called after a
	 * false return, then finds it ended and writes the same bytes). */
	if (!w->tuples && batch_full(w))
		rows_finish(w);
	if (!add_in_pieces(w, fields, streams))
		return false;
	w->rows_total++;
	return true;
}

void rows_open_text(rows_writer_t *w, size_t len)
{
	/* rows_add's two cuts, decided from the length it would have encoded. */
	w->rows_total++;
	if (batch_full(w) || row_overflows(w, len))
		rows_finish(w);
	row_open(w, w->rows_in_batch == 0);
	w->batch_bytes = (w->rows_in_batch == 0 ? w->prefix_len : w->batch_bytes + ROWS_SEP_LEN) + len;
	w->rows_in_batch++;
}

void rows_free(rows_writer_t *w)
{
	free(w->prefix);
	w->prefix = NULL;
	manifest_row_free(&w->row);
}
