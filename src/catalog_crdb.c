/* catalog_crdb: a CockroachDB database as a dump sees it: the relations and
 * enum types read from crdb_internal, the user's selection applied, and the
 * whole dump text written from them (pure: result rows in, SQL text out; the
 * libpq side is dump_crdb.c). */
#include <config.h>

#include "catalog_crdb.h"

#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "listing.h"
#include "quote.h"

/* ---- Loading ------------------------------------------------------------- */

static const char *cell(const crdb_result_t *r, size_t row, size_t col)
{
	return col < r->ncols ? r->cells[row * r->ncols + col] : NULL;
}

static bool parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = (int64_t)v;
	return true;
}

static bool word_char_c(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       (unsigned char)c >= 0x80;
}

static const char *kind_word(enum crdb_object_kind k)
{
	switch (k) {
	case CRDB_SEQUENCE: return "sequence";
	case CRDB_TYPE: return "type";
	case CRDB_TABLE: return "table";
	case CRDB_VIEW: return "view";
	case CRDB_FUNCTION: return "function";
	}
	return "relation";
}

static crdb_rel_t *add_rel(crdb_catalog_t *cat, int64_t id, enum crdb_object_kind kind, const char *schema,
                           const char *name)
{
	crdb_rel_t *r;
	buf_t q;

	cat->rels = xrealloc(cat->rels, sizeof *cat->rels * (cat->nrels + 1));
	r = &cat->rels[cat->nrels++];
	memset(r, 0, sizeof *r);
	r->id = id;
	r->kind = kind;
	r->schema = xstrdup(schema);
	r->name = xstrdup(name);
	buf_init(&q);
	crdb_quote_ident(&q, schema);
	buf_putc(&q, '.');
	crdb_quote_ident(&q, name);
	r->qname = buf_steal(&q);
	r->increment = 1;
	r->est_rows = -1;
	split_whole(&r->split);
	return r;
}

static void copy_strings(char ***dst, size_t *ndst, char *const *src, size_t n)
{
	*dst = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		(*dst)[i] = xstrdup(src[i]);
	*ndst = n;
}

/* A text array that must not hold NULL elements. */
static bool read_statement_array(const char *text, char ***items, size_t *n)
{
	if (!crdb_parse_text_array(text, items, n))
		return false;
	for (size_t i = 0; i < *n; i++)
		if (!(*items)[i]) {
			crdb_strings_free(*items, *n);
			*items = NULL;
			*n = 0;
			return false;
		}
	return true;
}

static void drop_not_valid_validates(crdb_rel_t *r);

static bool load_table(crdb_rel_t *r, const char *create, const char *nofks, const char *alters,
                       const char *validates, buf_t *err)
{
	buf_t why;

	buf_init(&why);
	if (nofks && alters && validates) {
		r->create = xstrdup(nofks);
		if (!read_statement_array(alters, &r->alters, &r->nalters) ||
		    !read_statement_array(validates, &r->validates, &r->nvalidates)) {
			buf_printf(err, "could not read the foreign keys of table \"%s.%s\"", r->schema,
			           r->name);
			buf_free(&why);
			return false;
		}
		drop_not_valid_validates(r);
	} else {
		crdb_fk_split_t s;
		if (!crdb_split_foreign_keys(create, &s, &why)) {
			buf_printf(err, "could not read the definition of table \"%s.%s\": %s", r->schema,
			           r->name, why.data);
			buf_free(&why);
			return false;
		}
		r->create = xstrdup(s.create_nofks);
		copy_strings(&r->alters, &r->nalters, s.alters, s.nalters);
		copy_strings(&r->validates, &r->nvalidates, s.validates, s.nvalidates);
		crdb_fk_split_free(&s);
	}
	if (!crdb_table_columns(r->create, &r->cols, &r->ncols, &why)) {
		buf_printf(err, "could not read the columns of table \"%s.%s\": %s", r->schema, r->name,
		           why.data);
		buf_free(&why);
		return false;
	}
	r->split_key = crdb_split_key(r->create, r->cols, r->ncols);
	buf_free(&why);
	return true;
}

bool crdb_catalog_load(crdb_catalog_t *cat, const crdb_result_t *rels, const crdb_result_t *types,
                       const crdb_result_t *deps, buf_t *err)
{
	memset(cat, 0, sizeof *cat);
	for (size_t i = 0; i < rels->nrows; i++) {
		const char *schema = cell(rels, i, CRDB_REL_SCHEMA), *name = cell(rels, i, CRDB_REL_NAME);
		const char *type = cell(rels, i, CRDB_REL_TYPE), *create = cell(rels, i, CRDB_REL_CREATE);
		enum crdb_object_kind kind;
		int64_t id;
		crdb_rel_t *r;

		if (!schema || !name || !type || !parse_id(cell(rels, i, CRDB_REL_ID), &id)) {
			buf_printf(err, "could not read row %zu of crdb_internal.create_statements", i + 1);
			return false;
		}
		if (strcmp(type, "table") == 0)
			kind = CRDB_TABLE;
		else if (strcmp(type, "view") == 0)
			kind = CRDB_VIEW;
		else if (strcmp(type, "sequence") == 0)
			kind = CRDB_SEQUENCE;
		else {
			buf_printf(err, "relation \"%s.%s\" has an unknown descriptor type \"%s\"", schema,
			           name, type);
			return false;
		}
		r = add_rel(cat, id, kind, schema, name);
		if (!create) {
			buf_printf(err, "%s \"%s.%s\" has no CREATE statement", kind_word(kind), schema,
			           name);
			return false;
		}
		if (kind == CRDB_TABLE) {
			if (!load_table(r, create, cell(rels, i, CRDB_REL_CREATE_NOFKS),
			                cell(rels, i, CRDB_REL_ALTERS), cell(rels, i, CRDB_REL_VALIDATES),
			                err))
				return false;
			continue;
		}
		r->create = xstrdup(create);
		if (kind == CRDB_SEQUENCE && !crdb_sequence_increment(create, &r->increment)) {
			buf_printf(err, "could not read the increment of sequence \"%s.%s\"", schema, name);
			return false;
		}
		if (kind == CRDB_SEQUENCE)
			crdb_sequence_bounds(create, &r->seq_min, &r->seq_max);
	}
	for (size_t i = 0; i < types->nrows; i++) {
		const char *schema = cell(types, i, 1), *name = cell(types, i, 2),
		           *create = cell(types, i, 3);
		int64_t id;

		if (!schema || !name || !create || !parse_id(cell(types, i, 0), &id)) {
			buf_printf(err, "could not read row %zu of crdb_internal.create_type_statements",
			           i + 1);
			return false;
		}
		add_rel(cat, id, CRDB_TYPE, schema, name)->create = xstrdup(create);
	}
	for (size_t i = 0; i < deps->nrows; i++) {
		int64_t id, on;

		if (!parse_id(cell(deps, i, 0), &id) || !parse_id(cell(deps, i, 1), &on)) {
			buf_printf(err, "could not read row %zu of crdb_internal.backward_dependencies",
			           i + 1);
			return false;
		}
		/* The view spans every database: ids of others are not ours. */
		for (size_t k = 0; k < cat->nrels; k++) {
			crdb_rel_t *r = &cat->rels[k];
			if (r->id != id)
				continue;
			r->deps = xrealloc(r->deps, sizeof *r->deps * (r->ndeps + 1));
			r->deps[r->ndeps++] = on;
		}
	}
	return true;
}

