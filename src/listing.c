/* listing: the lines --list prints, the same for every server kind. */
#include <config.h>

#include "listing.h"

void listing_heading(buf_t *out, bool with_db)
{
	static bool written;

	if (written)
		return;
	written = true;
	if (with_db)
		buf_printf(out, "%-20s ", "database");
	buf_printf(out, "%-20s %-32s %12s %12s\n", "schema", "table", "est. rows", "est. bytes");
}

void listing_row(buf_t *out, bool tty, const char *db, const char *schema, const char *table, double rows,
		 double bytes)
{
	if (rows < 0)
		rows = 0;
	if (bytes < 0)
		bytes = 0;
	if (db)
		buf_printf(out, tty ? "%-20s " : "%s\t", db);
	if (tty)
		buf_printf(out, "%-20s %-32s %12.0f %12.0f\n", schema, table, rows, bytes);
	else
		buf_printf(out, "%s\t%s\t%.0f\t%.0f\n", schema, table, rows, bytes);
}
