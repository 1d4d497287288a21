/* ddl: the SQL text that creates (and with --clean drops) each kind of object
 * (pure: model in, text out). */
#include <config.h>

#include "ddl.h"

#include <stdlib.h>
#include <string.h>

#include "kinds.h"
#include "quote.h"

void ddl_comment(buf_t *out, const char *kind, const char *name, const char *comment)
{
	if (!comment)
		return;
	buf_printf(out, "COMMENT ON %s %s IS ", kind, name);
	quote_literal(out, comment, strlen(comment));
	buf_puts(out, ";\n");
}

/* COMMENT ON kind name ON table: constraints, triggers, rules, policies. */
static void comment_on_table(buf_t *out, const char *kind, const char *name, const char *table,
                             const char *comment)
{
	char *full;

	if (!comment)
		return;
	full = xasprintf("%s ON %s", name, table);
	ddl_comment(out, kind, full, comment);
	free(full);
}

static void schema_create(buf_t *out, const dobj_t *d)
{
	const schema_t *s = d->ref;
	bool public = strcmp(s->raw_name, "public") == 0;

	/* public exists in every new database; creating it again would fail. A
	 * schema brought in only for what it holds may exist already, too. */
	if (!public)
		buf_printf(out, "CREATE SCHEMA %s%s;\n", d->pulled ? "IF NOT EXISTS " : "", s->name);
	/* public's stock comment is already there, and only its owner may set it. */
	if (!public || !s->comment || strcmp(s->comment, "standard public schema") != 0)
		ddl_comment(out, "SCHEMA", s->name, s->comment);
}

static void sequence_options(buf_t *out, const sequence_t *s, const char *sep)
{
	buf_printf(out, "%sSTART WITH %s%sINCREMENT BY %s%sMINVALUE %s%sMAXVALUE %s%sCACHE %s%s", sep,
	           s->start, sep, s->increment, sep, s->min, sep, s->max, sep, s->cache, s->cycle ? sep : "");
	if (s->cycle)
		buf_puts(out, "CYCLE");
}

static void sequence_create(buf_t *out, const sequence_t *s)
{
	buf_printf(out, "CREATE %sSEQUENCE %s\n    AS %s", s->unlogged ? "UNLOGGED " : "", s->qname, s->type);
	sequence_options(out, s, "\n    ");
	buf_puts(out, ";\n");
	ddl_comment(out, "SEQUENCE", s->qname, s->comment);
}

/* OWNED BY comes after the sequence's owner is set: the server wants the
 * sequence and its table to have one owner at that moment. */
static void sequence_owned_by(buf_t *out, const catalog_t *cat, const sequence_t *s)
{
	const table_t *t = s->owner_table ? catalog_table(cat, s->owner_table) : NULL;

	if (t && t->selected && s->owner_column)
		buf_printf(out, "ALTER SEQUENCE %s OWNED BY %s.%s;\n", s->qname, t->qname, s->owner_column);
}

/* A foreign table's serials: their sequences come before it (its CREATE
 * holds the defaults), so it says OWNED BY for them, after its owner. */
static void foreign_table_owned_sequences(buf_t *out, const catalog_t *cat, const dobj_t *d)
{
	for (int i = 0; i < cat->nseqs; i++) {
		const sequence_t *s = &cat->seqs[i];
		if (s->owner_table == d->oid && s->owner_column && s->selected)
			buf_printf(out, "ALTER SEQUENCE %s OWNED BY %s.%s;\n", s->qname, d->qname,
			           s->owner_column);
	}
}

static bool constraint_inline(const constraint_t *k)
{
	return k->type == 'c' && k->validated && k->is_local;
}

