/* bigval: values too big to come through a table's COPY in one message,
 * read in slices over a second connection in the same snapshot.
 *
 * A COPY row is one CopyData message, and libpq holds it twice (its input
 * buffer, and the copy PQgetCopyData returns): a 500 MB value costs 1 GB of
 * memory before dbdump sees a byte. So a table that may hold such values is
 * read with each candidate column as NULL where its value is too big (the
 * sizes come from the varlena headers, no TOAST is read) and a flag field
 * naming the row's ctid and which columns were left out. For a flagged row
 * the values are read on a second connection that imported the dump's
 * snapshot (the same row version at that ctid), through a cursor that
 * computes the value's text once, in the server's memory, and hands it out
 * in slices (substr of a bytea in memory is a copy of the slice; of a
 * compressed or multi-byte text it would decode from the start each time,
 * doc/PERFORMANCE.md runs 7 and 12), and each slice goes through rows.c's
 * literal writer as it comes. The rows' order and bytes are those of the
 * usual path. */
#include <config.h>

#include "bigval.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "snapshot.h"

typedef struct cand_col {
	int col;       /* index in the table's cols */
	char measure;  /* how its size is read: 't' text, 'c' bpchar, 'b' bytea, 's' stored size */
	bool textlike; /* its output is its text (text, varchar): read as ::text */
	char *outfn;   /* its type's output function, qualified */
} cand_col_t;

typedef struct cand_table {
	const table_t *t;
	cand_col_t *cols;
	int ncols;
	char *toast; /* its TOAST relation, qualified, when it may be read; or NULL */
} cand_table_t;

typedef struct side {
	const conn_t *owner;
	conn_t *conn; /* NULL: none could be opened; owner reads the usual way */
} side_t;

static struct {
	cand_table_t *tables;
	int ntables;
	char *snapshot; /* exported by the main connection */
	const struct options *o;
	long long threshold;
	int slice;
	int block_size; /* the server's */
	side_t *sides;
	int nsides;
} plan;
static pthread_mutex_t plan_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct wrapped {
	int cand;  /* index in the table's cand cols */
	int field; /* the row field it is read as */
} wrapped_t;

struct bigval_read {
	const cand_table_t *ct;
	conn_t *side;
	wrapped_t *wrapped;
	int nwrapped;
	long nsliced; /* values read in slices */
};

/* The test suite lowers the threshold (and the slice) so that small values
 * take this path: DBDUMP_TEST_BIGVAL=THRESHOLD[,SLICE] in bytes. Test-only
 * (doc/DESIGN.md). */
static void read_limits(void)
{
	const char *env = getenv("DBDUMP_TEST_BIGVAL");
	char *end;

	plan.threshold = BIGVAL_THRESHOLD;
	plan.slice = BIGVAL_SLICE;
	if (!env || !*env)
		return;
	plan.threshold = strtoll(env, &end, 10);
	if (*end == ',')
		plan.slice = (int)strtol(end + 1, &end, 10);
	if (*end || plan.threshold < 1 || plan.slice < 1)
		log_fatal("invalid DBDUMP_TEST_BIGVAL \"%s\": expected THRESHOLD[,SLICE] in bytes", env);
}

void bigval_finish(void)
{
	for (int i = 0; i < plan.nsides; i++) {
		if (!plan.sides[i].conn)
			continue;
		PQclear(conn_run(plan.sides[i].conn, "ending the big values' transaction", "COMMIT"));
		conn_close(plan.sides[i].conn);
	}
	for (int i = 0; i < plan.ntables; i++) {
		for (int k = 0; k < plan.tables[i].ncols; k++)
			free(plan.tables[i].cols[k].outfn);
		free(plan.tables[i].cols);
		free(plan.tables[i].toast);
	}
	free(plan.tables);
	free(plan.sides);
	free(plan.snapshot);
	memset(&plan, 0, sizeof plan);
}

static cand_table_t *cand_table_of(const table_t *t)
{
	for (int i = 0; i < plan.ntables; i++)
		if (plan.tables[i].t == t)
			return &plan.tables[i];
	return NULL;
}

