/* manifest: the checksums every dump carries, shared by the writer and by
 * --verify (pure: bytes in, bytes out). A table's digest is the sum, modulo
 * 2^128, of the XXH3-128 digests of its rows' literal text; the file digest is
 * XXH3-128 over every byte before its own line. */
#ifndef DBDUMP_MANIFEST_H
#define DBDUMP_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xxhash.h>
#if defined(__x86_64__) || defined(__i386__)
/* libxxhash's run-time dispatch picks its SSE2, AVX2 or AVX-512 code for
 * the CPU at hand (the same digests): the file digest runs over every byte
 * of every dump. Only x86 builds of the library have it. */
#include <xxh_x86dispatch.h>
#endif

#include "buf.h"

/* The header line that says a dump carries a manifest (after "-- contents:"). */
#define MANIFEST_HEADER_LINE "-- manifest: xxh3-128 row digests summed per table, file digest\n"
#define MANIFEST_TABLE_PREFIX "-- dbdump: table "
#define MANIFEST_FILE_PREFIX "-- dbdump: file "
#define MANIFEST_LO_PREFIX "-- dbdump: large objects "

typedef struct manifest_digest {
	uint64_t hi, lo;
} manifest_digest_t;

/* A table's (or a piece's) rows so far. Zeroed means no rows. */
typedef struct manifest_tally {
	uint64_t rows;
	manifest_digest_t sum;
} manifest_tally_t;

/* One row's digest, fed as its literal text is produced: "(" literals joined
 * by "," ")" exactly as the INSERT holds it ("()" for a table of no columns).
 * Fed in pieces, so a value written out in parts can be hashed in parts. */
typedef struct manifest_row {
	XXH3_state_t *state;
} manifest_row_t;

void manifest_row_init(manifest_row_t *r);
void manifest_row_free(manifest_row_t *r);
void manifest_row_begin(manifest_row_t *r);
void manifest_row_update(manifest_row_t *r, const void *p, size_t n);
/* Ends the row and adds it to t. */
void manifest_row_end(manifest_row_t *r, manifest_tally_t *t);

/* Adds a whole row's text in one go (the verifier, and tests). */
void manifest_tally_add_text(manifest_tally_t *t, const void *p, size_t n);
/* into += from: pieces of one table, read apart, add up to the whole. */
void manifest_tally_merge(manifest_tally_t *into, const manifest_tally_t *from);
bool manifest_tally_equal(const manifest_tally_t *a, const manifest_tally_t *b);

/* 32 lowercase hex digits (hi then lo) and a NUL into out[33]. */
void manifest_digest_hex(const manifest_digest_t *d, char out[33]);
/* The reverse; false unless s is exactly 32 hex digits. */
bool manifest_digest_parse(const char *s, size_t len, manifest_digest_t *d);

/* Appends "-- dbdump: table NAME rows N digest HEX[ where COND]\n". NAME is
 * the quoted, qualified name the INSERTs use and COND the --where condition
 * (NULL: none), both encoded (manifest_encode) so the line stays one line. */
void manifest_table_line(buf_t *out, const char *qname, const manifest_tally_t *t, const char *where);

/* A parsed table line; name and where (NULL when absent) are decoded and owned. */
typedef struct manifest_table {
	char *name;
	char *where;
	manifest_tally_t tally;
} manifest_table_t;

/* Parses one table line (without its newline). False when it is malformed. */
bool manifest_table_parse(const char *line, size_t len, manifest_table_t *t);
void manifest_table_free(manifest_table_t *t);

/* Appends "-- dbdump: large objects N digest HEX\n": N large objects whose
 * digests (manifest_lo_begin, then their bytes) sum to HEX. */
void manifest_lo_line(buf_t *out, const manifest_tally_t *t);
/* Parses a large objects line (without its newline). */
bool manifest_lo_parse(const char *line, size_t len, manifest_tally_t *t);
/* Begins one large object's digest: its OID as decimal text and a NUL, then
 * (manifest_row_update) its bytes, then manifest_row_end. The OID is in it
 * so that bytes moved from one object to another change the sum. */
void manifest_lo_begin(manifest_row_t *r, const char *oid);

/* Appends "-- dbdump: file bytes N digest HEX\n": N bytes came before it. */
void manifest_file_line(buf_t *out, uint64_t bytes, const manifest_digest_t *d);
/* Parses a file line (without its newline). */
bool manifest_file_parse(const char *line, size_t len, uint64_t *bytes, manifest_digest_t *d);

/* Appends s with every backslash, control byte and (when space is set) space
 * written as \xHH, so it cannot end a comment line or split a field. */
void manifest_encode(buf_t *out, const char *s, bool space);
/* The reverse, into a new string; NULL when s[0..len) is malformed. */
char *manifest_decode(const char *s, size_t len);

/* An XXH128 digest as a manifest digest. */
manifest_digest_t manifest_digest_from(XXH128_hash_t h);

#endif
