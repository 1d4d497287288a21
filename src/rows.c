/* rows: turning decoded COPY rows into batched multi-row INSERT statements
 * (pure: bytes in, bytes out). */
#include <config.h>

#include "rows.h"

#include <stdlib.h>

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
	w->suffix = on_conflict ? " ON CONFLICT DO NOTHING;\n" : ";\n";
	if (ncols == 0)
		w->prefix = xasprintf("INSERT INTO %s DEFAULT VALUES", qname);
	else
		w->prefix = xasprintf("INSERT INTO %s (%s)%s VALUES\n", qname, collist,
				      overriding ? " OVERRIDING SYSTEM VALUE" : "");
	buf_init(&w->row);
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
	buf_t *row = &w->row;

	w->rows_total++;
	if (w->ncols == 0) {
		/* Nothing to batch: a row with no columns can only be DEFAULT VALUES. */
		buf_puts(w->out, w->prefix);
		buf_puts(w->out, w->suffix);
		return;
	}
	buf_reset(row);
	buf_putc(row, '(');
	for (int i = 0; i < w->ncols; i++) {
		if (i)
			buf_putc(row, ',');
		if (fields[i].isnull)
			buf_append(row, "NULL", 4);
		else
			quote_value(row, w->kinds[i], fields[i].ptr, fields[i].len);
	}
	buf_putc(row, ')');

	if (w->rows_in_batch > 0 &&
	    (w->rows_in_batch >= w->rows_per_insert || w->batch_bytes + row->len + 2 > w->max_bytes))
		rows_finish(w);
	if (w->rows_in_batch == 0) {
		buf_puts(w->out, w->prefix);
		w->batch_bytes = strlen(w->prefix);
	} else {
		buf_append(w->out, ",\n", 2);
		w->batch_bytes += 2;
	}
	buf_append(w->out, row->data, row->len);
	w->batch_bytes += row->len;
	w->rows_in_batch++;
}

void rows_free(rows_writer_t *w)
{
	free(w->prefix);
	w->prefix = NULL;
	buf_free(&w->row);
}
