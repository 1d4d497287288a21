/* dump_crdb: one CockroachDB database dumped as of one moment (the libpq side
 * of catalog_crdb). */
#ifndef DBDUMP_DUMP_CRDB_H
#define DBDUMP_DUMP_CRDB_H

#include "conn.h"
#include "manifest.h"
#include "options.h"
#include "sink.h"

/* Reads the dump's moment (--as-of, resolved against the cluster's clock, or
 * cluster_logical_timestamp()), opens BEGIN AS OF SYSTEM TIME on c, reads the
 * catalog, applies the selection and writes the dump into *outp (opened here
 * when NULL), all but the trailer. Fatal with one line on any failure, server
 * errors explained by crdb_explain_error. Does not close c. */
void dump_crdb_database(conn_t *c, const struct options *o, sink_t **outp);

/* With --all-databases: the users and roles (their options, never their
 * passwords, which CockroachDB does not give back) and their memberships,
 * read over c now (not as of --as-of), appended to out. Fatal when an answer
 * cannot be read. */
void dump_crdb_roles(conn_t *c, buf_t *out);

/* With --all-databases: database db's regions and survival goal, if it is a
 * multi-region database (SHOW REGIONS FROM DATABASE, SHOW SURVIVAL GOAL FROM
 * DATABASE), then its own zone configuration, if it has one (SHOW ZONE
 * CONFIGURATION FROM DATABASE), appended to out. */
void dump_crdb_zone(conn_t *c, buf_t *out, const char *db);

/* --verify FILE DBNAME against CockroachDB: reads, as of one moment (the
 * cluster's clock now), the rows of each of the n tables names[i] (the
 * quoted, qualified name of a manifest line) under the condition wheres[i]
 * (NULL: every row), through the dump's own COPY-or-SELECT path and literals,
 * and sets tallies[i] to their count and digest; found[i] is false when the
 * database has no such table. Returns the moment as HLC text (the caller
 * frees it). Fatal with one line when the database cannot be read. */
char *dump_crdb_verify_tables(conn_t *c, const struct options *o, int n, const char *const *names,
                              const char *const *wheres, manifest_tally_t *tallies, bool *found);

#endif
