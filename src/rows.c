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
	w->quote = NULL;
	w->extras = NULL;
	w->suffix = on_conflict ? " ON CONFLICT DO NOTHING;\n" : ";\n";
	if (ncols == 0)
		w->prefix = xasprintf("INSERT INTO %s DEFAULT VALUES", qname);
	else
		w->prefix = xasprintf("INSERT INTO %s (%s)%s VALUES\n", qname, collist,
				      overriding ? " OVERRIDING SYSTEM VALUE" : "");
}

void rows_finish(rows_writer_t *w)
{
	if (w->rows_in_batch > 0) {
		buf_puts(w->out, w->suffix);
		w->rows_in_batch = 0;
		w->batch_bytes = 0;
	}
}

void rows_add(rows_writer_t *w, const copy_field_t *fields)
{
	buf_t *out = w->out;
	size_t suffix_len = strlen(w->suffix), row_start, row_len;
	bool fresh;

	w->rows_total++;
	if (w->ncols == 0) {
		/* Nothing to batch: a row with no columns can only be DEFAULT VALUES. */
		buf_puts(w->out, w->prefix);
		buf_puts(w->out, w->suffix);
		return;
	}
	/* The row is encoded straight into the output, after the ",\n" it most
	 * likely needs: no copy of every row through a scratch buffer. */
	if (w->rows_in_batch >= w->rows_per_insert)
		rows_finish(w);
	fresh = w->rows_in_batch == 0;
	if (fresh)
		buf_puts(out, w->prefix);
	else
		buf_append(out, ",\n", 2);
	row_start = out->len;
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
	row_len = out->len - row_start;

	/* The cap is on the whole statement: the ",\n" before this row and the
	 * suffix that will close it count too. When the row does not fit, its
	 * ",\n" becomes the end of this statement and the start of the next one
	 * (rare: once per max_bytes of output, so moving the row costs little). */
	if (!fresh && w->batch_bytes + 2 + row_len + suffix_len > w->max_bytes) {
		size_t prefix_len = strlen(w->prefix);
		size_t sep = row_start - 2;
		size_t grow = suffix_len + prefix_len - 2;

		buf_grow(out, grow);
		memmove(out->data + sep + suffix_len + prefix_len, out->data + row_start, row_len + 1);
		memcpy(out->data + sep, w->suffix, suffix_len);
		memcpy(out->data + sep + suffix_len, w->prefix, prefix_len);
		out->len += grow;
		w->rows_in_batch = 0;
		w->batch_bytes = prefix_len;
	} else if (fresh) {
		w->batch_bytes = strlen(w->prefix);
	} else {
		w->batch_bytes += 2;
	}
	w->batch_bytes += row_len;
	w->rows_in_batch++;
}

void rows_free(rows_writer_t *w)
{
	free(w->prefix);
	w->prefix = NULL;
}
