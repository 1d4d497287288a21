/* copytext: decoding one row of PostgreSQL's COPY text format (pure functions). */
#include <config.h>

#include "copytext.h"

#include <string.h>

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

/* The first tab in [p, end), or end when there is none. */
static char *next_tab(char *p, char *end)
{
	char *q = memchr(p, '\t', (size_t)(end - p));
	return q ? q : end;
}

/* The first backslash in [p, end), or end when there is none. */
static char *next_backslash(char *p, char *end)
{
	char *q = memchr(p, '\\', (size_t)(end - p));
	return q ? q : end;
}

int copytext_split(char *row, size_t len, copy_field_t *fields, int max)
{
	char *end = row + len;
	char *src = row;
	int n = 0;

	for (;;) {
		char *start = src;
		char *field_end = next_tab(src, end);
		char *dst;

		/* memchr finds the escapes, and the bytes between them move up in
		 * runs; most fields have no escape, so nothing moves at all. (Byte
		 * by byte, this loop was half of the client's time.) Decoding in
		 * place is safe: the output is never longer than the input. */
		src = dst = next_backslash(src, field_end);
		while (src < field_end) {
			char c, *plain;

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
			/* A backslash before a raw tab makes that tab data (PostgreSQL
			 * never writes one, but COPY FROM reads it so): the field goes on. */
			if (src > field_end)
				field_end = next_tab(src, end);
			plain = next_backslash(src, field_end);
			memmove(dst, src, (size_t)(plain - src));
			dst += plain - src;
			src = plain;
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
