/* ddl: the SQL text that creates (and with --clean drops) each kind of object
 * (pure: model in, text out). */
#ifndef DBDUMP_DDL_H
#define DBDUMP_DDL_H

#include "buf.h"
#include "catalog.h"

/* COMMENT ON kind name IS '...'; nothing when comment is NULL. */
void ddl_comment(buf_t *out, const char *kind, const char *name, const char *comment);
void ddl_schema(buf_t *out, const schema_t *s);
/* CREATE SEQUENCE with every option (not for identity sequences). */
void ddl_sequence(buf_t *out, const sequence_t *s);
/* ALTER SEQUENCE ... OWNED BY, for a sequence owned by a column. */
void ddl_sequence_owner(buf_t *out, const catalog_t *cat, const sequence_t *s);
/* CREATE TABLE with columns and the CHECK constraints that are valid, then the
 * identity columns and the comments. */
void ddl_table(buf_t *out, const catalog_t *cat, const table_t *t);
void ddl_view(buf_t *out, const view_t *v);
/* SELECT pg_catalog.setval(...) restoring the sequence's state. */
void ddl_sequence_value(buf_t *out, const sequence_t *s);
/* ALTER TABLE ... ADD CONSTRAINT for a constraint that follows the data. */
void ddl_constraint(buf_t *out, const table_t *t, const constraint_t *k);
/* True when the constraint is written inside CREATE TABLE. */
bool ddl_constraint_inline(const constraint_t *k);
/* DROP statements for --clean, written before the CREATEs. */
void ddl_drop_table(buf_t *out, const table_t *t, bool if_exists);
void ddl_drop_view(buf_t *out, const view_t *v, bool if_exists);
void ddl_drop_sequence(buf_t *out, const sequence_t *s, bool if_exists);
void ddl_drop_schema(buf_t *out, const schema_t *s, bool if_exists);

#endif