void crdb_catalog_free(crdb_catalog_t *cat)
{
	for (size_t i = 0; i < cat->nrels; i++) {
		crdb_rel_t *r = &cat->rels[i];
		free(r->schema);
		free(r->name);
		free(r->qname);
		free(r->create);
		free(r->where);
		free(r->split_key);
		split_free(&r->split);
		if (r->alters)
			crdb_strings_free(r->alters, r->nalters);
		if (r->validates)
			crdb_strings_free(r->validates, r->nvalidates);
		if (r->zones)
			crdb_strings_free(r->zones, r->nzones);
		if (r->post)
			crdb_strings_free(r->post, r->npost);
		free(r->signature);
		free(r->owner_col);
		free(r->deps);
		if (r->cols)
			crdb_columns_free(r->cols, r->ncols);
	}
	free(cat->rels);
	free(cat->order);
	if (cat->search_path)
		crdb_strings_free(cat->search_path, cat->nsearch_path);
	memset(cat, 0, sizeof *cat);
}

/* ---- Selection ----------------------------------------------------------- */

void crdb_catalog_set_estimates(crdb_catalog_t *cat, const crdb_result_t *est)
{
	for (size_t i = 0; i < est->nrows; i++) {
		const char *id_text = est->cells[i * est->ncols], *rows_text = est->cells[i * est->ncols + 1];
		char *end;
		long long id;
		double rows;

		if (!id_text || !rows_text)
			continue;
		id = strtoll(id_text, &end, 10);
		if (*end || end == id_text)
			continue;
		rows = strtod(rows_text, &end);
		if (*end || end == rows_text || rows < 0)
			continue;
		for (size_t k = 0; k < cat->nrels; k++)
			if (cat->rels[k].id == id && cat->rels[k].kind == CRDB_TABLE)
				cat->rels[k].est_rows = rows;
	}
}

void crdb_list_write(buf_t *out, const crdb_catalog_t *cat, const char *db, bool tty)
{
	for (size_t i = 0; i < cat->norder; i++) {
		const crdb_rel_t *r = &cat->rels[cat->order[i]];
		if (r->kind == CRDB_TABLE)
			listing_row(out, tty, db, r->schema, r->name, r->est_rows, 0);
	}
}

double crdb_estimated_rows(const crdb_catalog_t *cat)
{
	double sum = 0;

	for (size_t i = 0; i < cat->nrels; i++)
		if (cat->rels[i].dump_data && cat->rels[i].est_rows > 0)
			sum += cat->rels[i].est_rows;
	return sum;
}

bool crdb_catalog_set_search_path(crdb_catalog_t *cat, const char *schemas)
{
	char **items;
	size_t n;

	if (!schemas || !crdb_parse_text_array(schemas, &items, &n))
		return false;
	if (cat->search_path)
		crdb_strings_free(cat->search_path, cat->nsearch_path);
	cat->search_path = items;
	cat->nsearch_path = n;
	return true;
}

typedef struct matcher {
	regex_t name, schema;
	bool has_schema;
} matcher_t;

typedef struct matchers {
	matcher_t *m;
	size_t n;
} matchers_t;

static int compile_one(regex_t *re, const char *src, const char *pattern, buf_t *err)
{
	if (regcomp(re, src, REG_EXTENDED | REG_NOSUB) != 0) {
		buf_printf(err, "invalid pattern \"%s\"", pattern);
		return 2;
	}
	return 0;
}

/* Compiles a psql-style pattern; schema_pattern for -n and -N. */
static int compile_pattern(const char *pattern, bool wildcards, bool schema_pattern, matcher_t *m, buf_t *err)
{
	char *schema_re, *name_re;
	int status;

	memset(m, 0, sizeof *m);
	if (!pattern_to_regex(pattern, wildcards, &schema_re, &name_re, err))
		return 2;
	if (schema_pattern && schema_re) {
		buf_printf(err, "improper qualified name in schema pattern \"%s\"", pattern);
		free(schema_re);
		free(name_re);
		return 2;
	}
	status = compile_one(&m->name, name_re, pattern, err);
	if (status == 0 && schema_re) {
		status = compile_one(&m->schema, schema_re, pattern, err);
		if (status == 0)
			m->has_schema = true;
		else
			regfree(&m->name);
	}
	free(schema_re);
	free(name_re);
	return status;
}

static int compile_list(const strlist_t *l, bool wildcards, bool schema_pattern, matchers_t *out, buf_t *err)
{
	out->m = xcalloc((size_t)l->n + 1, sizeof(matcher_t));
	out->n = 0;
	for (int i = 0; i < l->n; i++) {
		int status = compile_pattern(l->items[i], wildcards, schema_pattern, &out->m[i], err);
		if (status)
			return status;
		out->n++;
	}
	return 0;
}

static void free_list(matchers_t *l)
{
	for (size_t i = 0; i < l->n; i++) {
		regfree(&l->m[i].name);
		if (l->m[i].has_schema)
			regfree(&l->m[i].schema);
	}
	free(l->m);
	l->m = NULL;
	l->n = 0;
}

static bool regex_matches(const regex_t *re, const char *s)
{
	return regexec(re, s, 0, NULL, 0) == 0;
}

/* Where schema stands in the search path; -1 when it is not there. */
static long path_position(const crdb_catalog_t *cat, const char *schema)
{
	if (!cat->search_path)
		return strcmp(schema, "public") == 0 ? 0 : -1;
	for (size_t i = 0; i < cat->nsearch_path; i++)
		if (strcmp(cat->search_path[i], schema) == 0)
			return (long)i;
	return -1;
}

/* Whether an unqualified name reaches r, as in PostgreSQL: r's schema is on
 * the search path and no schema before it has a relation of that name. */
static bool rel_visible(const crdb_catalog_t *cat, const crdb_rel_t *r)
{
	long pos = path_position(cat, r->schema);

	if (pos < 0)
		return false;
	for (size_t i = 0; i < cat->nrels; i++) {
		const crdb_rel_t *o = &cat->rels[i];
		long opos;
		if (o->kind == CRDB_TYPE || o->kind == CRDB_FUNCTION || strcmp(o->name, r->name) != 0)
			continue;
		opos = path_position(cat, o->schema);
		if (opos >= 0 && opos < pos)
			return false;
	}
	return true;
}

static bool rel_matches(const crdb_catalog_t *cat, const matcher_t *m, const crdb_rel_t *r)
{
	if (!regex_matches(&m->name, r->name))
		return false;
	return m->has_schema ? regex_matches(&m->schema, r->schema) : rel_visible(cat, r);
}

