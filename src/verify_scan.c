/* verify_scan: reading a dump's text back, in one streaming pass, and
 * checking it against the manifest it carries (pure: bytes in, verdict out). */
#include <config.h>

#include "verify_scan.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define TRAILER_LINE "-- dbdump: dump complete"
#define INSERT_HEAD "INSERT INTO "
/* Bounds on what is held whole: comment lines, an INSERT's head (its
 * column list), the few bytes after a row. Anything longer is damage. */
#define MAX_LINE (4 * 1024 * 1024)
#define MAX_HEAD (64 * 1024 * 1024)
#define MAX_TAIL 32

enum state {
	ST_LINE_START, /* a line begins, outside any statement */
	ST_DASH,       /* a line began with '-' */
	ST_COMMENT,    /* a "--" line at a statement boundary: collected whole */
	ST_MAYBE_INSERT,
	ST_SQL,       /* inside DDL, outside quotes and comments */
	ST_SQL_DASH,  /* '-' seen in DDL */
	ST_SQL_SLASH, /* '/' seen in DDL */
	ST_LINE_COMMENT,
	ST_BLOCK,    /* inside a block comment (nested to block_depth) */
	ST_SQ,       /* inside '...' (E'...' when escapes) */
	ST_SQ_QUOTE, /* a quote inside '...': the end, or a doubled quote */
	ST_SQ_BACKSLASH,
	ST_DQ,
	ST_DQ_QUOTE,
	ST_DOLLAR_TAG, /* reading the tag of a dollar quote */
	ST_DOLLAR,     /* inside a dollar-quoted string */
	ST_DOLLAR_END, /* matching the closing tag */
	ST_META,       /* a psql backslash command, to the end of the line */
	ST_INS_HEAD,   /* "INSERT INTO t (cols) VALUES\n" */
	ST_ROW_START,  /* expecting '(' */
	ST_ROW,        /* inside a row, outside quotes */
	ST_ROW_SQ,
	ST_ROW_SQ_QUOTE,
	ST_ROW_DQ,
	ST_ROW_DQ_QUOTE,
	ST_ROW_TAIL, /* after ')': ",", ",\n", ";\n" or " ON CONFLICT DO NOTHING;\n" */
	ST_AFTER_TRAILER,
	ST_FAILED,
};

struct verify_scan {
	enum state st;
	uint64_t offset;     /* bytes of the dump before the current chunk */
	uint64_t line_start; /* offset of the line being classified */
	XXH3_state_t *file_hash;
	manifest_digest_t digest_at_line; /* of every byte before line_start */
	buf_t line;                       /* a comment line, an INSERT head, a row tail */
	bool stmt_empty;                  /* only blanks and comments since the last statement ended */
	bool escapes;                     /* the string is an E'...' string */
	char prev;                        /* the byte before, in DDL */
	int block_depth;
	buf_t tag; /* of the open dollar quote, without the $ signs */
	size_t tag_pos;
	bool head_dq; /* inside a quoted identifier of an INSERT head */
	bool zero_columns;

	/* the rows being read */
	char *cur_name;
	uint64_t cur_start;
	manifest_tally_t cur;
	manifest_row_t row;
	bool row_split; /* the row began in an earlier chunk: hashed in pieces */
	size_t row_from;

	bool seen_first_line, all_dbs, file_line_seen, trailer_seen, no_manifest;
	verify_database_t *dbs;
	int ndbs;
	verify_table_t *tables;
	int ntables;
	buf_t err;
	buf_t shown[2]; /* names as messages show them */
};

verify_scan_t *verify_scan_new(void)
{
	verify_scan_t *s = xcalloc(1, sizeof *s);

	s->st = ST_LINE_START;
	s->stmt_empty = true;
	s->file_hash = XXH3_createState();
	if (!s->file_hash)
		xalloc_die();
	XXH3_128bits_reset(s->file_hash);
	manifest_row_init(&s->row);
	buf_init(&s->line);
	buf_init(&s->tag);
	buf_init(&s->err);
	return s;
}

