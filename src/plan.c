/* plan: which objects the dump includes (the user's selection) and the order
 * that restores: pre-data, data, post-data. */
#include <config.h>

#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "kinds.h"
#include "log.h"
#include "snapshot.h"

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
 * on the user's search_path. That path may put a schema anyone can write to
 * before pg_catalog: every operator here is qualified, as in pg_dump.
 * Returns the number of matches. A selection
 * (-t, -T, TABLE) takes foreign tables too, as pg_dump's; what names rows
 * (--where, --exclude-table-data) does not: a foreign table has none here. */
static int match_relations(conn_t *c, const char *pattern, bool wildcards, bool foreign, unsigned **out,
                           int *nout)
{
	char *schema_re, *name_re;
	buf_t err;
	PGresult *r;
	const char *params[3];
	int n;

	buf_init(&err);
	if (!pattern_to_regex(pattern, wildcards, &schema_re, &name_re, &err))
		log_fatal_status(2, "%s", err.data);
	buf_free(&err);
	params[0] = name_re;
	params[1] = schema_re;
	params[2] = foreign ? "t" : "f";
	r = conn_query(
	    c, "matching table names",
	    "SELECT c.oid FROM pg_catalog.pg_class c"
	    " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
	    " WHERE (c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,v,m}'::pg_catalog.\"char\"[])"
	    " OR (c.relkind OPERATOR(pg_catalog.=) 'f' AND $3::pg_catalog.bool))"
	    " AND c.relname OPERATOR(pg_catalog.~) $1 COLLATE pg_catalog.default"
	    " AND CASE WHEN $2::pg_catalog.text IS NULL THEN pg_catalog.pg_table_is_visible(c.oid)"
	    " ELSE n.nspname OPERATOR(pg_catalog.~) $2 COLLATE pg_catalog.default END"
	    " AND n.nspname OPERATOR(pg_catalog.<>) 'information_schema'"
	    " AND n.nspname OPERATOR(pg_catalog.!~) '^pg_'",
	    3, params);
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
	/* An unqualified name means what it means on the user's search_path;
	 * the session runs with an empty one otherwise. */
	bool user_path =
	    o->tables.n || o->include_tables.n || o->exclude_tables.n || o->exclude_data.n || o->wheres.n;

	if (user_path)
		snapshot_reset_search_path(c);

	for (int i = 0; i < o->tables.n; i++) {
		s->any_table_filter = true;
		if (match_relations(c, o->tables.items[i], false, true, &s->tables, &s->ntables) == 0)
			log_fatal("table \"%s\" not found in database \"%s\"", o->tables.items[i],
			          conn_dbname(c));
	}
	for (int i = 0; i < o->include_tables.n; i++) {
		s->any_table_filter = true;
		int n = match_relations(c, o->include_tables.items[i], true, true, &s->tables, &s->ntables);
		if (n == 0 && !o->no_strict_names)
			log_fatal("no table matches pattern \"%s\"", o->include_tables.items[i]);
	}
	for (int i = 0; i < o->exclude_tables.n; i++)
		match_relations(c, o->exclude_tables.items[i], true, true, &s->ex_tables, &s->nex_tables);
	for (int i = 0; i < o->include_schemas.n; i++) {
		s->any_schema_filter = true;
		if (match_schemas(c, o->include_schemas.items[i], &s->schemas, &s->nschemas) == 0 &&
		    !o->no_strict_names)
			log_fatal("no schema matches pattern \"%s\"", o->include_schemas.items[i]);
	}
	for (int i = 0; i < o->exclude_schemas.n; i++)
		match_schemas(c, o->exclude_schemas.items[i], &s->ex_schemas, &s->nex_schemas);
	for (int i = 0; i < o->exclude_data.n; i++)
		match_relations(c, o->exclude_data.items[i], true, false, &s->ex_data, &s->nex_data);
	for (int i = 0; i < o->wheres.n; i++) {
		const char *arg = o->wheres.items[i];
		const char *colon = arg + options_where_table_length(arg);
		char *name = xstrndup(arg, (size_t)(colon - arg));
		unsigned *found = NULL;
		int nfound = 0;
		if (match_relations(c, name, false, false, &found, &nfound) == 0)
			log_fatal("table \"%s\" of --where not found in database \"%s\"", name,
			          conn_dbname(c));
		for (int k = 0; k < nfound; k++) {
			/* Two conditions for one table: keeping either would drop
			 * rows or keep rows the user did not mean. */
			for (int j = 0; j < s->nwheres; j++)
				if (s->where_tables[j] == found[k])
					log_fatal_status(2, "more than one --where for table \"%s\": combine the conditions "
							    "with AND in one --where",
							 name);
			s->where_tables =
			    xrealloc(s->where_tables, sizeof(unsigned) * (size_t)(s->nwheres + 1));
			s->where_conds = xrealloc(s->where_conds, sizeof(char *) * (size_t)(s->nwheres + 1));
			s->where_tables[s->nwheres] = found[k];
			s->where_conds[s->nwheres++] = xstrdup(colon + 1);
		}
		free(found);
		free(name);
	}
	if (user_path)
		snapshot_clear_search_path(c);
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
	int lo = 0, hi = cat->nschemas - 1;

	/* The loader reads the schemas sorted by name (bytewise, collation "C"
	 * or not: fall back to a scan when the search misses). */
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(cat->schemas[mid].raw_name, raw);
		if (c == 0)
			return &cat->schemas[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	for (int i = 0; i < cat->nschemas; i++)
		if (strcmp(cat->schemas[i].raw_name, raw) == 0)
			return &cat->schemas[i];
	return NULL;
}

static unsigned schema_oid(const catalog_t *cat, const dobj_t *d)
{
	schema_t *ns;

	if (d->kind == DOBJ_SCHEMA)
		return d->oid;
	if (!*d->raw_schema)
		return 0;
	ns = schema_named(cat, d->raw_schema);
	return ns ? ns->oid : 0;
}

/* Whether the user's -T or -N keeps the object out, whatever needs it. */
static bool excluded(const catalog_t *cat, const selection_t *sel, const dobj_t *d)
{
	if ((d->kind == DOBJ_TABLE || d->kind == DOBJ_VIEW || d->kind == DOBJ_FOREIGN_TABLE) &&
	    oid_in(sel->ex_tables, sel->nex_tables, d->oid))
		return true;
	return oid_in(sel->ex_schemas, sel->nex_schemas, schema_oid(cat, d));
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

bool plan_selects_schema(const catalog_t *cat, const selection_t *sel, const char *raw_schema)
{
	schema_t *ns;

	if (sel->any_table_filter)
		return false;
	if (!raw_schema)
		return !sel->any_schema_filter;
	ns = schema_named(cat, raw_schema);
	if (!ns)
		return !sel->any_schema_filter && sel->nex_schemas == 0;
	if (oid_in(sel->ex_schemas, sel->nex_schemas, ns->oid))
		return false;
	return !sel->any_schema_filter || oid_in(sel->schemas, sel->nschemas, ns->oid);
}

/* Kinds that go with the table (or view) they belong to. */
static bool belongs_to_table(const dobj_t *d)
{
	switch (d->kind) {
	case DOBJ_DEFAULT:
	case DOBJ_CONSTRAINT:
	case DOBJ_INDEX:
	case DOBJ_RULE:
	case DOBJ_TRIGGER:
	case DOBJ_FKEY:
	case DOBJ_ROW_SECURITY:
	case DOBJ_POLICY: return true;
	default: {
		const struct kind_def *kd = kinds_find(d->kind);
		return kd && kd->scope == KIND_OF_TABLE;
	}
	}
}

/* A kind that goes with its domain, whose domain is in the dump. */
static bool belongs_to_domain(const catalog_t *cat, const dobj_t *d)
{
	const struct kind_def *kd = kinds_find(d->kind);

	if (!kd || kd->scope != KIND_OF_DOMAIN)
		return false;
	for (int k = 0; k < d->ndeps; k++) {
		const dobj_t *dep = &cat->objs[d->deps[k]];
		if (dep->kind == DOBJ_TYPE && dep->state == 'd' && dep->selected)
			return true;
	}
	return false;
}

static bool first_choice(const catalog_t *cat, const selection_t *sel, const dobj_t *d)
{
	bool no_filter = !sel->any_table_filter && !sel->any_schema_filter;

	switch (d->kind) {
	case DOBJ_SCHEMA:
		return !sel->any_table_filter && !excluded(cat, sel, d) &&
		       (!sel->any_schema_filter || oid_in(sel->schemas, sel->nschemas, d->oid));
	case DOBJ_EXTENSION: return no_filter;
	case DOBJ_TYPE:
	case DOBJ_FUNCTION:
	case DOBJ_AGGREGATE: return !sel->any_table_filter && wanted(cat, sel, d->raw_schema, d->oid);
	case DOBJ_SEQUENCE: {
		const sequence_t *s = d->ref;
		return !s->owner_table && !sel->any_table_filter && wanted(cat, sel, d->raw_schema, d->oid);
	}
	case DOBJ_TABLE: return ((table_t *)d->ref)->selected;
	case DOBJ_VIEW:
	case DOBJ_FOREIGN_TABLE: return wanted(cat, sel, d->raw_schema, d->oid);
	default: {
		const struct kind_def *kd = kinds_find(d->kind);
		if (!kd || kd->scope == KIND_OF_TABLE || kd->scope == KIND_OF_DOMAIN)
			return false; /* it comes with its table or domain */
		if (kd->scope == KIND_GLOBAL || !*d->raw_schema)
			return no_filter;
		return !sel->any_table_filter && wanted(cat, sel, d->raw_schema, d->oid);
	}
	}
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
	/* Rows are dumped for the tables chosen, not for those brought in below. */
	for (int i = 0; i < cat->ntables; i++) {
		table_t *t = &cat->tables[i];
		t->dump_data =
		    t->selected && t->relkind == 'r' && !oid_in(sel->ex_data, sel->nex_data, t->oid);
		for (int k = 0; k < sel->nwheres; k++) {
			if (sel->where_tables[k] != t->oid)
				continue;
			if (!t->dump_data)
				log_fatal_status(2, "--where for table \"%s.%s\", whose rows are not dumped", t->raw_schema,
						 t->raw_name);
			t->where = xstrdup(sel->where_conds[k]);
		}
	}

	for (int i = 0; i < cat->nobjs; i++)
		cat->objs[i].selected = first_choice(cat, sel, &cat->objs[i]);
	/* Then, until nothing changes: what a selected object needs to be
	 * created (unless the user excluded it), and what belongs to a selected
	 * table. A foreign key's target is not needed: the key is left out. */
	do {
		changed = false;
		for (int i = 0; i < cat->nobjs; i++) {
			dobj_t *d = &cat->objs[i];
			if (!d->selected && belongs_to_domain(cat, d)) {
				d->selected = true;
				changed = true;
			}
			if (!d->selected) {
				int owner;
				if (!belongs_to_table(d) && !(d->kind == DOBJ_SEQUENCE && d->table))
					continue;
				owner = catalog_object(cat, CATALOG_PG_CLASS, d->table);
				if (owner >= 0 && cat->objs[owner].selected) {
					d->selected = true;
					changed = true;
				}
				if (!d->selected)
					continue;
			}
			if (d->kind == DOBJ_FKEY)
				continue;
			for (int k = 0; k < d->ndeps; k++) {
				dobj_t *dep = &cat->objs[d->deps[k]];
				if (dep->selected || excluded(cat, sel, dep) || belongs_to_table(dep) ||
				    dep->kind == DOBJ_INDEX_ATTACH)
					continue;
				dep->selected = true;
				dep->pulled = true;
				if (dep->kind == DOBJ_TABLE)
					((table_t *)dep->ref)->selected = true;
				changed = true;
			}
		}
	} while (changed);

	for (int i = 0; i < cat->nobjs; i++) {
		dobj_t *d = &cat->objs[i];
		if (d->kind == DOBJ_INDEX_ATTACH) {
			d->selected = true;
			for (int k = 0; k < d->ndeps; k++)
				d->selected = d->selected && cat->objs[d->deps[k]].selected;
		} else if (d->kind == DOBJ_FKEY && d->selected) {
			const constraint_t *k = d->ref;
			const table_t *t = catalog_table(cat, d->table);
			const table_t *ref = catalog_table(cat, k->ref_table);
			if (!ref || !ref->selected) {
				log_warning("foreign key %s of table %s left out: the table it references is "
				            "not in the dump",
				            k->name, t->qname);
				d->selected = false;
			}
		}
		switch (d->kind) {
		case DOBJ_TABLE: ((table_t *)d->ref)->selected = d->selected; break;
		case DOBJ_VIEW: ((view_t *)d->ref)->selected = d->selected; break;
		case DOBJ_SCHEMA: ((schema_t *)d->ref)->selected = d->selected; break;
		case DOBJ_SEQUENCE: ((sequence_t *)d->ref)->selected = d->selected; break;
		default: break;
		}
	}
	for (int i = 0; i < cat->nseqs; i++) {
		sequence_t *s = &cat->seqs[i];
		const table_t *t = s->owner_table ? catalog_table(cat, s->owner_table) : NULL;
		if (s->identity)
			s->selected = t && t->selected;
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

/* ---------------------------------------------------------------- ordering */

/* The order used where dependencies leave a choice: kind, schema, name. */
static int obj_cmp(const dobj_t *a, const dobj_t *b)
{
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = strcmp(a->raw_schema, b->raw_schema)) != 0)
		return c;
	if ((c = strcmp(a->raw_name, b->raw_name)) != 0)
		return c;
	return a->oid < b->oid ? -1 : a->oid > b->oid;
}

/* A binary heap of object indexes, smallest by obj_cmp first. */
typedef struct heap {
	int *v;
	int n;
	const dobj_t *objs;
} heap_t;

static bool heap_less(const heap_t *h, int a, int b)
{
	return obj_cmp(&h->objs[h->v[a]], &h->objs[h->v[b]]) < 0;
}

static void heap_swap(heap_t *h, int a, int b)
{
	int t = h->v[a];
	h->v[a] = h->v[b];
	h->v[b] = t;
}

static void heap_push(heap_t *h, int obj)
{
	int i = h->n++;

	h->v[i] = obj;
	while (i > 0 && heap_less(h, i, (i - 1) / 2)) {
		heap_swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static int heap_pop(heap_t *h)
{
	int top = h->v[0], i = 0;

	h->v[0] = h->v[--h->n];
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && heap_less(h, l, m))
			m = l;
		if (r < h->n && heap_less(h, r, m))
			m = r;
		if (m == i)
			break;
		heap_swap(h, i, m);
		i = m;
	}
	return top;
}

/* Whether obj can reach itself through objects still waiting. */
static bool on_cycle(const catalog_t *cat, const int *waiting, int obj)
{
	int *stack = xcalloc((size_t)cat->nobjs + 1, sizeof(int));
	bool *seen = xcalloc((size_t)cat->nobjs + 1, sizeof(bool));
	int n = 0;
	bool found = false;

	stack[n++] = obj;
	while (n > 0 && !found) {
		const dobj_t *d = &cat->objs[stack[--n]];
		for (int k = 0; k < d->ndeps && !found; k++) {
			int dep = d->deps[k];
			if (dep == obj)
				found = true;
			else if (waiting[dep] > 0 && !seen[dep]) {
				seen[dep] = true;
				stack[n++] = dep;
			}
		}
	}
	free(stack);
	free(seen);
	return found;
}

/* Sorts the selected objects of one section (in_section[i]) so that each
 * comes after what it needs. waiting[i] counts the needs not yet written. */
static void sort_section(const catalog_t *cat, const bool *in_section, plan_item_t **items, int *nitems)
{
	int n = cat->nobjs;
	int *waiting = xcalloc((size_t)n + 1, sizeof(int));
	int *first = xcalloc((size_t)n + 2, sizeof(int)), *users, *fill;
	bool *stubbed = xcalloc((size_t)n + 1, sizeof(bool)), *done = xcalloc((size_t)n + 1, sizeof(bool));
	heap_t heap = {xcalloc((size_t)n + 1, sizeof(int)), 0, cat->objs};
	int total = 0, left;

	/* Who needs each object, as one array sliced by first[]. */
	for (int i = 0; i < n; i++) {
		if (!in_section[i])
			continue;
		total++;
		for (int k = 0; k < cat->objs[i].ndeps; k++)
			if (in_section[cat->objs[i].deps[k]]) {
				waiting[i]++;
				first[cat->objs[i].deps[k] + 1]++;
			}
	}
	for (int i = 0; i < n; i++)
		first[i + 1] += first[i];
	users = xcalloc((size_t)first[n] + 1, sizeof(int));
	fill = xcalloc((size_t)n + 1, sizeof(int));
	for (int i = 0; i < n; i++)
		if (in_section[i])
			for (int k = 0; k < cat->objs[i].ndeps; k++) {
				int dep = cat->objs[i].deps[k];
				if (in_section[dep])
					users[first[dep] + fill[dep]++] = i;
			}

	*items = xcalloc((size_t)total * 2 + 1, sizeof(plan_item_t));
	*nitems = 0;
	for (int i = 0; i < n; i++)
		if (in_section[i] && waiting[i] == 0)
			heap_push(&heap, i);
	left = total;
	while (left > 0) {
		int obj;
		if (heap.n == 0) {
			/* A cycle. A view in it is written first as a stub with its
			 * columns only; else the first object waiting goes anyway. */
			int pick = -1, any = -1;
			for (int i = 0; i < n; i++) {
				const dobj_t *d = &cat->objs[i];
				if (!in_section[i] || done[i] || waiting[i] == 0)
					continue;
				if (any < 0 || obj_cmp(d, &cat->objs[any]) < 0)
					any = i;
				if (d->kind == DOBJ_VIEW && d->state == 'v' && !stubbed[i] &&
				    (pick < 0 || obj_cmp(d, &cat->objs[pick]) < 0) &&
				    on_cycle(cat, waiting, i))
					pick = i;
			}
			if (pick >= 0) {
				stubbed[pick] = true;
				(*items)[(*nitems)++] = (plan_item_t){&cat->objs[pick], DDL_VIEW_STUB};
				for (int u = first[pick]; u < first[pick + 1]; u++)
					if (--waiting[users[u]] == 0)
						heap_push(&heap, users[u]);
				continue;
			}
			log_warning("could not order %s %s.%s after everything it needs (a dependency loop); "
			            "the dump "
			            "may not restore",
			            cat->objs[any].keyword ? cat->objs[any].keyword : "object",
			            cat->objs[any].raw_schema, cat->objs[any].raw_name);
			waiting[any] = 0;
			heap_push(&heap, any);
		}
		obj = heap_pop(&heap);
		done[obj] = true;
		left--;
		(*items)[(*nitems)++] =
		    (plan_item_t){&cat->objs[obj], stubbed[obj] ? DDL_VIEW_REPLACE : DDL_CREATE};
		if (stubbed[obj])
			continue; /* its users were released by the stub */
		for (int u = first[obj]; u < first[obj + 1]; u++)
			if (--waiting[users[u]] == 0)
				heap_push(&heap, users[u]);
	}
	free(waiting);
	free(first);
	free(users);
	free(fill);
	free(stubbed);
	free(done);
	free(heap.v);
}

plan_t *plan_order(const catalog_t *cat)
{
	plan_t *p = xcalloc(1, sizeof *p);
	bool *pre = xcalloc((size_t)cat->nobjs + 1, sizeof(bool));
	bool *post = xcalloc((size_t)cat->nobjs + 1, sizeof(bool));
	bool moved = true;

	for (int i = 0; i < cat->nobjs; i++) {
		if (!cat->objs[i].selected)
			continue;
		if (cat->objs[i].kind < DOBJ_FIRST_POST_DATA)
			pre[i] = true;
		else
			post[i] = true;
	}
	/* A view may need a table's key (GROUP BY on the key): such a key is
	 * made before the data, with the tables. */
	while (moved) {
		moved = false;
		for (int i = 0; i < cat->nobjs; i++)
			for (int k = 0; pre[i] && k < cat->objs[i].ndeps; k++) {
				int dep = cat->objs[i].deps[k];
				if (post[dep] && cat->objs[dep].kind == DOBJ_CONSTRAINT) {
					post[dep] = false;
					pre[dep] = true;
					moved = true;
				}
			}
	}
	sort_section(cat, pre, &p->pre, &p->npre);
	sort_section(cat, post, &p->post, &p->npost);
	p->refresh = xcalloc((size_t)p->npre + 1, sizeof(dobj_t *));
	for (int i = 0; i < p->npre; i++)
		if (p->pre[i].obj->kind == DOBJ_VIEW && p->pre[i].obj->state == 'm' &&
		    ((const view_t *)p->pre[i].obj->ref)->populated)
			p->refresh[p->nrefresh++] = p->pre[i].obj;
	free(pre);
	free(post);
	return p;
}

void plan_free(plan_t *p)
{
	if (!p)
		return;
	free(p->pre);
	free(p->post);
	free(p->refresh);
	free(p);
}
