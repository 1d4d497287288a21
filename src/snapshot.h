/* snapshot: the session settings and the one read point every statement of
 * the dump uses. */
#ifndef DBDUMP_SNAPSHOT_H
#define DBDUMP_SNAPSHOT_H

#include "conn.h"
#include "options.h"

/* Sets the session up as the dump needs it (an empty search_path, so that
 * every name the server prints is qualified and no user's function shadows a
 * built-in one, ISO dates, UTC, every float digit, no timeouts, the
 * database's own encoding) and opens a read-only REPEATABLE
 * READ transaction, joining --snapshot when given. Returns the snapshot's time
 * as UTC text; the caller frees it. Fatal on failure. */
char *snapshot_begin_pg(conn_t *c, const struct options *o);

/* Gives the session back the user's search_path (the role's, the database's,
 * PGOPTIONS'), for resolving the user's unqualified names; only statements
 * whose every function and operator is qualified may run until
 * snapshot_clear_search_path. */
void snapshot_reset_search_path(conn_t *c);

/* Empties search_path again. */
void snapshot_clear_search_path(conn_t *c);

/* True when id looks like a snapshot id pg_export_snapshot() returns. */
bool snapshot_id_valid(const char *id);

#endif