/* Drops from the plan the tables whose TOAST relation shows no value that
 * can be big, where the role may read TOAST relations (superusers; the
 * table's owner too if granted USAGE on pg_toast); elsewhere a table keeps
 * the per-row check, which costs 10 to 20% of the COPY of narrow rows
 * (doc/PERFORMANCE.md, run 14).
 *
 * A value of raw bytes over the threshold is stored out of line (inline, a
 * row keeps at most a block's worth, and nothing compresses better than
 * about 255 to 1: lz4; pglz about 87 to 1, 3 bytes for 273 and a control
 * byte for 8 such), in at least raw/256 bytes, in chunks of less than a
 * quarter of a block: so its chunk numbers (chunk_seq, from 0) reach
 * ceil(raw/256 / (block_size/4)) - 1, which the TOAST index alone answers
 * (about 20 bytes a 2 kB chunk; an index scan, as the planner would rather
 * read the TOAST heap when it expects an early match). Of those values, the
 * raw size is at most the stored size when the value is not compressed,
 * and when it is, the first 4 bytes of chunk 0 hold it (the compressed
 * datum's header: the raw size in 30 bits and the method in 2, in the
 * server's byte order, either here). Read as a size, an uncompressed
 * value's first bytes may say anything; a compressed value's raw size is
 * never over 256 times what it is stored in: so a value may be big only if
 * its stored size is over the bound, or its first 4 bytes read either way
 * are over it yet within 256 times its stored size. Read in the dump's
 * snapshot, which sees the chunks of every row it sees. Only when no value
 * kept inline can be big (the threshold at least 256 blocks), so that the
 * TOAST relation holds every candidate. */
static void drop_small_toast(conn_t *c)
{
	int kept = 0;
	bool planner_set = false;

	for (int i = 0; i < plan.ntables; i++) {
		cand_table_t *ct = &plan.tables[i];
		long long quarter = plan.block_size > 0 ? plan.block_size / 4 : 8192;
		long long raw = plan.threshold, seq;
		bool big = true;

		/* A bytea is big at half the threshold: written in hex. */
		for (int k = 0; k < ct->ncols; k++)
			if (ct->cols[k].measure == 'b')
				raw = (plan.threshold - 2) / 2;
		seq = (raw / 256 + quarter - 1) / quarter - 1;

		if (ct->toast && raw >= 256LL * 4 * quarter) {
			buf_t sql;
			PGresult *r;

			if (!planner_set) {
				conn_exec(c, "reading the TOAST relations' indexes",
				          "SET enable_seqscan = off; SET enable_bitmapscan = off");
				planner_set = true;
			}
			/* seq is at least 3 here: chunk 0 of such a value is a full
			 * chunk, its 4 bytes are there. */
			buf_init(&sql);
			buf_printf(&sql,
			           "SELECT EXISTS (SELECT FROM (SELECT chunk_id,"
			           " (pg_catalog.max(chunk_seq) OPERATOR(pg_catalog.+) 1)::pg_catalog.int8"
			           " OPERATOR(pg_catalog.*) %lld AS stored"
			           " FROM %s WHERE chunk_seq >= %lld GROUP BY chunk_id) v"
			           " JOIN %s f ON f.chunk_id = v.chunk_id AND f.chunk_seq = 0,"
			           " LATERAL (SELECT"
			           " pg_catalog.get_byte(f.chunk_data, 0)::pg_catalog.int8 AS b0,"
			           " pg_catalog.get_byte(f.chunk_data, 1)::pg_catalog.int8 AS b1,"
			           " pg_catalog.get_byte(f.chunk_data, 2)::pg_catalog.int8 AS b2,"
			           " pg_catalog.get_byte(f.chunk_data, 3)::pg_catalog.int8 AS b3) h,"
			           /* OPERATOR() syntax gives every operator the same
			            * precedence: each step in parentheses. */
			           " LATERAL (VALUES ("
			           "(((h.b3 OPERATOR(pg_catalog.%%) 64)"
			           " OPERATOR(pg_catalog.*) 256 OPERATOR(pg_catalog.+) h.b2)"
			           " OPERATOR(pg_catalog.*) 256 OPERATOR(pg_catalog.+) h.b1)"
			           " OPERATOR(pg_catalog.*) 256 OPERATOR(pg_catalog.+) h.b0), ("
			           "(((h.b0 OPERATOR(pg_catalog.%%) 64)"
			           " OPERATOR(pg_catalog.*) 256 OPERATOR(pg_catalog.+) h.b1)"
			           " OPERATOR(pg_catalog.*) 256 OPERATOR(pg_catalog.+) h.b2)"
			           " OPERATOR(pg_catalog.*) 256 OPERATOR(pg_catalog.+) h.b3)) s(size)"
			           " WHERE v.stored > %lld OR (s.size > %lld"
			           " AND s.size <= (256 OPERATOR(pg_catalog.*) v.stored)))",
			           quarter, ct->toast, seq < 0 ? 0 : seq, ct->toast, raw, raw);
			r = conn_query(c, "reading a TOAST relation's index", sql.data, 0, NULL);
			big = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
			PQclear(r);
			buf_free(&sql);
		}
		if (!big) {
			log_info(LOG_STATEMENTS,
			         "table \"%s.%s\": no value in TOAST can be big enough to read in slices",
			         ct->t->raw_schema, ct->t->raw_name);
			for (int k = 0; k < ct->ncols; k++)
				free(ct->cols[k].outfn);
			free(ct->cols);
			free(ct->toast);
			continue;
		}
		plan.tables[kept++] = *ct;
	}
	plan.ntables = kept;
	if (planner_set)
		conn_exec(c, "reading the TOAST relations' indexes",
		          "RESET enable_seqscan; RESET enable_bitmapscan");
}

