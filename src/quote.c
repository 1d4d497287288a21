/* quote: SQL identifier and literal quoting, and psql-style name patterns (pure functions). */
#include <config.h>

#include "quote.h"

#include <stdlib.h>
#include <string.h>

/* PostgreSQL's keywords that cannot be used as a bare column name (reserved,
 * type/function-name and column-name keywords), sorted for bsearch. Quoting one
 * word too many is harmless; one too few breaks a restore. */
static const char *const keywords[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
    "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
    "char", "character", "check", "coalesce", "collate", "collation", "column",
    "concurrently", "constraint", "create", "cross", "current_catalog", "current_date",
    "current_role", "current_schema", "current_time", "current_timestamp", "current_user",
    "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end",
    "except", "exists", "extract", "false", "fetch", "float", "for", "foreign", "freeze",
    "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
    "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
    "isnull", "join", "json", "json_array", "json_arrayagg", "json_exists", "json_object",
    "json_objectagg", "json_query", "json_scalar", "json_serialize", "json_table",
    "json_value", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "merge_action", "national", "natural", "nchar", "none", "normalize",
    "not", "notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order",
    "out", "outer", "overlaps", "overlay", "placing", "position", "precision", "primary",
    "real", "references", "returning", "right", "row", "select", "session_user", "setof",
    "similar", "smallint", "some", "substring", "symmetric", "system_user", "table",
    "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true",
    "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose", "when",
    "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
    "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
};

static int cmp_keyword(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool quote_ident_is_plain(const char *name)
{
	const char *p = name;

	if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
		return false;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return bsearch(&name, keywords, sizeof keywords / sizeof keywords[0], sizeof keywords[0],
		       cmp_keyword) == NULL;
}

void quote_ident(buf_t *out, const char *name)
{
	if (quote_ident_is_plain(name)) {
		buf_puts(out, name);
		return;
	}
	buf_putc(out, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

/* s[0..len) with each quote doubled. */
static inline void literal_body(buf_t *out, const char *s, size_t len)
{
	const char *end = s + len;

	while (s < end) {
		const char *q = memchr(s, '\'', (size_t)(end - s));
		if (!q) {
			buf_append(out, s, (size_t)(end - s));
			break;
		}
		buf_append(out, s, (size_t)(q - s + 1));
		buf_putc(out, '\'');
		s = q + 1;
	}
}

void quote_literal(buf_t *out, const char *s, size_t len)
{
	if (out->cap - out->len <= len + 2) /* inline: once per text value */
		buf_grow(out, len + 2);
	buf_putc(out, '\'');
	literal_body(out, s, len);
	buf_putc(out, '\'');
}

void quote_literal_part(buf_t *out, const char *s, size_t len)
{
	literal_body(out, s, len);
}

static bool all_digits(const char *p, const char *end)
{
	if (p == end)
		return false;
	for (; p < end; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* -?digits(.digits)? with an optional exponent when allow_exp. */
static bool plain_number(const char *v, size_t len, bool allow_exp, bool allow_frac)
{
	const char *p = v, *end = v + len, *q;

	if (p < end && *p == '-')
		p++;
	q = p;
	while (q < end && *q >= '0' && *q <= '9')
		q++;
	if (q == p)
		return false;
	if (q < end && *q == '.' && allow_frac) {
		const char *f = ++q;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == f)
			return false;
	}
	if (q < end && (*q == 'e' || *q == 'E') && allow_exp) {
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			q++;
		return all_digits(q, end);
	}
	return q == end;
}

static bool negative_zero(const char *v, size_t len)
{
	if (len == 0 || v[0] != '-')
		return false;
	for (size_t i = 1; i < len; i++) {
		if (v[i] == 'e' || v[i] == 'E')
			break;
		if (v[i] >= '1' && v[i] <= '9')
			return false;
	}
	return true;
}

void quote_value(buf_t *out, enum literal_kind kind, const char *v, size_t len)
{
	switch (kind) {
	case LIT_INTEGER:
		if (plain_number(v, len, false, false)) {
			buf_append(out, v, len);
			return;
		}
		break;
	case LIT_NUMERIC:
		if (plain_number(v, len, false, true)) {
			buf_append(out, v, len);
			return;
		}
		break;
	case LIT_FLOAT:
		if (plain_number(v, len, true, true) && !negative_zero(v, len)) {
			buf_append(out, v, len);
			return;
		}
		break;
	case LIT_BOOL:
		if (len == 1 && v[0] == 't') {
			buf_append(out, "true", 4);
			return;
		}
		if (len == 1 && v[0] == 'f') {
			buf_append(out, "false", 5);
			return;
		}
		break;
	case LIT_TEXT:
	case LIT_QUOTED_NUMBER:
		break;
	}
	quote_literal(out, v, len);
}

/* Regular-expression characters that must be escaped to stand for themselves. */
static bool regex_special(char c)
{
	return strchr("|*+?()[]{}.^$\\", c) != NULL;
}

bool pattern_to_regex(const char *pattern, bool wildcards, char **schema_re, char **name_re, buf_t *err)
{
	buf_t parts[3];
	int part = 0;
	bool in_quotes = false;

	*schema_re = *name_re = NULL;
	for (int i = 0; i < 3; i++)
		buf_init(&parts[i]);
	for (const char *p = pattern; *p; p++) {
		char c = *p;
		if (c == '"') {
			if (in_quotes && p[1] == '"') {
				buf_putc(&parts[part], '"');
				p++;
			} else {
				in_quotes = !in_quotes;
			}
		} else if (!in_quotes && c == '.') {
			if (++part > 2)
				break;
		} else if (!in_quotes && wildcards && c == '*') {
			buf_puts(&parts[part], ".*");
		} else if (!in_quotes && wildcards && c == '?') {
			buf_putc(&parts[part], '.');
		} else {
			if (!in_quotes && c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (regex_special(c))
				buf_putc(&parts[part], '\\');
			buf_putc(&parts[part], c);
		}
	}
	if (in_quotes || part > 1) {
		buf_printf(err, in_quotes ? "unterminated quoted name in \"%s\""
					  : "improper qualified name (too many dotted names): \"%s\"",
			   pattern);
		for (int i = 0; i < 3; i++)
			buf_free(&parts[i]);
		return false;
	}
	if (parts[part].len == 0 || (part == 1 && parts[0].len == 0)) {
		buf_printf(err, "empty name in pattern \"%s\"", pattern);
		for (int i = 0; i < 3; i++)
			buf_free(&parts[i]);
		return false;
	}
	*name_re = xasprintf("^(%s)$", parts[part].data);
	if (part == 1)
		*schema_re = xasprintf("^(%s)$", parts[0].data);
	for (int i = 0; i < 3; i++)
		buf_free(&parts[i]);
	return true;
}

bool quote_has_line_break(const char *s)
{
	return strpbrk(s, "\n\r") != NULL;
}
