/* catalog_pg: loading the model from a PostgreSQL server, a fixed number of
 * catalog queries whatever the number of tables. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "log.h"

/* Objects of interest: not in system schemas, not members of an extension. */
#define USER_NAMESPACE(n) \
	"(" n ".nspname <> 'information_schema' AND " n ".nspname !~ '^pg_')"
#define NOT_EXTENSION_MEMBER(oidexpr, classname) \
	"NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = '" classname "'::pg_catalog.regclass" \
	" AND xd.objid = " oidexpr " AND xd.deptype = 'e')"

static char *val(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : xstrdup(PQgetvalue(r, row, col));
}

static unsigned oidval(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : (unsigned)strtoul(PQgetvalue(r, row, col), NULL, 10);
}

static bool boolval(const PGresult *r, int row, int col)
{
	return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

static int cmp_table_oid(const void *a, const void *b)
{
	unsigned x = (*(table_t *const *)a)->oid, y = (*(table_t *const *)b)->oid;
	return x < y ? -1 : x > y;
}

table_t *catalog_table(const catalog_t *cat, unsigned oid)
{
	table_t **by_oid = cat->tables_by_oid;
	int lo = 0, hi = cat->ntables - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (by_oid[mid]->oid == oid)
			return by_oid[mid];
		if (by_oid[mid]->oid < oid)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static enum literal_kind literal_kind_of(unsigned type_oid, bool *as_numeric)
{
	*as_numeric = false;
	switch (type_oid) {
	case 20: /* int8 */
	case 21: /* int2 */
	case 23: /* int4 */
	case 26: /* oid */
		return LIT_INTEGER;
	case 1700: /* numeric */
		return LIT_NUMERIC;
	case 790: /* money: its text form depends on lc_monetary */
		*as_numeric = true;
		return LIT_NUMERIC;
	case 700: /* float4 */
	case 701: /* float8 */
		return LIT_FLOAT;
	case 16: /* bool */
		return LIT_BOOL;
	default:
		return LIT_TEXT;
	}
}

static void load_tables(conn_t *c, catalog_t *cat)
{
	PGresult *r = conn_query(c, "reading the list of tables",
	    "SELECT c.oid, n.nspname, c.relname, pg_catalog.quote_ident(n.nspname),"
	    " pg_catalog.quote_ident(c.relname), c.relkind, c.relpersistence,"
	    " pg_catalog.array_to_string(c.reloptions, ', '),"
	    " CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,"
	    " CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,"
	    " (SELECT pg_catalog.string_agg(i.inhparent::pg_catalog.text, ',' ORDER BY i.inhseqno)"
	    "    FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid),"
	    " pg_catalog.obj_description(c.oid, 'pg_class'), c.reltuples,"
	    " c.relpages::pg_catalog.float8 * pg_catalog.current_setting('block_size')::pg_catalog.float8"
	    " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	    " WHERE c.relkind IN ('r', 'p') AND " USER_NAMESPACE("n")
	    " AND " NOT_EXTENSION_MEMBER("c.oid", "pg_catalog.pg_class")
	    " ORDER BY n.nspname, c.relname",
	    0, NULL);
	int n = PQntuples(r);

	cat->ntables = n;
	cat->tables = xcalloc((size_t)n, sizeof(table_t));
	for (int i = 0; i < n; i++) {
		table_t *t = &cat->tables[i];
		char *parents = val(r, i, 10);
		t->oid = oidval(r, i, 0);
		t->raw_schema = val(r, i, 1);
		t->raw_name = val(r, i, 2);
		t->schema = val(r, i, 3);
		t->name = val(r, i, 4);
		t->qname = xasprintf("%s.%s", t->schema, t->name);
		t->relkind = PQgetvalue(r, i, 5)[0];
		t->persistence = PQgetvalue(r, i, 6)[0];
		t->reloptions = val(r, i, 7);
		if (t->reloptions && !*t->reloptions) {
			free(t->reloptions);
			t->reloptions = NULL;
		}
		t->partkey = val(r, i, 8);
		t->partbound = val(r, i, 9);
		if (parents) {
			for (char *p = strtok(parents, ","); p; p = strtok(NULL, ",")) {
				t->parents = xrealloc(t->parents, sizeof(unsigned) * (size_t)(t->nparents + 1));
				t->parents[t->nparents++] = (unsigned)strtoul(p, NULL, 10);
			}
			free(parents);
		}
		t->comment = val(r, i, 11);
		t->reltuples = strtod(PQgetvalue(r, i, 12), NULL);
		t->est_bytes = strtod(PQgetvalue(r, i, 13), NULL);
	}
	PQclear(r);

	cat->tables_by_oid = xcalloc((size_t)n, sizeof(table_t *));
	for (int i = 0; i < n; i++)
		cat->tables_by_oid[i] = &cat->tables[i];
	qsort(cat->tables_by_oid, (size_t)n, sizeof(table_t *), cmp_table_oid);
}

static void load_columns(conn_t *c, catalog_t *cat)
{
	const char *generated = c->server_version_num >= 120000 ? "a.attgenerated" : "''";
	char *sql = xasprintf(
	    "SELECT a.attrelid, pg_catalog.quote_ident(a.attname),"
	    " pg_catalog.format_type(a.atttypid, a.atttypmod),"
	    " CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 THEN"
	    "   pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END,"
	    " pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attnotnull, a.attidentity, %s,"
	    " a.attislocal, CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END,"
	    " pg_catalog.col_description(a.attrelid, a.attnum)"
	    " FROM pg_catalog.pg_attribute a"
	    " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
	    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	    " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
	    " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
	    " LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation"
	    " LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
	    " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')"
	    " AND " USER_NAMESPACE("n") " ORDER BY a.attrelid, a.attnum",
	    generated);
	PGresult *r = conn_query(c, "reading the columns of the tables", sql, 0, NULL);

	free(sql);
	for (int i = 0; i < PQntuples(r); i++) {
		table_t *t = catalog_table(cat, oidval(r, i, 0));
		column_t *col;
		char *gen;
		if (!t)
			continue;
		t->cols = xrealloc(t->cols, sizeof(column_t) * (size_t)(t->ncols + 1));
		col = &t->cols[t->ncols++];
		memset(col, 0, sizeof *col);
		col->name = val(r, i, 1);
		col->type = val(r, i, 2);
		col->collation = val(r, i, 3);
		col->notnull = boolval(r, i, 5);
		col->identity = PQgetvalue(r, i, 6)[0];
		gen = PQgetvalue(r, i, 7);
		if (gen[0] == 's') {
			col->generated_expr = val(r, i, 4);
		} else {
			col->default_expr = val(r, i, 4);
		}
		col->is_local = boolval(r, i, 8);
		col->lit = literal_kind_of(oidval(r, i, 9), &col->read_as_numeric);
		col->comment = val(r, i, 10);
	}
	PQclear(r);
}

static void load_constraints(conn_t *c, catalog_t *cat)
{
	PGresult *r = conn_query(c, "reading the constraints of the tables",
	    "SELECT co.conrelid, pg_catalog.quote_ident(co.conname), co.contype,"
	    " pg_catalog.pg_get_constraintdef(co.oid), co.convalidated, co.conislocal,"
	    " pg_catalog.obj_description(co.oid, 'pg_constraint'), co.confrelid"
	    " FROM pg_catalog.pg_constraint co"
	    " JOIN pg_catalog.pg_class c ON c.oid = co.conrelid"
	    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	    " WHERE co.contype IN ('p', 'u', 'c', 'f', 'x') AND c.relkind IN ('r', 'p')"
	    " AND co.conparentid = 0 AND " USER_NAMESPACE("n")
	    " ORDER BY co.conrelid, co.conname",
	    0, NULL);

	for (int i = 0; i < PQntuples(r); i++) {
		table_t *t = catalog_table(cat, oidval(r, i, 0));
		constraint_t *k;
		if (!t)
			continue;
		t->cons = xrealloc(t->cons, sizeof(constraint_t) * (size_t)(t->ncons + 1));
		k = &t->cons[t->ncons++];
		k->name = val(r, i, 1);
		k->type = PQgetvalue(r, i, 2)[0];
		k->def = val(r, i, 3);
		k->validated = boolval(r, i, 4);
		k->is_local = boolval(r, i, 5);
		k->comment = val(r, i, 6);
		k->ref_table = oidval(r, i, 7);
	}
	PQclear(r);
}

static void load_indexes(conn_t *c, catalog_t *cat)
{
	PGresult *r = conn_query(c, "reading the indexes of the tables",
	    "SELECT i.indexrelid, i.indrelid,"
	    " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(ic.relname),"
	    " pg_catalog.pg_get_indexdef(i.indexrelid),"
	    " pg_catalog.obj_description(i.indexrelid, 'pg_class')"
	    " FROM pg_catalog.pg_index i"
	    " JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
	    " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
	    " JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace"
	    " WHERE c.relkind IN ('r', 'p') AND " USER_NAMESPACE("n")
	    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co"
	    "   WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x'))"
	    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid)"
	    " ORDER BY n.nspname, ic.relname",
	    0, NULL);

	cat->nindexes = PQntuples(r);
	cat->indexes = xcalloc((size_t)cat->nindexes, sizeof(index_def_t));
	for (int i = 0; i < cat->nindexes; i++) {
		index_def_t *x = &cat->indexes[i];
		x->oid = oidval(r, i, 0);
		x->table = oidval(r, i, 1);
		x->qname = val(r, i, 2);
		x->def = val(r, i, 3);
		x->comment = val(r, i, 4);
	}
	PQclear(r);
}

static void load_sequences(conn_t *c, catalog_t *cat)
{
	PGresult *r = conn_query(c, "reading the sequences",
	    "SELECT c.oid, n.nspname, c.relname,"
	    " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),"
	    " pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,"
	    " s.seqmax, s.seqcache, s.seqcycle, pg_catalog.pg_sequence_last_value(c.oid),"
	    " d.refobjid, pg_catalog.quote_ident(a.attname), d.deptype = 'i',"
	    " pg_catalog.obj_description(c.oid, 'pg_class')"
	    " FROM pg_catalog.pg_sequence s"
	    " JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid"
	    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	    " LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass"
	    "   AND d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
	    "   AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')"
	    " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
	    " WHERE " USER_NAMESPACE("n") " AND " NOT_EXTENSION_MEMBER("c.oid", "pg_catalog.pg_class")
	    " ORDER BY n.nspname, c.relname",
	    0, NULL);

	cat->nseqs = PQntuples(r);
	cat->seqs = xcalloc((size_t)cat->nseqs, sizeof(sequence_t));
	for (int i = 0; i < cat->nseqs; i++) {
		sequence_t *s = &cat->seqs[i];
		s->oid = oidval(r, i, 0);
		s->raw_schema = val(r, i, 1);
		s->raw_name = val(r, i, 2);
		s->qname = val(r, i, 3);
		s->type = val(r, i, 4);
		s->start = val(r, i, 5);
		s->increment = val(r, i, 6);
		s->min = val(r, i, 7);
		s->max = val(r, i, 8);
		s->cache = val(r, i, 9);
		s->cycle = boolval(r, i, 10);
		s->last_value = val(r, i, 11);
		s->owner_table = oidval(r, i, 12);
		s->owner_column = val(r, i, 13);
		s->identity = boolval(r, i, 14);
		s->comment = val(r, i, 15);
	}
	PQclear(r);
}

static void load_views(conn_t *c, catalog_t *cat)
{
	PGresult *r = conn_query(c, "reading the views",
	    "SELECT c.oid, n.nspname, c.relname,"
	    " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),"
	    " pg_catalog.pg_get_viewdef(c.oid), c.relkind,"
	    " pg_catalog.obj_description(c.oid, 'pg_class'),"
	    " (SELECT pg_catalog.string_agg(DISTINCT d.refobjid::pg_catalog.text, ',')"
	    "    FROM pg_catalog.pg_rewrite rw JOIN pg_catalog.pg_depend d"
	    "      ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = rw.oid"
	    "     AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid <> c.oid"
	    "   WHERE rw.ev_class = c.oid)"
	    " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	    " WHERE c.relkind IN ('v', 'm') AND " USER_NAMESPACE("n")
	    " AND " NOT_EXTENSION_MEMBER("c.oid", "pg_catalog.pg_class")
	    " ORDER BY n.nspname, c.relname",
	    0, NULL);

	cat->nviews = PQntuples(r);
	cat->views = xcalloc((size_t)cat->nviews, sizeof(view_t));
	for (int i = 0; i < cat->nviews; i++) {
		view_t *v = &cat->views[i];
		char *deps = val(r, i, 7);
		v->oid = oidval(r, i, 0);
		v->raw_schema = val(r, i, 1);
		v->raw_name = val(r, i, 2);
		v->qname = val(r, i, 3);
		v->def = val(r, i, 4);
		v->relkind = PQgetvalue(r, i, 5)[0];
		v->comment = val(r, i, 6);
		if (deps) {
			for (char *p = strtok(deps, ","); p; p = strtok(NULL, ",")) {
				v->deps = xrealloc(v->deps, sizeof(unsigned) * (size_t)(v->ndeps + 1));
				v->deps[v->ndeps++] = (unsigned)strtoul(p, NULL, 10);
			}
			free(deps);
		}
	}
	PQclear(r);
}

static void load_schemas(conn_t *c, catalog_t *cat)
{
	PGresult *r = conn_query(c, "reading the schemas",
	    "SELECT n.oid, n.nspname, pg_catalog.quote_ident(n.nspname),"
	    " pg_catalog.obj_description(n.oid, 'pg_namespace')"
	    " FROM pg_catalog.pg_namespace n WHERE " USER_NAMESPACE("n")
	    " AND " NOT_EXTENSION_MEMBER("n.oid", "pg_catalog.pg_namespace")
	    " ORDER BY n.nspname",
	    0, NULL);

	cat->nschemas = PQntuples(r);
	cat->schemas = xcalloc((size_t)cat->nschemas, sizeof(schema_t));
	for (int i = 0; i < cat->nschemas; i++) {
		schema_t *s = &cat->schemas[i];
		s->oid = oidval(r, i, 0);
		s->raw_name = val(r, i, 1);
		s->name = val(r, i, 2);
		s->comment = val(r, i, 3);
	}
	PQclear(r);
}

catalog_t *catalog_load_pg(conn_t *c)
{
	catalog_t *cat = xcalloc(1, sizeof *cat);

	load_schemas(c, cat);
	load_tables(c, cat);
	load_columns(c, cat);
	load_constraints(c, cat);
	load_indexes(c, cat);
	load_sequences(c, cat);
	load_views(c, cat);
	return cat;
}

void catalog_free(catalog_t *cat)
{
	if (!cat)
		return;
	for (int i = 0; i < cat->ntables; i++) {
		table_t *t = &cat->tables[i];
		for (int j = 0; j < t->ncols; j++) {
			column_t *col = &t->cols[j];
			free(col->name);
			free(col->type);
			free(col->collation);
			free(col->default_expr);
			free(col->generated_expr);
			free(col->comment);
		}
		for (int j = 0; j < t->ncons; j++) {
			free(t->cons[j].name);
			free(t->cons[j].def);
			free(t->cons[j].comment);
		}
		free(t->cols);
		free(t->cons);
		free(t->raw_schema);
		free(t->raw_name);
		free(t->schema);
		free(t->name);
		free(t->qname);
		free(t->reloptions);
		free(t->partkey);
		free(t->partbound);
		free(t->parents);
		free(t->comment);
		free(t->where);
	}
	free(cat->tables);
	for (int i = 0; i < cat->nseqs; i++) {
		sequence_t *s = &cat->seqs[i];
		free(s->raw_schema);
		free(s->raw_name);
		free(s->qname);
		free(s->type);
		free(s->start);
		free(s->increment);
		free(s->min);
		free(s->max);
		free(s->cache);
		free(s->last_value);
		free(s->owner_column);
		free(s->comment);
	}
	free(cat->seqs);
	for (int i = 0; i < cat->nindexes; i++) {
		free(cat->indexes[i].qname);
		free(cat->indexes[i].def);
		free(cat->indexes[i].comment);
	}
	free(cat->indexes);
	for (int i = 0; i < cat->nviews; i++) {
		view_t *v = &cat->views[i];
		free(v->raw_schema);
		free(v->raw_name);
		free(v->qname);
		free(v->def);
		free(v->comment);
		free(v->deps);
	}
	free(cat->views);
	for (int i = 0; i < cat->nschemas; i++) {
		free(cat->schemas[i].raw_name);
		free(cat->schemas[i].name);
		free(cat->schemas[i].comment);
	}
	free(cat->schemas);
	free(cat->tables_by_oid);
	free(cat);
}