void bigval_plan(conn_t *c, const struct options *o, table_t **order, int n)
{
	buf_t oids;
	char min_toast[32];
	const char *params[2];
	PGresult *r;

	bigval_finish();
	if (c->kind != SERVER_POSTGRES)
		return;
	read_limits();
	plan.o = o;
	buf_init(&oids);
	buf_putc(&oids, '{');
	for (int i = 0; i < n; i++)
		if (order[i]->dump_data && order[i]->relkind == 'r')
			buf_printf(&oids, "%s%u", oids.len > 1 ? "," : "", order[i]->oid);
	buf_putc(&oids, '}');
	if (oids.len == 2) {
		buf_free(&oids);
		return;
	}
	/* A value of the threshold's size takes at least 1/256 of it in TOAST
	 * (pglz compresses at most about 87 to 1, lz4 255 to 1), and one
	 * compressed to fit in the row itself (2 kB) is under 512 kB: a table
	 * whose TOAST relation is smaller holds no value that big; a bytea is
	 * big at half the threshold (written in hex). The file's size can only
	 * be larger than what the snapshot sees. */
	snprintf(min_toast, sizeof min_toast, "%lld", plan.threshold / 512);
	params[0] = oids.data;
	params[1] = min_toast;
	r = conn_query(
	    c, "finding the tables that may hold big values",
	    "SELECT a.attrelid, pg_catalog.quote_ident(a.attname), p.proname,"
	    " pg_catalog.quote_ident(pn.nspname) OPERATOR(pg_catalog.||) '.'"
	    "  OPERATOR(pg_catalog.||) pg_catalog.quote_ident(p.proname), pn.nspname = 'pg_catalog',"
	    " a.atttypmod, c.reltoastrelid::pg_catalog.regclass::pg_catalog.text,"
	    " pg_catalog.has_schema_privilege('pg_toast', 'USAGE')"
	    "  AND pg_catalog.has_table_privilege(c.reltoastrelid, 'SELECT'),"
	    " (SELECT pg_catalog.current_setting('block_size'))"
	    " FROM pg_catalog.pg_class c"
	    " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0"
	    "  AND NOT a.attisdropped AND a.attlen = -1"
	    " JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid"
	    " JOIN pg_catalog.pg_proc p ON p.oid = ty.typoutput"
	    " JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace"
	    " WHERE c.oid = ANY ($1::pg_catalog.oid[]) AND c.reltoastrelid <> 0"
	    " AND pg_catalog.pg_relation_size(c.reltoastrelid) >= $2::pg_catalog.int8"
	    " ORDER BY a.attrelid, a.attnum",
	    2, params);
	if (PQntuples(r) > 0)
		plan.block_size = atoi(PQgetvalue(r, 0, 8));
	for (int i = 0; i < PQntuples(r); i++) {
		unsigned oid = (unsigned)strtoul(PQgetvalue(r, i, 0), NULL, 10);
		const char *name = PQgetvalue(r, i, 1), *fn = PQgetvalue(r, i, 2);
		bool core = strcmp(PQgetvalue(r, i, 4), "t") == 0;
		table_t *t = NULL;
		cand_table_t *ct;
		cand_col_t *cc;
		int col = -1;

		for (int k = 0; k < n && !t; k++)
			if (order[k]->oid == oid)
				t = order[k];
		for (int k = 0; t && k < t->ncols && col < 0; k++)
			if (strcmp(t->cols[k].name, name) == 0)
				col = k;
		/* Numbers and booleans are never that big; generated columns are
		 * not read. */
		if (col < 0 || t->cols[col].generated_expr || t->cols[col].lit != LIT_TEXT ||
		    t->cols[col].read_as_numeric)
			continue;
		/* varchar(n) and char(n) hold at most n characters of at most 4
		 * bytes (the longest in any server encoding). */
		if (core && (strcmp(fn, "varcharout") == 0 || strcmp(fn, "bpcharout") == 0)) {
			long long typmod = strtoll(PQgetvalue(r, i, 5), NULL, 10);
			if (typmod >= 4 && (typmod - 4) * 4 <= plan.threshold)
				continue;
		}
		ct = cand_table_of(t);
		if (!ct) {
			plan.tables = xrealloc(plan.tables, sizeof *plan.tables * (size_t)(plan.ntables + 1));
			ct = &plan.tables[plan.ntables++];
			memset(ct, 0, sizeof *ct);
			ct->t = t;
			if (strcmp(PQgetvalue(r, i, 7), "t") == 0)
				ct->toast = xstrdup(PQgetvalue(r, i, 6));
		}
		ct->cols = xrealloc(ct->cols, sizeof *ct->cols * (size_t)(ct->ncols + 1));
		cc = &ct->cols[ct->ncols++];
		cc->col = col;
		cc->outfn = xstrdup(PQgetvalue(r, i, 3));
		cc->textlike = core && (strcmp(fn, "textout") == 0 || strcmp(fn, "varcharout") == 0);
		/* octet_length reads a TOASTed text's or bytea's size from its
		 * header; other types' text is not their stored size, and
		 * pg_column_size (compressed) is the best cheap guess. */
		if (core && (cc->textlike || strcmp(fn, "xml_out") == 0))
			cc->measure = 't';
		else if (core && strcmp(fn, "bpcharout") == 0)
			cc->measure = 'c';
		else if (core && strcmp(fn, "byteaout") == 0)
			cc->measure = 'b';
		else
			cc->measure = 's';
	}
	PQclear(r);
	buf_free(&oids);
	drop_small_toast(c);
	if (plan.ntables > 0) {
		r = conn_query(c, "exporting the snapshot for reading big values",
		               "SELECT pg_catalog.pg_export_snapshot()", 0, NULL);
		plan.snapshot = xstrdup(PQgetvalue(r, 0, 0));
		PQclear(r);
		log_info(LOG_VERBOSE,
		         "%d tables may hold values over %lld bytes, to be read in slices in snapshot %s",
		         plan.ntables, plan.threshold, plan.snapshot);
	}
}

