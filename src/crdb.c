/* crdb: what dbdump says to CockroachDB and how it reads what CockroachDB
 * answers (pure functions: no libpq, no I/O).
 *
 * Shapes come from CockroachDB's documentation (docs v23.1 unless said):
 * as-of-system-time.md and begin-transaction.md for AS OF SYSTEM TIME in BEGIN;
 * show-create.md for SHOW CREATE TABLE / SHOW CREATE ALL TABLES output, its
 * NOT VISIBLE columns and the ALTER ... ADD CONSTRAINT / VALIDATE CONSTRAINT
 * pairs; hash-sharded-indexes.md for computed shard columns; collate.md for
 * collated values; connection-parameters.md and the cockroach sql flag tables
 * for --certs-dir and the COCKROACH_* variables; and the definition of
 * crdb_internal.create_statements (create_nofks, alter_statements,
 * validate_statements) in pkg/sql/crdb_internal.go. */
#include <config.h>

#include "copytext.h"
#include "crdb.h"
#include "quote.h"

#include <stdlib.h>
#include <string.h>

/* ---- Small helpers ------------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Case-insensitive equality of s[0..len) and the keyword kw. */
static bool word_is(const char *s, size_t len, const char *kw)
{
	size_t i;

	for (i = 0; i < len && kw[i]; i++)
		if (upper(s[i]) != upper(kw[i]))
			return false;
	return i == len && kw[i] == '\0';
}

static void append_aost(buf_t *out, const asof_t *ts)
{
	if (ts)
		buf_printf(out, " AS OF SYSTEM TIME %s", asof_sql(ts));
}

/* ---- Names --------------------------------------------------------------- */

/* The keywords of CockroachDB's grammar (pkg/sql/parser/sql.y: reserved,
 * type/function-name and column-name keywords, CockroachDB's extras
 * included) that PostgreSQL's keyword list in quote.c does not hold, sorted
 * for bsearch. A name equal to one is not accepted bare everywhere a name
 * goes (INDEX and NOTHING are reserved there, FAMILY is a
 * type/function-name keyword, STRING a column-name one). */
static const char *const crdb_only_keywords[] = {
    "annotate_type", "box2d", "characteristics", "extract_duration", "family", "geography",
    "geometry", "if", "iferror", "ifnull", "index", "iserror", "nothing", "point", "polygon",
    "string", "timestamptz", "timetz", "varbit", "virtual", "work",
};

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void crdb_quote_ident(buf_t *out, const char *name)
{
	if (quote_ident_is_plain(name) &&
	    bsearch(&name, crdb_only_keywords, sizeof crdb_only_keywords / sizeof crdb_only_keywords[0],
	            sizeof crdb_only_keywords[0], cmp_word)) {
		buf_putc(out, '"');
		buf_puts(out, name); /* plain: no quote inside */
		buf_putc(out, '"');
		return;
	}
	quote_ident(out, name);
}

/* ---- Statements ---------------------------------------------------------- */

const char *crdb_databases_query(void)
{
	/* system holds the cluster's own tables; it is never restored. */
	return "SELECT database_name FROM [SHOW DATABASES] WHERE database_name <> 'system' ORDER BY 1";
}

void crdb_database_switch(buf_t *out, const char *db)
{
	buf_puts(out, "\nCREATE DATABASE IF NOT EXISTS ");
	crdb_quote_ident(out, db);
	buf_puts(out, ";\nUSE ");
	crdb_quote_ident(out, db);
	buf_puts(out, ";\n\n");
}

const char *crdb_timestamp_query(void)
{
	return "SELECT cluster_logical_timestamp()";
}

const char *crdb_row_estimates_query(void)
{
	return "SELECT table_id, estimated_row_count FROM crdb_internal.table_row_statistics";
}

const char *crdb_search_path_query(void)
{
	return "SELECT current_schemas(false)";
}

const char *const *crdb_session_settings(void)
{
	static const char *const settings[] = {
	    "SET TIME ZONE 'UTC'",
	    "SET extra_float_digits = 3",
	    "SET bytea_output = 'hex'",
	    "SET statement_timeout = 0",
	    /* cluster_logical_timestamp() fails under READ COMMITTED (v23.2+),
	     * which a role or the cluster may make the default. */
	    "SET default_transaction_isolation = 'serializable'",
	    /* crdb_internal is gated by it from v25.4 (closed by default from
	     * v26.1); an older server refuses the name, and needs nothing. */
	    "SET allow_unsafe_internals = true",
	    NULL,
	};

	return settings;
}

void crdb_begin_sql(buf_t *out, const asof_t *ts)
{
	buf_printf(out, "BEGIN AS OF SYSTEM TIME %s", asof_sql(ts));
}

/* The virtual schemas every database shows, and the temporary ones, hold
 * nothing a dump should carry. */
static const char skip_schemas[] =
    " AND schema_name NOT IN ('crdb_internal', 'information_schema', 'pg_catalog', "
    "'pg_extension') AND schema_name NOT LIKE 'pg\\_temp\\_%'";

const char *crdb_relations_columns_query(void)
{
	return "SELECT * FROM crdb_internal.create_statements LIMIT 0";
}

void crdb_relations_query(buf_t *out, const asof_t *ts, bool fk_statements)
{
	buf_printf(out,
	           "SELECT descriptor_id, schema_name, descriptor_name, descriptor_type, "
	           "create_statement, create_nofks, %s, validate_statements "
	           "FROM crdb_internal.create_statements",
	           fk_statements ? "fk_statements" : "alter_statements");
	append_aost(out, ts);
	buf_puts(out, " WHERE database_name = $1 AND state = 'PUBLIC'");
	buf_puts(out, skip_schemas);
	buf_puts(out, " ORDER BY schema_name, descriptor_name");
}

const char *crdb_routine_catalogs_query(void)
{
	return "SELECT table_name FROM information_schema.tables WHERE table_schema = 'crdb_internal' "
	       "AND table_name IN ('create_function_statements', 'create_procedure_statements', "
	       "'create_trigger_statements') ORDER BY 1";
}

void crdb_routines_query(buf_t *out, bool procedures)
{
	const char *what = procedures ? "procedure" : "function";

	buf_printf(out,
	           "SELECT %s_id, schema_name, %s_name, create_statement "
	           "FROM crdb_internal.create_%s_statements WHERE database_name = $1 "
	           "ORDER BY schema_name, %s_name, %s_id",
	           what, what, what, what, what);
}

const char *crdb_triggers_query(void)
{
	return "SELECT table_id, create_statement FROM crdb_internal.create_trigger_statements "
	       "WHERE database_name = $1 ORDER BY table_id, trigger_name";
}

const char *crdb_rls_query(void)
{
	return "SELECT descriptor_id, rls_statements FROM crdb_internal.create_statements "
	       "WHERE database_name = $1 AND state = 'PUBLIC' AND descriptor_type = 'table' "
	       "ORDER BY descriptor_id";
}

void crdb_types_query(buf_t *out, const asof_t *ts)
{
	buf_puts(out, "SELECT descriptor_id, schema_name, descriptor_name, create_statement "
	              "FROM crdb_internal.create_type_statements");
	append_aost(out, ts);
	buf_puts(out, " WHERE database_name = $1 ORDER BY schema_name, descriptor_name");
}