void verify_scan_free(verify_scan_t *s)
{
	if (!s)
		return;
	XXH3_freeState(s->file_hash);
	manifest_row_free(&s->row);
	buf_free(&s->line);
	buf_free(&s->tag);
	buf_free(&s->err);
	buf_free(&s->shown[0]);
	buf_free(&s->shown[1]);
	free(s->cur_name);
	for (int i = 0; i < s->ndbs; i++) {
		free(s->dbs[i].name);
		free(s->dbs[i].server);
		free(s->dbs[i].moment);
		free(s->dbs[i].contents);
	}
	free(s->dbs);
	for (int i = 0; i < s->ntables; i++) {
		free(s->tables[i].name);
		free(s->tables[i].where);
	}
	free(s->tables);
	free(s);
}

const char *verify_scan_error(const verify_scan_t *s)
{
	return s->err.data ? s->err.data : "";
}

bool verify_scan_no_manifest(const verify_scan_t *s)
{
	return s->no_manifest;
}

bool verify_scan_all_databases(const verify_scan_t *s)
{
	return s->all_dbs;
}

const verify_table_t *verify_scan_tables(const verify_scan_t *s, int *n)
{
	*n = s->ntables;
	return s->tables;
}

const verify_database_t *verify_scan_databases(const verify_scan_t *s, int *n)
{
	*n = s->ndbs;
	return s->dbs;
}

uint64_t verify_scan_bytes(const verify_scan_t *s)
{
	return s->offset;
}

/* A name as a message shows it: encoded as on the manifest line, so a
 * newline in it cannot break the one-line message. slot 0 or 1. */
static const char *shown(verify_scan_t *s, int slot, const char *name)
{
	buf_reset(&s->shown[slot]);
	buf_puts(&s->shown[slot], "");
	manifest_encode(&s->shown[slot], name, false);
	return s->shown[slot].data;
}