/* A second connection beside c, in the exported snapshot, on c's server (a
 * snapshot lives on one server). NULL, said at -v, when none can be opened:
 * c's tables are then read the usual way. */
static conn_t *open_side(conn_t *c)
{
	char *err = NULL, *mine = conn_server_start_time(c), *when;
	conn_t *s = conn_try_open_same_server(c, -1, mine, "the second connection for big values", &err);
	struct options so = *plan.o;

	free(mine);
	if (!s) {
		log_info(LOG_VERBOSE,
		         "could not open a second connection for big values (%s): they are read whole", err);
		free(err);
		return NULL;
	}
	so.snapshot = plan.snapshot;
	when = snapshot_begin_pg(s, &so);
	free(when);
	return s;
}

static conn_t *side_of(conn_t *c)
{
	conn_t *s;

	pthread_mutex_lock(&plan_lock);
	for (int i = 0; i < plan.nsides; i++) {
		if (plan.sides[i].owner == c) {
			s = plan.sides[i].conn;
			pthread_mutex_unlock(&plan_lock);
			return s;
		}
	}
	pthread_mutex_unlock(&plan_lock);
	/* c is this thread's own: no other thread opens a side for it. */
	s = open_side(c);
	pthread_mutex_lock(&plan_lock);
	plan.sides = xrealloc(plan.sides, sizeof *plan.sides * (size_t)(plan.nsides + 1));
	plan.sides[plan.nsides].owner = c;
	plan.sides[plan.nsides++].conn = s;
	pthread_mutex_unlock(&plan_lock);
	return s;
}

