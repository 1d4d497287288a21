/* ddl: the SQL text that creates (and with --clean drops) each kind of object
 * (pure: model in, text out). */
#ifndef DBDUMP_DDL_H
#define DBDUMP_DDL_H

#include "buf.h"
#include "catalog.h"

/* How an object is written. A view that is part of a dependency cycle is
 * written twice: first a stub with its columns and no query, so that what it
 * needs can be created, then its real query with CREATE OR REPLACE VIEW. */
enum ddl_how { DDL_CREATE, DDL_VIEW_STUB, DDL_VIEW_REPLACE };

struct ddl_flags {
	bool owners;     /* ALTER ... OWNER TO */
	bool privileges; /* GRANT and REVOKE */
	bool if_exists;  /* DROP ... IF EXISTS */
};

/* COMMENT ON kind name IS '...'; nothing when comment is NULL. */
void ddl_comment(buf_t *out, const char *kind, const char *name, const char *comment);
/* The statements that create the object, with its comments and, as flags
 * say, its owner and privileges. */
void ddl_create(buf_t *out, const catalog_t *cat, const dobj_t *d, enum ddl_how how,
                const struct ddl_flags *f);
/* The statement that drops what ddl_create made (nothing for parts that go
 * with what they belong to). */
void ddl_drop(buf_t *out, const catalog_t *cat, const dobj_t *d, enum ddl_how how, const struct ddl_flags *f);
/* SELECT pg_catalog.setval(...) restoring the sequence's state. */
void ddl_sequence_value(buf_t *out, const sequence_t *s);
/* REFRESH MATERIALIZED VIEW, for a materialized view's rows after the data. */
void ddl_refresh(buf_t *out, const dobj_t *d);

#endif
