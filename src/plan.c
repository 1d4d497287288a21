/* plan: which objects the dump includes (the user's selection) and the order
 * that restores: pre-data, data, post-data. */
#include <config.h>

#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

static void oid_add(unsigned **arr, int *n, unsigned oid)
{
	*arr = xrealloc(*arr, sizeof(unsigned) * (size_t)(*n + 1));
	(*arr)[(*n)++] = oid;
}

static bool oid_in(const unsigned *arr, int n, unsigned oid)
{
	for (int i = 0; i < n; i++)
		if (arr[i] == oid)
			return true;
	return false;
}

/* Relations whose names match; with no schema in the pattern, those visible
 * on the user's search_path. Returns the number of matches. */
static int match_relations(conn_t *c, const char *pattern, bool wildcards, unsigned **out, int *nout)
{
	char *schema_re, *name_re;
	buf_t err;
	PGresult *r;
	const char *params[2];
	int n;

	buf_init(&err);
	if (!pattern_to_regex(pattern, wildcards, &schema_re, &name_re, &err))
		log_fatal_status(2, "%s", err.data);
	buf_free(&err);
	params[0] = name_re;
	params[1] = schema_re;
	r = conn_query(c, "matching table names",
		       "SELECT c.oid FROM pg_catalog.pg_class c"
		       " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
		       " WHERE c.relkind IN ('r', 'p', 'v', 'm')"
		       " AND c.relname OPERATOR(pg_catalog.~) $1 COLLATE pg_catalog.default"
		       " AND CASE WHEN $2::pg_catalog.text IS NULL THEN pg_catalog.pg_table_is_visible(c.oid)"
		       " ELSE n.nspname OPERATOR(pg_catalog.~) $2 COLLATE pg_catalog.default END"
		       " AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'",
		       2, params);
	n = PQntuples(r);
	for (int i = 0; i < n; i++)
		oid_add(out, nout, (unsigned)strtoul(PQgetvalue(r, i, 0), NULL, 10));
	PQclear(r);
	free(schema_re);
	free(name_re);
	return n;
}

static int match_schemas(conn_t *c, const char *pattern, unsigned **out, int *nout)
{
	char *schema_re, *name_re;
	buf_t err;
	PGresult *r;
	const char *params[1];
	int n;

	buf_init(&err);
	if (!pattern_to_regex(pattern, true, &schema_re, &name_re, &err))
		log_fatal_status(2, "%s", err.data);
	if (schema_re) {
		free(schema_re);
		free(name_re);
		log_fatal_status(2, "improper qualified name in schema pattern \"%s\"", pattern);
	}
	buf_free(&err);
	params[0] = name_re;
	r = conn_query(c, "matching schema names",
		       "SELECT n.oid FROM pg_catalog.pg_namespace n"
		       " WHERE n.nspname OPERATOR(pg_catalog.~) $1 COLLATE pg_catalog.default",
		       1, params);
	n = PQntuples(r);
	for (int i = 0; i < n; i++)
		oid_add(out, nout, (unsigned)strtoul(PQgetvalue(r, i, 0), NULL, 10));
	PQclear(r);
	free(name_re);
	return n;
}