bigval_read_t *bigval_begin(conn_t *c, const table_t *t)
{
	const cand_table_t *ct = cand_table_of(t);
	bigval_read_t *b;
	conn_t *s;

	if (!ct || !(s = side_of(c)))
		return NULL;
	b = xcalloc(1, sizeof *b);
	b->ct = ct;
	b->side = s;
	b->wrapped = xcalloc((size_t)ct->ncols, sizeof *b->wrapped);
	return b;
}

void bigval_end(bigval_read_t *b)
{
	if (!b)
		return;
	if (b->nsliced > 0)
		log_info(LOG_VERBOSE, "table \"%s.%s\": %ld values read in slices", b->ct->t->raw_schema,
		         b->ct->t->raw_name, b->nsliced);
	free(b->wrapped);
	free(b);
}

/* The condition that column cc's value is too big, from its header only. */
static void too_big(const bigval_read_t *b, const cand_col_t *cc, buf_t *sql)
{
	const char *name = b->ct->t->cols[cc->col].name;

	switch (cc->measure) {
	case 't':
		buf_printf(sql, "pg_catalog.octet_length(%s::pg_catalog.text) > %lld", name, plan.threshold);
		break;
	case 'c':
		buf_printf(sql, "pg_catalog.octet_length(%s::pg_catalog.bpchar) > %lld", name,
		           plan.threshold);
		break;
	case 'b': /* written as \x and two hex digits a byte */
		buf_printf(sql, "pg_catalog.octet_length(%s::pg_catalog.bytea) > %lld", name,
		           (plan.threshold - 2) / 2);
		break;
	default: buf_printf(sql, "pg_catalog.pg_column_size(%s) > %lld", name, plan.threshold); break;
	}
}

bool bigval_column(bigval_read_t *b, buf_t *sql, int col, int field, const char *cast)
{
	for (int k = 0; k < b->ct->ncols; k++) {
		if (b->ct->cols[k].col != col)
			continue;
		b->wrapped[b->nwrapped].cand = k;
		b->wrapped[b->nwrapped++].field = field;
		buf_puts(sql, "CASE WHEN ");
		too_big(b, &b->ct->cols[k], sql);
		buf_printf(sql, " THEN NULL ELSE %s%s END", b->ct->t->cols[col].name, cast);
		return true;
	}
	return false;
}

void bigval_flag(bigval_read_t *b, buf_t *sql)
{
	buf_puts(sql, ", ");
	if (b->nwrapped == 0) {
		buf_puts(sql, "NULL::pg_catalog.text");
		return;
	}
	buf_puts(sql, "CASE WHEN ");
	for (int i = 0; i < b->nwrapped; i++) {
		if (i)
			buf_puts(sql, " OR ");
		too_big(b, &b->ct->cols[b->wrapped[i].cand], sql);
	}
	buf_puts(sql, " THEN ctid::pg_catalog.text OPERATOR(pg_catalog.||) ' '");
	for (int i = 0; i < b->nwrapped; i++) {
		buf_puts(sql, " OPERATOR(pg_catalog.||) CASE WHEN ");
		too_big(b, &b->ct->cols[b->wrapped[i].cand], sql);
		buf_puts(sql, " THEN '1' ELSE '0' END");
	}
	buf_puts(sql, " END");
}

/* One big value being read: a cursor on the side connection, one slice (one
 * FETCH) at a time. */
typedef struct slices {
	const bigval_read_t *b;
	const cand_col_t *cc;
	char cursor[32];
	PGresult *r;       /* the slice in hand, or NULL */
	size_t off;        /* bytes of r's slice handed out */
	size_t total, got; /* the value's bytes; those fetched so far */
	bool bytea;        /* handed out as \x and hex digits */
	bool started;      /* bytea: the \x is out */
	buf_t hex;
} slices_t;

static _Noreturn void slice_fail(const slices_t *s, const char *why)
{
	const table_t *t = s->b->ct->t;

	log_fatal("could not read a big value of column %s of table \"%s.%s\": %s", t->cols[s->cc->col].name,
	          t->raw_schema, t->raw_name, why);
}

static uint32_t be32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