void crdb_dependencies_query(buf_t *out, const asof_t *ts)
{
	buf_puts(out, "SELECT DISTINCT descriptor_id, dependson_id "
	              "FROM crdb_internal.backward_dependencies");
	append_aost(out, ts);
	buf_puts(out, " WHERE dependson_type <> 'fk' ORDER BY descriptor_id, dependson_id");
}

void crdb_rows_query(buf_t *out, const char *qtable, const char *collist, const char *where,
                     const split_t *split, int piece, const asof_t *ts)
{
	buf_printf(out, "SELECT %s FROM %s", collist, qtable);
	append_aost(out, ts);
	split_where(out, where, split, piece);
	/* The same snapshot then always gives the same bytes. */
	buf_printf(out, " ORDER BY PRIMARY KEY %s", qtable);
}

void crdb_copy_query(buf_t *out, const char *qtable, const char *collist, const char *where,
                     const split_t *split, int piece)
{
	buf_printf(out, "COPY (SELECT %s FROM %s", collist, qtable);
	split_where(out, where, split, piece);
	buf_printf(out, " ORDER BY PRIMARY KEY %s) TO STDOUT", qtable);
}

void crdb_key_range_query(buf_t *out, const char *qtable, const char *key)
{
	buf_printf(out, "SELECT min(%s), max(%s) FROM %s", key, key, qtable);
}

void crdb_sequence_query(buf_t *out, const char *qseq, const asof_t *ts)
{
	buf_printf(out, "SELECT last_value FROM %s", qseq);
	append_aost(out, ts);
}

