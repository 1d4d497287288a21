/* fuzz_copytext: libFuzzer target for copytext_split, the COPY text decoder.
 *
 * Two properties, chosen by the first input byte:
 *  - any bytes: copytext_split never reads or writes outside the row and the
 *    field array (both allocated to their exact size so ASan sees a stray
 *    byte), returns -1 or a field count of at least 1, and every field it
 *    reports lies inside the row;
 *  - round trip: the rest of the input is cut into fields (0xFE separates
 *    them, a field that is the single byte 0xFD is NULL), each field is
 *    encoded the way a COPY TO could (plain, named escape, octal or hex,
 *    chosen by a generator seeded from the input), and the split must give
 *    back exactly those fields.
 * Built and run by tests/fuzz/run.sh, never by make check. */
#include <config.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "copytext.h"

#define MAX_FIELDS 64

static void check(bool cond)
{
	if (!cond)
		abort();
}

static void fuzz_raw(const uint8_t *data, size_t size, int max)
{
	char *row = malloc(size ? size : 1);
	copy_field_t *fields = malloc(sizeof(copy_field_t) * (size_t)(max ? max : 1));
	int n;

	memcpy(row, data, size);
	n = copytext_split(row, size, fields, max);
	check(n == -1 || n >= 1);
	for (int i = 0; n > 0 && i < n && i < max; i++) {
		check(fields[i].ptr >= row && fields[i].ptr <= row + size);
		check(fields[i].len <= (size_t)(row + size - fields[i].ptr));
		if (fields[i].isnull)
			check(fields[i].len == 0);
	}
	if (n > 0) {
		/* Without escapes the count is the number of tabs plus one. */
		size_t tabs = 0;
		bool escapes = memchr(data, '\\', size) != NULL;
		for (size_t k = 0; k < size; k++)
			tabs += data[k] == '\t';
		if (!escapes)
			check((size_t)n == tabs + 1);
	}
	free(fields);
	free(row);
}

static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 16;
}

static const char octal_digits[] = "01234567";
static const char hex_digits[] = "0123456789abcdefABCDEF";

/* Appends the COPY text form of byte c, picking one of the valid spellings. */
static size_t encode_byte(char *out, unsigned char c, uint32_t *state)
{
	uint32_t pick = next_random(state) % 4;
	size_t n = 0;

	if (pick == 1) {
		out[n++] = '\\';
		out[n++] = octal_digits[(c >> 6) & 7];
		out[n++] = octal_digits[(c >> 3) & 7];
		out[n++] = octal_digits[c & 7];
		return n;
	}
	if (pick == 2) {
		int upper = (int)(next_random(state) & 1) * 6;
		out[n++] = '\\';
		out[n++] = 'x';
		out[n++] = (c >> 4) < 10 ? hex_digits[c >> 4] : hex_digits[(c >> 4) + upper];
		out[n++] = (c & 15) < 10 ? hex_digits[c & 15] : hex_digits[(c & 15) + upper];
		return n;
	}
	switch (c) {
	case '\\': out[n++] = '\\'; out[n++] = '\\'; return n;
	case '\t': out[n++] = '\\'; out[n++] = 't'; return n;
	case '\n': out[n++] = '\\'; out[n++] = 'n'; return n;
	case '\r': out[n++] = '\\'; out[n++] = 'r'; return n;
	case '\b': out[n++] = '\\'; out[n++] = 'b'; return n;
	case '\f': out[n++] = '\\'; out[n++] = 'f'; return n;
	case '\v': out[n++] = '\\'; out[n++] = 'v'; return n;
	default: break;
	}
	if (pick == 3 && c != '\\' && !(c >= '0' && c <= '7') && c != 'x' && c != 'N' && c > ' ' &&
	    c != 'b' && c != 'f' && c != 'n' && c != 'r' && c != 't' && c != 'v') {
		/* A backslash before an ordinary character stands for that character. */
		out[n++] = '\\';
	}
	out[n++] = (char)c;
	return n;
}

static void fuzz_roundtrip(const uint8_t *data, size_t size, uint32_t seed)
{
	const uint8_t *starts[MAX_FIELDS];
	size_t lens[MAX_FIELDS];
	int nfields = 0;
	size_t start = 0;
	char *row, *p;
	copy_field_t *fields;
	int n;

	for (size_t k = 0; k <= size && nfields < MAX_FIELDS; k++) {
		if (k == size || data[k] == 0xFE) {
			starts[nfields] = data + start;
			lens[nfields++] = k - start;
			start = k + 1;
		}
	}
	if (start <= size && nfields == MAX_FIELDS)
		return; /* too many fields; keep the property simple */
	row = malloc(size * 5 + (size_t)nfields * 2 + 1);
	p = row;
	for (int i = 0; i < nfields; i++) {
		if (i)
			*p++ = '\t';
		if (lens[i] == 1 && starts[i][0] == 0xFD) {
			*p++ = '\\';
			*p++ = 'N';
			continue;
		}
		for (size_t k = 0; k < lens[i]; k++)
			p += encode_byte(p, starts[i][k], &seed);
	}
	{
		/* Exactly as long as the encoded row, so ASan sees any overrun. */
		size_t len = (size_t)(p - row);
		char *exact = malloc(len ? len : 1);
		memcpy(exact, row, len);
		free(row);
		row = exact;
		fields = malloc(sizeof(copy_field_t) * (size_t)nfields);
		n = copytext_split(row, len, fields, nfields);
	}
	check(n == nfields);
	for (int i = 0; i < nfields; i++) {
		if (lens[i] == 1 && starts[i][0] == 0xFD) {
			check(fields[i].isnull);
			continue;
		}
		check(!fields[i].isnull);
		check(fields[i].len == lens[i]);
		check(memcmp(fields[i].ptr, starts[i], lens[i]) == 0);
	}
	free(fields);
	free(row);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		fuzz_roundtrip(data + 1, size - 1, data[0]);
	else
		fuzz_raw(data + 1, size - 1, (data[0] >> 1) % 17);
	return 0;
}