static bool any_rel_matches(const crdb_catalog_t *cat, const matchers_t *l, const crdb_rel_t *r)
{
	for (size_t i = 0; i < l->n; i++)
		if (rel_matches(cat, &l->m[i], r))
			return true;
	return false;
}

static bool any_schema_matches(const matchers_t *l, const char *schema)
{
	for (size_t i = 0; i < l->n; i++)
		if (regex_matches(&l->m[i].name, schema))
			return true;
	return false;
}

static bool is_relation(const crdb_rel_t *r)
{
	return r->kind == CRDB_TABLE || r->kind == CRDB_VIEW;
}

static bool name_parts(const char *qname, buf_t parts[3], int *nparts);
static bool starts_with(const char *s, const char *prefix);

/* Whether a column's type, as SHOW CREATE writes it, is the enum type t
 * (qualified or not, possibly an array of it). Compared unquoted, as
 * CockroachDB's quoting is not dbdump's (crdb_quote_ident). */
static bool type_names(const char *coltype, const crdb_rel_t *t)
{
	bool quoted = false, same = false;
	size_t n = 0;
	buf_t name, parts[3];
	int np = 0;

	for (; coltype[n] && (quoted || (coltype[n] != '[' && coltype[n] != ' ')); n++)
		if (coltype[n] == '"')
			quoted = !quoted;
	buf_init(&name);
	for (int i = 0; i < 3; i++)
		buf_init(&parts[i]);
	buf_append(&name, coltype, n);
	if (name.data && name_parts(name.data, parts, &np))
		same = strcmp(parts[np - 1].data, t->name) == 0 &&
		       (np == 1 || strcmp(parts[np - 2].data, t->schema) == 0);
	buf_free(&name);
	for (int i = 0; i < 3; i++)
		buf_free(&parts[i]);
	return same;
}

static crdb_rel_t *rel_by_id(crdb_catalog_t *cat, int64_t id)
{
	for (size_t i = 0; i < cat->nrels; i++)
		if (cat->rels[i].id == id)
			return &cat->rels[i];
	return NULL;
}

static void order_selection(crdb_catalog_t *cat, size_t *cycles)
{
	crdb_object_t *objs = xcalloc(cat->nrels + 1, sizeof *objs);
	size_t *map = xcalloc(cat->nrels + 1, sizeof *map);
	size_t *order = xcalloc(cat->nrels + 1, sizeof *order);
	size_t n = 0;

	for (size_t i = 0; i < cat->nrels; i++) {
		const crdb_rel_t *r = &cat->rels[i];
		if (!r->selected)
			continue;
		objs[n].id = r->id;
		objs[n].kind = r->kind;
		objs[n].deps = r->deps;
		objs[n].ndeps = r->ndeps;
		map[n++] = i;
	}
	*cycles = crdb_dependency_order(objs, n, order);
	free(cat->order);
	cat->order = xcalloc(n + 1, sizeof *cat->order);
	for (size_t i = 0; i < n; i++)
		cat->order[i] = map[order[i]];
	cat->norder = n;
	free(objs);
	free(map);
	free(order);
}

/* s[0..n) with blanks trimmed, as a new string. */
static char *trimmed(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	return xstrndup(s, n);
}

/* The length of the (possibly quoted, qualified) name at s, up to the
 * parenthesis of its column list. */
static size_t name_length(const char *s)
{
	bool quoted = false;
	size_t n = 0;

	for (; s[n] && (quoted || s[n] != '('); n++)
		if (s[n] == '"')
			quoted = !quoted;
	return n;
}

/* The constraint name and the referenced table of "ALTER TABLE t ADD
 * CONSTRAINT c FOREIGN KEY (...) REFERENCES s.u(...)", as written; NULL when
 * the text does not say. The caller frees both. */
static void foreign_key_parts(const char *alter, char **cname, char **target)
{
	const char *c = strstr(alter, " ADD CONSTRAINT "), *ref = strstr(alter, " REFERENCES ");
	const char *fk = c ? strstr(c, " FOREIGN KEY") : NULL;

	*cname = c && fk ? trimmed(c + 16, (size_t)(fk - c - 16)) : NULL;
	*target = ref ? trimmed(ref + 12, name_length(ref + 12)) : NULL;
}

/* The parts of a qualified name as CockroachDB writes it ("public.t",
 * s."My T", db.s.t), unquoted; at most 3, false when it is not such a name. */
static bool name_parts(const char *qname, buf_t parts[3], int *nparts)
{
	const char *p = qname;

	*nparts = 0;
	for (;;) {
		buf_t *b;

		if (*nparts == 3)
			return false;
		b = &parts[(*nparts)++];
		buf_reset(b);
		if (*p == '"') {
			for (p++;; p++) {
				if (*p == '\0')
					return false;
				if (*p == '"' && p[1] != '"')
					break;
				if (*p == '"')
					p++;
				buf_putc(b, *p);
			}
			p++;
		} else {
			/* Bare: written so only when it reads back as itself
			 * (non-ASCII lowercase letters included). */
			while (*p && *p != '.')
				buf_putc(b, *p++);
			if (b->len == 0)
				return false;
		}
		if (*p == '\0')
			return true;
		if (*p++ != '.')
			return false;
	}
}

/* Whether target, a table as a foreign key names it, is a selected table.
 * Compared unquoted: CockroachDB's quoting rules are not PostgreSQL's
 * (a non-ASCII lowercase name is bare there; "index" is reserved only
 * there), so the text need not match the qname dbdump writes. */
static bool is_selected_table(const crdb_catalog_t *cat, const char *target)
{
	buf_t parts[3];
	int n = 0;
	bool found = false;

	for (int i = 0; i < 3; i++)
		buf_init(&parts[i]);
	if (name_parts(target, parts, &n)) {
		const char *schema = n >= 2 ? parts[n - 2].data : "public", *name = parts[n - 1].data;
		for (size_t i = 0; i < cat->nrels && !found; i++)
			found = cat->rels[i].selected && cat->rels[i].kind == CRDB_TABLE &&
			        strcmp(cat->rels[i].schema, schema) == 0 &&
			        strcmp(cat->rels[i].name, name) == 0;
	}
	for (int i = 0; i < 3; i++)
		buf_free(&parts[i]);
	return found;
}

/* Whether validate is "ALTER TABLE t VALIDATE CONSTRAINT cname". */
static bool validates_constraint(const char *validate, const char *cname)
{
	const char *v = strstr(validate, " VALIDATE CONSTRAINT ");
	char *name;
	bool same;

	if (!v)
		return false;
	name = trimmed(v + 21, strlen(v + 21));
	same = strcmp(name, cname) == 0;
	free(name);
	return same;
}

/* Whether an ALTER TABLE ... ADD CONSTRAINT statement ends with NOT VALID. */
static bool adds_not_valid(const char *alter)
{
	size_t n = strlen(alter);

	while (n > 0 && (alter[n - 1] == ' ' || alter[n - 1] == '\n' || alter[n - 1] == ';'))
		n--;
	return n >= 10 && strncasecmp(alter + n - 10, " NOT VALID", 10) == 0;
}

