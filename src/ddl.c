/* ddl: the SQL text that creates (and with --clean drops) each kind of object
 * (pure: model in, text out). */
#include <config.h>

#include "ddl.h"

#include <stdlib.h>
#include <string.h>

#include "quote.h"

void ddl_comment(buf_t *out, const char *kind, const char *name, const char *comment)
{
	if (!comment)
		return;
	buf_printf(out, "COMMENT ON %s %s IS ", kind, name);
	quote_literal(out, comment, strlen(comment));
	buf_puts(out, ";\n");
}

void ddl_schema(buf_t *out, const schema_t *s)
{
	/* public exists in every new database; creating it again would fail. */
	if (strcmp(s->raw_name, "public") != 0)
		buf_printf(out, "CREATE SCHEMA %s;\n", s->name);
	/* public's stock comment is already there, and only its owner may set it. */
	if (strcmp(s->raw_name, "public") != 0 || !s->comment || strcmp(s->comment, "standard public schema") != 0)
		ddl_comment(out, "SCHEMA", s->name, s->comment);
}

static void sequence_options(buf_t *out, const sequence_t *s, const char *sep)
{
	buf_printf(out, "%sSTART WITH %s%sINCREMENT BY %s%sMINVALUE %s%sMAXVALUE %s%sCACHE %s%s", sep, s->start,
		   sep, s->increment, sep, s->min, sep, s->max, sep, s->cache, s->cycle ? sep : "");
	if (s->cycle)
		buf_puts(out, "CYCLE");
}

void ddl_sequence(buf_t *out, const sequence_t *s)
{
	buf_printf(out, "CREATE SEQUENCE %s\n    AS %s", s->qname, s->type);
	sequence_options(out, s, "\n    ");
	buf_puts(out, ";\n");
	ddl_comment(out, "SEQUENCE", s->qname, s->comment);
}

void ddl_sequence_owner(buf_t *out, const catalog_t *cat, const sequence_t *s)
{
	const table_t *t = s->owner_table ? catalog_table(cat, s->owner_table) : NULL;

	if (t && !s->identity && s->owner_column)
		buf_printf(out, "ALTER SEQUENCE %s OWNED BY %s.%s;\n", s->qname, t->qname, s->owner_column);
}

bool ddl_constraint_inline(const constraint_t *k)
{
	return k->type == 'c' && k->validated && k->is_local;
}