/* Fetches the next slice into s->r: false when there is none. */
static bool fetch(slices_t *s)
{
	conn_t *side = s->b->side;
	char sql[64];
	uint32_t total, off;
	size_t len;

	snprintf(sql, sizeof sql, "FETCH 1 FROM %s", s->cursor);
	PQclear(s->r);
	s->r = conn_run(side, "reading a big value", sql);
	if (PQresultStatus(s->r) != PGRES_TUPLES_OK)
		slice_fail(s, PQstatus(side->pg) == CONNECTION_BAD ? "the connection to the server was lost"
		                                                   : conn_result_error(s->r));
	if (PQntuples(s->r) == 0) {
		PQclear(s->r);
		s->r = NULL;
		return false;
	}
	if (PQnfields(s->r) != 3 || PQgetlength(s->r, 0, 0) != 4 || PQgetlength(s->r, 0, 1) != 4 ||
	    PQgetisnull(s->r, 0, 2))
		slice_fail(s, "the server sent a slice of an unexpected shape");
	total = be32(PQgetvalue(s->r, 0, 0));
	off = be32(PQgetvalue(s->r, 0, 1));
	len = (size_t)PQgetlength(s->r, 0, 2);
	if (s->got == 0)
		s->total = total;
	if (total != s->total || off != s->got + 1 || len == 0 || s->got + len > s->total)
		slice_fail(s, "the slices came back out of order");
	s->got += len;
	s->off = 0;
	return true;
}

/* rows_stream_t's next: the value's text, slice by slice. */
static bool next_chunk(void *ctx, const char **p, size_t *n)
{
	slices_t *s = ctx;
	size_t have;

	if (s->bytea && !s->started) {
		s->started = true;
		*p = "\\x";
		*n = 2;
		return true;
	}
	if (!s->r || s->off == (size_t)PQgetlength(s->r, 0, 2)) {
		if (s->got == s->total) {
			PQclear(s->r);
			s->r = NULL;
			return false;
		}
		if (!fetch(s))
			slice_fail(s, "the value ended early");
	}
	have = (size_t)PQgetlength(s->r, 0, 2) - s->off;
	if (!s->bytea) {
		*p = PQgetvalue(s->r, 0, 2) + s->off;
		*n = have;
		s->off += have;
		return true;
	}
	/* bytea as byteaout writes it with bytea_output = hex. */
	{
		static const char digits[] = "0123456789abcdef";
		const unsigned char *raw = (const unsigned char *)PQgetvalue(s->r, 0, 2) + s->off;
		size_t take = have < ROWS_PIECE / 2 ? have : ROWS_PIECE / 2;
		buf_reset(&s->hex);
		buf_grow(&s->hex, 2 * take);
		for (size_t i = 0; i < take; i++) {
			s->hex.data[2 * i] = digits[raw[i] >> 4];
			s->hex.data[2 * i + 1] = digits[raw[i] & 15];
		}
		s->hex.len = 2 * take;
		s->off += take;
		*p = s->hex.data;
		*n = s->hex.len;
		return true;
	}
}

/* The value's text as the usual path reads it, as a bytea computed once in
 * the server's memory (so each slice is a copy, not a new decompression). */
static void value_expr(const bigval_read_t *b, const cand_col_t *cc, buf_t *sql)
{
	const column_t *col = &b->ct->t->cols[cc->col];

	if (cc->measure == 'b')
		buf_printf(sql, "%s::pg_catalog.bytea OPERATOR(pg_catalog.||) '\\x'::pg_catalog.bytea",
		           col->name);
	else if (cc->textlike || col->read_as_text)
		buf_printf(sql, "pg_catalog.convert_to(%s::pg_catalog.text, pg_catalog.pg_client_encoding())",
		           col->name);
	else
		buf_printf(
		    sql, "pg_catalog.convert_to(pg_catalog.textin(%s(%s)), pg_catalog.pg_client_encoding())",
		    cc->outfn, col->name);
}

