/* copytext: decoding one row of PostgreSQL's COPY text format (pure functions). */
#include <config.h>

#include "copytext.h"

#include <string.h>

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int copytext_split(char *row, size_t len, copy_field_t *fields, int max)
{
	char *end = row + len;
	char *src = row;
	int n = 0;

	for (;;) {
		char *start = src;
		char *dst = src;

		/* Copy until the next tab, undoing escapes. The output is never longer
		 * than the input, so decoding in place is safe. */
		while (src < end && *src != '\t') {
			char c = *src++;
			if (c != '\\') {
				*dst++ = c;
				continue;
			}
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
				if (src < end && hex_value(*src) >= 0) {
					int v = hex_value(*src++);
					if (src < end && hex_value(*src) >= 0)
						v = v * 16 + hex_value(*src++);
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