/* CockroachDB's validate_statements names every foreign key, also one added
 * NOT VALID; validating that one on restore fails on rows the source itself
 * accepted, at the very end of the restore. It stays unvalidated. */
static void drop_not_valid_validates(crdb_rel_t *r)
{
	for (size_t k = 0; k < r->nalters; k++) {
		char *cname, *target;
		size_t kept = 0;

		if (!adds_not_valid(r->alters[k]))
			continue;
		foreign_key_parts(r->alters[k], &cname, &target);
		for (size_t v = 0; v < r->nvalidates; v++) {
			if (cname && validates_constraint(r->validates[v], cname))
				free(r->validates[v]);
			else
				r->validates[kept++] = r->validates[v];
		}
		r->nvalidates = kept;
		free(cname);
		free(target);
	}
}

/* Leaves out the foreign keys of selected tables that point outside the
 * selection (with their VALIDATE statements): they could not be added. */
static void drop_dangling_foreign_keys(crdb_catalog_t *cat, strlist_t *warnings)
{
	for (size_t i = 0; i < cat->nrels; i++) {
		crdb_rel_t *r = &cat->rels[i];
		size_t kept = 0;

		if (!r->selected || r->kind != CRDB_TABLE)
			continue;
		for (size_t k = 0; k < r->nalters; k++) {
			char *cname, *target;
			foreign_key_parts(r->alters[k], &cname, &target);
			if (!target || is_selected_table(cat, target)) {
				r->alters[kept++] = r->alters[k];
			} else {
				size_t vkept = 0;
				char *w = xasprintf(
				    "foreign key %s of table \"%s.%s\" is left out: it references %s, "
				    "which is not in the dump",
				    cname ? cname : "?", r->schema, r->name, target);
				strlist_add(warnings, w);
				free(w);
				for (size_t v = 0; v < r->nvalidates; v++) {
					if (cname && validates_constraint(r->validates[v], cname))
						free(r->validates[v]);
					else
						r->validates[vkept++] = r->validates[v];
				}
				r->nvalidates = vkept;
				free(r->alters[k]);
			}
			free(cname);
			free(target);
		}
		r->nalters = kept;
	}
}

/* --where TABLE:CONDITION: TABLE is resolved like a TABLE argument; the
 * condition is the user's SQL, for the WHERE of the table's read. */
static int apply_wheres(crdb_catalog_t *cat, const struct options *o, const char *dbname, buf_t *err)
{
	for (int i = 0; i < o->wheres.n; i++) {
		const char *arg = o->wheres.items[i];
		size_t n = options_where_table_length(arg);
		char *name = xstrndup(arg, n);
		matcher_t m;
		bool found = false;
		int status = compile_pattern(name, false, false, &m, err);

		if (status) {
			free(name);
			return status;
		}
		for (size_t k = 0; k < cat->nrels; k++) {
			crdb_rel_t *r = &cat->rels[k];
			if (r->kind != CRDB_TABLE || !rel_matches(cat, &m, r))
				continue;
			found = true;
			free(r->where);
			r->where = xstrdup(arg + n + 1);
		}
		regfree(&m.name);
		if (m.has_schema)
			regfree(&m.schema);
		if (!found) {
			buf_printf(err, "table \"%s\" of --where not found in database \"%s\"", name, dbname);
			free(name);
			return 1;
		}
		free(name);
	}
	return 0;
}

static void add_dep(crdb_rel_t *r, int64_t id)
{
	for (size_t i = 0; i < r->ndeps; i++)
		if (r->deps[i] == id)
			return;
	r->deps = xrealloc(r->deps, sizeof *r->deps * (r->ndeps + 1));
	r->deps[r->ndeps++] = id;
}

/* Whether text calls a routine called name: the name, bare or quoted, not
 * part of a longer name, then "(" (after blanks). */
static bool calls(const char *text, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
		const char *q = p + len;
		bool quoted = p > text && p[-1] == '"';
		char before = p > text ? p[-1] : ' ';

		if (!quoted && (word_char_c(before) || before == '$'))
			continue;
		if (quoted && *q++ != '"')
			continue;
		if (!quoted && (word_char_c(*q) || *q == '$'))
			continue;
		while (*q == ' ' || *q == '\t' || *q == '\n')
			q++;
		if (*q == '(')
			return true;
	}
	return false;
}

/* Routines after the routines their bodies call: CockroachDB checks a body
 * when the routine is made, and crdb_internal lists no dependencies between
 * routines (backward_dependencies starts from tables). Read from the text:
 * a routine whose CREATE text calls another one's name. Overloads of one
 * name are not told apart: they keep the order read. */
static void routine_dependencies(crdb_catalog_t *cat)
{
	for (size_t i = 0; i < cat->nrels; i++) {
		crdb_rel_t *f = &cat->rels[i];

		if (f->kind != CRDB_FUNCTION)
			continue;
		for (size_t k = 0; k < cat->nrels; k++) {
			const crdb_rel_t *g = &cat->rels[k];
			if (g->kind == CRDB_FUNCTION && strcmp(g->name, f->name) != 0 &&
			    calls(f->create, g->name))
				add_dep(f, g->id);
		}
	}
}

bool crdb_catalog_add_routines(crdb_catalog_t *cat, const crdb_result_t *rows, bool procedures,
                               const char *dbname, buf_t *err)
{
	const char *what = procedures ? "procedure" : "function";

	for (size_t i = 0; i < rows->nrows; i++) {
		const char *schema = cell(rows, i, 1), *name = cell(rows, i, 2), *create = cell(rows, i, 3);
		int64_t id;
		crdb_rel_t *r;

		if (!schema || !name || !create || !parse_id(cell(rows, i, 0), &id)) {
			buf_printf(err, "could not read row %zu of crdb_internal.create_%s_statements", i + 1,
			           what);
			return false;
		}
		r = add_rel(cat, id, CRDB_FUNCTION, schema, name);
		r->procedure = procedures;
		r->create = crdb_view_relative(create, dbname);
		r->signature = crdb_routine_signature(r->create);
		if (!r->signature) {
			buf_printf(err, "could not read the CREATE statement of %s \"%s.%s\"", what, schema,
			           name);
			return false;
		}
	}
	routine_dependencies(cat);
	return true;
}

/* The n-th (from 1) identity column of cat's tables, in the order
 * crdb_identity_query lists them; false when there is none. */
static bool nth_identity(crdb_catalog_t *cat, int64_t n, crdb_rel_t **table, const crdb_column_t **col)
{
	for (size_t i = 0; i < cat->nrels; i++) {
		crdb_rel_t *r = &cat->rels[i];
		if (r->kind != CRDB_TABLE)
			continue;
		for (size_t c = 0; c < r->ncols; c++)
			if (r->cols[c].identity && --n == 0) {
				*table = r;
				*col = &r->cols[c];
				return true;
			}
	}
	return false;
}