/* Reads an optionally signed decimal integer that must fill s[0..len). */
static bool parse_int64(const char *s, size_t len, int64_t *out)
{
	bool neg = false;
	uint64_t v = 0, limit;
	size_t i = 0;

	if (len > 0 && (s[0] == '-' || s[0] == '+'))
		neg = s[i++] == '-';
	if (i == len)
		return false;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (!is_digit(s[i]))
			return false;
		if (v > (limit - (uint64_t)(s[i] - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* ---- Server version ------------------------------------------------------ */

/* Reads 1 to 4 digits; false when there are none. */
static bool read_version_part(const char **pp, int *v)
{
	const char *p = *pp;

	*v = 0;
	while (is_digit(*p) && p - *pp < 4)
		*v = *v * 10 + (*p++ - '0');
	if (p == *pp || is_digit(*p))
		return false;
	*pp = p;
	return true;
}

bool crdb_parse_version(const char *text, crdb_version_t *out)
{
	memset(out, 0, sizeof *out);
	/* The first word that is v and a digit: "CockroachDB CCL v23.1.11
	 * (x86_64-pc-linux-gnu, built 2023/09/27 01:53:43, go1.19.10)"; the
	 * go1.19.10 at the end must not be taken for it. */
	for (const char *p = text; *p; p++) {
		const char *q = p + 1;

		if (*p != 'v' || (p > text && !is_space(p[-1])) || !is_digit(*q))
			continue;
		if (!read_version_part(&q, &out->major) || *q++ != '.' || !read_version_part(&q, &out->minor))
			break;
		if (*q == '.') {
			q++;
			if (!read_version_part(&q, &out->patch))
				break;
		}
		if (*q != '\0' && *q != '-' && !is_space(*q))
			break;
		out->prerelease = *q == '-';
		return true;
	}
	memset(out, 0, sizeof *out);
	return false;
}

int crdb_version_num(const crdb_version_t *v)
{
	return v->major * 10000 + v->minor * 100 + v->patch;
}

bool crdb_supports_copy_to(int version_num)
{
	/* cockroach pull request #94408 ("sql: implement COPY ... TO STDOUT
	 * for CSV & TEXT"), released in v23.1. */
	return version_num >= 230100;
}

bool crdb_triggers_unreadable(int version_num, bool has_table)
{
	/* Triggers arrived in v24.3 (as a preview); the table listing them,
	 * the only place dbdump reads them from, in v25.3 (cockroach pull
	 * request #147836, SHOW CREATE ALL TRIGGERS). A version that could
	 * not be read may have triggers: the trailer must not guess. */
	return !has_table && (version_num == 0 || version_num >= 240300);
}

void crdb_version_text(buf_t *out, int version_num)
{
	if (version_num == 0)
		buf_puts(out, "version unknown");
	else
		buf_printf(out, "v%d.%d.%d", version_num / 10000, version_num / 100 % 100, version_num % 100);
}

/* ---- A tokenizer for CockroachDB's CREATE statements ---------------------- */

enum tok_kind { TOK_END, TOK_WORD, TOK_QIDENT, TOK_STRING, TOK_NUMBER, TOK_GROUP, TOK_PUNCT };

typedef struct tok {
	enum tok_kind kind;
	const char *start, *end;
	bool space_before; /* whitespace separates it from the token before */
} tok_t;

typedef struct scanner {
	const char *p, *end;
	bool bad; /* an unterminated quote or bracket */
} scanner_t;

static bool word_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (unsigned char)c >= 0x80;
}

static bool word_char(char c)
{
	return word_start(c) || is_digit(c) || c == '$';
}

/* Skips a quoted run starting at the opening quote; doubled quotes stand for
 * one, and backslash escapes apply in e'...' strings. */
static const char *skip_quoted(const char *p, const char *end, char q, bool backslash)
{
	for (p++; p < end; p++) {
		if (backslash && *p == '\\' && p + 1 < end) {
			p++;
		} else if (*p == q) {
			if (p + 1 < end && p[1] == q)
				p++;
			else
				return p + 1;
		}
	}
	return NULL;
}

/* Skips a bracketed group (parentheses or square brackets, nested in any
 * mix) whose opening bracket is at p; quotes inside are honoured so that a
 * name such as "a)b" or a string such as ',' cannot end it early. */
static const char *skip_group(const char *p, const char *end)
{
	const char *open = p;
	char stack[64];
	int depth = 0;

	while (p < end) {
		char c = *p;

		if (c == '(' || c == '[') {
			if (depth == (int)sizeof stack)
				return NULL;
			stack[depth++] = c == '(' ? ')' : ']';
			p++;
		} else if (c == ')' || c == ']') {
			if (depth == 0 || stack[depth - 1] != c)
				return NULL;
			p++;
			if (--depth == 0)
				return p;
		} else if (c == '"' || c == '\'') {
			/* e'...' and b'...' take backslash escapes; a word that merely
			 * ends in e (name') does not make one. */
			bool esc = c == '\'' && p - open >= 2 && strchr("eEbB", p[-1]) && !word_char(p[-2]);

			p = skip_quoted(p, end, c, esc);
			if (!p)
				return NULL;
		} else {
			p++;
		}
	}
	return NULL;
}

static tok_t next_token(scanner_t *s)
{
	tok_t t = {TOK_END, s->end, s->end, false};
	const char *p = s->p;

	for (;;) {
		while (p < s->end && is_space(*p)) {
			p++;
			t.space_before = true;
		}
		if (p + 1 < s->end && p[0] == '-' && p[1] == '-') {
			while (p < s->end && *p != '\n')
				p++;
			t.space_before = true;
			continue;
		}
		break;
	}
	if (p >= s->end) {
		s->p = s->end;
		return t;
	}
	t.start = p;
	if (word_start(*p)) {
		const char *q = p;

		while (q < s->end && word_char(*q))
			q++;
		/* e'...', b'...', x'...': a string with a one-letter prefix. */
		if (q - p == 1 && q < s->end && *q == '\'' && strchr("eEbBxX", *p)) {
			q = skip_quoted(q, s->end, '\'', *p == 'e' || *p == 'E' || *p == 'b' || *p == 'B');
			t.kind = TOK_STRING;
		} else {
			t.kind = TOK_WORD;
		}
		p = q;
	} else if (*p == '"') {
		t.kind = TOK_QIDENT;
		p = skip_quoted(p, s->end, '"', false);
	} else if (*p == '\'') {
		t.kind = TOK_STRING;
		p = skip_quoted(p, s->end, '\'', false);
	} else if (is_digit(*p) || (*p == '.' && p + 1 < s->end && is_digit(p[1]))) {
		t.kind = TOK_NUMBER;
		while (p < s->end && (is_digit(*p) || *p == '.'))
			p++;
		if (p < s->end && (*p == 'e' || *p == 'E')) {
			const char *q = p + 1;

			if (q < s->end && (*q == '+' || *q == '-'))
				q++;
			if (q < s->end && is_digit(*q)) {
				p = q;
				while (p < s->end && is_digit(*p))
					p++;
			}
		}
	} else if (*p == '(' || *p == '[') {
		t.kind = TOK_GROUP;
		p = skip_group(p, s->end);
	} else {
		t.kind = TOK_PUNCT;
		p++;
	}
	if (!p) {
		s->bad = true;
		s->p = s->end;
		t.kind = TOK_END;
		return t;
	}
	t.end = p;
	s->p = p;
	return t;
}

static bool tok_is(const tok_t *t, const char *kw)
{
	return t->kind == TOK_WORD && word_is(t->start, (size_t)(t->end - t->start), kw);
}

static bool tok_punct(const tok_t *t, char c)
{
	return t->kind == TOK_PUNCT && *t->start == c;
}

static bool tok_is_name(const tok_t *t)
{
	return t->kind == TOK_WORD || t->kind == TOK_QIDENT;
}

/* The parts of a CREATE TABLE: the qualified name as written, the bracketed
 * body, and the pieces of the body between its top-level commas. */
typedef struct piece {
	const char *start, *end; /* trimmed content */
	const char *lead;        /* start of the whitespace before the content */
} piece_t;

typedef struct create_table {
	const char *name, *name_end;
	const char *open, *close; /* the body's '(' and ')' */
	piece_t *pieces;
	size_t npieces;
} create_table_t;

static bool parse_create_table(const char *text, create_table_t *ct, buf_t *err)
{
	scanner_t s = {text, text + strlen(text), false};
	tok_t t = next_token(&s);
	size_t cap = 16;

	memset(ct, 0, sizeof *ct);
	if (!tok_is(&t, "CREATE"))
		goto not_create;
	t = next_token(&s);
	while (tok_is(&t, "TEMP") || tok_is(&t, "TEMPORARY") || tok_is(&t, "UNLOGGED"))
		t = next_token(&s);
	if (!tok_is(&t, "TABLE"))
		goto not_create;
	t = next_token(&s);
	if (tok_is(&t, "IF")) {
		t = next_token(&s);
		if (!tok_is(&t, "NOT"))
			goto not_create;
		t = next_token(&s);
		if (!tok_is(&t, "EXISTS"))
			goto not_create;
		t = next_token(&s);
	}
	if (!tok_is_name(&t))
		goto not_create;
	ct->name = t.start;
	for (;;) {
		ct->name_end = t.end;
		t = next_token(&s);
		if (!tok_punct(&t, '.'))
			break;
		t = next_token(&s);
		if (!tok_is_name(&t))
			goto not_create;
	}
	if (t.kind != TOK_GROUP || *t.start != '(')
		goto not_create;
	ct->open = t.start;
	ct->close = t.end - 1;

	/* The body, split at its top-level commas. */
	ct->pieces = xmalloc(cap * sizeof *ct->pieces);
	s.p = ct->open + 1;
	s.end = ct->close;
	for (const char *lead = s.p;;) {
		piece_t pc = {NULL, NULL, lead};

		for (;;) {
			t = next_token(&s);
			if (t.kind == TOK_END || tok_punct(&t, ','))
				break;
			if (!pc.start)
				pc.start = t.start;
			pc.end = t.end;
		}
		if (s.bad)
			break;
		if (pc.start) {
			if (ct->npieces == cap)
				ct->pieces = xrealloc(ct->pieces, (cap *= 2) * sizeof *ct->pieces);
			ct->pieces[ct->npieces++] = pc;
		}
		if (t.kind == TOK_END)
			break;
		lead = t.end;
	}
	if (!s.bad && ct->npieces > 0)
		return true;
	free(ct->pieces);
	ct->pieces = NULL;
	buf_puts(err, "could not read the columns of a CREATE TABLE statement");
	return false;
not_create:
	buf_puts(err, s.bad ? "unterminated quote or bracket in a CREATE TABLE statement"
	                    : "expected a CREATE TABLE statement");
	return false;
}

/* The first three tokens of a piece. */
static void piece_tokens(const piece_t *pc, tok_t t[3])
{
	scanner_t s = {pc->start, pc->end, false};

	for (int i = 0; i < 3; i++)
		t[i] = next_token(&s);
}

enum piece_kind { PIECE_COLUMN, PIECE_FOREIGN_KEY, PIECE_OTHER };

/* What a piece of the body defines. CockroachDB quotes a column named like a
 * reserved word, but INDEX, FAMILY, INVERTED and VECTOR are not reserved, so
 * those are told apart by what follows them. */
static enum piece_kind classify_piece(const piece_t *pc, const char **cname, const char **cname_end)
{
	tok_t t[3];

	piece_tokens(pc, t);
	*cname = *cname_end = NULL;
	if (tok_is(&t[0], "CONSTRAINT")) {
		*cname = t[1].start;
		*cname_end = t[1].end;
		return tok_is(&t[2], "FOREIGN") ? PIECE_FOREIGN_KEY : PIECE_OTHER;
	}
	if (tok_is(&t[0], "FOREIGN"))
		return PIECE_FOREIGN_KEY;
	if (tok_is(&t[0], "PRIMARY") || tok_is(&t[0], "CHECK") || tok_is(&t[0], "UNIQUE"))
		return PIECE_OTHER;
	if ((tok_is(&t[0], "INDEX") || tok_is(&t[0], "FAMILY")) &&
	    ((t[1].kind == TOK_GROUP && t[1].space_before) ||
	     (tok_is_name(&t[1]) && t[2].kind == TOK_GROUP && t[2].space_before)))
		return PIECE_OTHER;
	if ((tok_is(&t[0], "INVERTED") || tok_is(&t[0], "VECTOR")) && tok_is(&t[1], "INDEX"))
		return PIECE_OTHER;
	return PIECE_COLUMN;
}

/* True when the piece ends with NOT VALID. */
static bool ends_not_valid(const piece_t *pc)
{
	scanner_t s = {pc->start, pc->end, false};
	tok_t prev = {TOK_END, NULL, NULL, false}, t;

	for (t = next_token(&s); t.kind != TOK_END; t = next_token(&s)) {
		if (tok_is(&t, "VALID") && tok_is(&prev, "NOT") && t.end == pc->end)
			return true;
		prev = t;
	}
	return false;
}

static void push_string(char ***list, size_t *n, char *s)
{
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = s;
}

bool crdb_split_foreign_keys(const char *create, crdb_fk_split_t *out, buf_t *err)
{
	create_table_t ct;
	buf_t nofks, stmt;
	int name_len;
	bool first = true;

	memset(out, 0, sizeof *out);
	if (!parse_create_table(create, &ct, err))
		return false;
	name_len = (int)(ct.name_end - ct.name);
	buf_init(&nofks);
	buf_init(&stmt);
	buf_append(&nofks, create, (size_t)(ct.open + 1 - create));
	for (size_t i = 0; i < ct.npieces; i++) {
		const piece_t *pc = &ct.pieces[i];
		const char *cname, *cname_end;

		if (classify_piece(pc, &cname, &cname_end) != PIECE_FOREIGN_KEY) {
			/* Each kept piece keeps the line break and indent before it. */
			if (!first)
				buf_putc(&nofks, ',');
			buf_append(&nofks, pc->lead, (size_t)(pc->end - pc->lead));
			first = false;
			continue;
		}
		/* The same text CockroachDB puts in alter_statements. */
		buf_reset(&stmt);
		buf_printf(&stmt, "ALTER TABLE %.*s ADD %.*s", name_len, ct.name, (int)(pc->end - pc->start),
		           pc->start);
		push_string(&out->alters, &out->nalters, xstrdup(stmt.data));
		/* A key that was never validated stays so: validating it could
		 * fail on rows the source itself accepted. */
		if (cname && !ends_not_valid(pc)) {
			buf_reset(&stmt);
			buf_printf(&stmt, "ALTER TABLE %.*s VALIDATE CONSTRAINT %.*s", name_len, ct.name,
			           (int)(cname_end - cname), cname);
			push_string(&out->validates, &out->nvalidates, xstrdup(stmt.data));
		}
	}
	/* Whatever followed the last piece (the newline before ')'), then the
	 * rest of the text: LOCALITY clauses, COMMENT ON statements. */
	buf_append(&nofks, ct.pieces[ct.npieces - 1].end, strlen(ct.pieces[ct.npieces - 1].end));
	out->create_nofks = buf_steal(&nofks);
	buf_free(&stmt);
	free(ct.pieces);
	return true;
}

void crdb_fk_split_free(crdb_fk_split_t *s)
{
	free(s->create_nofks);
	crdb_strings_free(s->alters, s->nalters);
	crdb_strings_free(s->validates, s->nvalidates);
	memset(s, 0, sizeof *s);
}

/* Words that end a column's type in SHOW CREATE TABLE output. */
static bool ends_type(const tok_t *t)
{
	static const char *const words[] = {
	    "NULL",    "NOT",        "DEFAULT", "AS",     "CONSTRAINT", "CHECK",     "UNIQUE",
	    "PRIMARY", "REFERENCES", "FAMILY",  "CREATE", "ON",         "GENERATED", NULL,
	};

	if (t->kind == TOK_END)
		return true;
	for (int i = 0; words[i]; i++)
		if (tok_is(t, words[i]))
			return true;
	return false;
}

static bool tok_text_is(const tok_t *t, const char *s)
{
	size_t len = strlen(s);

	return (size_t)(t->end - t->start) == len && memcmp(t->start, s, len) == 0;
}

static void read_column(const piece_t *pc, crdb_column_t *col)
{
	scanner_t s = {pc->start, pc->end, false};
	tok_t t = next_token(&s);
	const char *type_start = NULL, *type_end = NULL;
	bool rowid_default = false;
	char generated = 0;

	memset(col, 0, sizeof *col);
	col->name = xstrndup(t.start, (size_t)(t.end - t.start));
	for (t = next_token(&s); !ends_type(&t); t = next_token(&s)) {
		if (!type_start)
			type_start = t.start;
		type_end = t.end;
	}
	col->type = type_start ? xstrndup(type_start, (size_t)(type_end - type_start)) : xstrdup("");
	while (t.kind != TOK_END) {
		tok_t next = next_token(&s);

		if (tok_is(&t, "NOT") && tok_is(&next, "VISIBLE")) {
			col->hidden = true;
		} else if (tok_is(&t, "AS") && next.kind == TOK_GROUP) {
			tok_t after = next_token(&s);

			col->computed = tok_is(&after, "STORED") || tok_is(&after, "VIRTUAL");
			t = after;
			continue;
		} else if (tok_is(&t, "DEFAULT") && tok_is(&next, "unique_rowid")) {
			tok_t call = next_token(&s), after = next_token(&s);

			/* Exactly unique_rowid() and nothing more, such as a cast. */
			rowid_default = tok_text_is(&call, "()") && ends_type(&after);
			t = after;
			continue;
		} else if (tok_is(&t, "GENERATED")) {
			generated = tok_is(&next, "ALWAYS") ? 'a' : tok_is(&next, "BY") ? 'd' : 0;
		} else if (tok_is(&t, "AS") && tok_is(&next, "IDENTITY")) {
			/* GENERATED ALWAYS AS (expr) STORED is a computed column,
			 * only AS IDENTITY makes an identity one. */
			col->identity = generated;
		}
		t = next;
	}
	col->rowid = col->hidden && rowid_default && !col->computed;
	col->dumped = !col->computed && !col->rowid;
}

/* The one column of a table-level "PRIMARY KEY (c ASC)": false when the key
 * has more columns, or is not written that way. */
static bool sole_key_column(const create_table_t *ct, const char **name, const char **name_end)
{
	for (size_t i = 0; i < ct->npieces; i++) {
		scanner_t sc = {ct->pieces[i].start, ct->pieces[i].end, false};
		tok_t t = next_token(&sc);

		if (tok_is(&t, "CONSTRAINT")) {
			next_token(&sc);
			t = next_token(&sc);
		}
		if (!tok_is(&t, "PRIMARY"))
			continue;
		t = next_token(&sc);
		if (!tok_is(&t, "KEY"))
			return false;
		t = next_token(&sc);
		if (t.kind != TOK_GROUP)
			return false;
		{
			scanner_t g = {t.start + 1, t.end - 1, false};
			tok_t c = next_token(&g), dir = next_token(&g);
			if (tok_is(&dir, "ASC"))
				dir = next_token(&g);
			if (!tok_is_name(&c) || dir.kind != TOK_END || g.bad)
				return false;
			*name = c.start;
			*name_end = c.end;
			return true;
		}
	}
	return false;
}

/* "rowid", or "rowid_1", "rowid_2" ... when a column of the user's is called
 * rowid: the names CockroachDB gives the implicit key. */
static bool implicit_key_name(const char *name)
{
	if (strncmp(name, "rowid", 5) != 0)
		return false;
	if (name[5] == '\0')
		return true;
	if (name[5] != '_' || !is_digit(name[6]))
		return false;
	for (const char *p = name + 6; *p; p++)
		if (!is_digit(*p))
			return false;
	return true;
}

bool crdb_table_columns(const char *create, crdb_column_t **cols, size_t *ncols, buf_t *err)
{
	create_table_t ct;
	const char *key = NULL, *key_end = NULL;

	*cols = NULL;
	*ncols = 0;
	if (!parse_create_table(create, &ct, err))
		return false;
	if (!sole_key_column(&ct, &key, &key_end))
		key = NULL;
	for (size_t i = 0; i < ct.npieces; i++) {
		const char *cname, *cname_end;
		crdb_column_t *col;

		if (classify_piece(&ct.pieces[i], &cname, &cname_end) != PIECE_COLUMN)
			continue;
		*cols = xrealloc(*cols, (*ncols + 1) * sizeof **cols);
		col = &(*cols)[(*ncols)++];
		read_column(&ct.pieces[i], col);
		/* A hidden column of the user's with DEFAULT unique_rowid() holds
		 * data: only the key CockroachDB added itself is left out. */
		if (col->rowid &&
		    !(key && implicit_key_name(col->name) && strlen(col->name) == (size_t)(key_end - key) &&
		      memcmp(col->name, key, (size_t)(key_end - key)) == 0)) {
			col->rowid = false;
			col->dumped = true;
		}
	}
	free(ct.pieces);
	return true;
}

void crdb_columns_free(crdb_column_t *cols, size_t ncols)
{
	for (size_t i = 0; i < ncols; i++) {
		free(cols[i].name);
		free(cols[i].type);
	}
	free(cols);
}

/* The name leading a key list "(a ASC, b DESC)" when it is ascending; NULL
 * otherwise. Points into the text. */
static bool leading_ascending(const tok_t *group, const char **name, const char **name_end)
{
	scanner_t s = {group->start + 1, group->end - 1, false};
	tok_t t = next_token(&s), dir = next_token(&s);

	if (!tok_is_name(&t) || s.bad)
		return false;
	if (tok_is(&dir, "ASC"))
		dir = next_token(&s);
	if (!(dir.kind == TOK_END || tok_punct(&dir, ',')))
		return false; /* DESC, an expression, NULLS LAST ... */
	*name = t.start;
	*name_end = t.end;
	return true;
}

static bool integer_type(const char *type)
{
	static const char *const names[] = {"INT",     "INT2",     "INT4",   "INT8", "INT64",
	                                    "INTEGER", "SMALLINT", "BIGINT", NULL};

	for (int i = 0; names[i]; i++)
		if (word_is(type, strlen(type), names[i]))
			return true;
	return false;
}

char *crdb_split_key(const char *create, const crdb_column_t *cols, size_t ncols)
{
	create_table_t ct;
	const char *name = NULL, *name_end = NULL;
	char *key = NULL;
	bool usable = true;
	buf_t err;

	buf_init(&err);
	if (!parse_create_table(create, &ct, &err)) {
		buf_free(&err);
		return NULL;
	}
	for (size_t i = 0; i < ct.npieces && usable; i++) {
		scanner_t sc = {ct.pieces[i].start, ct.pieces[i].end, false};
		tok_t t = next_token(&sc);

		if (tok_is(&t, "CONSTRAINT")) {
			next_token(&sc);
			t = next_token(&sc);
		}
		if (!tok_is(&t, "PRIMARY")) {
			/* A key written on its column: "id INT8 PRIMARY KEY". */
			const char *cname, *cname_end;
			tok_t first = t;

			if (classify_piece(&ct.pieces[i], &cname, &cname_end) != PIECE_COLUMN)
				continue;
			for (; t.kind != TOK_END; t = next_token(&sc))
				if (tok_is(&t, "PRIMARY")) {
					name = first.start;
					name_end = first.end;
				}
			continue;
		}
		t = next_token(&sc);
		if (!tok_is(&t, "KEY"))
			continue;
		t = next_token(&sc);
		if (t.kind != TOK_GROUP || !leading_ascending(&t, &name, &name_end)) {
			usable = false;
			break;
		}
		/* USING HASH puts a shard column first: key order is not the column's. */
		for (t = next_token(&sc); t.kind != TOK_END; t = next_token(&sc))
			if (tok_is(&t, "HASH"))
				usable = false;
	}
	/* REGIONAL BY ROW and PARTITION ALL BY put a column before the key too. */
	if (usable) {
		scanner_t sc = {ct.close + 1, create + strlen(create), false};
		for (tok_t t = next_token(&sc); t.kind != TOK_END; t = next_token(&sc))
			if (tok_is(&t, "REGIONAL") || tok_is(&t, "ALL"))
				usable = false;
	}
	free(ct.pieces);
	for (size_t i = 0; usable && name && i < ncols; i++)
		if (strlen(cols[i].name) == (size_t)(name_end - name) &&
		    memcmp(cols[i].name, name, (size_t)(name_end - name)) == 0 && integer_type(cols[i].type))
			key = xstrdup(cols[i].name);
	buf_free(&err);
	return key;
}

/* ---- Views --------------------------------------------------------------- */

/* Whether the name token t names exactly `name` (bare, or quoted with ""
 * doubled). */
static bool tok_names(const tok_t *t, const char *name)
{
	size_t len = strlen(name);

	if (t->kind == TOK_WORD)
		return (size_t)(t->end - t->start) == len && memcmp(t->start, name, len) == 0;
	if (t->kind != TOK_QIDENT)
		return false;
	for (const char *p = t->start + 1; p < t->end - 1; p++) {
		if (*p == '"')
			p++; /* the second of a doubled quote */
		if (*name++ != *p)
			return false;
	}
	return *name == '\0';
}

/* Copies [s->p, end) to out, leaving out "db." before every db.schema.name,
 * inside brackets too (subqueries); *from is what is copied up to. */
static void drop_db_prefix(scanner_t *s, const char *db, buf_t *out, const char **from)
{
	for (tok_t t = next_token(s); t.kind != TOK_END; t = next_token(s)) {
		if (t.kind == TOK_GROUP) {
			scanner_t in = {t.start + 1, t.end - 1, false};
			drop_db_prefix(&in, db, out, from);
			continue;
		}
		if (tok_names(&t, db)) {
			scanner_t look = *s;
			tok_t dot1 = next_token(&look), schema = next_token(&look), dot2 = next_token(&look),
			      name = next_token(&look);
			if (tok_punct(&dot1, '.') && !dot1.space_before && tok_is_name(&schema) &&
			    !schema.space_before && tok_punct(&dot2, '.') && !dot2.space_before &&
			    tok_is_name(&name) && !name.space_before) {
				buf_append(out, *from, (size_t)(t.start - *from));
				*from = schema.start;
			}
		}
	}
}

/* The name [start, args) and the argument list args of a routine, as DROP
 * takes them: each argument's mode, name and type, without its DEFAULT (or
 * "= expr"), which DROP FUNCTION does not take. */
static char *routine_arguments(const char *start, const tok_t *args)
{
	scanner_t in = {args->start + 1, args->end - 1, false};
	const char *from = NULL, *to = NULL;
	bool in_default = false, first = true;
	buf_t out;

	buf_init(&out);
	buf_append(&out, start, (size_t)(args->start - start));
	buf_putc(&out, '(');
	for (tok_t a = next_token(&in);; a = next_token(&in)) {
		if (a.kind == TOK_END || tok_punct(&a, ',')) {
			if (from) {
				if (!first)
					buf_puts(&out, ", ");
				buf_append(&out, from, (size_t)(to - from));
				first = false;
			}
			from = NULL;
			in_default = false;
			if (a.kind == TOK_END)
				break;
			continue;
		}
		if (in_default)
			continue;
		if (tok_is(&a, "DEFAULT") || (tok_punct(&a, '=') && a.end < in.end && *a.end != '=')) {
			in_default = true;
			continue;
		}
		if (!from)
			from = a.start;
		to = a.end;
	}
	buf_putc(&out, ')');
	return buf_steal(&out);
}

char *crdb_routine_signature(const char *create)
{
	scanner_t s = {create, create + strlen(create), false};
	tok_t t = next_token(&s);
	const char *start;

	if (!tok_is(&t, "CREATE"))
		return NULL;
	t = next_token(&s);
	if (tok_is(&t, "OR")) {
		next_token(&s); /* REPLACE */
		t = next_token(&s);
	}
	if (!tok_is(&t, "FUNCTION") && !tok_is(&t, "PROCEDURE"))
		return NULL;
	t = next_token(&s);
	if (!tok_is_name(&t))
		return NULL;
	start = t.start;
	for (t = next_token(&s); tok_punct(&t, '.'); t = next_token(&s)) {
		t = next_token(&s);
		if (!tok_is_name(&t))
			return NULL;
	}
	/* The argument list is one bracketed token. */
	if (t.kind != TOK_GROUP || *t.start != '(')
		return NULL;
	return routine_arguments(start, &t);
}

char *crdb_view_relative(const char *create, const char *db)
{
	scanner_t s = {create, create + strlen(create), false};
	const char *from = create;
	buf_t out;

	buf_init(&out);
	drop_db_prefix(&s, db, &out, &from);
	buf_puts(&out, from);
	return buf_steal(&out);
}

/* ---- Sequences ----------------------------------------------------------- */

/* A number that may carry a sign (the sign is a token of its own), t being
 * its first token; the scanner is left after it. */
static bool signed_number(scanner_t *s, tok_t t, int64_t *out)
{
	buf_t num;
	bool ok;

	buf_init(&num);
	if (tok_punct(&t, '-') || tok_punct(&t, '+')) {
		buf_putc(&num, *t.start);
		t = next_token(s);
	}
	buf_append(&num, t.start, (size_t)(t.end - t.start));
	ok = t.kind == TOK_NUMBER && parse_int64(num.data, num.len, out);
	buf_free(&num);
	return ok;
}

bool crdb_sequence_increment(const char *create, int64_t *increment)
{
	scanner_t s = {create, create + strlen(create), false};
	tok_t t = next_token(&s);

	*increment = 1;
	if (!tok_is(&t, "CREATE"))
		return false;
	/* Past the name first: a sequence may be called "increment". */
	while (t.kind != TOK_END && !tok_is(&t, "SEQUENCE"))
		t = next_token(&s);
	t = next_token(&s);
	if (tok_is(&t, "IF")) {
		t = next_token(&s);
		t = next_token(&s);
		t = next_token(&s);
	}
	if (!tok_is_name(&t))
		return false;
	for (t = next_token(&s); tok_punct(&t, '.'); t = next_token(&s))
		t = next_token(&s);
	for (; t.kind != TOK_END; t = next_token(&s)) {

		if (!tok_is(&t, "INCREMENT"))
			continue;
		t = next_token(&s);
		if (tok_is(&t, "BY"))
			t = next_token(&s);
		return signed_number(&s, t, increment) && *increment != 0;
	}
	return !s.bad;
}

void crdb_sequence_bounds(const char *create, int64_t *min, int64_t *max)
{
	scanner_t s = {create, create + strlen(create), false};

	*min = INT64_MIN;
	*max = INT64_MAX;
	for (tok_t t = next_token(&s); t.kind != TOK_END; t = next_token(&s)) {
		bool is_min = tok_is(&t, "MINVALUE");
		int64_t v;

		if (!is_min && !tok_is(&t, "MAXVALUE"))
			continue;
		if (signed_number(&s, next_token(&s), &v))
			*(is_min ? min : max) = v;
	}
}

bool crdb_setval_sql(buf_t *out, const char *qseq, const char *last_value, int64_t increment, int64_t min,
                     int64_t max)
{
	buf_t lit;
	bool ok;

	buf_init(&lit);
	quote_literal(&lit, qseq, strlen(qseq));
	ok = crdb_setval_expr_sql(out, lit.data, last_value, increment, min, max);
	buf_free(&lit);
	return ok;
}

bool crdb_setval_expr_sql(buf_t *out, const char *seq_expr, const char *last_value, int64_t increment,
                          int64_t min, int64_t max)
{
	int64_t v;

	if (!parse_int64(last_value, strlen(last_value), &v))
		return false;
	buf_printf(out, "SELECT setval(%s", seq_expr);
	/* At its bound the next value is out of range, and setval refuses it:
	 * the sequence is left used up, as the source has it. */
	if ((increment > 0 && (v > INT64_MAX - increment || v + increment > max)) ||
	    (increment < 0 && (v < INT64_MIN - increment || v + increment < min)))
		buf_printf(out, ", %lld, true);\n", (long long)v);
	else
		buf_printf(out, ", %lld, false);\n", (long long)(v + increment));
	return true;
}

void crdb_identity_setval_expr(buf_t *out, const char *qtable, const char *column)
{
	buf_puts(out, "pg_get_serial_sequence(");
	quote_literal(out, qtable, strlen(qtable));
	buf_puts(out, ", ");
	quote_literal(out, column, strlen(column));
	buf_putc(out, ')');
}

/* ---- Text arrays --------------------------------------------------------- */

bool crdb_parse_text_array(const char *text, char ***items, size_t *nitems)
{
	const char *p = text;
	buf_t elem;

	*items = NULL;
	*nitems = 0;
	while (is_space(*p))
		p++;
	if (*p++ != '{')
		return false;
	while (is_space(*p))
		p++;
	if (*p == '}')
		goto tail;
	buf_init(&elem);
	for (;;) {
		bool quoted = false;

		buf_reset(&elem);
		while (is_space(*p))
			p++;
		if (*p == '"') {
			quoted = true;
			for (p++; *p != '"'; p++) {
				if (*p == '\\')
					p++;
				if (*p == '\0')
					goto bad;
				buf_putc(&elem, *p);
			}
			p++;
		} else {
			/* Unquoted: up to the delimiter, blanks around it dropped. */
			while (*p && *p != ',' && *p != '}') {
				if (*p == '{' || *p == '"')
					goto bad;
				if (*p == '\\' && p[1])
					p++;
				buf_putc(&elem, *p++);
			}
			while (elem.len > 0 && is_space(elem.data[elem.len - 1]))
				elem.data[--elem.len] = '\0';
			if (elem.len == 0)
				goto bad;
		}
		while (is_space(*p))
			p++;
		push_string(items, nitems,
		            !quoted && word_is(elem.data, elem.len, "NULL") ? NULL : xstrdup(elem.data));
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '}')
			break;
	bad:
		buf_free(&elem);
		crdb_strings_free(*items, *nitems);
		*items = NULL;
		*nitems = 0;
		return false;
	}
	buf_free(&elem);
tail:
	for (p++; is_space(*p); p++)
		;
	if (*p == '\0')
		return true;
	crdb_strings_free(*items, *nitems);
	*items = NULL;
	*nitems = 0;
	return false;
}

void crdb_strings_free(char **items, size_t nitems)
{
	for (size_t i = 0; i < nitems; i++)
		free(items[i]);
	free(items);
}

/* ---- Dependency order ---------------------------------------------------- */

/* Ready objects wait in a binary heap, smallest (kind, position) first. */
typedef struct ready_heap {
	size_t *v;
	size_t n;
	const crdb_object_t *objs;
} ready_heap_t;

static bool ready_before(const ready_heap_t *h, size_t a, size_t b)
{
	if (h->objs[a].kind != h->objs[b].kind)
		return h->objs[a].kind < h->objs[b].kind;
	return a < b;
}

static void heap_push(ready_heap_t *h, size_t x)
{
	size_t i = h->n++;

	while (i > 0 && ready_before(h, x, h->v[(i - 1) / 2])) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = x;
}

static size_t heap_pop(ready_heap_t *h)
{
	size_t top = h->v[0], x = h->v[--h->n], i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && ready_before(h, h->v[c + 1], h->v[c]))
			c++;
		if (!ready_before(h, h->v[c], x))
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n > 0)
		h->v[i] = x;
	return top;
}

