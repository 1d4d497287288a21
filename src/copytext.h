/* copytext: decoding one row of PostgreSQL's COPY text format (pure functions). */
#ifndef DBDUMP_COPYTEXT_H
#define DBDUMP_COPYTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* One decoded field. ptr points into the row buffer given to copytext_split. */
typedef struct copy_field {
	const char *ptr;
	size_t len;
	bool isnull;
} copy_field_t;

/* Splits a row (without its trailing newline) at tabs and undoes the escapes
 * (\b \f \n \r \t \v \\, octal \NNN, hex \xHH, \N for NULL) in place.
 * Writes at most max fields and returns how many the row held, or -1 when the
 * row ends in a lone backslash. A row of zero columns is the empty line: the
 * caller that expects zero columns does not call this. */
int copytext_split(char *row, size_t len, copy_field_t *fields, int max);

/* The value of one hexadecimal digit, or -1 when c is none. */
int copytext_hex_digit(char c);

#endif
