/* manifest: the checksums every dump carries, shared by the writer and by
 * --verify (pure: bytes in, bytes out). */
#include <config.h>

#include "manifest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void manifest_row_init(manifest_row_t *r)
{
	r->state = XXH3_createState();
	if (!r->state)
		xalloc_die();
}

void manifest_row_free(manifest_row_t *r)
{
	XXH3_freeState(r->state);
	r->state = NULL;
}

void manifest_row_begin(manifest_row_t *r)
{
	XXH3_128bits_reset(r->state);
}

void manifest_row_update(manifest_row_t *r, const void *p, size_t n)
{
	XXH3_128bits_update(r->state, p, n);
}

manifest_digest_t manifest_digest_from(XXH128_hash_t h)
{
	manifest_digest_t d = {h.high64, h.low64};
	return d;
}

/* Addition modulo 2^128: unlike XOR, a row present twice counts twice, so
 * a duplicated or doubly deleted row still changes the sum. */
static void add_digest(manifest_digest_t *into, manifest_digest_t d)
{
	uint64_t lo = into->lo + d.lo;

	into->hi += d.hi + (lo < into->lo);
	into->lo = lo;
}

void manifest_row_end(manifest_row_t *r, manifest_tally_t *t)
{
	add_digest(&t->sum, manifest_digest_from(XXH3_128bits_digest(r->state)));
	t->rows++;
}

void manifest_tally_add_text(manifest_tally_t *t, const void *p, size_t n)
{
	add_digest(&t->sum, manifest_digest_from(XXH3_128bits(p, n)));
	t->rows++;
}

void manifest_tally_merge(manifest_tally_t *into, const manifest_tally_t *from)
{
	add_digest(&into->sum, from->sum);
	into->rows += from->rows;
}

bool manifest_tally_equal(const manifest_tally_t *a, const manifest_tally_t *b)
{
	return a->rows == b->rows && a->sum.hi == b->sum.hi && a->sum.lo == b->sum.lo;
}

void manifest_digest_hex(const manifest_digest_t *d, char out[33])
{
	snprintf(out, 33, "%016" PRIx64 "%016" PRIx64, d->hi, d->lo);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool manifest_digest_parse(const char *s, size_t len, manifest_digest_t *d)
{
	uint64_t part[2] = {0, 0};

	if (len != 32)
		return false;
	for (size_t i = 0; i < 32; i++) {
		int v = hex_value(s[i]);
		if (v < 0)
			return false;
		part[i / 16] = part[i / 16] << 4 | (uint64_t)v;
	}
	d->hi = part[0];
	d->lo = part[1];
	return true;
}

void manifest_encode(buf_t *out, const char *s, bool space)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\' || (space && *p == ' '))
			buf_printf(out, "\\x%02x", *p);
		else
			buf_putc(out, (char)*p);
	}
}

char *manifest_decode(const char *s, size_t len)
{
	buf_t b;

	buf_init(&b);
	buf_grow(&b, len + 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\') {
			int h, l;
			if (i + 4 > len || s[i + 1] != 'x' || (h = hex_value(s[i + 2])) < 0 ||
			    (l = hex_value(s[i + 3])) < 0 || (h == 0 && l == 0))
				goto bad;
			buf_putc(&b, (char)(h << 4 | l));
			i += 3;
		} else if (c < 0x20 || c == 0x7f) {
			goto bad;
		} else {
			buf_putc(&b, (char)c);
		}
	}
	return b.data ? b.data : xstrdup("");
bad:
	buf_free(&b);
	return NULL;
}

void manifest_table_line(buf_t *out, const char *qname, const manifest_tally_t *t, const char *where)
{
	char hex[33];

	manifest_digest_hex(&t->sum, hex);
	buf_puts(out, MANIFEST_TABLE_PREFIX);
	manifest_encode(out, qname, true);
	buf_printf(out, " rows %" PRIu64 " digest %s", t->rows, hex);
	if (where) {
		buf_puts(out, " where ");
		manifest_encode(out, where, false);
	}
	buf_putc(out, '\n');
}

/* Reads an unsigned decimal at *p (at least one digit, no sign, no
 * overflow), moving *p past it. */
static bool parse_u64(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t n = 0;

	if (s >= end || *s < '0' || *s > '9')
		return false;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (n > (UINT64_MAX - 9) / 10)
			return false;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*v = n;
	*p = s;
	return true;
}

static bool eat(const char **p, const char *end, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(end - *p) < n || memcmp(*p, word, n) != 0)
		return false;
	*p += n;
	return true;
}

bool manifest_table_parse(const char *line, size_t len, manifest_table_t *t)
{
	const char *p = line, *end = line + len, *name;

	memset(t, 0, sizeof *t);
	if (!eat(&p, end, MANIFEST_TABLE_PREFIX))
		return false;
	name = p;
	while (p < end && *p != ' ')
		p++;
	if (p == name || !(t->name = manifest_decode(name, (size_t)(p - name))))
		return false;
	if (!eat(&p, end, " rows ") || !parse_u64(&p, end, &t->tally.rows) || !eat(&p, end, " digest ") ||
	    end - p < 32 || !manifest_digest_parse(p, 32, &t->tally.sum))
		goto bad;
	p += 32;
	if (p < end) {
		if (!eat(&p, end, " where ") || !(t->where = manifest_decode(p, (size_t)(end - p))))
			goto bad;
	}
	return true;
bad:
	manifest_table_free(t);
	return false;
}

void manifest_table_free(manifest_table_t *t)
{
	free(t->name);
	free(t->where);
	t->name = t->where = NULL;
}

void manifest_file_line(buf_t *out, uint64_t bytes, const manifest_digest_t *d)
{
	char hex[33];

	manifest_digest_hex(d, hex);
	buf_printf(out, MANIFEST_FILE_PREFIX "bytes %" PRIu64 " digest %s\n", bytes, hex);
}

bool manifest_file_parse(const char *line, size_t len, uint64_t *bytes, manifest_digest_t *d)
{
	const char *p = line, *end = line + len;

	return eat(&p, end, MANIFEST_FILE_PREFIX) && eat(&p, end, "bytes ") && parse_u64(&p, end, bytes) &&
	       eat(&p, end, " digest ") && end - p == 32 && manifest_digest_parse(p, 32, d);
}

void manifest_lo_line(buf_t *out, const manifest_tally_t *t)
{
	char hex[33];

	manifest_digest_hex(&t->sum, hex);
	buf_printf(out, MANIFEST_LO_PREFIX "%" PRIu64 " digest %s\n", t->rows, hex);
}

bool manifest_lo_parse(const char *line, size_t len, manifest_tally_t *t)
{
	const char *p = line, *end = line + len;

	return eat(&p, end, MANIFEST_LO_PREFIX) && parse_u64(&p, end, &t->rows) && eat(&p, end, " digest ") &&
	       end - p == 32 && manifest_digest_parse(p, 32, &t->sum);
}

void manifest_lo_begin(manifest_row_t *r, const char *oid)
{
	manifest_row_begin(r);
	manifest_row_update(r, oid, strlen(oid) + 1);
}
