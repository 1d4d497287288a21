/* copytext: decoding one row of PostgreSQL's COPY text format (pure functions). */
#include <config.h>

#include "copytext.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int copytext_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The first tab or backslash in [p, end), or end when there is none: what
 * ends a field's plain run. SSE2 looks at 16 bytes at a time (every x86-64
 * has it); one pass over the row instead of two memchr calls a field, which
 * were a sixth of the client's instructions (doc/PERFORMANCE.md, run 14).
 * It never reads past end: a row need not end in a NUL. */
static inline char *next_special(char *p, char *end)
{
#if defined(__SSE2__)
	const __m128i tab = _mm_set1_epi8('\t'), bs = _mm_set1_epi8('\\');

	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, bs)));
		if (m)
			return p + __builtin_ctz((unsigned)m);
		p += 16;
	}
#endif
	while (p < end && *p != '\t' && *p != '\\')
		p++;
	return p;
}

int copytext_split(char *row, size_t len, copy_field_t *fields, int max)
{
	char *end = row + len;
	char *src = row;
	int n = 0;

	for (;;) {
		char *start = src;
		char *dst = src; /* == src until the field's first escape */

		/* Decoding in place is safe: the output is never longer than the
		 * input. Most fields have no escape, so nothing moves at all. */
		for (;;) {
			char *plain = next_special(src, end), c;

			if (dst != src)
				memmove(dst, src, (size_t)(plain - src));
			dst += plain - src;
			src = plain;
			if (src == end || *src == '\t')
				break;
			src++; /* the backslash */
			if (src == end)
				return -1;
			c = *src++;
			switch (c) {
			case 'b': *dst++ = '\b'; break;
			case 'f': *dst++ = '\f'; break;
			case 'n': *dst++ = '\n'; break;
			case 'r': *dst++ = '\r'; break;
			case 't': *dst++ = '\t'; break;
			case 'v': *dst++ = '\v'; break;
			case 'N':
				/* \N alone is NULL; elsewhere it is a plain N. */
				if (dst == start && (src == end || *src == '\t') && src - start == 2) {
					if (n < max) {
						fields[n].ptr = start;
						fields[n].len = 0;
						fields[n].isnull = true;
					}
					goto next_field;
				}
				*dst++ = 'N';
				break;
			case 'x':
				if (src < end && copytext_hex_digit(*src) >= 0) {
					int v = copytext_hex_digit(*src++);
					if (src < end && copytext_hex_digit(*src) >= 0)
						v = v * 16 + copytext_hex_digit(*src++);
					*dst++ = (char)v;
				} else {
					*dst++ = 'x';
				}
				break;
			default:
				/* A backslash before a raw tab makes that tab data
				 * (PostgreSQL never writes one, but COPY FROM reads it
				 * so): the field goes on. */
				if (c >= '0' && c <= '7') {
					int v = c - '0';
					for (int k = 0; k < 2 && src < end && *src >= '0' && *src <= '7'; k++)
						v = v * 8 + (*src++ - '0');
					*dst++ = (char)v;
				} else {
					*dst++ = c;
				}
				break;
			}
		}
		if (n < max) {
			fields[n].ptr = start;
			fields[n].len = (size_t)(dst - start);
			fields[n].isnull = false;
		}
	next_field:
		n++;
		if (src >= end)
			return n;
		src++; /* the tab */
	}
}