/* Objects sorted by id, to find a dependency's position. */
typedef struct id_pos {
	int64_t id;
	size_t pos;
} id_pos_t;

static int cmp_id_pos(const void *a, const void *b)
{
	const id_pos_t *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The position of the first object with the given id, or n. */
static size_t find_id(const id_pos_t *by_id, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (by_id[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && by_id[lo].id == id ? by_id[lo].pos : n;
}

size_t crdb_dependency_order(const crdb_object_t *objs, size_t n, size_t *order)
{
	id_pos_t *by_id = xmalloc((n + 1) * sizeof *by_id);
	size_t *waiting = xcalloc(n + 1, sizeof *waiting); /* unmet needs per object */
	size_t *first = xcalloc(n + 2, sizeof *first);     /* successors, CSR style */
	size_t *succ, *fill, emitted = 0, cycles = 0;
	bool *done = xcalloc(n + 1, sizeof *done);
	ready_heap_t heap = {xmalloc((n + 1) * sizeof *heap.v), 0, objs};

	for (size_t i = 0; i < n; i++)
		by_id[i] = (id_pos_t){objs[i].id, i};
	qsort(by_id, n, sizeof *by_id, cmp_id_pos);

	/* Count, then list, who waits for whom. */
	for (size_t i = 0; i < n; i++)
		for (size_t d = 0; d < objs[i].ndeps; d++) {
			size_t j = find_id(by_id, n, objs[i].deps[d]);
			if (j < n && j != i)
				first[j + 1]++;
		}
	for (size_t i = 0; i < n; i++)
		first[i + 1] += first[i];
	succ = xmalloc((first[n] + 1) * sizeof *succ);
	fill = xmalloc((n + 1) * sizeof *fill);
	memcpy(fill, first, n * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		for (size_t d = 0; d < objs[i].ndeps; d++) {
			size_t j = find_id(by_id, n, objs[i].deps[d]);
			if (j < n && j != i) {
				succ[fill[j]++] = i;
				waiting[i]++;
			}
		}

	for (size_t i = 0; i < n; i++)
		if (waiting[i] == 0)
			heap_push(&heap, i);
	while (emitted < n) {
		size_t x;

		if (heap.n == 0) {
			/* Only a cycle leaves nothing ready: let the earliest
			 * waiting object go first, and say so. */
			size_t pick = n;

			for (size_t i = 0; i < n; i++)
				if (!done[i] && (pick == n || ready_before(&heap, i, pick)))
					pick = i;
			cycles++;
			heap_push(&heap, pick);
		}
		x = heap_pop(&heap);
		if (done[x])
			continue;
		done[x] = true;
		order[emitted++] = x;
		for (size_t k = first[x]; k < first[x + 1]; k++) {
			size_t y = succ[k];
			if (!done[y] && --waiting[y] == 0)
				heap_push(&heap, y);
		}
	}
	free(by_id);
	free(waiting);
	free(first);
	free(succ);
	free(fill);
	free(done);
	free(heap.v);
	return cycles;
}

/* ---- Connection flags ---------------------------------------------------- */

static char *env_value(crdb_getenv_fn getenv_fn, const char *name)
{
	char *v = getenv_fn ? getenv_fn(name) : NULL;

	return v && *v ? v : NULL;
}

/* Go's strconv.ParseBool, which the cockroach command uses for its variables. */
static bool parse_go_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True", NULL};
	static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False", NULL};

	for (int i = 0; yes[i]; i++)
		if (strcmp(s, yes[i]) == 0)
			return *out = true, true;
	for (int i = 0; no[i]; i++)
		if (strcmp(s, no[i]) == 0)
			return *out = false, true;
	return false;
}

static void conn_add(crdb_conninfo_t *ci, const char *keyword, char *value)
{
	ci->keywords[ci->n] = keyword;
	ci->values[ci->n] = value;
	ci->n++;
	ci->keywords[ci->n] = NULL;
	ci->values[ci->n] = NULL;
}

/* The user named in a postgres:// URL (before '@'), percent-decoded, or NULL. */
static char *url_user(const char *url)
{
	const char *p = strstr(url, "://"), *q;
	buf_t b;

	if (!p)
		return NULL;
	p += 3;
	q = p + strcspn(p, "@/?");
	if (*q != '@')
		return NULL;
	q = p + strcspn(p, ":@");
	if (q == p)
		return NULL;
	buf_init(&b);
	for (; p < q; p++) {
		if (*p == '%' && q - p >= 3 && copytext_hex_digit(p[1]) >= 0 &&
		    copytext_hex_digit(p[2]) >= 0) {
			buf_putc(&b, (char)(copytext_hex_digit(p[1]) * 16 + copytext_hex_digit(p[2])));
			p += 2;
		} else {
			buf_putc(&b, *p);
		}
	}
	return buf_steal(&b);
}

/* "host", "host:port", "[v6]" or "[v6]:port"; a bare v6 address is left whole. */
static void split_host(const char *in, char **host, char **port)
{
	const char *colon;

	*port = NULL;
	if (in[0] == '[') {
		const char *close = strchr(in, ']');
		if (close) {
			*host = xstrndup(in + 1, (size_t)(close - in - 1));
			if (close[1] == ':' && close[2])
				*port = xstrdup(close + 2);
			return;
		}
	}
	colon = strchr(in, ':');
	if (colon && !strchr(colon + 1, ':') && colon[1]) {
		*host = xstrndup(in, (size_t)(colon - in));
		*port = xstrdup(colon + 1);
		return;
	}
	*host = xstrdup(in);
}

static char *cert_path(const char *dir, const char *file)
{
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	return xasprintf("%.*s/%s", (int)len, dir, file);
}

/* D/client.USER.crt or .key, the names cockroach cert create-client gives. */
static char *client_file(const char *dir, const char *user, const char *ext)
{
	char *file = xasprintf("client.%s.%s", user, ext);
	char *path = cert_path(dir, file);

	free(file);
	return path;
}

bool crdb_conninfo_build(const crdb_conn_flags_t *f, crdb_getenv_fn getenv_fn, crdb_conninfo_t *out,
                         buf_t *err)
{
	const char *url = f->url ? f->url : env_value(getenv_fn, "COCKROACH_URL");
	/* A URL says everything the discrete variables would; only flags,
	 * given later on the command line, override it. */
	bool use_env = url == NULL;
	const char *host_in = f->host ? f->host : use_env ? env_value(getenv_fn, "COCKROACH_HOST") : NULL;
	const char *user = f->user ? f->user : use_env ? env_value(getenv_fn, "COCKROACH_USER") : NULL;
	const char *certs_dir = f->certs_dir ? f->certs_dir
	                        : use_env    ? env_value(getenv_fn, "COCKROACH_CERTS_DIR")
	                                     : NULL;
	bool tls_flag = f->certs_dir || f->ca_cert || f->cert || f->key;
	bool insecure = f->insecure;
	char *host = NULL, *host_port = NULL, *from_url = NULL;

	memset(out, 0, sizeof *out);
	if (!insecure && !tls_flag && use_env) {
		const char *v = env_value(getenv_fn, "COCKROACH_INSECURE");

		if (v && !parse_go_bool(v, &insecure)) {
			buf_printf(err, "invalid COCKROACH_INSECURE value \"%s\": expected true or false", v);
			return false;
		}
	}
	if (url) {
		conn_add(out, "dbname", xstrdup(url));
		out->expand_dbname = true;
	}
	if (host_in) {
		split_host(host_in, &host, &host_port);
		conn_add(out, "host", host);
	}
	if (f->port)
		conn_add(out, "port", xstrdup(f->port));
	else if (host_port)
		conn_add(out, "port", xstrdup(host_port));
	else if (use_env && env_value(getenv_fn, "COCKROACH_PORT"))
		conn_add(out, "port", xstrdup(env_value(getenv_fn, "COCKROACH_PORT")));
	free(host_port);
	if (user)
		conn_add(out, "user", xstrdup(user));

	if (insecure) {
		conn_add(out, "sslmode", xstrdup("disable"));
	} else if (certs_dir || tls_flag) {
		/* The client files are named after the user, root when none is
		 * named anywhere: the cockroach command's default. */
		const char *file_user = user;
		bool derive_client = certs_dir && (!f->cert || !f->key);

		if (!file_user && url)
			file_user = from_url = url_user(url);
		if (!file_user && derive_client) {
			file_user = "root";
			conn_add(out, "user", xstrdup("root"));
		}
		conn_add(out, "sslmode", xstrdup("verify-full"));
		if (f->ca_cert)
			conn_add(out, "sslrootcert", xstrdup(f->ca_cert));
		else if (certs_dir)
			conn_add(out, "sslrootcert", cert_path(certs_dir, "ca.crt"));
		if (f->cert)
			conn_add(out, "sslcert", xstrdup(f->cert));
		else if (certs_dir)
			conn_add(out, "sslcert", client_file(certs_dir, file_user, "crt"));
		if (f->key)
			conn_add(out, "sslkey", xstrdup(f->key));
		else if (certs_dir)
			conn_add(out, "sslkey", client_file(certs_dir, file_user, "key"));
		free(from_url);
	}
	return true;
}

void crdb_conninfo_free(crdb_conninfo_t *ci)
{
	for (size_t i = 0; i < ci->n; i++)
		free(ci->values[i]);
	memset(ci, 0, sizeof *ci);
}

const char *crdb_conninfo_get(const crdb_conninfo_t *ci, const char *keyword)
{
	for (size_t i = 0; i < ci->n; i++)
		if (strcmp(ci->keywords[i], keyword) == 0)
			return ci->values[i];
	return NULL;
}

/* ---- Errors -------------------------------------------------------------- */

const char *crdb_explain_error(const char *msg, buf_t *out)
{
	size_t len = strcspn(msg, "\n");

	while (len > 0 && is_space(msg[len - 1]))
		len--;
	/* "batch timestamp 1721571846.432664325,0 must be after replica GC
	 * threshold 1721571917.178341367,0" (cockroach issues #126857,
	 * #90979): the history at that time has been garbage-collected,
	 * either because the moment asked for is too old or because the dump
	 * itself outlived the window (a later --as-of cannot help then). */
	if (strstr(msg, "must be after replica GC threshold"))
		buf_printf(out,
		           "the dump's timestamp is older than the garbage-collection window, so "
		           "CockroachDB no longer has the history it needs: an --as-of moment must "
		           "lie within the window, and a dump that runs longer than the window "
		           "fails part-way whatever its moment; raise gc.ttlseconds in the zone "
		           "configuration, or dump fewer tables at a time (server said: %.*s)",
		           (int)len, msg);
	/* "AS OF SYSTEM TIME: cannot specify timestamp in the future". */
	else if (strstr(msg, "cannot specify timestamp in the future"))
		buf_printf(out,
		           "the dump's timestamp is in the future for the node that answered: AS OF "
		           "SYSTEM TIME can only read the past; choose an earlier --as-of (server "
		           "said: %.*s)",
		           (int)len, msg);
	else
		buf_append(out, msg, len);
	return out->data;
}

/* ---- Values -------------------------------------------------------------- */

enum literal_kind crdb_literal_kind(const char *type, buf_t *collation)
{
	static const struct {
		const char *name;
		enum literal_kind kind;
	} names[] = {
	    {"INT", LIT_INTEGER},      {"INT2", LIT_INTEGER},   {"INT4", LIT_INTEGER},
	    {"INT8", LIT_INTEGER},     {"INT64", LIT_INTEGER},  {"INTEGER", LIT_INTEGER},
	    {"SMALLINT", LIT_INTEGER}, {"BIGINT", LIT_INTEGER}, {"OID", LIT_INTEGER},
	    {"DECIMAL", LIT_NUMERIC},  {"DEC", LIT_NUMERIC},    {"NUMERIC", LIT_NUMERIC},
	    {"FLOAT", LIT_FLOAT},      {"FLOAT4", LIT_FLOAT},   {"FLOAT8", LIT_FLOAT},
	    {"REAL", LIT_FLOAT},       {"DOUBLE", LIT_FLOAT},   {"BOOL", LIT_BOOL},
	    {"BOOLEAN", LIT_BOOL},
	};
	scanner_t s = {type, type + strlen(type), false};
	tok_t first = next_token(&s), t, collate = {TOK_END, NULL, NULL, false};
	bool array = false;

	if (tok_is(&first, "pg_catalog")) {
		t = next_token(&s);
		if (!tok_punct(&t, '.'))
			return LIT_TEXT;
		first = next_token(&s);
	}
	/* A user-defined (qualified or quoted) type, an enum, is a string. */
	if (first.kind != TOK_WORD)
		return LIT_TEXT;
	for (t = next_token(&s); t.kind != TOK_END; t = next_token(&s)) {
		if (tok_punct(&t, '.'))
			return LIT_TEXT;
		if ((t.kind == TOK_GROUP && *t.start == '[') || tok_is(&t, "ARRAY"))
			array = true;
		if (tok_is(&t, "COLLATE")) {
			collate = next_token(&s);
			if (!tok_is_name(&collate))
				return LIT_TEXT;
		}
	}
	/* An array literal ('{a,b}') takes no COLLATE of its own. */
	if (array)
		return LIT_TEXT;
	if (collate.kind != TOK_END) {
		if (collation)
			buf_append(collation, collate.start, (size_t)(collate.end - collate.start));
		return LIT_TEXT;
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (word_is(first.start, (size_t)(first.end - first.start), names[i].name))
			return names[i].kind;
	return LIT_TEXT;
}

void crdb_quote_value(buf_t *out, enum literal_kind kind, const char *collation, const char *v, size_t len)
{
	quote_value(out, kind, v, len);
	if (collation && *collation)
		buf_printf(out, " COLLATE %s", collation);
}