/* A column's name as it is, out of its SQL form. */
static char *unquoted_column(const char *name)
{
	buf_t parts[3];
	int n = 0;
	char *out;

	for (int i = 0; i < 3; i++)
		buf_init(&parts[i]);
	out = name_parts(name, parts, &n) && n == 1 ? buf_steal(&parts[0]) : xstrdup(name);
	for (int i = 0; i < 3; i++)
		buf_free(&parts[i]);
	return out;
}

void crdb_identity_query(const crdb_catalog_t *cat, buf_t *out)
{
	int64_t n = 0;

	for (size_t i = 0; i < cat->nrels; i++) {
		const crdb_rel_t *r = &cat->rels[i];
		if (r->kind != CRDB_TABLE)
			continue;
		for (size_t c = 0; c < r->ncols; c++) {
			char *col;
			if (!r->cols[c].identity)
				continue;
			buf_puts(out, n ? ", " : "SELECT n, pg_get_serial_sequence(t, c) FROM (VALUES ");
			col = unquoted_column(r->cols[c].name);
			buf_printf(out, "(%lld, ", (long long)++n);
			quote_literal(out, r->qname, strlen(r->qname));
			buf_puts(out, ", ");
			quote_literal(out, col, strlen(col));
			buf_putc(out, ')');
			free(col);
		}
	}
	if (n)
		buf_puts(out, ") AS v (n, t, c) ORDER BY n");
}

bool crdb_catalog_set_identity(crdb_catalog_t *cat, const crdb_result_t *rows, buf_t *err)
{
	buf_t parts[3];
	bool ok = true;

	for (int i = 0; i < 3; i++)
		buf_init(&parts[i]);
	for (size_t row = 0; row < rows->nrows && ok; row++) {
		const char *seq = cell(rows, row, 1);
		crdb_rel_t *table = NULL;
		const crdb_column_t *col = NULL;
		int64_t n;
		int np = 0;

		if (!parse_id(cell(rows, row, 0), &n) || !nth_identity(cat, n, &table, &col)) {
			buf_printf(err, "could not read the sequence of an identity column: row %zu",
			           row + 1);
			ok = false;
			break;
		}
		/* Written on its own, the sequence would be a stray one and the
		 * column's own would start again: not a dump that gives the
		 * table back. */
		if (!seq || !name_parts(seq, parts, &np) || np != 2) {
			buf_printf(
			    err, "could not read the sequence of identity column %s of \"%s.%s\": got \"%s\"",
			    col->name, table->schema, table->name, seq ? seq : "NULL");
			ok = false;
			break;
		}
		for (size_t i = 0; i < cat->nrels; i++) {
			crdb_rel_t *s = &cat->rels[i];
			if (s->kind == CRDB_SEQUENCE && strcmp(s->schema, parts[0].data) == 0 &&
			    strcmp(s->name, parts[1].data) == 0) {
				free(s->owner_col);
				s->owner_id = table->id;
				s->owner_col = unquoted_column(col->name);
			}
		}
	}
	for (int i = 0; i < 3; i++)
		buf_free(&parts[i]);
	return ok;
}

bool crdb_catalog_add_post(crdb_catalog_t *cat, const crdb_result_t *rows, bool array, const char *dbname,
                           buf_t *err)
{
	for (size_t i = 0; i < rows->nrows; i++) {
		const char *text = cell(rows, i, 1);
		crdb_rel_t *r = NULL;
		char **items = NULL;
		size_t n = 0;
		int64_t id;

		if (!text || !parse_id(cell(rows, i, 0), &id) ||
		    (array ? !read_statement_array(text, &items, &n) : false)) {
			buf_printf(err, "could not read row %zu of the %s", i + 1,
			           array ? "row-level security statements" : "triggers");
			return false;
		}
		for (size_t k = 0; k < cat->nrels && !r; k++)
			if (cat->rels[k].id == id && cat->rels[k].kind == CRDB_TABLE)
				r = &cat->rels[k];
		if (!array) {
			items = xcalloc(2, sizeof *items);
			items[0] = xstrdup(text);
			n = 1;
		}
		for (size_t k = 0; r && k < n; k++) {
			r->post = xrealloc(r->post, sizeof *r->post * (r->npost + 2));
			r->post[r->npost++] = crdb_view_relative(items[k], dbname);
			r->post[r->npost] = NULL;
		}
		crdb_strings_free(items, n);
	}
	return true;
}

/* The relation a zone target names ("TABLE db.s.t", "INDEX db.s.t@i",
 * "PARTITION p OF INDEX db.s.t@i", "PARTITION p OF TABLE db.s.t"), as its
 * three unquoted parts; false when the target is of another kind (RANGE,
 * DATABASE) or cannot be read. */
static bool zone_target_parts(const char *target, buf_t parts[3])
{
	const char *name = NULL, *of;
	bool quoted = false;
	size_t n = 0;
	int nparts;
	buf_t q;
	bool ok;

	if (starts_with(target, "TABLE "))
		name = target + 6;
	else if (starts_with(target, "INDEX "))
		name = target + 6;
	else if (starts_with(target, "PARTITION ")) {
		/* The partition's own name may be quoted and hold " OF ": the
		 * last one is the keyword. */
		for (of = strstr(target, " OF "); of; of = strstr(of + 1, " OF "))
			name = of + 4;
		if (name && (starts_with(name, "TABLE ") || starts_with(name, "INDEX ")))
			name += 6;
		else
			name = NULL;
	}
	if (!name)
		return false;
	for (; name[n] && (quoted || name[n] != '@'); n++)
		if (name[n] == '"')
			quoted = !quoted;
	buf_init(&q);
	buf_append(&q, name, n);
	ok = name_parts(q.data, parts, &nparts) && nparts == 3;
	buf_free(&q);
	return ok;
}

bool crdb_catalog_set_zones(crdb_catalog_t *cat, const crdb_result_t *zones, const char *dbname, buf_t *err)
{
	buf_t parts[3];
	bool ok = true;

	for (int i = 0; i < 3; i++)
		buf_init(&parts[i]);
	for (size_t i = 0; i < zones->nrows && ok; i++) {
		const char *target = cell(zones, i, 0), *raw = cell(zones, i, 1);

		if (!target || !raw || !*raw)
			continue;
		if (!zone_target_parts(target, parts)) {
			/* Ours but unreadable: the zone would be lost. */
			if (!starts_with(target, "RANGE ") && !starts_with(target, "DATABASE ")) {
				buf_printf(err, "could not read the zone configuration target \"%s\"",
				           target);
				ok = false;
			}
			continue;
		}
		if (strcmp(parts[0].data, dbname) != 0)
			continue;
		for (size_t k = 0; k < cat->nrels; k++) {
			crdb_rel_t *r = &cat->rels[k];
			if (r->kind == CRDB_TYPE || strcmp(r->schema, parts[1].data) != 0 ||
			    strcmp(r->name, parts[2].data) != 0)
				continue;
			r->zones = xrealloc(r->zones, sizeof *r->zones * (r->nzones + 2));
			r->zones[r->nzones++] = crdb_view_relative(raw, dbname);
			r->zones[r->nzones] = NULL;
			break;
		}
	}
	for (int i = 0; i < 3; i++)
		buf_free(&parts[i]);
	return ok;
}

