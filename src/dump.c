/* dump: one whole dump, from connection to completion trailer. */
#include <config.h>

#include "dump.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "census.h"
#include "conn.h"
#include "copytext.h"
#include "crdb.h"
#include "ddl.h"
#include "dump_crdb.h"
#include "extconfig.h"
#include "globals.h"
#include "jobs.h"
#include "listing.h"
#include "lo.h"
#include "log.h"
#include "manifest.h"
#include "plan.h"
#include "quote.h"
#include "rows.h"
#include "sink.h"
#include "snapshot.h"

#define TRAILER "-- dbdump: dump complete\n"

/* rpad allocates the encoding's maximum character length times the count
 * and writes only the count's bytes (a quarter in UTF8), and its argument is
 * not a constant the planner would fold and copy: the server faults in
 * 4 MB, not the 32 MB of folding repeat('x', 16777216), which cost a keyed
 * restore 8% of its CPU (doc/PERFORMANCE.md, run 14). */
#define MALLOC_PREP                                                                                   \
	"-- a 16 MB value, freed, keeps the server's memory between INSERTs (glibc malloc's trim " \
	"threshold)\n"                                                                                 \
	"SELECT pg_catalog.octet_length(pg_catalog.rpad('', 16777216 / "                          \
	"pg_catalog.pg_encoding_max_length(pg_catalog.pg_char_to_encoding("                        \
	"pg_catalog.getdatabaseencoding()))));\n"

/* The end of each database's part when the header turned synchronous_commit
 * off: the session's own setting back, then a transaction that takes an xid
 * and writes WAL (a transaction without WAL commits asynchronously whatever
 * the setting), so that its commit flushes the WAL up to it, which covers
 * every asynchronous commit before it (doc/DESIGN.md, "A restore's commits"). */
#define DURABLE_END                                                                                    \
	"-- make the commits above durable: this synchronous commit writes WAL, and its flush covers " \
	"all WAL before it\n"                                                                          \
	"RESET synchronous_commit;\n"                                                                  \
	"SELECT pg_catalog.pg_logical_emit_message(true, 'dbdump', 'restore durable');\n\n"

/* Text for a comment line: no newline can end the comment early. */
static void comment_text(buf_t *out, const char *s)
{
	for (; *s; s++)
		buf_putc(out, (*s == '\n' || *s == '\r') ? ' ' : *s);
}

/* Quotes a database name for psql's \\connect: a conninfo value in single
 * quotes, the whole argument in double quotes. */