static void identity_clause(buf_t *out, const table_t *t, const column_t *col)
{
	const sequence_t *s = col->identity_seq;

	buf_printf(out, "ALTER TABLE %s ALTER COLUMN %s ADD GENERATED %s AS IDENTITY", t->qname, col->name,
	           col->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
	if (s) {
		buf_printf(out, " (\n    SEQUENCE NAME %s", s->qname);
		sequence_options(out, s, "\n    ");
		buf_puts(out, "\n)");
	}
	buf_puts(out, ";\n");
}

#define CLS_CLASS 1259u /* pg_class */

/* Whether a parent of t sets the default of col's namesake only after
 * its CREATE TABLE (it uses a sequence the parent owns: serial), so that
 * t, created in between, did not get it from there. */
static bool parent_split_default(const catalog_t *cat, const table_t *t, const column_t *col)
{
	for (int p = 0; p < t->nparents; p++) {
		const table_t *parent = catalog_table(cat, t->parents[p]);
		for (int j = 0; parent && j < parent->ncols; j++)
			if (strcmp(parent->cols[j].name, col->name) == 0 && parent->cols[j].split_default)
				return true;
	}
	return false;
}

/* A parent's name: a table's, or (a foreign table, which lives in its kind's
 * module) its object's. */
static const char *parent_qname(const catalog_t *cat, unsigned oid)
{
	const table_t *parent = catalog_table(cat, oid);
	int obj;

	if (parent)
		return parent->qname;
	obj = catalog_object(cat, CLS_CLASS, oid);
	return obj >= 0 ? cat->objs[obj].qname : "?";
}

/* NOT NULL with its constraint's name and NO INHERIT (18), for a column
 * definition. */
static void notnull_clause(buf_t *out, const column_t *col)
{
	if (col->notnull_name)
		buf_printf(out, " CONSTRAINT %s", col->notnull_name);
	buf_puts(out, " NOT NULL");
	if (col->notnull_noinherit)
		buf_puts(out, " NO INHERIT");
}

/* What a column definition says after its type: default or generation
 * expression, NOT NULL. */
static void column_clauses(buf_t *out, const column_t *col)
{
	if (col->generated_expr)
		buf_printf(out, " GENERATED ALWAYS AS (%s) %s", col->generated_expr,
		           col->generated == 'v' ? "VIRTUAL" : "STORED");
	else if (col->default_expr && !col->identity && !col->split_default)
		buf_printf(out, " DEFAULT %s", col->default_expr);
	if (col->notnull)
		notnull_clause(out, col);
}

/* Whether t is a partition whose columns are not in its parent's order (a
 * table made on its own, then attached), or (18) whose not-null constraints
 * have other names than its parent's (likewise). PARTITION OF would give it
 * the parent's order and names, so it is created as a table and attached,
 * as pg_dump does for every partition. An identity column keeps PARTITION
 * OF: a table with its own identity cannot be attached. */
static bool partition_reordered(const catalog_t *cat, const table_t *t)
{
	const table_t *parent = t->partbound && t->nparents == 1 ? catalog_table(cat, t->parents[0]) : NULL;
	bool differs = false;

	if (!parent || parent->ncols != t->ncols)
		return false;
	for (int i = 0; i < t->ncols; i++) {
		if (t->cols[i].identity)
			return false;
		if (strcmp(parent->cols[i].name, t->cols[i].name) != 0)
			differs = true;
		else if (t->cols[i].notnull_conname && parent->cols[i].notnull_conname &&
		         !parent->cols[i].notnull_noinherit &&
		         strcmp(t->cols[i].notnull_conname, parent->cols[i].notnull_conname) != 0)
			differs = true;
	}
	return differs;
}

static void table_create(buf_t *out, const catalog_t *cat, const table_t *t)
{
	bool first = true;
	bool attach = partition_reordered(cat, t);
	bool partition = t->partbound != NULL && !attach;
	bool typed = t->of_type != NULL && !partition;
	static const char *const storage[] = {"p", "PLAIN", "e", "EXTERNAL", "m", "MAIN", "x", "EXTENDED"};

	buf_printf(out, "CREATE %sTABLE %s", t->persistence == 'u' ? "UNLOGGED " : "", t->qname);
	if (partition) {
		buf_printf(out, " PARTITION OF %s", parent_qname(cat, t->parents[0]));
	} else if (typed) {
		buf_printf(out, " OF %s", t->of_type);
	}
	buf_puts(out, " (");
	for (int i = 0; i < t->ncols; i++) {
		const column_t *col = &t->cols[i];
		/* Columns that come from a parent are not repeated, except in a
		 * table that is attached as a partition, which must have them all. */
		if ((!col->is_local && !attach) || partition)
			continue;
		if (typed) {
			/* The type gives the column; only what the table adds. */
			if (!col->generated_expr && !col->notnull &&
			    !(col->default_expr && !col->identity && !col->split_default))
				continue;
			buf_printf(out, "%s\n    %s WITH OPTIONS", first ? "" : ",", col->name);
			first = false;
			column_clauses(out, col);
			continue;
		}
		buf_printf(out, "%s\n    %s %s", first ? "" : ",", col->name, col->type);
		first = false;
		if (col->compression == 'p' || col->compression == 'l')
			buf_printf(out, " COMPRESSION %s", col->compression == 'p' ? "pglz" : "lz4");
		if (col->collation)
			buf_printf(out, " COLLATE %s", col->collation);
		column_clauses(out, col);
	}
	for (int i = 0; i < t->ncons; i++) {
		const constraint_t *k = &t->cons[i];
		/* ATTACH PARTITION wants the parent's checks already there. */
		if (!constraint_inline(k) && !(attach && k->type == 'c' && k->validated))
			continue;
		buf_printf(out, "%s\n    CONSTRAINT %s %s", first ? "" : ",", k->name, k->def);
		first = false;
	}
	if (!first)
		buf_puts(out, "\n)");
	else if (partition || typed)
		/* a partition or typed table with nothing of its own: no list at all */
		out->data[out->len -= 2] = '\0';
	else
		buf_puts(out, ")");
	if (partition) {
		buf_printf(out, "\n%s", t->partbound);
	} else if (t->nparents > 0 && !attach) {
		buf_puts(out, "\nINHERITS (");
		for (int p = 0; p < t->nparents; p++)
			buf_printf(out, "%s%s", p ? ", " : "", parent_qname(cat, t->parents[p]));
		buf_puts(out, ")");
	}
	if (t->partkey)
		buf_printf(out, "\nPARTITION BY %s", t->partkey);
	if (t->access_method)
		buf_printf(out, "\nUSING %s", t->access_method);
	if (t->reloptions)
		buf_printf(out, "\nWITH (%s)", t->reloptions);
	buf_puts(out, ";\n");
	if (attach)
		buf_printf(out, "ALTER TABLE ONLY %s ATTACH PARTITION %s %s;\n",
		           catalog_table(cat, t->parents[0])->qname, t->qname, t->partbound);
	/* Before its own partitions are made, which would take the parent's. */
	if (t->am_default)
		buf_printf(out, "ALTER TABLE %s SET ACCESS METHOD DEFAULT;\n", t->qname);
	for (int i = 0; i < t->ncols; i++) {
		const column_t *col = &t->cols[i];
		/* Inherited columns may still carry their own NOT NULL or default. */
		if ((!col->is_local && !attach) || partition) {
			if (col->default_expr && !col->identity && !col->generated_expr &&
			    !col->split_default && (!col->parent_default || parent_split_default(cat, t, col)))
				buf_printf(out, "ALTER TABLE ONLY %s ALTER COLUMN %s SET DEFAULT %s;\n",
				           t->qname, col->name, col->default_expr);
			/* One only inherited from a parent's NOT VALID constraint is
			 * validated after that one is added (constraint_validate_children). */
			if (col->notnull && !col->parent_notnull && !col->notnull_inherited) {
				/* Its own name and NO INHERIT (18) need the constraint's form. */
				if (col->notnull_name || col->notnull_noinherit) {
					buf_printf(out, "ALTER TABLE ONLY %s ADD", t->qname);
					if (col->notnull_name)
						buf_printf(out, " CONSTRAINT %s", col->notnull_name);
					buf_printf(out, " NOT NULL %s%s;\n", col->name,
					           col->notnull_noinherit ? " NO INHERIT" : "");
				} else {
					buf_printf(out, "ALTER TABLE ONLY %s ALTER COLUMN %s SET NOT NULL;\n",
					           t->qname, col->name);
				}
			}
		}
		/* CREATE TABLE gave it a parent's default; ATTACH gives none. */
		if (col->no_parent_default && !attach)
			buf_printf(out, "ALTER TABLE ONLY %s ALTER COLUMN %s DROP DEFAULT;\n", t->qname,
			           col->name);
		if (col->stattarget >= 0)
			buf_printf(out, "ALTER TABLE ONLY %s ALTER COLUMN %s SET STATISTICS %d;\n", t->qname,
			           col->name, col->stattarget);
		for (size_t k = 0; col->storage && k < sizeof storage / sizeof storage[0]; k += 2)
			if (col->storage == storage[k][0])
				buf_printf(out, "ALTER TABLE ONLY %s ALTER COLUMN %s SET STORAGE %s;\n",
				           t->qname, col->name, storage[k + 1]);
		/* A partition's or a typed table's column was made without a
		 * COMPRESSION clause. */
		if (((!col->is_local && !attach) || partition || typed) &&
		    (col->compression == 'p' || col->compression == 'l'))
			buf_printf(out, "ALTER TABLE ONLY %s ALTER COLUMN %s SET COMPRESSION %s;\n", t->qname,
			           col->name, col->compression == 'p' ? "pglz" : "lz4");
		if (col->options)
			buf_printf(out, "ALTER TABLE ONLY %s ALTER COLUMN %s SET (%s);\n", t->qname,
			           col->name, col->options);
	}
	for (int i = 0; i < t->ncols; i++)
		if (t->cols[i].identity && (t->cols[i].is_local && !partition))
			identity_clause(out, t, &t->cols[i]);
	if (t->replident == 'f' || t->replident == 'n')
		buf_printf(out, "ALTER TABLE ONLY %s REPLICA IDENTITY %s;\n", t->qname,
		           t->replident == 'f' ? "FULL" : "NOTHING");
	ddl_comment(out, "TABLE", t->qname, t->comment);
	for (int i = 0; i < t->ncols; i++) {
		if (t->cols[i].comment) {
			char *name = xasprintf("%s.%s", t->qname, t->cols[i].name);
			ddl_comment(out, "COLUMN", name, t->cols[i].comment);
			free(name);
		}
	}
	/* Inline checks, and (18) the not-null constraints the columns made. */
	for (int i = 0; i < t->ncons; i++)
		if (constraint_inline(&t->cons[i]) ||
		    (t->cons[i].type == 'n' && t->cons[i].validated && t->cons[i].is_local))
			comment_on_table(out, "CONSTRAINT", t->cons[i].name, t->qname, t->cons[i].comment);
}

/* A view's definition without pg_get_viewdef's final semicolon. */
static int view_query_len(const view_t *v)
{
	size_t n = strlen(v->def);
	while (n > 0 && (v->def[n - 1] == ';' || v->def[n - 1] == '\n' || v->def[n - 1] == ' '))
		n--;
	return (int)n;
}

static void view_create(buf_t *out, const view_t *v, enum ddl_how how)
{
	if (v->relkind == 'm') {
		buf_printf(out, "CREATE MATERIALIZED VIEW %s", v->qname);
		if (v->reloptions)
			buf_printf(out, " WITH (%s)", v->reloptions);
		/* Filled after the data by REFRESH, when the source's is populated. */
		buf_printf(out, " AS\n%.*s\n  WITH NO DATA;\n", view_query_len(v), v->def);
		ddl_comment(out, "MATERIALIZED VIEW", v->qname, v->comment);
		return;
	}
	buf_printf(out, "CREATE %sVIEW %s", how == DDL_VIEW_REPLACE ? "OR REPLACE " : "", v->qname);
	if (v->reloptions)
		buf_printf(out, " WITH (%s)", v->reloptions);
	if (how == DDL_VIEW_STUB) {
		buf_printf(out, " AS\n SELECT %s;\n", v->stub_columns ? v->stub_columns : "");
		return;
	}
	buf_printf(out, " AS\n%.*s", view_query_len(v), v->def);
	if (v->check_option)
		buf_printf(out, "\n  WITH %s CHECK OPTION", v->check_option);
	buf_puts(out, ";\n");
	ddl_comment(out, "VIEW", v->qname, v->comment);
}

static void type_create(buf_t *out, const dobj_t *d)
{
	switch (d->state) {
	case 'e': buf_printf(out, "CREATE TYPE %s AS ENUM (%s);\n", d->qname, d->def ? d->def : ""); break;
	case 'd': buf_printf(out, "CREATE DOMAIN %s AS %s;\n", d->qname, d->def); break;
	case 'c': buf_printf(out, "CREATE TYPE %s AS (%s\n);\n", d->qname, d->def ? d->def : ""); break;
	case 'r': buf_printf(out, "CREATE TYPE %s AS RANGE (\n    %s\n);\n", d->qname, d->def); break;
	}
	ddl_comment(out, d->keyword, d->qname, d->comment);
}

/* ALTER TABLE [ONLY]: ONLY keeps an inheritance parent's key off its
 * children, and a partitioned table's key waits for its partitions' own keys
 * to be attached; a partitioned table's foreign keys cannot be ONLY. */
static const char *constraint_only(const table_t *t, const constraint_t *k)
{
	/* An inheritable CHECK or NOT NULL must reach the children too (they
	 * hold inherited copies, which the dump does not write itself). */
	if ((k->type == 'c' || k->type == 'n') && !strstr(k->def, "NO INHERIT"))
		return "";
	return t->relkind == 'p' && k->type == 'f' ? "" : "ONLY ";
}

/* 18: a child whose copy of a parent's NOT VALID not-null constraint was
 * validated on its own gets it validated again once the parent's is added
 * (which gives the child a NOT VALID copy). */
static void constraint_validate_children(buf_t *out, const catalog_t *cat, const table_t *t,
                                         const constraint_t *k)
{
	const char *col = k->def + strlen("NOT NULL ");

	if (strncmp(k->def, "NOT NULL ", strlen("NOT NULL ")) != 0 || strstr(k->def, "NO INHERIT"))
		return;
	for (int i = 0; i < cat->ntables; i++) {
		const table_t *c = &cat->tables[i];
		bool child = false;
		for (int p = 0; p < c->nparents; p++)
			child = child || c->parents[p] == t->oid;
		if (!child || !c->selected)
			continue;
		for (int j = 0; j < c->ncols; j++) {
			size_t n = strlen(c->cols[j].name);
			if (strncmp(col, c->cols[j].name, n) == 0 && (col[n] == ' ' || col[n] == '\0') &&
			    c->cols[j].notnull_inherited && !c->cols[j].parent_notnull)
				buf_printf(out, "ALTER TABLE %s VALIDATE CONSTRAINT %s;\n", c->qname,
				           k->name);
		}
	}
}

/* only: ALTER TABLE ONLY, for a partitioned table's trigger, whose clones
 * on the partitions (15 and newer) would otherwise take the state too,
 * theirs being their own (see DOBJ_TRIGGER). */
static void trigger_state(buf_t *out, const char *what, const dobj_t *d, bool only)
{
	const char *how = d->state == 'D'   ? "DISABLE"
	                  : d->state == 'R' ? "ENABLE REPLICA"
	                  : d->state == 'A' ? "ENABLE ALWAYS"
	                                    : NULL;

	if (how)
		buf_printf(out, "ALTER TABLE %s%s %s %s %s;\n", only ? "ONLY " : "", d->extra, how, what,
		           d->qname);
}

static void owner_and_grants(buf_t *out, const dobj_t *d, const struct ddl_flags *f)
{
	if (f->owners && d->owner) {
		const char *alter = d->keyword;
		if (d->kind == DOBJ_AGGREGATE)
			alter = "AGGREGATE";
		buf_printf(out, "ALTER %s %s OWNER TO %s;\n", alter, d->qname, d->owner);
	}
	if (f->privileges && d->grants)
		buf_puts(out, d->grants);
}

void ddl_create(buf_t *out, const catalog_t *cat, const dobj_t *d, enum ddl_how how,
                const struct ddl_flags *f)
{
	/* Default privileges are nothing but grants: without --privileges not
	 * even the blank line that ends an object, or a dump of a database
	 * that has them differs from one of a database that has not. */
	if (d->kind == DOBJ_DEFAULT_ACL && !(f->privileges && d->grants))
		return;
	/* A built-in extension (plpgsql, state 'b') is there already: only its
	 * members' changed privileges, and nothing at all without them. */
	if (d->kind == DOBJ_EXTENSION && d->state == 'b') {
		if (f->privileges && d->grants)
			buf_printf(out, "%s\n", d->grants);
		return;
	}
	switch (d->kind) {
	case DOBJ_SCHEMA: schema_create(out, d); break;
	case DOBJ_EXTENSION:
		buf_printf(out, "CREATE EXTENSION IF NOT EXISTS %s WITH SCHEMA %s;\n", d->qname, d->def);
		ddl_comment(out, "EXTENSION", d->qname, d->comment);
		break;
	case DOBJ_TYPE: type_create(out, d); break;
	case DOBJ_FUNCTION: {
		size_t n = strlen(d->def);
		while (n > 0 && d->def[n - 1] == '\n')
			n--;
		buf_printf(out, "%.*s;\n", (int)n, d->def);
		ddl_comment(out, d->keyword, d->qname, d->comment);
		break;
	}
	case DOBJ_AGGREGATE:
		buf_printf(out, "CREATE AGGREGATE %s(%s) (\n    %s\n);\n", d->extra2, d->def, d->extra);
		ddl_comment(out, d->keyword, d->qname, d->comment);
		break;
	case DOBJ_SEQUENCE: sequence_create(out, d->ref); break;
	case DOBJ_TABLE: table_create(out, cat, d->ref); break;
	case DOBJ_VIEW:
		view_create(out, d->ref, how);
		if (d->more_sql && how != DDL_VIEW_STUB)
			buf_puts(out, d->more_sql);
		if (how == DDL_VIEW_REPLACE) {
			buf_putc(out, '\n');
			return; /* owner and privileges came with the stub */
		}
		break;
	case DOBJ_DEFAULT: {
		const table_t *t = d->ref;
		buf_printf(out, "ALTER TABLE ONLY %s ALTER COLUMN %s SET DEFAULT %s;\n", t->qname, d->qname,
		           d->def);
		break;
	}
	case DOBJ_CONSTRAINT:
	case DOBJ_FKEY: {
		const table_t *t = catalog_table(cat, d->table);
		const constraint_t *k = d->ref;
		buf_printf(out, "ALTER TABLE %s%s ADD CONSTRAINT %s %s;\n", constraint_only(t, k), t->qname,
		           k->name, k->def);
		if (k->type == 'n' && !k->validated)
			constraint_validate_children(out, cat, t, k);
		comment_on_table(out, "CONSTRAINT", k->name, t->qname, k->comment);
		break;
	}
	case DOBJ_INDEX:
		buf_printf(out, "%s;\n", d->def);
		ddl_comment(out, "INDEX", d->qname, d->comment);
		if (d->state == 'c') {
			buf_printf(out, "ALTER TABLE %s CLUSTER ON ", d->extra);
			quote_ident(out, d->raw_name);
			buf_puts(out, ";\n");
		}
		break;
	case DOBJ_INDEX_ATTACH:
		buf_printf(out, "ALTER INDEX %s ATTACH PARTITION %s;\n", d->def, d->qname);
		break;
	case DOBJ_RULE: {
		size_t n = strlen(d->def);
		while (n > 0 && (d->def[n - 1] == '\n' || d->def[n - 1] == ';'))
			n--;
		buf_printf(out, "%.*s;\n", (int)n, d->def);
		trigger_state(out, "RULE", d, false);
		comment_on_table(out, "RULE", d->qname, d->extra, d->comment);
		break;
	}
	case DOBJ_TRIGGER:
		if (d->def) {
			const table_t *t = catalog_table(cat, d->table);
			buf_printf(out, "%s;\n", d->def);
			trigger_state(out, "TRIGGER", d, t && t->relkind == 'p');
		} else {
			/* A clone, which its parent's CREATE TRIGGER makes enabled,
			 * is not: its own state, on it alone. */
			trigger_state(out, "TRIGGER", d, true);
		}
		comment_on_table(out, "TRIGGER", d->qname, d->extra, d->comment);
		break;
	case DOBJ_ROW_SECURITY: {
		const table_t *t = d->ref;
		if (t->rowsecurity)
			buf_printf(out, "ALTER TABLE %s ENABLE ROW LEVEL SECURITY;\n", t->qname);
		if (t->force_rowsecurity)
			buf_printf(out, "ALTER TABLE %s FORCE ROW LEVEL SECURITY;\n", t->qname);
		break;
	}
	case DOBJ_POLICY:
		buf_printf(out, "%s;\n", d->def);
		comment_on_table(out, "POLICY", d->qname, d->extra, d->comment);
		break;
	default:
		/* A kind of kinds.h: the server wrote its statements. */
		if (d->def)
			buf_puts(out, d->def);
		if (d->qname)
			ddl_comment(out, d->keyword, d->qname, d->comment);
		break;
	}
	if (d->more_sql && d->kind != DOBJ_VIEW)
		buf_puts(out, d->more_sql);
	if (d->labels)
		buf_puts(out, d->labels);
	owner_and_grants(out, d, f);
	if (d->kind == DOBJ_SEQUENCE)
		sequence_owned_by(out, cat, d->ref);
	else if (d->kind == DOBJ_FOREIGN_TABLE)
		foreign_table_owned_sequences(out, cat, d);
	buf_putc(out, '\n');
}

/* DROP kind [IF EXISTS] name ON table. */
static void drop_on_table(buf_t *out, const char *kind, const dobj_t *d, const struct ddl_flags *f)
{
	buf_printf(out, "DROP %s %s%s ON %s;\n", kind, f->if_exists ? "IF EXISTS " : "", d->qname, d->extra);
}

void ddl_drop(buf_t *out, const catalog_t *cat, const dobj_t *d, enum ddl_how how, const struct ddl_flags *f)
{
	const char *ie = f->if_exists ? "IF EXISTS " : "";

	switch (d->kind) {
	case DOBJ_SCHEMA:
		if (strcmp(d->raw_name, "public") != 0 && !d->pulled)
			buf_printf(out, "DROP SCHEMA %s%s;\n", ie, d->qname);
		break;
	case DOBJ_EXTENSION:
		if (!d->pulled && d->state != 'b')
			buf_printf(out, "DROP EXTENSION %s%s;\n", ie, d->qname);
		break;
	case DOBJ_SEQUENCE: {
		/* A foreign table's serial is made before the table, so dropped
		 * after it, which has dropped it already. */
		int owner = d->table ? catalog_object(cat, CLS_CLASS, d->table) : -1;
		if (owner >= 0 && cat->objs[owner].kind == DOBJ_FOREIGN_TABLE && cat->objs[owner].selected)
			ie = "IF EXISTS ";
		buf_printf(out, "DROP %s %s%s;\n", d->keyword, ie, d->qname);
		break;
	}
	case DOBJ_TYPE:
	case DOBJ_FUNCTION:
	case DOBJ_AGGREGATE:
	case DOBJ_TABLE: buf_printf(out, "DROP %s %s%s;\n", d->keyword, ie, d->qname); break;
	case DOBJ_VIEW:
		if (how != DDL_VIEW_REPLACE) {
			buf_printf(out, "DROP %s %s%s;\n", d->keyword, ie, d->qname);
		} else {
			/* Undo the real query, so that what the view uses can be
			 * dropped before the view itself. */
			const view_t *v = d->ref;
			buf_t stmt;
			buf_init(&stmt);
			buf_printf(&stmt, "CREATE OR REPLACE VIEW %s AS SELECT %s", v->qname,
			           v->stub_columns);
			if (f->if_exists) {
				buf_puts(out, "DO $dbdump$BEGIN IF pg_catalog.to_regclass(");
				quote_literal(out, v->qname, strlen(v->qname));
				buf_puts(out, ") IS NOT NULL THEN EXECUTE ");
				quote_literal(out, stmt.data, stmt.len);
				buf_puts(out, "; END IF; END$dbdump$;\n");
			} else {
				buf_printf(out, "%s;\n", stmt.data);
			}
			buf_free(&stmt);
		}
		break;
	case DOBJ_DEFAULT: {
		const table_t *t = d->ref;
		buf_printf(out, "ALTER TABLE %sONLY %s ALTER COLUMN %s DROP DEFAULT;\n", ie, t->qname,
		           d->qname);
		break;
	}
	case DOBJ_CONSTRAINT:
	case DOBJ_FKEY: {
		const table_t *t = catalog_table(cat, d->table);
		const constraint_t *k = d->ref;
		/* A partition's copy of its parent's key goes with the parent's. */
		if (!k->parent)
			buf_printf(out, "ALTER TABLE %s%s%s DROP CONSTRAINT %s%s;\n", ie,
			           t->relkind == 'p' ? "" : "ONLY ", t->qname, ie, k->name);
		break;
	}
	case DOBJ_INDEX:
		if (!d->extra2)
			buf_printf(out, "DROP INDEX %s%s;\n", ie, d->qname);
		break;
	case DOBJ_RULE: drop_on_table(out, "RULE", d, f); break;
	case DOBJ_TRIGGER:
		/* A clone goes with its parent trigger, and cannot be dropped alone. */
		if (d->def)
			drop_on_table(out, "TRIGGER", d, f);
		break;
	case DOBJ_POLICY: drop_on_table(out, "POLICY", d, f); break;
	case DOBJ_INDEX_ATTACH:
	case DOBJ_ROW_SECURITY: break;
	default: {
		const struct kind_def *kd = kinds_find(d->kind);
		if (kd && !kd->no_drop)
			buf_printf(out, "DROP %s %s%s;\n", d->keyword, ie, d->qname);
		break;
	}
	}
}

void ddl_sequence_value(buf_t *out, const sequence_t *s)
{
	buf_t name;

	/* The sequence name travels inside a string literal: quote it twice. */
	buf_init(&name);
	quote_literal(&name, s->qname, strlen(s->qname));
	buf_printf(out, "SELECT pg_catalog.setval(%s, %s, %s);\n", name.data,
	           s->last_value       ? s->last_value
	           : s->uncalled_value ? s->uncalled_value
	                               : s->start,
	           s->last_value ? "true" : "false");
	buf_free(&name);
}

void ddl_refresh(buf_t *out, const dobj_t *d)
{
	buf_printf(out, "REFRESH MATERIALIZED VIEW %s;\n", d->qname);
}