void crdb_catalog_relative_views(crdb_catalog_t *cat, const char *dbname)
{
	for (size_t i = 0; i < cat->nrels; i++) {
		crdb_rel_t *r = &cat->rels[i];
		if (r->kind == CRDB_VIEW && r->create) {
			char *rel = crdb_view_relative(r->create, dbname);
			free(r->create);
			r->create = rel;
		}
	}
}

int crdb_catalog_select(crdb_catalog_t *cat, const struct options *o, const char *dbname, size_t *cycles,
                        strlist_t *warnings, buf_t *err)
{
	matchers_t tables = {0}, inc = {0}, exc = {0}, inc_ns = {0}, exc_ns = {0}, ex_data = {0};
	bool table_filter = o->tables.n > 0 || o->include_tables.n > 0;
	bool schema_filter = o->include_schemas.n > 0;
	bool *excluded = xcalloc(cat->nrels + 1, sizeof(bool));
	int status;

	*cycles = 0;
	if ((status = compile_list(&o->tables, false, false, &tables, err)) ||
	    (status = compile_list(&o->include_tables, true, false, &inc, err)) ||
	    (status = compile_list(&o->exclude_tables, true, false, &exc, err)) ||
	    (status = compile_list(&o->include_schemas, true, true, &inc_ns, err)) ||
	    (status = compile_list(&o->exclude_schemas, true, true, &exc_ns, err)) ||
	    (status = compile_list(&o->exclude_data, true, false, &ex_data, err)))
		goto done;

	/* Names that must match something. */
	for (size_t i = 0; i < tables.n; i++) {
		bool found = false;
		for (size_t k = 0; k < cat->nrels && !found; k++)
			found = is_relation(&cat->rels[k]) && rel_matches(cat, &tables.m[i], &cat->rels[k]);
		if (!found) {
			buf_printf(err, "table \"%s\" not found in database \"%s\"", o->tables.items[i],
			           dbname);
			status = 1;
			goto done;
		}
	}
	for (size_t i = 0; i < inc.n && !o->no_strict_names; i++) {
		bool found = false;
		for (size_t k = 0; k < cat->nrels && !found; k++)
			found = is_relation(&cat->rels[k]) && rel_matches(cat, &inc.m[i], &cat->rels[k]);
		if (!found) {
			buf_printf(err, "no table matches pattern \"%s\"", o->include_tables.items[i]);
			status = 1;
			goto done;
		}
	}
	for (size_t i = 0; i < inc_ns.n && !o->no_strict_names; i++) {
		bool found = false;
		for (size_t k = 0; k < cat->nrels && !found; k++)
			found = regex_matches(&inc_ns.m[i].name, cat->rels[k].schema);
		if (!found) {
			buf_printf(err, "no schema matches pattern \"%s\"", o->include_schemas.items[i]);
			status = 1;
			goto done;
		}
	}

	for (size_t i = 0; i < cat->nrels; i++) {
		crdb_rel_t *r = &cat->rels[i];
		bool in_schema = !schema_filter || any_schema_matches(&inc_ns, r->schema);

		excluded[i] =
		    any_schema_matches(&exc_ns, r->schema) || (is_relation(r) && any_rel_matches(cat, &exc, r));
		if (excluded[i])
			r->selected = false;
		else if (table_filter)
			r->selected =
			    is_relation(r) && (any_rel_matches(cat, &tables, r) || any_rel_matches(cat, &inc, r));
		else
			r->selected = in_schema;
	}
	/* What the selection needs: its sequences and enum types. */
	for (bool more = true; more;) {
		more = false;
		for (size_t i = 0; i < cat->nrels; i++) {
			crdb_rel_t *r = &cat->rels[i];
			if (!r->selected)
				continue;
			for (size_t k = 0; k < r->ndeps; k++) {
				crdb_rel_t *d = rel_by_id(cat, r->deps[k]);
				if (d && !d->selected && !excluded[d - cat->rels] &&
				    (d->kind == CRDB_SEQUENCE || d->kind == CRDB_TYPE)) {
					d->selected = true;
					more = true;
				}
			}
			for (size_t c = 0; c < r->ncols; c++)
				for (size_t k = 0; k < cat->nrels; k++) {
					crdb_rel_t *t = &cat->rels[k];
					if (t->kind == CRDB_TYPE && !t->selected && !excluded[k] &&
					    type_names(r->cols[c].type, t)) {
						t->selected = true;
						more = true;
					}
				}
		}
	}
	/* An identity column's sequence is made by its table's CREATE: it is
	 * written on its own only when the table is not selected. */
	for (size_t i = 0; i < cat->nrels; i++) {
		crdb_rel_t *r = &cat->rels[i], *owner = r->owner_id ? rel_by_id(cat, r->owner_id) : NULL;
		if (owner && owner->selected)
			r->selected = false;
	}
	for (size_t i = 0; i < cat->nrels; i++) {
		crdb_rel_t *r = &cat->rels[i];
		r->dump_data = r->selected && r->kind == CRDB_TABLE && !any_rel_matches(cat, &ex_data, r);
	}
	if ((status = apply_wheres(cat, o, dbname, err)))
		goto done;
	drop_dangling_foreign_keys(cat, warnings);
	order_selection(cat, cycles);
done:
	free_list(&tables);
	free_list(&inc);
	free_list(&exc);
	free_list(&inc_ns);
	free_list(&exc_ns);
	free_list(&ex_data);
	free(excluded);
	return status;
}

const char *crdb_dump_unsupported(const struct options *o)
{
	if (o->snapshot)
		return "--snapshot joins a PostgreSQL snapshot; on CockroachDB, --as-of picks the moment";
	if (o->owners)
		return "--owners is not supported on CockroachDB yet";
	if (o->privileges)
		return "--privileges is not supported on CockroachDB yet";
	return NULL;
}

/* ---- Text ---------------------------------------------------------------- */

void crdb_table_plan_init(crdb_table_plan_t *p, const crdb_rel_t *t)
{
	buf_t cols, coll;

	memset(p, 0, sizeof *p);
	p->kinds = xcalloc(t->ncols + 1, sizeof *p->kinds);
	p->collations = xcalloc(t->ncols + 1, sizeof *p->collations);
	buf_init(&cols);
	buf_init(&coll);
	for (size_t i = 0; i < t->ncols; i++) {
		const crdb_column_t *c = &t->cols[i];
		if (!c->dumped)
			continue;
		if (p->ncols)
			buf_puts(&cols, ", ");
		buf_puts(&cols, c->name);
		buf_reset(&coll);
		p->kinds[p->ncols] = crdb_literal_kind(c->type, &coll);
		p->collations[p->ncols] = xstrdup(coll.data ? coll.data : "");
		if (c->identity == 'a')
			p->always_identity = true;
		p->ncols++;
	}
	p->collist = p->ncols ? buf_steal(&cols) : xstrdup("1");
	buf_free(&cols);
	buf_free(&coll);
}