static void connect_arg(buf_t *b, const char *db)
{
	buf_puts(b, "\"dbname='");
	for (const char *p = db; *p; p++) {
		if (*p == '\'' || *p == '\\')
			buf_putc(b, '\\');
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_puts(b, "'\"");
}

/* With --all-databases: create the database when it is missing and set its
 * properties (globals.c), then switch to it. */
static void write_database_switch(buf_t *b, conn_t *c, const struct options *o)
{
	buf_printf(b, "\n--\n-- database \"");
	comment_text(b, conn_dbname(c));
	buf_printf(b, "\"\n--\n\n");
	/* dump_run refused such names already; this is the last guard. */
	if (quote_has_line_break(conn_dbname(c)))
		log_fatal("database name \"%s\" holds a line break, which a psql \\connect line cannot carry",
			  conn_dbname(c));
	globals_database(b, c, o);
	buf_puts(b, "\\connect -reuse-previous=on ");
	connect_arg(b, conn_dbname(c));
	buf_puts(b, "\n\n");
}

/* With --all-databases, first in the file: what it is, how to restore it,
 * and what it leaves out. */
static void write_banner(buf_t *b, const conn_t *c, const struct options *o)
{
	if (c->kind == SERVER_COCKROACH) {
		buf_puts(b, o->all_databases && !o->globals_only && !o->roles_only
		                ? "-- dbdump " PACKAGE_VERSION " dump of all databases\n--\n"
		                : "-- dbdump " PACKAGE_VERSION " dump of the roles\n--\n");
		buf_puts(b, "-- role passwords: not dumped (CockroachDB does not give them back)\n--\n\n");
		return;
	}
	if (o->roles_only)
		buf_puts(b, "-- dbdump " PACKAGE_VERSION " dump of the roles\n--\n");
	else if (o->globals_only)
		buf_puts(b, "-- dbdump " PACKAGE_VERSION " dump of the roles and tablespaces\n--\n");
	else
		buf_puts(b, "-- dbdump " PACKAGE_VERSION " dump of all databases\n--\n");
	buf_puts(b, "-- restore with: psql -X -v ON_ERROR_STOP=1 -d postgres -f FILE\n--\n");
	if (o->no_role_passwords)
		buf_puts(b, "-- role passwords: not dumped (--no-role-passwords)\n--\n");
	buf_putc(b, '\n');
}

static void write_header(sink_t *out, conn_t *c, const char *when, const struct options *o, const census_t *cs)
{
	buf_t *b = sink_buffer(out);

	if (o->all_databases)
		write_database_switch(b, c, o);
	buf_puts(b, "-- dbdump " PACKAGE_VERSION " dump of database \"");
	comment_text(b, conn_dbname(c));
	buf_puts(b, "\"\n--\n-- server: PostgreSQL ");
	comment_text(b, c->server_version);
	buf_printf(b, "\n-- snapshot: %s\n", when);
	buf_printf(b, "-- contents: %s\n",
		   o->mode == DUMP_SCHEMA ? "schema" : o->mode == DUMP_DATA ? "data" : "schema and data");
	/* What --exclude-unsupported left out stays visible in the file itself. */
	for (int i = 0; i < cs->nmissing; i++) {
		buf_puts(b, "-- left out (--exclude-unsupported): ");
		comment_text(b, cs->missing[i]);
		buf_putc(b, '\n');
	}
	buf_puts(b, MANIFEST_HEADER_LINE "--\n\n");
	/* Only settings that every supported server (PostgreSQL 12 and later) accepts. */
	buf_puts(b, "SET statement_timeout = 0;\n"
		    "SET lock_timeout = 0;\n"
		    "SET idle_in_transaction_session_timeout = 0;\n");
	buf_printf(b, "SET client_encoding = '%s';\n", pg_encoding_to_char(PQclientEncoding(c->pg)));
	buf_puts(b, "SET standard_conforming_strings = on;\n"
		    "SELECT pg_catalog.set_config('search_path', '', false);\n"
		    "SET check_function_bodies = false;\n"
		    "SET xmloption = content;\n"
		    "SET client_min_messages = warning;\n"
		    /* a heap table is written without USING */
		    "SET default_table_access_method = heap;\n"
		    "SET row_security = off;\n");
	/* Asynchronous commit: the restore's many small transactions do not each
	 * wait for a WAL flush. DURABLE_END makes them durable at the end of the
	 * same session; with one transaction there is nothing to gain. */
	if (!o->single_transaction)
		buf_puts(b, "SET synchronous_commit = off;\n");
	/* The restoring backend's glibc malloc otherwise gives the memory of each
	 * INSERT's parse and plan back to the kernel after the statement and
	 * faults it in again in the next, which doubled to tripled the server's
	 * CPU (doc/PERFORMANCE.md, run 12). Freeing one mmapped block raises
	 * glibc's dynamic mmap and trim thresholds to its size and twice that. */
	if (o->mode != DUMP_SCHEMA)
		buf_puts(b, MALLOC_PREP);
	buf_putc(b, '\n');
	if (o->single_transaction)
		buf_puts(b, "BEGIN;\n\n");
	sink_maybe_flush(out);
}

/* The order table rows are written in: every table after the tables its
 * foreign keys reference, so that a data-only dump loads into a schema that
 * already has its foreign keys. Ties keep the plan's order. Tables in a
 * foreign-key cycle keep the plan's order; a data-only dump warns about them. */
static table_t **data_order_by_fk(const catalog_t *cat, table_t **order, int n, bool warn)
{
	table_t **out = xcalloc((size_t)n + 1, sizeof(table_t *));
	bool *done = xcalloc((size_t)n + 1, sizeof(bool));
	int count = 0;
	bool progress = true;

	while (progress) {
		progress = false;
		for (int i = 0; i < n; i++) {
			bool ready = true;
			if (done[i])
				continue;
			for (int k = 0; k < order[i]->ncons && ready; k++) {
				const constraint_t *con = &order[i]->cons[k];
				if (con->type != 'f' || con->ref_table == order[i]->oid)
					continue;
				for (int j = 0; j < n && ready; j++)
					if (!done[j] && order[j]->oid == con->ref_table)
						ready = false;
			}
			if (ready) {
				done[i] = true;
				out[count++] = order[i];
				progress = true;
			}
		}
	}
	for (int i = 0; i < n; i++) {
		if (done[i])
			continue;
		if (warn && order[i]->dump_data)
			log_warning("table %s is in a cycle of foreign keys: a data-only restore may need "
				    "SET session_replication_role = replica",
				    order[i]->qname);
		out[count++] = order[i];
	}
	(void)cat;
	free(done);
	return out;
}

/* Takes ACCESS SHARE locks on every dumped table, so no one can drop or
 * alter them under the dump while writers go on. One LOCK statement per
 * table, all sent at once (one round trip): the results come back one per
 * statement, so a lock timeout or a table dropped meanwhile names its table. */
static void lock_tables(conn_t *c, const catalog_t *cat)
{
	buf_t sql;
	const table_t **locked = xcalloc((size_t)cat->ntables + 1, sizeof *locked);
	int n = 0, done = 0;
	PGresult *r;
	const table_t *failed = NULL;
	char *err = NULL;

	buf_init(&sql);
	for (int i = 0; i < cat->ntables; i++) {
		if (!cat->tables[i].selected)
			continue;
		buf_printf(&sql, "LOCK TABLE ONLY %s IN ACCESS SHARE MODE;", cat->tables[i].qname);
		locked[n++] = &cat->tables[i];
	}
	if (n > 0) {
		log_info(LOG_STATEMENTS, "statement: %s", sql.data);
		if (!PQsendQuery(c->pg, sql.data))
			log_fatal("locking the tables failed: %s", PQerrorMessage(c->pg));
		while ((r = conn_next_result(c, "waiting for the table locks")) != NULL) {
			if (PQresultStatus(r) == PGRES_COMMAND_OK) {
				done++;
			} else if (!err) {
				failed = done < n ? locked[done] : NULL;
				err = xstrdup(PQstatus(c->pg) == CONNECTION_BAD ? "the connection to the server was lost"
										 : conn_result_error(r));
			}
			PQclear(r);
		}
		if (err && failed)
			log_fatal("could not lock table \"%s.%s\": %s", failed->raw_schema, failed->raw_name, err);
		if (err)
			log_fatal("locking the tables failed: %s", err);
	}
	free(locked);
	buf_free(&sql);
}

/* A TRUNCATE, or a rewrite (ALTER TABLE ... TYPE, VACUUM FULL, CLUSTER),
 * that committed after the snapshot gives the table new storage, and the
 * snapshot then reads the new storage as empty. A rename that committed
 * after the snapshot (ALTER TABLE a RENAME TO a_old, then a_new RENAME TO a,
 * as online schema-change tools swap tables) leaves the snapshot's name to
 * another table: LOCK took that one, and COPY would read its rows under the
 * snapshot's definition of the first. Once the locks are held no such change
 * can come any more; this finds one that came before: the snapshot's pg_class
 * row against the current catalog (pg_relation_filenode, to_regclass and
 * pg_identify_object read it as of now, not as of the snapshot). So does a
 * column dropped and added again under its name (no rewrite): COPY by name
 * would read the new, empty column. A rename or ADD COLUMN updates the
 * pg_class (or pg_namespace) row, which sets xmax on the version the snapshot
 * sees: only such tables pay for the name lookups (5 us a table; their
 * columns: one scan of pg_attribute). Columns swapped by renames alone
 * (x to t, y to x, t to y) touch no pg_class row and stay unseen: finding
 * them would mean reading xmax on every pg_attribute row, 1.5 us each. */
static void check_tables_unchanged(conn_t *c, const catalog_t *cat)
{
	buf_t all, data;
	PGresult *r;
	const char *params[2];
	bool any = false, any_data = false;

	buf_init(&all);
	buf_init(&data);
	buf_putc(&all, '{');
	buf_putc(&data, '{');
	for (int i = 0; i < cat->ntables; i++) {
		if (!cat->tables[i].selected)
			continue;
		buf_printf(&all, "%s%u", any ? "," : "", cat->tables[i].oid);
		any = true;
		if (!cat->tables[i].dump_data)
			continue;
		buf_printf(&data, "%s%u", any_data ? "," : "", cat->tables[i].oid);
		any_data = true;
	}
	buf_putc(&all, '}');
	buf_putc(&data, '}');
	if (any) {
		params[0] = all.data;
		params[1] = data.data;
		r = conn_query(
		    c, "checking that the tables were not renamed, emptied or rewritten",
		    "WITH t AS MATERIALIZED (SELECT c.oid, n.nspname, c.relname, c.relfilenode,"
		    " NOT (c.xmax OPERATOR(pg_catalog.=) '0' AND n.xmax OPERATOR(pg_catalog.=) '0') AS touched,"
		    " c.oid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.oid[]) AS data FROM pg_catalog.pg_class c"
		    " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
		    " WHERE c.oid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.oid[]))"
		    " SELECT s.nspname, s.relname, s.what, s.attname FROM (SELECT t.nspname, t.relname,"
		    " CASE WHEN t.touched AND pg_catalog.to_regclass(pg_catalog.quote_ident(t.nspname)"
		    " OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(t.relname))"
		    " IS DISTINCT FROM t.oid THEN 1 WHEN t.data AND t.relfilenode OPERATOR(pg_catalog.<>) '0'"
		    " AND t.relfilenode IS DISTINCT FROM pg_catalog.pg_relation_filenode(t.oid) THEN 3 END AS what,"
		    " NULL::pg_catalog.name AS attname FROM t"
		    " UNION ALL SELECT t.nspname, t.relname, CASE WHEN (pg_catalog.pg_identify_object("
		    "'pg_catalog.pg_class'::pg_catalog.regclass, a.attrelid, a.attnum)).identity IS DISTINCT FROM"
		    " pg_catalog.quote_ident(t.nspname) OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||)"
		    " pg_catalog.quote_ident(t.relname) OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||)"
		    " pg_catalog.quote_ident(a.attname) THEN 2 END, a.attname FROM t"
		    " JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) t.oid"
		    " WHERE t.touched AND t.data AND a.attnum OPERATOR(pg_catalog.>) '0' AND NOT a.attisdropped) s"
		    " WHERE s.what IS NOT NULL ORDER BY s.what, s.nspname, s.relname, s.attname LIMIT 1",
		    2, params);
		if (PQntuples(r) > 0 && strcmp(PQgetvalue(r, 0, 2), "1") == 0)
			log_fatal("table \"%s.%s\" was renamed, or its schema was, after the dump's snapshot was "
				  "taken (while the dump waited for its lock), and the name now belongs to another "
				  "table: run the dump again",
				  PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
		if (PQntuples(r) > 0 && strcmp(PQgetvalue(r, 0, 2), "2") == 0)
			log_fatal("column \"%s\" of table \"%s.%s\" was renamed or dropped after the dump's "
				  "snapshot was taken (while the dump waited for its lock): its values cannot be read "
				  "by name; run the dump again",
				  PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
		if (PQntuples(r) > 0)
			log_fatal("table \"%s.%s\" was truncated or rewritten after the dump's snapshot was taken "
				  "(while the dump waited for its lock): its rows cannot be read consistently; run the "
				  "dump again",
				  PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
		PQclear(r);
	}
	buf_free(&all);
	buf_free(&data);
}

/* With --all-databases, db is not NULL and each line starts with it, so that
 * tables of the same name in two databases stay apart. The large objects,
 * when the dump writes them, are one more line: pg_catalog.pg_largeobject
 * with their count as its rows. */
static void list_tables(conn_t *c, const struct options *o, table_t **order, int n, const char *db)
{
	bool tty = isatty(STDOUT_FILENO);
	buf_t b;

	buf_init(&b);
	if (tty)
		listing_heading(&b, db != NULL);
	for (int i = 0; i < n; i++)
		listing_row(&b, tty, db, order[i]->raw_schema, order[i]->raw_name, order[i]->reltuples,
			    order[i]->est_bytes);
	if (lo_included(o)) {
		double count, bytes;
		lo_estimate(c, &count, &bytes);
		if (count > 0)
			listing_row(&b, tty, db, "pg_catalog", "pg_largeobject", count, bytes);
	}
	fputs(b.data ? b.data : "", stdout);
	buf_free(&b);
}

/* Writes the plan's items (or, for --clean, their DROPs in reverse order). */
static void write_items(sink_t *out, const catalog_t *cat, const plan_item_t *items, int n, bool drops,
			const struct options *o)
{
	struct ddl_flags f = {o->owners, o->privileges, o->if_exists};
	buf_t *b = sink_buffer(out);

	for (int i = 0; i < n; i++) {
		const plan_item_t *it = &items[drops ? n - 1 - i : i];
		if (drops)
			ddl_drop(b, cat, it->obj, it->how, &f);
		else
			ddl_create(b, cat, it->obj, it->how, &f);
		sink_maybe_flush(out);
	}
	buf_putc(b, '\n');
}

/* Dumps one database into *outp, opening the sink on first use. */
static void dump_database(const struct options *o, const char *dbname, sink_t **outp)
{
	conn_t *c = conn_open(o, dbname);
	char *when;
	selection_t *sel;
	catalog_t *cat;
	table_t **order;
	plan_t *plan;
	int ntables;
	sink_t *out;
	buf_t *b;
	bool schema = o->mode != DUMP_DATA, data = o->mode != DUMP_SCHEMA;
	/* Large objects are always accounted for: written when lo_included says
	 * so, else left out by the user's own choice (-B, -s, or a table or
	 * schema selection, pg_dump's rule). */
	struct census_flags census_flags = {schema, data, true};
	census_t *cs = NULL;

	if (c->kind == SERVER_COCKROACH) {
		if (o->all_databases && !o->list_only) {
			if (!*outp)
				*outp = sink_open(o->file, o->compress_level, o->compress_threads);
			crdb_database_switch(sink_buffer(*outp), conn_dbname(c));
			dump_crdb_zone(c, sink_buffer(*outp), conn_dbname(c));
		}
		dump_crdb_database(c, o, outp);
		conn_close(c);
		return;
	}
	if (o->as_of) {
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		if (asof_is_past(&o->as_of_value, (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec))
			log_fatal_status(2, "--as-of needs a CockroachDB server: PostgreSQL keeps no history, so a "
					    "PostgreSQL dump is always consistent as of the moment it starts "
					    "(use --snapshot to join a snapshot another session exported)");
		log_info(LOG_VERBOSE, "--as-of %s is not in the past: the dump reads as of the moment it starts",
			 o->as_of);
	}
	when = snapshot_begin_pg(c, o);
	sel = plan_resolve(c, o);
	cat = catalog_load_pg(c, o);
	plan_apply(cat, sel);
	order = plan_table_order(cat, &ntables);
	plan = plan_order(cat);
	lock_tables(c, cat);
	check_tables_unchanged(c, cat);

	if (o->list_only) {
		plan_selection_free(sel);
		list_tables(c, o, order, ntables, o->all_databases ? conn_dbname(c) : NULL);
		goto done;
	}
	if (o->mode != DUMP_SCHEMA)
		catalog_read_sequence_values(c, cat);
	/* Before anything is written: what the dump cannot carry fails it, or,
	 * when the user accepted the loss, is named in warnings and the header. */
	cs = census_take(c, cat, sel, &census_flags);
	plan_selection_free(sel);
	if (cs->nmissing > 0 && !o->exclude_unsupported) {
		char *msg = census_message(cs);
		log_fatal("%s", msg);
	}
	for (int i = 0; i < cs->nmissing; i++)
		log_warning("left out %s: dbdump does not carry this kind of object", cs->missing[i]);
	log_info(LOG_VERBOSE, "dumping %d tables of database \"%s\" as of %s", ntables, conn_dbname(c), when);

	if (!*outp)
		*outp = sink_open(o->file, o->compress_level, o->compress_threads);
	out = *outp;
	b = sink_buffer(out);
	write_header(out, c, when, o, cs);

	if (schema) {
		if (o->clean) {
			write_items(out, cat, plan->post, plan->npost, true, o);
			write_items(out, cat, plan->pre, plan->npre, true, o);
		}
		write_items(out, cat, plan->pre, plan->npre, false, o);
	}
	if (data) {
		table_t **data_order = data_order_by_fk(cat, order, ntables, o->mode == DUMP_DATA);
		lo_set_t *los = lo_included(o) ? lo_list(c, o) : NULL;
		jobs_extra_t lo_items = {los ? lo_batches(los) : 0, lo_write_batch, los,
		                         los ? lo_count(los) : 0};
		jobs_dump_data(c, o, data_order, ntables, &lo_items, out);
		if (los)
			lo_manifest_write(b, los);
		lo_set_free(los);
		free(data_order);
		for (int i = 0; i < cat->nseqs; i++)
			if (cat->seqs[i].selected)
				ddl_sequence_value(b, &cat->seqs[i]);
		buf_putc(b, '\n');
		extconfig_write(c, out, cat, o);
	}
	if (schema) {
		write_items(out, cat, plan->post, plan->npost, false, o);
	}
	if (data) {
		/* Materialized views fill once the tables they read are loaded.
		 * A refresh runs as the view's owner, whom row-level security on
		 * those tables may bind: row_security = off (set for the data)
		 * would fail it (pg_dump's restores fail so); on, the view is
		 * filled as its owner sees the tables, as on the source. */
		if (plan->nrefresh)
			buf_puts(b, "SET row_security = on;\n");
		for (int i = 0; i < plan->nrefresh; i++)
			ddl_refresh(b, plan->refresh[i]);
		buf_putc(b, '\n');
	}
	buf_puts(b, o->single_transaction ? "COMMIT;\n\n" : DURABLE_END);
	sink_maybe_flush(out);

done:
	PQclear(conn_run(c, "ending the snapshot's transaction", "COMMIT"));
	census_free(cs);
	free(order);
	plan_free(plan);
	catalog_free(cat);
	conn_close(c);
	free(when);
}

/* The databases --all-databases dumps: every one the user may connect to,
 * template0 and template1 excepted. On PostgreSQL, unless only listing, the same
 * connection first writes the banner and the globals, opening *outp. The
 * caller frees the list. */
static void list_databases(const struct options *o, strlist_t *out, sink_t **outp)
{
	conn_t *c = conn_open(o, NULL);
	PGresult *r;

	/* As on every connection of a dump: no function of a user's schema in
	 * place of a built-in one (snapshot_begin_pg). */
	if (c->kind == SERVER_POSTGRES)
		snapshot_clear_search_path(c);
	r = conn_query(c, "listing the databases",
	               c->kind == SERVER_COCKROACH
	                   ? crdb_databases_query()
	                   : "SELECT datname FROM pg_catalog.pg_database"
	                     " WHERE datallowconn AND datname NOT IN ('template0', 'template1')"
	                     " AND pg_catalog.has_database_privilege(datname, 'CONNECT')"
	                     " ORDER BY datname",
	               0, NULL);
	for (int i = 0; i < PQntuples(r); i++)
		strlist_add(out, PQgetvalue(r, i, 0));
	PQclear(r);
	/* Before anything is written: pg_dumpall refuses these too. */
	for (int i = 0; i < out->n && !o->globals_only && !o->roles_only; i++)
		if (quote_has_line_break(out->items[i]))
			log_fatal("database name \"%s\" holds a line break, which a psql \\connect line "
			          "cannot carry: rename the database, or dump it on its own",
			          out->items[i]);
	if (!o->list_only) {
		*outp = sink_open(o->file, o->compress_level, o->compress_threads);
		write_banner(sink_buffer(*outp), c, o);
		if (c->kind == SERVER_POSTGRES)
			globals_write(sink_buffer(*outp), c, o);
		else
			dump_crdb_roles(c, sink_buffer(*outp));
		sink_maybe_flush(*outp);
	}
	conn_close(c);
}

int dump_run(const struct options *o)
{
	sink_t *out = NULL;

	if (o->file && !o->list_only)
		sink_check_target(o->file);
	if (o->all_databases) {
		strlist_t dbs = {0};
		list_databases(o, &dbs, &out);
		for (int i = 0; i < dbs.n && !o->globals_only && !o->roles_only; i++)
			dump_database(o, dbs.items[i], &out);
		strlist_free(&dbs);
	} else {
		dump_database(o, NULL, &out);
	}
	if (out) {
		sink_put_file_digest(out);
		sink_puts(out, TRAILER);
		sink_close(out);
		log_info(LOG_VERBOSE, "dump complete");
	}
	return 0;
}
