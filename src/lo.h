/* lo: large objects (pg_largeobject_metadata and their bytes), written as
 * statements psql runs: lo_create by OID, owner, comment, privileges, then
 * the bytes in lo_put chunks. */
#ifndef DBDUMP_LO_H
#define DBDUMP_LO_H

#include <stdbool.h>

#include "conn.h"
#include "manifest.h"
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

/* The large objects of the snapshot (their OIDs, owners, comments and
 * privileges), read over c. */
typedef struct lo_set lo_set_t;
lo_set_t *lo_list(conn_t *c, const struct options *o);
void lo_set_free(lo_set_t *s);
/* How many items of the jobs engine they make (batches of LO_BATCH), and how
 * many objects there are. */
int lo_batches(const lo_set_t *s);
int lo_count(const lo_set_t *s);

/* A jobs_work_fn (arg is the lo_set_t): writes batch number item of large
 * objects to out, read over c inside its snapshot one chunk at a time, so
 * memory stays flat whatever an object's size, each object's digest added
 * to the batch's tally for lo_manifest_write. Each is created by OID
 * (after an lo_unlink where it exists, with o->clean), given its owner
 * (o->owners), comment and privileges (o->privileges), then its bytes. */
void lo_write_batch(conn_t *c, int item, sink_t *out, void *arg);

/* Once every batch is written: the manifest's large objects line (their
 * count and the sum of their digests, manifest_lo_begin) and the blank line
 * that ends the section. The same bytes with any -j. */
void lo_manifest_write(buf_t *out, const lo_set_t *s);

/* For --verify: the count and digest of every large object c sees (in its
 * transaction), as lo_manifest_write sums them. */
void lo_tally_database(conn_t *c, manifest_tally_t *t);

#endif
