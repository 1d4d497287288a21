/* options: the command line, parsed into a plain struct; nothing else reads argv. */
#ifndef DBDUMP_OPTIONS_H
#define DBDUMP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "asof.h"
#include "buf.h"

enum dump_mode { DUMP_BOTH, DUMP_SCHEMA, DUMP_DATA };

/* A list of strings owned by the list (each element and the array). */
typedef struct strlist {
	char **items;
	int n;
} strlist_t;

void strlist_add(strlist_t *l, const char *s);
void strlist_free(strlist_t *l);

struct options {
	const char *dbname; /* first argument: a name, a URI or a conninfo string;
			     * NULL when --url or PGDATABASE names the database */
	const char *host, *port, *user, *url;
	bool insecure;               /* --insecure: CockroachDB without TLS (sslmode=disable) */
	const char *certs_dir;       /* --certs-dir: ca.crt, client.USER.crt, client.USER.key */
	const char *ca_cert, *cert, *key; /* --ca-cert, --cert, --key: override the files */
	const char *file;            /* -f; NULL for stdout */
	enum dump_mode mode;
	strlist_t tables;            /* TABLE arguments: exact names, SQL quoting rules */
	strlist_t include_tables;    /* -t patterns */
	strlist_t exclude_tables;    /* -T patterns */
	strlist_t include_schemas;   /* -n patterns */
	strlist_t exclude_schemas;   /* -N patterns */
	strlist_t exclude_data;      /* --exclude-table-data patterns */
	strlist_t wheres;            /* --where TABLE:CONDITION */
	long rows_per_insert;
	size_t insert_bytes;         /* byte cap for one INSERT statement */
	int verbosity;               /* LOG_QUIET .. LOG_STATEMENTS */
	bool password_prompt;        /* -W */
	bool no_password;            /* -w */
	bool clean;
	bool if_exists;
	bool single_transaction;
	bool on_conflict_do_nothing;
	bool list_only;
	bool no_strict_names;
	bool exclude_unsupported;    /* leave out what the census finds, with warnings */
	bool owners;                 /* --owners: ALTER ... OWNER TO */
	bool privileges;             /* --privileges: GRANT and REVOKE */
	const char *snapshot;        /* --snapshot=ID */
	const char *lock_wait_timeout;
	int stall_timeout_ms;        /* --stall-timeout; 0: wait as long as it takes */
	const char *as_of;
	asof_t as_of_value;          /* --as-of, parsed (valid when as_of is set) */
	int compress_level;          /* 0: plain text; else a zstd level */
	int compress_threads;        /* zstd worker threads */
	bool compress_given;         /* -Z was given (so .zst does not override it) */
	int jobs;                    /* connections reading table data */
	const char *tmpdir;          /* where -j spools go */
	bool progress;
	bool all_databases;
	bool globals_only;           /* --globals-only: roles and tablespaces, no database */
	bool roles_only;             /* --roles-only: roles alone */
	bool no_role_passwords;      /* --no-role-passwords: read pg_roles, not pg_authid */
	int large_objects;           /* --large-objects 1, --no-large-objects 0, else -1:
	                                only in a dump without a table selection */
	bool verify;                 /* --verify FILE [DBNAME] */
	const char *verify_file;     /* FILE, "-" for stdin */
	bool show_help, show_version;
	char *owned_dbname, *owned_url; /* copies made by options_hide_passwords */
};

enum options_result { OPTIONS_OK, OPTIONS_USAGE };

/* Fills o from argv. On a usage error returns OPTIONS_USAGE with a one-line
 * message (without the "dbdump: " prefix) in err, or with err empty when
 * getopt has already written its own message to stderr (an unknown or
 * ambiguous option, a missing or extra argument). Strings in o point into
 * argv or are owned by o's lists; free them with options_free. */
enum options_result options_parse(struct options *o, int argc, char **argv, buf_t *err);
void options_free(struct options *o);

/* Takes private copies of DBNAME and --url, then overwrites any password in
 * them inside argv, so that ps and /proc show none. */
void options_hide_passwords(struct options *o, int argc, char **argv);

/* The --help and --version texts. */
const char *options_help(void);
const char *options_version(void);

/* The option table, for the test that holds --help, the man page and the
 * bash completion to it: the long options (ended by an entry with a NULL
 * name) and getopt's string of short option letters. */
struct option;
const struct option *options_long_table(void);
const char *options_short_letters(void);

/* Parses a -Z value: "zstd", "zstd:LEVEL", "none", or a level (0 = none).
 * Sets *level (0 for none); returns false when malformed. */
bool options_parse_compress(const char *s, int *level);

/* The length of the TABLE part of a --where TABLE:CONDITION argument: up to
 * the first colon outside double quotes (a quoted name may hold one); the
 * whole length when there is none. */
size_t options_where_table_length(const char *arg);

/* Parses a duration as PostgreSQL's timeouts take it: digits and an optional
 * unit (us, ms, s, min, h, d; none means ms), up to INT_MAX milliseconds.
 * Sets *ms (rounded up); returns false if malformed or out of range. */
bool options_parse_duration(const char *s, long long *ms);

/* Parses a size such as 1048576, 512k, 1M, 1MiB; returns false if malformed. */
bool options_parse_size(const char *s, size_t *out);

#endif