static bool fail(verify_scan_t *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(verify_scan_t *s, const char *fmt, ...)
{
	va_list ap;

	if (s->st == ST_FAILED)
		return false;
	va_start(ap, fmt);
	buf_vprintf(&s->err, fmt, ap);
	va_end(ap);
	s->st = ST_FAILED;
	return false;
}

static bool starts_with(const buf_t *b, const char *prefix)
{
	size_t n = strlen(prefix);
	return b->len >= n && memcmp(b->data, prefix, n) == 0;
}

static verify_database_t *current_db(verify_scan_t *s)
{
	return s->ndbs ? &s->dbs[s->ndbs - 1] : NULL;
}

/* Rows, DDL or the trailer may only follow a header that announced a
 * manifest: a dump without one is refused as such, not as damaged. */
static bool need_manifest(verify_scan_t *s)
{
	verify_database_t *db = current_db(s);

	if (db && db->manifest)
		return true;
	/* --all-databases: each database's switch comes before its header. */
	if (!db && s->all_dbs)
		return true;
	s->no_manifest = true;
	return fail(s,
	            "the dump has no manifest: it was written by a dbdump older than 0.2, which wrote no "
	            "checksums, so it cannot be verified (check that its last line is \"" TRAILER_LINE "\")");
}

static char *line_value(const buf_t *line, size_t skip)
{
	return xstrndup(line->data + skip, line->len - skip);
}

static bool table_line(verify_scan_t *s)
{
	manifest_table_t m;
	verify_table_t *t;
	uint64_t bytes = 0;

	if (!need_manifest(s))
		return false;
	if (!manifest_table_parse(s->line.data, s->line.len, &m))
		return fail(s, "the manifest line at byte %" PRIu64 " is malformed", s->line_start);
	if (s->cur_name) {
		if (strcmp(s->cur_name, m.name) != 0) {
			fail(s,
			     "the rows before the manifest line of table %s at byte %" PRIu64
			     " are table %s's",
			     shown(s, 0, m.name), s->line_start, shown(s, 1, s->cur_name));
			manifest_table_free(&m);
			return false;
		}
		bytes = s->line_start - s->cur_start;
	}
	if (s->cur.rows != m.tally.rows) {
		fail(s, "table %s has %" PRIu64 " rows where the manifest says %" PRIu64, shown(s, 0, m.name),
		     s->cur.rows, m.tally.rows);
		manifest_table_free(&m);
		return false;
	}
	if (!manifest_tally_equal(&s->cur, &m.tally)) {
		fail(s, "table %s's rows do not match its digest", shown(s, 0, m.name));
		manifest_table_free(&m);
		return false;
	}
	s->tables = xrealloc(s->tables, sizeof *s->tables * (size_t)(s->ntables + 1));
	t = &s->tables[s->ntables++];
	t->name = m.name;
	t->where = m.where;
	t->tally = m.tally;
	t->bytes = bytes;
	t->database = s->ndbs - 1;
	free(s->cur_name);
	s->cur_name = NULL;
	memset(&s->cur, 0, sizeof s->cur);
	return true;
}

/* The large objects line: kept for the database check. Their bytes are in
 * the lo_put statements, which the file digest covers. */
static bool lo_line(verify_scan_t *s)
{
	verify_database_t *db = current_db(s);
	manifest_tally_t t;

	if (!need_manifest(s))
		return false;
	if (!db || db->has_lo || !manifest_lo_parse(s->line.data, s->line.len, &t))
		return fail(s, "the manifest line at byte %" PRIu64 " is malformed", s->line_start);
	db->has_lo = true;
	db->lo = t;
	return true;
}

static bool rows_without_manifest(verify_scan_t *s)
{
	return fail(s, "table %s's rows (from byte %" PRIu64 ") have no manifest line", s->cur_name,
	            s->cur_start);
}

static bool file_line(verify_scan_t *s)
{
	uint64_t bytes;
	manifest_digest_t d;

	if (!need_manifest(s))
		return false;
	if (s->cur_name)
		return rows_without_manifest(s);
	if (!manifest_file_parse(s->line.data, s->line.len, &bytes, &d))
		return fail(s, "the manifest's file line at byte %" PRIu64 " is malformed", s->line_start);
	if (bytes != s->line_start)
		return fail(s,
		            "the file digest does not match: the manifest counts %" PRIu64
		            " bytes before its file line, the file has %" PRIu64,
		            bytes, s->line_start);
	if (d.hi != s->digest_at_line.hi || d.lo != s->digest_at_line.lo)
		return fail(s, "the file digest does not match");
	s->file_line_seen = true;
	return true;
}

/* A comment line at a statement boundary, without its newline. */
static bool comment_line(verify_scan_t *s)
{
	const buf_t *l = &s->line;
	verify_database_t *db = current_db(s);

	if (s->file_line_seen && !s->trailer_seen) {
		if (strcmp(l->data, TRAILER_LINE) != 0)
			return fail(
			    s, "the manifest's file line at byte %" PRIu64 " is not followed by the trailer",
			    s->line_start);
		s->trailer_seen = true;
		s->st = ST_AFTER_TRAILER;
		return true;
	}
	if (starts_with(l, MANIFEST_TABLE_PREFIX))
		return table_line(s);
	if (starts_with(l, MANIFEST_FILE_PREFIX))
		return file_line(s);
	if (starts_with(l, MANIFEST_LO_PREFIX))
		return lo_line(s);
	if (strcmp(l->data, TRAILER_LINE) == 0) {
		if (!need_manifest(s))
			return false;
		return fail(s, "the manifest's file line is missing before the trailer at byte %" PRIu64,
		            s->line_start);
	}
	if (starts_with(l, "-- dbdump ")) {
		const char *p = strstr(l->data, " dump of database \"");
		if (strstr(l->data, " dump of all databases") && s->ndbs == 0) {
			s->all_dbs = true;
			return true;
		}
		if (p) {
			verify_database_t *d;
			size_t n;
			p += strlen(" dump of database \"");
			n = strlen(p);
			s->dbs = xrealloc(s->dbs, sizeof *s->dbs * (size_t)(s->ndbs + 1));
			d = &s->dbs[s->ndbs++];
			memset(d, 0, sizeof *d);
			d->name = xstrndup(p, n > 0 && p[n - 1] == '"' ? n - 1 : n);
			return true;
		}
		return true;
	}
	if (!db)
		return true;
	if (starts_with(l, "-- server: ") && !db->server)
		db->server = line_value(l, strlen("-- server: "));
	else if (starts_with(l, "-- snapshot: ") && !db->moment)
		db->moment = line_value(l, strlen("-- "));
	else if (starts_with(l, "-- as of system time: ") && !db->moment)
		db->moment = line_value(l, strlen("-- "));
	else if (starts_with(l, "-- contents: ") && !db->contents)
		db->contents = line_value(l, strlen("-- contents: "));
	else if (starts_with(l, "-- manifest: "))
		db->manifest = true;
	return true;
}

/* The first line decides whether this is a dump at all. */
static bool first_line_ok(verify_scan_t *s, bool comment)
{
	if (s->seen_first_line)
		return true;
	s->seen_first_line = true;
	if (!comment || !starts_with(&s->line, "-- dbdump "))
		return fail(s,
		            "this is not a dump written by dbdump: it does not start with dbdump's header");
	return true;
}

/* The head of an INSERT is complete: which table do its rows belong to? */
static bool insert_head(verify_scan_t *s)
{
	const char *p = s->line.data + strlen(INSERT_HEAD), *end = s->line.data + s->line.len;
	const char *name = p;
	bool dq = false;
	char *qname;

	for (; p < end && (dq || *p != ' '); p++)
		if (*p == '"')
			dq = !dq;
	qname = xstrndup(name, (size_t)(p - name));
	if (s->cur_name && strcmp(s->cur_name, qname) != 0) {
		free(qname);
		return rows_without_manifest(s);
	}
	if (!s->cur_name) {
		s->cur_name = qname;
		s->cur_start = s->line_start;
	} else {
		free(qname);
	}
	return true;
}

static bool row_tail(verify_scan_t *s)
{
	const char *t = s->line.data;

	if (strcmp(t, ",") == 0 && !s->zero_columns) {
		s->st = ST_ROW_START;
		return true;
	}
	if (strcmp(t, ";") == 0 || strcmp(t, " ON CONFLICT DO NOTHING;") == 0) {
		s->st = ST_LINE_START;
		s->stmt_empty = true;
		return true;
	}
	return fail(s, "table %s's rows are malformed at byte %" PRIu64, shown(s, 0, s->cur_name),
	            s->line_start);
}

/* The first quote, double quote or closing parenthesis in p[i..n), or n:
 * what ends the plain stretch of a row (numbers, NULL, commas). SSE2 looks
 * at 16 bytes at a time; every x86-64 has it. */
static size_t next_special(const char *p, size_t i, size_t n)
{
#if defined(__SSE2__)
	const __m128i sq = _mm_set1_epi8('\''), dq = _mm_set1_epi8('"'), cp = _mm_set1_epi8(')');

	while (n - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		int m = _mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, sq), _mm_cmpeq_epi8(v, dq)), _mm_cmpeq_epi8(v, cp)));
		if (m)
			return i + (size_t)__builtin_ctz((unsigned)m);
		i += 16;
	}