void crdb_table_plan_free(crdb_table_plan_t *p)
{
	for (int i = 0; i < p->ncols; i++)
		free(p->collations[i]);
	free(p->collations);
	free(p->kinds);
	free(p->collist);
	memset(p, 0, sizeof *p);
}

void crdb_hlc_text(const asof_t *ts, buf_t *out)
{
	buf_printf(out, "%lld.%010ld", (long long)ts->wall_ns, (long)ts->logical);
}

/* Text for a comment line: no newline can end the comment early. */
static void comment_text(buf_t *out, const char *s)
{
	for (; *s; s++)
		buf_putc(out, (*s == '\n' || *s == '\r') ? ' ' : *s);
}

void crdb_dump_header(buf_t *out, const crdb_dump_info_t *info, const struct options *o)
{
	buf_t hlc;

	buf_init(&hlc);
	crdb_hlc_text(info->ts, &hlc);
	buf_puts(out, "-- dbdump " PACKAGE_VERSION " dump of database \"");
	comment_text(out, info->dbname);
	buf_puts(out, "\"\n--\n-- server: ");
	comment_text(out, info->server_version);
	buf_printf(out, "\n-- as of system time: %s (", hlc.data);
	asof_format_utc(info->ts->wall_ns, out);
	buf_printf(out, ")\n-- the same moment again: dbdump --as-of=%s\n", hlc.data);
	buf_printf(out, "-- contents: %s\n",
	           o->mode == DUMP_SCHEMA ? "schema"
	           : o->mode == DUMP_DATA ? "data"
	                                  : "schema and data");
	/* What --exclude-unsupported left out stays visible in the file itself. */
	if (info->left_out) {
		buf_puts(out, "-- left out (--exclude-unsupported): ");
		comment_text(out, info->left_out);
		buf_putc(out, '\n');
	}
	/* A dump of one database restores into a database the user makes: a
	 * multi-region one's LOCALITY tables need its regions there first. */
	if (info->regions && *info->regions) {
		buf_puts(out, "-- multi-region: its tables restore only into a database with its regions;\n"
		              "-- before restoring, run (naming the database you restore into):\n");
		for (const char *p = info->regions; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			buf_puts(out, "--   ");
			buf_append(out, p, n);
			buf_putc(out, '\n');
			p += n + (nl ? 1 : 0);
		}
	}
	buf_puts(out, MANIFEST_HEADER_LINE "--\n\n");
	/* Only settings CockroachDB accepts (it has UTF8 and standard strings
	 * only; saying so keeps a psql restore honest too). */
	buf_puts(out, "SET statement_timeout = 0;\n"
	              "SET client_encoding = 'UTF8';\n"
	              "SET standard_conforming_strings = on;\n\n");
	if (o->single_transaction)
		buf_puts(out, "BEGIN;\n\n");
	buf_free(&hlc);
}

static void flush(const crdb_dump_io_t *io)
{
	if (io->flush)
		io->flush(io->ctx);
}

static void write_statement(buf_t *out, const char *sql)
{
	size_t n = strlen(sql);

	while (n > 0 && (sql[n - 1] == ';' || sql[n - 1] == ' ' || sql[n - 1] == '\n' || sql[n - 1] == '\t'))
		n--;
	buf_append(out, sql, n);
	buf_puts(out, ";\n");
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void drop_one(buf_t *out, const crdb_rel_t *r, const char *ie)
{
	const char *what = "TABLE";
	const char *how = ie;

	switch (r->kind) {
	case CRDB_VIEW:
		what = r->create && starts_with(r->create, "CREATE MATERIALIZED VIEW") ? "MATERIALIZED VIEW"
		                                                                       : "VIEW";
		break;
	case CRDB_SEQUENCE:
		/* Dropping a table drops the sequences it owns: IF EXISTS
		 * always, or the restore would stop on one already gone. */
		what = "SEQUENCE";
		how = "IF EXISTS ";
		break;
	case CRDB_TYPE: what = "TYPE"; break;
	case CRDB_TABLE: break;
	case CRDB_FUNCTION:
		buf_printf(out, "DROP %s %s%s;\n", r->procedure ? "PROCEDURE" : "FUNCTION", how,
		           r->signature);
		return;
	}
	buf_printf(out, "DROP %s %s%s;\n", what, how, r->qname);
}

static bool has_trigger(const crdb_rel_t *r)
{
	for (size_t i = 0; i < r->npost; i++)
		if (starts_with(r->post[i], "CREATE TRIGGER") ||
		    starts_with(r->post[i], "CREATE OR REPLACE TRIGGER"))
			return true;
	return false;
}

void crdb_drops_write(buf_t *out, const crdb_catalog_t *cat, bool if_exists)
{
	const char *ie = if_exists ? "IF EXISTS " : "";

	/* The foreign keys first: a table another one points to cannot be
	 * dropped before the key is. */
	for (size_t i = 0; i < cat->norder; i++) {
		const crdb_rel_t *r = &cat->rels[cat->order[i]];
		for (size_t k = 0; k < r->nalters; k++) {
			char *cname, *target;
			foreign_key_parts(r->alters[k], &cname, &target);
			if (cname) {
				buf_printf(out, "ALTER TABLE %s%s DROP CONSTRAINT %s%s;\n", ie, r->qname, ie, cname);
			}
			free(cname);
			free(target);
		}
	}
	/* Then the tables with triggers (which go with them: a trigger needs
	 * its function), then everything else in the reverse of the order it
	 * is made in: a routine before the tables it reads and the routines
	 * it calls (CockroachDB refuses to drop what a routine uses), a table
	 * whose default calls a routine before the routine, types last. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = cat->norder; i-- > 0;) {
			const crdb_rel_t *r = &cat->rels[cat->order[i]];
			if (has_trigger(r) == (pass == 0))
				drop_one(out, r, ie);
		}
	if (cat->norder)
		buf_putc(out, '\n');
}

int crdb_rel_pieces_wanted(const crdb_rel_t *t)
{
	if (t->kind != CRDB_TABLE || !t->dump_data || !t->split_key)
		return 1;
	return split_count(t->est_rows, SPLIT_PIECE_ROWS);
}

void crdb_rel_split(crdb_rel_t *t, int64_t lo, int64_t hi, int want)
{
	split_free(&t->split);
	if (t->split_key)
		split_by_key(&t->split, t->split_key, lo, hi, want);
}

void crdb_table_piece_write(buf_t *out, const crdb_rel_t *t, const struct options *o, int piece,
                            crdb_rows_fn table_rows, void *ctx, manifest_tally_t *tally)
{
	crdb_table_plan_t p;
	rows_writer_t w;

	crdb_table_plan_init(&p, t);
	rows_init(&w, out, t->qname, p.collist, p.ncols, p.kinds, false, o->on_conflict_do_nothing,
	          o->rows_per_insert, o->insert_bytes);
	w.quote = crdb_quote_value;
	w.extras = (const char *const *)p.collations;
	table_rows(ctx, t, &p, piece, &w);
	rows_finish(&w);
	manifest_tally_merge(tally, &w.tally);
	rows_free(&w);
	crdb_table_plan_free(&p);
}

void crdb_table_data_write(buf_t *out, const crdb_rel_t *t, const struct options *o, crdb_rows_fn table_rows,
                           void *ctx)
{
	manifest_tally_t tally = {0};

	for (int piece = 0; piece < t->split.npieces; piece++)
		crdb_table_piece_write(out, t, o, piece, table_rows, ctx, &tally);
	crdb_table_data_end(out, t, &tally);
}

void crdb_table_data_end(buf_t *out, const crdb_rel_t *t, const manifest_tally_t *tally)
{
	manifest_table_line(out, t->qname, tally, t->where);
	buf_putc(out, '\n');
}

/* The schemas of the selected objects other than public (which every
 * database has), each once, before anything is created in them. */
static void write_schemas(buf_t *out, const crdb_catalog_t *cat)
{
	bool any = false;

	for (size_t i = 0; i < cat->norder; i++) {
		const char *schema = cat->rels[cat->order[i]].schema;
		bool seen = strcmp(schema, "public") == 0;

		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(cat->rels[cat->order[k]].schema, schema) == 0;
		if (seen)
			continue;
		buf_puts(out, "CREATE SCHEMA IF NOT EXISTS ");
		crdb_quote_ident(out, schema);
		buf_puts(out, ";\n");
		any = true;
	}
	if (any)
		buf_putc(out, '\n');
}

void crdb_identity_generation(buf_t *out, const crdb_rel_t *t, const char *generation)
{
	bool any = false;

	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].dumped && t->cols[i].identity == 'a') {
			buf_printf(out, "ALTER TABLE %s ALTER COLUMN %s SET GENERATED %s;\n", t->qname,
			           t->cols[i].name, generation);
			any = true;
		}
	if (any && strcmp(generation, "ALWAYS") == 0)
		buf_putc(out, '\n');
}

