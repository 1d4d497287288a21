/* extconfig: extension configuration tables and sequences. */
#include <config.h>

#include "extconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copytext.h"
#include "log.h"
#include "quote.h"
#include "rows.h"

/* One configuration table's rows: every stored column (generated ones are
 * the server's to compute), each as a string literal that INSERT turns into
 * the column's type, xml read as text so a declaration survives. */
static void table_rows(conn_t *c, sink_t *out, const char *qname, const char *raw, unsigned oid,
                       const char *condition, const struct options *o)
{
	char oidtext[16];
	const char *params[1] = {oidtext};
	PGresult *r;
	buf_t sql;
	int ncols;
	enum literal_kind *kinds;
	copy_field_t *fields;
	rows_writer_t w;
	char *line;
	int len;

	snprintf(oidtext, sizeof oidtext, "%u", oid);
	r = conn_query(
	    c, "reading the columns of an extension's configuration table",
	    "SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum),"
	    " pg_catalog.string_agg(pg_catalog.quote_ident(a.attname)"
	    "   || CASE WHEN a.atttypid = 'pg_catalog.xml'::pg_catalog.regtype THEN '::pg_catalog.text' ELSE "
	    "'' END,"
	    "   ', ' ORDER BY a.attnum), pg_catalog.count(*)"
	    " FROM pg_catalog.pg_attribute a WHERE a.attrelid = $1::pg_catalog.oid AND a.attnum > 0"
	    " AND NOT a.attisdropped AND a.attgenerated = ''",
	    1, params);
	ncols = atoi(PQgetvalue(r, 0, 2));
	if (ncols == 0) {
		PQclear(r);
		return;
	}
	buf_init(&sql);
	buf_printf(&sql, "COPY (SELECT %s FROM ONLY %s %s) TO STDOUT", PQgetvalue(r, 0, 1), qname,
	           condition ? condition : "");
	log_info(LOG_STATEMENTS, "statement: %s", sql.data);
	{
		PGresult *cr = PQexec(c->pg, sql.data);
		if (PQresultStatus(cr) != PGRES_COPY_OUT)
			log_fatal("could not read extension configuration table \"%s\": %s", raw,
			          conn_result_error(cr));
		PQclear(cr);
	}
	kinds = xcalloc((size_t)ncols, sizeof *kinds);
	fields = xcalloc((size_t)ncols, sizeof *fields);
	for (int i = 0; i < ncols; i++)
		kinds[i] = LIT_TEXT;
	rows_init(&w, sink_buffer(out), qname, PQgetvalue(r, 0, 0), ncols, kinds, false,
	          o->on_conflict_do_nothing, o->rows_per_insert, o->insert_bytes);
	while ((len = PQgetCopyData(c->pg, &line, 0)) > 0) {
		size_t n = (size_t)len;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (copytext_split(line, n, fields, ncols) != ncols)
			log_fatal(
			    "could not read extension configuration table \"%s\": a row came back with the "
			    "wrong number of fields",
			    raw);
		rows_add(&w, fields);
		PQfreemem(line);
		sink_maybe_flush(out);
	}
	if (len == -2)
		log_fatal("could not read extension configuration table \"%s\": %s", raw,
		          PQerrorMessage(c->pg));
	{
		PGresult *end = PQgetResult(c->pg);
		if (PQresultStatus(end) != PGRES_COMMAND_OK)
			log_fatal("could not read extension configuration table \"%s\": %s", raw,
			          conn_result_error(end));
		PQclear(end);
		while ((end = PQgetResult(c->pg)) != NULL)
			PQclear(end);
	}
	rows_finish(&w);
	rows_free(&w);
	free(kinds);
	free(fields);
	buf_free(&sql);
	PQclear(r);
}

static void sequence_value(conn_t *c, buf_t *out, const char *qname)
{
	buf_t sql;
	PGresult *r;

	buf_init(&sql);
	buf_printf(&sql, "SELECT last_value, is_called FROM %s", qname);
	r = conn_query(c, "reading an extension's configuration sequence", sql.data, 0, NULL);
	buf_puts(out, "SELECT pg_catalog.setval(");
	quote_literal(out, qname, strlen(qname));
	buf_printf(out, ", %s, %s);\n", PQgetvalue(r, 0, 0),
	           PQgetvalue(r, 0, 1)[0] == 't' ? "true" : "false");
	PQclear(r);
	buf_free(&sql);
}

void extconfig_write(conn_t *c, sink_t *out, const catalog_t *cat, const struct options *o)
{
	for (int i = 0; i < cat->nobjs; i++) {
		const dobj_t *e = &cat->objs[i];
		char oidtext[16];
		const char *params[1] = {oidtext};
		PGresult *r;

		if (e->kind != DOBJ_EXTENSION || !e->selected)
			continue;
		snprintf(oidtext, sizeof oidtext, "%u", e->oid);
		r = conn_query(
		    c, "reading an extension's configuration tables",
		    "SELECT c.oid, pg_catalog.format('%I.%I', n.nspname, c.relname),"
		    " n.nspname || '.' || c.relname, c.relkind, u.cond"
		    " FROM pg_catalog.pg_extension x,"
		    " ROWS FROM (pg_catalog.unnest(x.extconfig), pg_catalog.unnest(x.extcondition))"
		    "   WITH ORDINALITY u(cfg, cond, k)"
		    " JOIN pg_catalog.pg_class c ON c.oid = u.cfg"
		    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
		    " WHERE x.oid = $1::pg_catalog.oid ORDER BY u.k",
		    1, params);
		for (int k = 0; k < PQntuples(r); k++) {
			const char *relkind = PQgetvalue(r, k, 3);
			if (*relkind == 'S')
				sequence_value(c, sink_buffer(out), PQgetvalue(r, k, 1));
			else
				table_rows(c, out, PQgetvalue(r, k, 1), PQgetvalue(r, k, 2),
				           (unsigned)strtoul(PQgetvalue(r, k, 0), NULL, 10),
				           PQgetvalue(r, k, 4), o);
		}
		if (PQntuples(r) > 0)
			buf_putc(sink_buffer(out), '\n');
		PQclear(r);
		sink_maybe_flush(out);
	}
}