selection_t *plan_resolve(conn_t *c, const struct options *o)
{
	selection_t *s = xcalloc(1, sizeof *s);

	for (int i = 0; i < o->tables.n; i++) {
		s->any_table_filter = true;
		if (match_relations(c, o->tables.items[i], false, &s->tables, &s->ntables) == 0)
			log_fatal("table \"%s\" not found in database \"%s\"", o->tables.items[i], conn_dbname(c));
	}
	for (int i = 0; i < o->include_tables.n; i++) {
		s->any_table_filter = true;
		if (match_relations(c, o->include_tables.items[i], true, &s->tables, &s->ntables) == 0 &&
		    !o->no_strict_names)
			log_fatal("no table matches pattern \"%s\"", o->include_tables.items[i]);
	}
	for (int i = 0; i < o->exclude_tables.n; i++)
		match_relations(c, o->exclude_tables.items[i], true, &s->ex_tables, &s->nex_tables);
	for (int i = 0; i < o->include_schemas.n; i++) {
		s->any_schema_filter = true;
		if (match_schemas(c, o->include_schemas.items[i], &s->schemas, &s->nschemas) == 0 &&
		    !o->no_strict_names)
			log_fatal("no schema matches pattern \"%s\"", o->include_schemas.items[i]);
	}
	for (int i = 0; i < o->exclude_schemas.n; i++)
		match_schemas(c, o->exclude_schemas.items[i], &s->ex_schemas, &s->nex_schemas);
	for (int i = 0; i < o->exclude_data.n; i++)
		match_relations(c, o->exclude_data.items[i], true, &s->ex_data, &s->nex_data);
	for (int i = 0; i < o->wheres.n; i++) {
		const char *arg = o->wheres.items[i];
		const char *colon = strchr(arg, ':');
		/* A quoted table name may itself hold a colon: find the first colon
		 * outside double quotes. */
		bool in_quotes = false;
		char *name;
		unsigned *found = NULL;
		int nfound = 0;
		for (const char *p = arg; *p; p++) {
			if (*p == '"')
				in_quotes = !in_quotes;
			else if (*p == ':' && !in_quotes) {
				colon = p;
				break;
			}
		}
		name = xstrndup(arg, (size_t)(colon - arg));
		if (match_relations(c, name, false, &found, &nfound) == 0)
			log_fatal("table \"%s\" of --where not found in database \"%s\"", name, conn_dbname(c));
		for (int k = 0; k < nfound; k++) {
			s->where_tables = xrealloc(s->where_tables, sizeof(unsigned) * (size_t)(s->nwheres + 1));
			s->where_conds = xrealloc(s->where_conds, sizeof(char *) * (size_t)(s->nwheres + 1));
			s->where_tables[s->nwheres] = found[k];
			s->where_conds[s->nwheres++] = xstrdup(colon + 1);
		}
		free(found);
		free(name);
	}
	return s;
}

void plan_selection_free(selection_t *s)
{
	if (!s)
		return;
	free(s->tables);
	free(s->ex_tables);
	free(s->schemas);
	free(s->ex_schemas);
	free(s->ex_data);
	free(s->where_tables);
	for (int i = 0; i < s->nwheres; i++)
		free(s->where_conds[i]);
	free(s->where_conds);
	free(s);
}

static schema_t *schema_named(const catalog_t *cat, const char *raw)
{
	for (int i = 0; i < cat->nschemas; i++)
		if (strcmp(cat->schemas[i].raw_name, raw) == 0)
			return &cat->schemas[i];
	return NULL;
}

/* Whether an object in schema raw_schema, with this oid, is in the dump. */
static bool wanted(const catalog_t *cat, const selection_t *sel, const char *raw_schema, unsigned oid)
{
	schema_t *ns = schema_named(cat, raw_schema);
	unsigned nsoid = ns ? ns->oid : 0;

	if (oid_in(sel->ex_tables, sel->nex_tables, oid) || oid_in(sel->ex_schemas, sel->nex_schemas, nsoid))
		return false;
	if (sel->any_table_filter)
		return oid_in(sel->tables, sel->ntables, oid);
	if (sel->any_schema_filter)
		return oid_in(sel->schemas, sel->nschemas, nsoid);
	return true;
}