static bool has_identity(const crdb_rel_t *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].identity)
			return true;
	return false;
}

/* setval for sequence s: by its name, or, for the sequence of an identity
 * column of table owner, through the column (the restore named it). */
static bool write_setval(buf_t *out, const crdb_rel_t *s, const crdb_rel_t *owner, const crdb_dump_io_t *io,
                         buf_t *err)
{
	char *v = io->sequence_value(io->ctx, s);
	bool ok;

	if (owner) {
		buf_t expr;
		buf_init(&expr);
		crdb_identity_setval_expr(&expr, owner->qname, s->owner_col);
		ok = v && crdb_setval_expr_sql(out, expr.data, v, s->increment, s->seq_min, s->seq_max);
		buf_free(&expr);
	} else {
		ok = v && crdb_setval_sql(out, s->qname, v, s->increment, s->seq_min, s->seq_max);
	}
	if (!ok)
		buf_printf(err, "could not read the value of sequence \"%s.%s\": got \"%s\"", s->schema,
		           s->name, v ? v : "NULL");
	free(v);
	return ok;
}

bool crdb_dump_write(buf_t *out, const crdb_catalog_t *cat, const crdb_dump_info_t *info,
                     const struct options *o, const crdb_dump_io_t *io, buf_t *err)
{
	bool schema = o->mode != DUMP_DATA, data = o->mode != DUMP_SCHEMA;
	bool any;

	crdb_dump_header(out, info, o);
	flush(io);
	if (schema && o->clean)
		crdb_drops_write(out, cat, o->if_exists);
	if (schema) {
		write_schemas(out, cat);
		for (size_t i = 0; i < cat->norder; i++) {
			const crdb_rel_t *r = &cat->rels[cat->order[i]];
			write_statement(out, r->create);
			/* Its indexes and partitions are there: so can their
			 * zones be. */
			for (size_t k = 0; k < r->nzones; k++)
				write_statement(out, r->zones[k]);
			buf_putc(out, '\n');
			flush(io);
		}
	}
	if (data) {
		for (size_t i = 0; i < cat->norder; i++) {
			const crdb_rel_t *r = &cat->rels[cat->order[i]];

			if (!r->dump_data)
				continue;
			crdb_identity_generation(out, r, "BY DEFAULT");
			if (io->table_data)
				io->table_data(io->ctx, r, out);
			else
				crdb_table_data_write(out, r, o, io->table_rows, io->ctx);
			crdb_identity_generation(out, r, "ALWAYS");
			flush(io);
		}
		any = false;
		for (size_t i = 0; i < cat->norder; i++) {
			const crdb_rel_t *r = &cat->rels[cat->order[i]];

			if (r->kind == CRDB_SEQUENCE) {
				if (!write_setval(out, r, NULL, io, err))
					return false;
				any = true;
			} else if (r->kind == CRDB_TABLE && r->dump_data && has_identity(r)) {
				/* Its identity columns' sequences, made again by
				 * its CREATE TABLE, go on after the rows. */
				for (size_t k = 0; k < cat->nrels; k++) {
					const crdb_rel_t *s = &cat->rels[k];
					if (s->kind != CRDB_SEQUENCE || s->owner_id != r->id || s->selected)
						continue;
					if (!write_setval(out, s, r, io, err))
						return false;
					any = true;
				}
			}
		}
		if (any)
			buf_putc(out, '\n');
		flush(io);
	}
	if (schema) {
		any = false;
		for (size_t i = 0; i < cat->norder; i++) {
			const crdb_rel_t *r = &cat->rels[cat->order[i]];
			for (size_t k = 0; k < r->nalters; k++, any = true)
				write_statement(out, r->alters[k]);
		}
		for (size_t i = 0; i < cat->norder; i++) {
			const crdb_rel_t *r = &cat->rels[cat->order[i]];
			for (size_t k = 0; k < r->nvalidates; k++, any = true)
				write_statement(out, r->validates[k]);
		}
		/* Triggers and row-level security once the rows are in: a
		 * trigger must not fire on them, a policy must not hide them. */
		for (size_t i = 0; i < cat->norder; i++) {
			const crdb_rel_t *r = &cat->rels[cat->order[i]];
			for (size_t k = 0; k < r->npost; k++, any = true)
				write_statement(out, r->post[k]);
		}
		if (any)
			buf_putc(out, '\n');
		flush(io);
	}
	if (data) {
		/* A materialized view is created empty, before the rows it reads
		 * are loaded: it fills once they are, as on PostgreSQL. */
		any = false;
		for (size_t i = 0; i < cat->norder; i++) {
			const crdb_rel_t *r = &cat->rels[cat->order[i]];
			if (r->kind == CRDB_VIEW && starts_with(r->create, "CREATE MATERIALIZED VIEW")) {
				buf_printf(out, "REFRESH MATERIALIZED VIEW %s;\n", r->qname);
				any = true;
			}
		}
		if (any)
			buf_putc(out, '\n');
		flush(io);
	}
	if (o->single_transaction)
		buf_puts(out, "COMMIT;\n\n");
	flush(io);
	return true;
}
