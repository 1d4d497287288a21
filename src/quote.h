/* quote: SQL identifier and literal quoting, and psql-style name patterns (pure functions). */
#ifndef DBDUMP_QUOTE_H
#define DBDUMP_QUOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Appends name as an SQL identifier: bare when it is a lowercase name that is
 * not a keyword, else in double quotes with embedded quotes doubled. */
void quote_ident(buf_t *out, const char *name);
/* True when name can stand unquoted. */
bool quote_ident_is_plain(const char *name);

/* Appends s[0..len) as a standard-conforming string literal ('...', quotes doubled). */
void quote_literal(buf_t *out, const char *s, size_t len);
/* Appends s[0..len) with quotes doubled and no surrounding quotes: one piece
 * of a literal written in pieces ("'" + the pieces in order + "'" is the same
 * bytes as quote_literal of the whole value, wherever it is cut). */
void quote_literal_part(buf_t *out, const char *s, size_t len);

/* How a column's text value is written as an SQL literal. */
enum literal_kind {
	LIT_TEXT,    /* always a string literal */
	LIT_INTEGER, /* bare when it is plain digits */
	LIT_NUMERIC, /* bare when it is a plain decimal */
	LIT_FLOAT,   /* bare when plain, but -0 keeps its sign in a string */
	LIT_BOOL,    /* t/f become true/false */
	/* A number always written as a string literal: PostgreSQL then reads it
	 * with the column type's own input function, where a bare number is
	 * first an integer or numeric constant and then a cast that the planner
	 * folds value by value (doc/PERFORMANCE.md, run 14). */
	LIT_QUOTED_NUMBER,
};

/* Appends the text value v[0..len) of a column of the given kind as a literal. */
void quote_value(buf_t *out, enum literal_kind kind, const char *v, size_t len);

/* True when s holds a line break (LF or CR). Such a name cannot go into a
 * psql meta-command (\connect ends at the end of the line, and the rest would
 * run as SQL) nor into a comment line. */
bool quote_has_line_break(const char *s);

/* A psql-style pattern ("schema.table", * and ? wildcards, double quotes keep
 * case and make wildcards literal) turned into two anchored POSIX regular
 * expressions. With wildcards false, * and ? are ordinary characters (for exact
 * TABLE arguments). schema_re is NULL when the pattern names no schema.
 * Returns false (with a message in err) when the pattern is malformed.
 * The caller frees both strings. */
bool pattern_to_regex(const char *pattern, bool wildcards, char **schema_re, char **name_re, buf_t *err);

#endif
