/* verify_scan: reading a dump's text back, in one streaming pass, and
 * checking it against the manifest it carries (pure: bytes in, verdict out).
 * It knows the exact shape of what dbdump writes: comment lines, the INSERT
 * statements of rows.c, and enough SQL lexing (quotes, dollar quotes,
 * comments) to step over DDL without mistaking its text for rows. */
#ifndef DBDUMP_VERIFY_SCAN_H
#define DBDUMP_VERIFY_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "manifest.h"

/* One table as the manifest and the rows found for it tell it. */
typedef struct verify_table {
	char *name;  /* the quoted, qualified name the INSERTs use */
	char *where; /* the --where condition, or NULL */
	manifest_tally_t tally;
	uint64_t bytes; /* of its INSERT statements */
	int database;   /* index into verify_scan_t.dbs */
} verify_table_t;

/* One database's header. */
typedef struct verify_database {
	char *name, *server, *moment, *contents;
	bool manifest; /* the header announces a manifest */
	bool has_lo;   /* the manifest has a large objects line */
	manifest_tally_t lo;
} verify_database_t;

typedef struct verify_scan verify_scan_t;

/* A scanner for one dump; the caller feeds it the dump's text in chunks of
 * any size. */
verify_scan_t *verify_scan_new(void);
void verify_scan_free(verify_scan_t *s);

/* Feeds the next n bytes. Returns false at the first problem (then see
 * verify_scan_error); further calls do nothing. */
bool verify_scan_feed(verify_scan_t *s, const char *p, size_t n);
/* The input ended. mid_frame says the compressed file ended inside its
 * frame. Returns true when the whole dump checked out. */
bool verify_scan_finish(verify_scan_t *s, bool mid_frame);

/* The first problem, as one line without the "dbdump: " prefix; "" if none. */
const char *verify_scan_error(const verify_scan_t *s);
/* True when the problem is that the dump has no manifest at all (an older
 * dbdump wrote it): it says nothing about the file being damaged. */
bool verify_scan_no_manifest(const verify_scan_t *s);
/* True once the first line showed an --all-databases dump. */
bool verify_scan_all_databases(const verify_scan_t *s);

/* What was read so far (owned by s). */
const verify_table_t *verify_scan_tables(const verify_scan_t *s, int *n);
const verify_database_t *verify_scan_databases(const verify_scan_t *s, int *n);
uint64_t verify_scan_bytes(const verify_scan_t *s);

#endif
