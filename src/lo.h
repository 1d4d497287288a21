/* lo: large objects (pg_largeobject_metadata and their bytes), written as
 * statements psql runs: lo_create by OID, owner, comment, privileges, then
 * the bytes in lo_put chunks. */
#ifndef DBDUMP_LO_H
#define DBDUMP_LO_H

#include <stdbool.h>

#include "conn.h"
#include "options.h"
#include "sink.h"

/* True when the dump writes every large object: asked for with
 * --large-objects, or by default in a dump with data and no table or schema
 * selection (pg_dump's rule); false under --no-large-objects, --schema-only
 * or a selection. The census counts pg_largeobject_metadata rows as written
 * when this is true, and as excluded by the user's choice when it is false. */
bool lo_included(const struct options *o);

/* How many large objects the snapshot holds, and an estimate of their bytes
 * (pg_largeobject's pages), for --list and --progress. */
void lo_estimate(conn_t *c, double *count, double *bytes);

/* Writes every large object to out, read over c inside its snapshot, one
 * chunk at a time, so memory stays flat whatever an object's size. With
 * o->clean each one is first unlinked where it exists. */
void lo_write_all(conn_t *c, sink_t *out, const struct options *o);

#endif
