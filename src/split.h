/* split: how a big table is read in pieces, for both server kinds. Pure: no
 * libpq, so the unit tests check every boundary and every WHERE clause. */
#ifndef DBDUMP_SPLIT_H
#define DBDUMP_SPLIT_H

#include <stdint.h>

#include "buf.h"

/* A table is read in pieces when it is bigger than one piece: on PostgreSQL
 * SPLIT_PIECE_BLOCKS heap blocks (32 MiB), from its catalog size; on
 * CockroachDB SPLIT_PIECE_ROWS rows, from its statistics. The count depends on
 * the table only, never on -j, and statements are cut by the table's row stream alone (data.c),
 * so the output is the same bytes for any number of jobs. */
#define SPLIT_PIECE_BLOCKS 4096
#define SPLIT_PIECE_ROWS 150000
#define SPLIT_MAX_PIECES 1024

/* One table's pieces.
 * - key set: ranges of key, the integer column that leads the primary key;
 *   bounds[i] is where piece i + 1 starts. The first piece is open below and
 *   the last open above, so no row is missed whatever the bounds.
 * - key NULL (PostgreSQL 14 and later only): ranges of ctid; bounds are heap
 *   block numbers. */
typedef struct split {
	int npieces;     /* 1: the table is read whole */
	const char *key; /* not owned */
	int64_t *bounds; /* npieces - 1 of them, ascending */
} split_t;

/* How many pieces a table of this size wants: size / per_piece rounded up,
 * at least 1 and at most SPLIT_MAX_PIECES. Unknown (< 0) sizes give 1. */
int split_count(double size, double per_piece);

/* Cuts the keys lo..hi into at most want ranges of equal width (fewer when
 * there are fewer keys) and fills s: npieces and want - 1 bounds at most. */
void split_by_key(split_t *s, const char *key, int64_t lo, int64_t hi, int want);

/* want pieces of SPLIT_PIECE_BLOCKS blocks each, by ctid. */
void split_by_ctid(split_t *s, int want);

/* The whole table in one piece. */
void split_whole(split_t *s);

void split_free(split_t *s);

/* Appends the condition that selects piece `piece` of s (NULL: the whole
 * table), ANDed with where (the --where condition, or NULL): " WHERE (where)
 * AND key >= 10 AND key < 20", or nothing at all for a whole table without
 * where. */
void split_where(buf_t *out, const char *where, const split_t *s, int piece);

#endif
