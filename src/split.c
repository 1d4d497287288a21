/* split: how a big table is read in pieces, for both server kinds. */
#include <config.h>

#include "split.h"

#include <stdlib.h>

int split_count(double size, double per_piece)
{
	double n;

	if (!(size > per_piece) || per_piece <= 0)
		return 1;
	n = size / per_piece;
	if (n >= SPLIT_MAX_PIECES)
		return SPLIT_MAX_PIECES;
	return (int)n + (n > (int)n);
}

void split_whole(split_t *s)
{
	s->npieces = 1;
	s->key = NULL;
	s->bounds = NULL;
}

void split_by_key(split_t *s, const char *key, int64_t lo, int64_t hi, int want)
{
	/* hi - lo as unsigned cannot overflow, even from INT64_MIN to INT64_MAX. */
	uint64_t span = hi > lo ? (uint64_t)hi - (uint64_t)lo : 0;
	uint64_t n = want > 1 ? (uint64_t)want : 1;

	split_whole(s);
	if (n > span)
		n = span; /* at least one key between two bounds */
	if (n <= 1)
		return;
	s->npieces = (int)n;
	s->key = key;
	s->bounds = xcalloc(n, sizeof *s->bounds);
	/* bound i = lo + floor(i * span / n), without overflowing i * span. */
	for (uint64_t i = 1; i < n; i++)
		s->bounds[i - 1] = (int64_t)((uint64_t)lo + span / n * i + span % n * i / n);
}

void split_by_ctid(split_t *s, int want)
{
	split_whole(s);
	if (want <= 1)
		return;
	s->npieces = want;
	s->bounds = xcalloc((size_t)want, sizeof *s->bounds);
	for (int i = 1; i < want; i++)
		s->bounds[i - 1] = (int64_t)i * SPLIT_PIECE_BLOCKS;
}

void split_free(split_t *s)
{
	free(s->bounds);
	split_whole(s);
}

static void bound(buf_t *out, const split_t *s, const char *op, int64_t v)
{
	if (s->key)
		buf_printf(out, "%s %s %lld", s->key, op, (long long)v);
	else
		buf_printf(out, "ctid %s '(%lld,0)'::pg_catalog.tid", op, (long long)v);
}

void split_where(buf_t *out, const char *where, const split_t *s, int piece)
{
	const char *sep = " WHERE ";

	if (where) {
		buf_printf(out, "%s(%s)", sep, where);
		sep = " AND ";
	}
	if (!s || s->npieces <= 1)
		return;
	if (piece > 0) {
		buf_puts(out, sep);
		bound(out, s, ">=", s->bounds[piece - 1]);
		sep = " AND ";
	}
	if (piece < s->npieces - 1) {
		buf_puts(out, sep);
		bound(out, s, "<", s->bounds[piece]);
	}
}