static void identity_clause(buf_t *out, const catalog_t *cat, const table_t *t, const column_t *col)
{
	const sequence_t *s = NULL;

	for (int i = 0; i < cat->nseqs; i++)
		if (cat->seqs[i].identity && cat->seqs[i].owner_table == t->oid && cat->seqs[i].owner_column &&
		    strcmp(cat->seqs[i].owner_column, col->name) == 0)
			s = &cat->seqs[i];
	buf_printf(out, "ALTER TABLE %s ALTER COLUMN %s ADD GENERATED %s AS IDENTITY", t->qname, col->name,
		   col->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
	if (s) {
		buf_printf(out, " (\n    SEQUENCE NAME %s", s->qname);
		sequence_options(out, s, "\n    ");
		buf_puts(out, "\n)");
	}
	buf_puts(out, ";\n");
}

void ddl_table(buf_t *out, const catalog_t *cat, const table_t *t)
{
	bool first = true;
	bool partition = t->partbound != NULL;

	buf_printf(out, "CREATE %sTABLE %s", t->persistence == 'u' ? "UNLOGGED " : "", t->qname);
	if (partition) {
		const table_t *parent = catalog_table(cat, t->parents[0]);
		buf_printf(out, " PARTITION OF %s", parent ? parent->qname : "?");
	}
	buf_puts(out, " (");
	for (int i = 0; i < t->ncols; i++) {
		const column_t *col = &t->cols[i];
		/* Columns that come from a parent are not repeated. */
		if (!col->is_local || partition)
			continue;
		buf_printf(out, "%s\n    %s %s", first ? "" : ",", col->name, col->type);
		first = false;
		if (col->collation)
			buf_printf(out, " COLLATE %s", col->collation);
		if (col->generated_expr)
			buf_printf(out, " GENERATED ALWAYS AS (%s) STORED", col->generated_expr);
		else if (col->default_expr && !col->identity)
			buf_printf(out, " DEFAULT %s", col->default_expr);
		if (col->notnull)
			buf_puts(out, " NOT NULL");
	}
	for (int i = 0; i < t->ncons; i++) {
		const constraint_t *k = &t->cons[i];
		if (!ddl_constraint_inline(k))
			continue;
		buf_printf(out, "%s\n    CONSTRAINT %s %s", first ? "" : ",", k->name, k->def);
		first = false;
	}
	buf_puts(out, first ? ")" : "\n)");
	if (partition) {
		buf_printf(out, "\n%s", t->partbound);
	} else if (t->nparents > 0) {
		buf_puts(out, "\nINHERITS (");
		for (int p = 0; p < t->nparents; p++) {
			const table_t *parent = catalog_table(cat, t->parents[p]);
			buf_printf(out, "%s%s", p ? ", " : "", parent ? parent->qname : "?");
		}
		buf_puts(out, ")");
	}
	if (t->partkey)
		buf_printf(out, "\nPARTITION BY %s", t->partkey);
	if (t->reloptions)
		buf_printf(out, "\nWITH (%s)", t->reloptions);
	buf_puts(out, ";\n");
	/* Inherited columns may still carry their own NOT NULL or default. */
	for (int i = 0; i < t->ncols; i++) {
		const column_t *col = &t->cols[i];
		if (col->is_local && !partition)
			continue;
		if (col->default_expr && !col->identity && !col->generated_expr)
			buf_printf(out, "ALTER TABLE ONLY %s ALTER COLUMN %s SET DEFAULT %s;\n", t->qname, col->name,
				   col->default_expr);
		if (col->notnull && !partition)
			buf_printf(out, "ALTER TABLE ONLY %s ALTER COLUMN %s SET NOT NULL;\n", t->qname, col->name);
	}
	for (int i = 0; i < t->ncols; i++)
		if (t->cols[i].identity && (t->cols[i].is_local && !partition))
			identity_clause(out, cat, t, &t->cols[i]);
	ddl_comment(out, "TABLE", t->qname, t->comment);
	for (int i = 0; i < t->ncols; i++) {
		if (t->cols[i].comment) {
			char *name = xasprintf("%s.%s", t->qname, t->cols[i].name);
			ddl_comment(out, "COLUMN", name, t->cols[i].comment);
			free(name);
		}
	}
	for (int i = 0; i < t->ncons; i++) {
		if (ddl_constraint_inline(&t->cons[i]) && t->cons[i].comment) {
			char *name = xasprintf("%s ON %s", t->cons[i].name, t->qname);
			ddl_comment(out, "CONSTRAINT", name, t->cons[i].comment);
			free(name);
		}
	}
}

void ddl_view(buf_t *out, const view_t *v)
{
	if (v->relkind == 'm') {
		buf_printf(out, "CREATE MATERIALIZED VIEW %s AS\n%.*s\n  WITH NO DATA;\n", v->qname,
			   (int)(strlen(v->def) - (strlen(v->def) && v->def[strlen(v->def) - 1] == ';')), v->def);
		ddl_comment(out, "MATERIALIZED VIEW", v->qname, v->comment);
	} else {
		buf_printf(out, "CREATE VIEW %s AS\n%s\n", v->qname, v->def);
		ddl_comment(out, "VIEW", v->qname, v->comment);
	}
}

void ddl_sequence_value(buf_t *out, const sequence_t *s)
{
	buf_t name;

	/* The sequence name travels inside a string literal: quote it twice. */
	buf_init(&name);
	quote_literal(&name, s->qname, strlen(s->qname));
	buf_printf(out, "SELECT pg_catalog.setval(%s, %s, %s);\n", name.data, s->last_value ? s->last_value : s->start,
		   s->last_value ? "true" : "false");
	buf_free(&name);
}

void ddl_constraint(buf_t *out, const table_t *t, const constraint_t *k)
{
	/* ONLY keeps an inheritance parent's constraint off its children; a
	 * partitioned table needs the constraint on its partitions too. */
	buf_printf(out, "ALTER TABLE %s%s ADD CONSTRAINT %s %s;\n", t->relkind == 'p' ? "" : "ONLY ", t->qname,
		   k->name, k->def);
	if (k->comment) {
		char *name = xasprintf("%s ON %s", k->name, t->qname);
		ddl_comment(out, "CONSTRAINT", name, k->comment);
		free(name);
	}
}

void ddl_drop_table(buf_t *out, const table_t *t, bool if_exists)
{
	buf_printf(out, "DROP TABLE %s%s;\n", if_exists ? "IF EXISTS " : "", t->qname);
}

void ddl_drop_view(buf_t *out, const view_t *v, bool if_exists)
{
	buf_printf(out, "DROP %sVIEW %s%s;\n", v->relkind == 'm' ? "MATERIALIZED " : "", if_exists ? "IF EXISTS " : "",
		   v->qname);
}

void ddl_drop_sequence(buf_t *out, const sequence_t *s, bool if_exists)
{
	buf_printf(out, "DROP SEQUENCE %s%s;\n", if_exists ? "IF EXISTS " : "", s->qname);
}

void ddl_drop_schema(buf_t *out, const schema_t *s, bool if_exists)
{
	if (strcmp(s->raw_name, "public") != 0)
		buf_printf(out, "DROP SCHEMA %s%s;\n", if_exists ? "IF EXISTS " : "", s->name);
}