#endif
	while (i < n && p[i] != '\'' && p[i] != ')' && p[i] != '"')
		i++;
	return i;
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       (unsigned char)c >= 0x80;
}

bool verify_scan_feed(verify_scan_t *s, const char *p, size_t n)
{
	size_t i = 0, hashed = 0;

	while (i < n) {
		char c = p[i];

		switch (s->st) {
		case ST_FAILED: return false;
		case ST_AFTER_TRAILER:
			return fail(s, "the file goes on after its trailer, at byte %" PRIu64, s->offset + i);
		case ST_LINE_START:
			s->line_start = s->offset + i;
			if (s->file_line_seen && c != '-')
				return fail(s, "the manifest's file line is not followed by the trailer");
			if (c == '\n') {
				i++;
			} else if (c == '-') {
				/* The file digest of everything before this line, in case it
				 * is the manifest's file line. */
				XXH3_128bits_update(s->file_hash, p + hashed, i - hashed);
				hashed = i;
				s->digest_at_line = manifest_digest_from(XXH3_128bits_digest(s->file_hash));
				s->st = ST_DASH;
				i++;
			} else if (c == 'I') {
				buf_reset(&s->line);
				s->st = ST_MAYBE_INSERT;
			} else {
				if (!first_line_ok(s, false) || !need_manifest(s))
					return false;
				s->stmt_empty = false;
				s->prev = '\n';
				s->st = ST_SQL;
			}
			break;
		case ST_DASH:
			if (c == '-') {
				buf_reset(&s->line);
				buf_append(&s->line, "--", 2);
				s->st = ST_COMMENT;
				i++;
			} else {
				if (!first_line_ok(s, false) || !need_manifest(s))
					return false;
				s->stmt_empty = false;
				s->prev = '-';
				s->st = ST_SQL;
			}
			break;
		case ST_COMMENT: {
			const char *nl = memchr(p + i, '\n', n - i);
			size_t k = nl ? (size_t)(nl - (p + i)) : n - i;
			if (s->line.len + k > MAX_LINE)
				return fail(s,
				            "the comment line at byte %" PRIu64 " is too long for a dump's",
				            s->line_start);
			buf_append(&s->line, p + i, k);
			i += k;
			if (nl) {
				i++;
				s->st = ST_LINE_START;
				if (!first_line_ok(s, true) || !comment_line(s))
					return false;
			}
			break;
		}
		case ST_MAYBE_INSERT:
			if (s->line.len < strlen(INSERT_HEAD) && c == INSERT_HEAD[s->line.len]) {
				buf_putc(&s->line, c);
				i++;
				if (s->line.len == strlen(INSERT_HEAD)) {
					if (!first_line_ok(s, false) || !need_manifest(s))
						return false;
					s->head_dq = false;
					s->st = ST_INS_HEAD;
				}
			} else {
				/* Not an INSERT: what was read holds no quote, so the
				 * lexer carries on as if it had seen it. */
				if (!first_line_ok(s, false) || !need_manifest(s))
					return false;
				s->stmt_empty = false;
				s->prev = s->line.len ? s->line.data[s->line.len - 1] : '\n';
				s->st = ST_SQL;
			}
			break;
		case ST_INS_HEAD:
			if (s->line.len >= MAX_HEAD)
				return fail(s, "the INSERT statement at byte %" PRIu64 " is malformed",
				            s->line_start);
			buf_putc(&s->line, c);
			i++;
			if (c == '"')
				s->head_dq = !s->head_dq;
			if (s->head_dq)
				break;
			if (c == '\n' && s->line.len >= 8 &&
			    memcmp(s->line.data + s->line.len - 8, " VALUES\n", 8) == 0) {
				if (!insert_head(s))
					return false;
				s->zero_columns = false;
				s->st = ST_ROW_START;
			} else if (c == 'S' && s->line.len >= 15 &&
			           memcmp(s->line.data + s->line.len - 15, " DEFAULT VALUES", 15) == 0) {
				if (!insert_head(s))
					return false;
				manifest_tally_add_text(&s->cur, "()", 2);
				s->zero_columns = true;
				buf_reset(&s->line);
				s->st = ST_ROW_TAIL;
			} else if (c == '\n') {
				return fail(s, "the INSERT statement at byte %" PRIu64 " is malformed",
				            s->line_start);
			}
			break;
		case ST_ROW_START:
			if (c != '(')
				return fail(s, "table %s's rows are malformed at byte %" PRIu64,
				            shown(s, 0, s->cur_name), s->offset + i);
			s->row_from = i;
			s->row_split = false;
			s->st = ST_ROW;
			i++;
			break;
		case ST_ROW:
			/* The hot loop: a whole row in one go, its strings and quoted
			 * names skipped with memchr. A row cut by the chunk's end
			 * resumes in the state that says where it stopped. */
			for (;;) {
				char quote;
				i = next_special(p, i, n);
				if (i == n)
					break;
				c = p[i++];
				if (c == ')') {
					if (s->row_split) {
						manifest_row_update(&s->row, p + s->row_from,
						                    i - s->row_from);
						manifest_row_end(&s->row, &s->cur);
					} else {
						manifest_tally_add_text(&s->cur, p + s->row_from,
						                        i - s->row_from);
					}
					/* The next row of the same INSERT, when it is all
					 * in this chunk: straight on, without the states
					 * between rows. */
					if (n - i > 1 && p[i] == ',' && p[i + 1] == '(') {
						i += 2;
						s->row_from = i - 1;
						s->row_split = false;
						continue;
					}
					/* A file written before run 18: a row per line. */
					if (n - i > 2 && p[i] == ',' && p[i + 1] == '\n' && p[i + 2] == '(') {
						i += 3;
						s->row_from = i - 1;
						s->row_split = false;
						continue;
					}
					s->line_start = s->offset + i;
					buf_reset(&s->line);
					s->st = ST_ROW_TAIL;
					break;
				}
				quote = c;
				for (;;) {
					const char *q = memchr(p + i, quote, n - i);
					if (!q) {
						i = n;
						s->st = quote == '\'' ? ST_ROW_SQ : ST_ROW_DQ;
						break;
					}
					i = (size_t)(q - p) + 1;
					if (i == n) {
						s->st = quote == '\'' ? ST_ROW_SQ_QUOTE : ST_ROW_DQ_QUOTE;
						break;
					}
					if (p[i] != quote)
						break;
					i++; /* a doubled quote: still inside */
				}
				if (s->st != ST_ROW)
					break;
			}
			break;
		case ST_ROW_SQ: {
			const char *q = memchr(p + i, '\'', n - i);
			if (!q) {
				i = n;
				break;
			}
			i = (size_t)(q - p) + 1;
			s->st = ST_ROW_SQ_QUOTE;
			break;
		}
		case ST_ROW_SQ_QUOTE:
			if (c == '\'') {
				s->st = ST_ROW_SQ;
				i++;
			} else {
				s->st = ST_ROW;
			}
			break;
		case ST_ROW_DQ: {
			const char *q = memchr(p + i, '"', n - i);
			if (!q) {
				i = n;
				break;
			}
			i = (size_t)(q - p) + 1;
			s->st = ST_ROW_DQ_QUOTE;
			break;
		}
		case ST_ROW_DQ_QUOTE:
			if (c == '"') {
				s->st = ST_ROW_DQ;
				i++;
			} else {
				s->st = ST_ROW;
			}
			break;
		case ST_ROW_TAIL:
			/* "," then the next row on the same line (ROWS_SEP), or ",\n"
			 * then the row on the next line (files written before run
			 * 18). */
			if (c == '(' && s->line.len == 1 && s->line.data[0] == ',' && !s->zero_columns) {
				s->st = ST_ROW_START;
				break;
			}
			i++;
			if (c == '\n') {
				if (!row_tail(s))
					return false;
			} else if (s->line.len >= MAX_TAIL) {
				return fail(s, "table %s's rows are malformed at byte %" PRIu64,
				            shown(s, 0, s->cur_name), s->line_start);
			} else {
				buf_putc(&s->line, c);
			}
			break;
		case ST_SQL:
			i++;
			switch (c) {
			case '\'':
				s->escapes = (s->prev == 'E' || s->prev == 'e');
				s->st = ST_SQ;
				break;
			case '"': s->st = ST_DQ; break;
			case '$':
				if (!ident_char(s->prev)) {
					buf_reset(&s->tag);
					s->st = ST_DOLLAR_TAG;
				}
				break;
			case '-': s->st = ST_SQL_DASH; break;
			case '/': s->st = ST_SQL_SLASH; break;
			case ';': s->stmt_empty = true; break;
			case '\\': s->st = ST_META; break;
			case '\n':
				if (s->stmt_empty)
					s->st = ST_LINE_START;
				break;
			case ' ':
			case '\t':
			case '\r': break;
			default: s->stmt_empty = false; break;
			}
			s->prev = c;
			break;
		case ST_SQL_DASH:
			if (c == '-') {
				s->st = ST_LINE_COMMENT;
				i++;
			} else {
				s->stmt_empty = false;
				s->st = ST_SQL;
			}
			break;
		case ST_SQL_SLASH:
			if (c == '*') {
				s->block_depth = 1;
				s->prev = 0;
				s->st = ST_BLOCK;
				i++;
			} else {
				s->stmt_empty = false;
				s->st = ST_SQL;
			}
			break;
		case ST_LINE_COMMENT: {
			const char *nl = memchr(p + i, '\n', n - i);
			if (!nl) {
				i = n;
				break;
			}
			i = (size_t)(nl - p);
			s->prev = ' ';
			s->st = ST_SQL; /* the newline ends the comment, and maybe the statement */
			break;
		}
		case ST_BLOCK:
			i++;
			if (s->prev == '*' && c == '/') {
				c = 0;
				if (--s->block_depth == 0) {
					s->st = ST_SQL;
					c = ' ';
				}
			} else if (s->prev == '/' && c == '*') {
				s->block_depth++;
				c = 0;
			}
			s->prev = c;
			break;
		case ST_SQ: {
			size_t k = i;
			while (k < n && p[k] != '\'' && !(s->escapes && p[k] == '\\'))
				k++;
			if (k == n) {
				i = n;
				break;
			}
			i = k + 1;
			s->st = p[k] == '\'' ? ST_SQ_QUOTE : ST_SQ_BACKSLASH;
			break;
		}
		case ST_SQ_BACKSLASH:
			i++;
			s->st = ST_SQ;
			break;
		case ST_SQ_QUOTE:
			if (c == '\'') {
				i++;
				s->st = ST_SQ;
			} else {
				s->prev = '\'';
				s->stmt_empty = false;
				s->st = ST_SQL;
			}
			break;
		case ST_DQ: {
			const char *q = memchr(p + i, '"', n - i);
			if (!q) {
				i = n;
				break;
			}
			i = (size_t)(q - p) + 1;
			s->st = ST_DQ_QUOTE;
			break;
		}
		case ST_DQ_QUOTE:
			if (c == '"') {
				i++;
				s->st = ST_DQ;
			} else {
				s->prev = '"';
				s->stmt_empty = false;
				s->st = ST_SQL;
			}
			break;
		case ST_DOLLAR_TAG:
			if (c == '$') {
				s->tag_pos = 0;
				s->st = ST_DOLLAR;
				i++;
			} else if (ident_char(c) && !(s->tag.len == 0 && c >= '0' && c <= '9')) {
				buf_putc(&s->tag, c);
				i++;
			} else {
				/* Not a dollar quote ($1, or a lone $). */
				s->prev = '$';
				s->stmt_empty = false;
				s->st = ST_SQL;
			}
			break;
		case ST_DOLLAR: {
			const char *q = memchr(p + i, '$', n - i);
			if (!q) {
				i = n;
				break;
			}
			i = (size_t)(q - p) + 1;
			s->tag_pos = 0;
			s->st = ST_DOLLAR_END;
			break;
		}
		case ST_DOLLAR_END:
			if (s->tag_pos < s->tag.len && c == s->tag.data[s->tag_pos]) {
				s->tag_pos++;
				i++;
			} else if (s->tag_pos == s->tag.len && c == '$') {
				i++;
				s->prev = '$';
				s->stmt_empty = false;
				s->st = ST_SQL;
			} else {
				s->st = ST_DOLLAR; /* c is looked at again: it may be a '$' */
			}
			break;
		case ST_META: {
			const char *nl = memchr(p + i, '\n', n - i);
			if (!nl) {
				i = n;
				break;
			}
			i = (size_t)(nl - p) + 1;
			s->stmt_empty = true;
			s->st = ST_LINE_START;
			break;
		}
		}
	}
	if (s->st == ST_FAILED)
		return false;
	/* A row that goes on into the next chunk is hashed in pieces. */
	if (s->st == ST_ROW || s->st == ST_ROW_SQ || s->st == ST_ROW_SQ_QUOTE || s->st == ST_ROW_DQ ||
	    s->st == ST_ROW_DQ_QUOTE) {
		if (!s->row_split) {
			manifest_row_begin(&s->row);
			s->row_split = true;
		}
		manifest_row_update(&s->row, p + s->row_from, n - s->row_from);
	}
	s->row_from = 0;
	XXH3_128bits_update(s->file_hash, p + hashed, n - hashed);
	s->offset += n;
	return true;
}

bool verify_scan_finish(verify_scan_t *s, bool mid_frame)
{
	if (s->st == ST_FAILED)
		return false;
	if (s->trailer_seen)
		return true;
	if (mid_frame)
		return fail(s,
		            "the file ends at byte %" PRIu64 " of the dump, in the middle of its zstd frame, "
		            "before the trailer",
		            s->offset);
	if (s->offset == 0)
		return fail(s, "the file is empty");
	if (s->file_line_seen && s->st == ST_COMMENT && strcmp(s->line.data, TRAILER_LINE) == 0)
		return fail(s,
		            "the file ends at byte %" PRIu64 ", inside the trailer (its newline is missing)",
		            s->offset);
	return fail(s, "the file ends at byte %" PRIu64 ", before the trailer", s->offset);
}
