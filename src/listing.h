/* listing: the lines --list prints, the same for every server kind. */
#ifndef DBDUMP_LISTING_H
#define DBDUMP_LISTING_H

#include <stdbool.h>

#include "buf.h"

/* The heading of the aligned form (for a terminal), once per run (the
 * databases of --all-databases share it); with_db adds the database
 * column. */
void listing_heading(buf_t *out, bool with_db);

/* One table: database (or NULL), schema, name, estimated rows and bytes;
 * aligned for a terminal (tty), else tab-separated. Negative estimates
 * (unknown) are written as 0. */
void listing_row(buf_t *out, bool tty, const char *db, const char *schema, const char *table, double rows,
		 double bytes);

#endif