void plan_apply(catalog_t *cat, const selection_t *sel)
{
	bool changed;

	for (int i = 0; i < cat->ntables; i++) {
		table_t *t = &cat->tables[i];
		t->selected = wanted(cat, sel, t->raw_schema, t->oid);
	}
	/* A selected partitioned table brings its partitions, which hold its rows. */
	do {
		changed = false;
		for (int i = 0; i < cat->ntables; i++) {
			table_t *t = &cat->tables[i];
			if (t->selected || !t->partbound || t->nparents != 1)
				continue;
			table_t *parent = catalog_table(cat, t->parents[0]);
			if (parent && parent->selected && !oid_in(sel->ex_tables, sel->nex_tables, t->oid)) {
				t->selected = true;
				changed = true;
			}
		}
	} while (changed);
	for (int i = 0; i < cat->ntables; i++) {
		table_t *t = &cat->tables[i];
		t->dump_data = t->selected && t->relkind == 'r' && !oid_in(sel->ex_data, sel->nex_data, t->oid);
		for (int k = 0; k < sel->nwheres; k++)
			if (sel->where_tables[k] == t->oid)
				t->where = xstrdup(sel->where_conds[k]);
	}
	for (int i = 0; i < cat->nviews; i++) {
		view_t *v = &cat->views[i];
		v->selected = wanted(cat, sel, v->raw_schema, v->oid);
	}
	for (int i = 0; i < cat->nseqs; i++) {
		sequence_t *s = &cat->seqs[i];
		table_t *owner = s->owner_table ? catalog_table(cat, s->owner_table) : NULL;
		if (owner)
			/* A sequence that belongs to a column goes with its table. */
			s->selected = owner->selected;
		else
			s->selected = !sel->any_table_filter && wanted(cat, sel, s->raw_schema, s->oid);
	}
	for (int i = 0; i < cat->nschemas; i++) {
		schema_t *ns = &cat->schemas[i];
		bool used = false;
		if (!sel->any_table_filter && !oid_in(sel->ex_schemas, sel->nex_schemas, ns->oid) &&
		    (!sel->any_schema_filter || oid_in(sel->schemas, sel->nschemas, ns->oid)))
			used = true;
		for (int k = 0; !used && k < cat->ntables; k++)
			used = cat->tables[k].selected && strcmp(cat->tables[k].raw_schema, ns->raw_name) == 0;
		for (int k = 0; !used && k < cat->nviews; k++)
			used = cat->views[k].selected && strcmp(cat->views[k].raw_schema, ns->raw_name) == 0;
		for (int k = 0; !used && k < cat->nseqs; k++)
			used = cat->seqs[k].selected && strcmp(cat->seqs[k].raw_schema, ns->raw_name) == 0;
		ns->selected = used;
	}
}

table_t **plan_table_order(const catalog_t *cat, int *n)
{
	table_t **out = xcalloc((size_t)cat->ntables + 1, sizeof(table_t *));
	bool *done = xcalloc((size_t)cat->ntables + 1, sizeof(bool));
	int count = 0;
	bool progress = true;

	/* Repeated passes in name order: a table goes out once its parents have.
	 * The parent graph has no cycles, so this ends. */
	while (progress) {
		progress = false;
		for (int i = 0; i < cat->ntables; i++) {
			table_t *t = &cat->tables[i];
			bool ready = true;
			if (done[i] || !t->selected)
				continue;
			for (int p = 0; p < t->nparents && ready; p++) {
				table_t *parent = catalog_table(cat, t->parents[p]);
				if (parent && parent->selected)
					ready = done[parent - cat->tables];
			}
			if (ready) {
				done[i] = true;
				out[count++] = t;
				progress = true;
			}
		}
	}
	free(done);
	*n = count;
	return out;
}

view_t **plan_view_order(const catalog_t *cat, int *n)
{
	view_t **out = xcalloc((size_t)cat->nviews + 1, sizeof(view_t *));
	bool *done = xcalloc((size_t)cat->nviews + 1, sizeof(bool));
	int count = 0;
	bool progress = true;

	while (progress) {
		progress = false;
		for (int i = 0; i < cat->nviews; i++) {
			view_t *v = &cat->views[i];
			bool ready = true;
			if (done[i] || !v->selected)
				continue;
			for (int d = 0; d < v->ndeps && ready; d++)
				for (int k = 0; k < cat->nviews; k++)
					if (cat->views[k].oid == v->deps[d] && cat->views[k].selected && !done[k])
						ready = false;
			if (ready) {
				done[i] = true;
				out[count++] = v;
				progress = true;
			}
		}
	}
	/* Anything left is in a cycle the catalog allows (it should not happen
	 * for views); emit it anyway so nothing is silently dropped. */
	for (int i = 0; i < cat->nviews; i++)
		if (!done[i] && cat->views[i].selected)
			out[count++] = &cat->views[i];
	free(done);
	*n = count;
	return out;
}