/* Opens s's cursor on the row at tid and fetches its first slice. */
static void open_slices(slices_t *s, const char *tid, int seq)
{
	buf_t sql;
	PGresult *r;

	snprintf(s->cursor, sizeof s->cursor, "dbdump_bigval_%d", seq);
	buf_init(&sql);
	buf_printf(&sql,
	           "DECLARE %s NO SCROLL BINARY CURSOR FOR SELECT pg_catalog.length(s.b), g.off,"
	           " pg_catalog.substr(s.b, g.off, %d) FROM (SELECT ",
	           s->cursor, plan.slice);
	value_expr(s->b, s->cc, &sql);
	buf_printf(&sql,
	           " AS b FROM ONLY %s WHERE ctid = '%s'::pg_catalog.tid OFFSET 0) s,"
	           " LATERAL pg_catalog.generate_series(1, pg_catalog.length(s.b), %d) g(off)",
	           s->b->ct->t->qname, tid, plan.slice);
	log_info(LOG_STATEMENTS, "statement: %s", sql.data);
	r = conn_run(s->b->side, "reading a big value", sql.data);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		slice_fail(s, PQstatus(s->b->side->pg) == CONNECTION_BAD
		                  ? "the connection to the server was lost"
		                  : conn_result_error(r));
	PQclear(r);
	buf_free(&sql);
	if (!fetch(s))
		slice_fail(s, "its row is not in the snapshot");
}

bool bigval_row(bigval_read_t *b, rows_writer_t *w, copy_field_t *fields, const copy_field_t *flag)
{
	const char *sp;
	char tid[32];
	size_t tlen;
	slices_t *s;
	rows_stream_t *streams;
	int nbig = 0;
	buf_t close;

	if (flag->isnull)
		return false;
	sp = memchr(flag->ptr, ' ', flag->len);
	tlen = sp ? (size_t)(sp - flag->ptr) : 0;
	if (!sp || tlen >= sizeof tid || strspn(flag->ptr, "0123456789(),") < tlen ||
	    flag->len - tlen - 1 != (size_t)b->nwrapped)
		log_fatal("could not read table \"%s.%s\": a row came back with a malformed big-value flag",
		          b->ct->t->raw_schema, b->ct->t->raw_name);
	memcpy(tid, flag->ptr, tlen);
	tid[tlen] = '\0';

	s = xcalloc((size_t)b->nwrapped, sizeof *s);
	streams = xcalloc((size_t)w->ncols, sizeof *streams);
	for (int i = 0; i < b->nwrapped; i++) {
		const wrapped_t *wr = &b->wrapped[i];
		if (sp[1 + i] != '1')
			continue;
		s[i].b = b;
		s[i].cc = &b->ct->cols[wr->cand];
		s[i].bytea = s[i].cc->measure == 'b';
		buf_init(&s[i].hex);
		open_slices(&s[i], tid, i);
		streams[wr->field].len = s[i].bytea ? 2 + 2 * s[i].total : s[i].total;
		streams[wr->field].next = next_chunk;
		streams[wr->field].ctx = &s[i];
		nbig++;
	}
	b->nsliced += nbig;
	if (nbig == 0)
		log_fatal("could not read table \"%s.%s\": a row came back with a malformed big-value flag",
		          b->ct->t->raw_schema, b->ct->t->raw_name);
	if (!rows_add_streamed(w, fields, streams)) {
		/* Where the row goes depends on its exact length (a value near
		 * --max-insert-bytes): gathered whole, which still costs one copy
		 * of it rather than two. */
		buf_t *whole = xcalloc((size_t)b->nwrapped, sizeof *whole);
		for (int i = 0; i < b->nwrapped; i++) {
			const char *p;
			size_t n;
			int f = b->wrapped[i].field;
			if (!s[i].b)
				continue;
			buf_init(&whole[i]);
			while (next_chunk(&s[i], &p, &n))
				buf_append(&whole[i], p, n);
			fields[f].ptr = whole[i].data;
			fields[f].len = whole[i].len;
			fields[f].isnull = false;
		}
		rows_add(w, fields);
		for (int i = 0; i < b->nwrapped; i++)
			if (s[i].b)
				buf_free(&whole[i]);
		free(whole);
	}
	buf_init(&close);
	for (int i = 0; i < b->nwrapped; i++) {
		if (!s[i].b)
			continue;
		if (s[i].r || s[i].got != s[i].total)
			slice_fail(&s[i], "not all of it was written");
		buf_printf(&close, "CLOSE %s;", s[i].cursor);
		buf_free(&s[i].hex);
	}
	conn_exec(b->side, "reading a big value", close.data);
	buf_free(&close);
	free(streams);
	free(s);
	return true;
}
