/* conn: connecting with libpq, knowing the server kind, and running the dump's
 * statements with errors that name what failed. */
#ifndef DBDUMP_CONN_H
#define DBDUMP_CONN_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "buf.h"
#include "options.h"

enum server_kind { SERVER_POSTGRES, SERVER_COCKROACH };

typedef struct conn {
	PGconn *pg;
	enum server_kind kind;
	int server_version_num;   /* PQserverVersion */
	char *server_version;     /* the version text the server announced (CockroachDB: crdb_version) */
	int crdb_version_num;     /* CockroachDB: crdb_version_num of it, 230111 for v23.1.11; 0 unknown */
	int stall_ms;             /* --stall-timeout in milliseconds; 0: wait as long as it takes */
} conn_t;

/* Connects as the options say (DBNAME may be a name, a URI or a conninfo
 * string; libpq's environment applies); dbname, when not NULL, replaces the
 * database it names (for --all-databases). Fatal, with one line naming the
 * database but never a password, when the connection fails. */
conn_t *conn_open(const struct options *o, const char *dbname);
void conn_close(conn_t *c);

/* A connection for parallel job number index (0, 1, ...): the settings main
 * connected with, password included, so nothing is prompted for again. With
 * a multi-host string (host=a,b,c) the host list is rotated by index + 1, so
 * the jobs spread over the hosts and still fail over as main would; with
 * main_host_only, it goes to the host and port main reached. The kind and
 * version are main's. Fatal, with one line, when it cannot connect. */
conn_t *conn_open_worker(const conn_t *main, int index, bool main_host_only);
/* The same, not fatal: NULL when it cannot connect, with the reason (one
 * line, no password) in *err, which the caller frees. */
conn_t *conn_try_open_worker(const conn_t *main, int index, bool main_host_only, char **err);
/* The server's start time as text (malloc'd): two connections that give the
 * same one reached the same server, where a snapshot can be shared. */
char *conn_server_start_time(conn_t *c);
/* conn_try_open_worker on the server main_started (main's start time) names:
 * a snapshot lives on one server, and a multi-host string may send a new
 * connection to another (a standby, say). Then it says so at -v, naming the
 * connection by what ("parallel job 2"), and opens one on the host main
 * reached instead. NULL, with the reason in *err, when it cannot connect. */
conn_t *conn_try_open_same_server(const conn_t *main, int index, const char *main_started, const char *what,
				  char **err);

/* Appends the comma-separated list rotated left by shift places: "a,b,c" by 1
 * is "b,c,a"; empty entries keep their places (pure; for tests). */
void conn_rotate_list(const char *list, int shift, buf_t *out);

/* The database name the connection reached (for messages and the header). */
const char *conn_dbname(const conn_t *c);

/* Runs sql with text parameters; fatal with the server's message and, at -v,
 * the statement when it fails. what names the step for the message.
 * nparams < 0: sql is several statements in one round trip (the simple
 * protocol, no parameters), and the result is the last one's.
 * The caller PQclears the result. */
PGresult *conn_query(conn_t *c, const char *what, const char *sql, int nparams, const char *const *params);
/* Runs a statement that returns no rows; fatal on failure. */
void conn_exec(conn_t *c, const char *what, const char *sql);

/* Every wait for the server below goes through poll, so that --stall-timeout
 * can end it: fatal, naming what (a step such as "reading table ..."), when
 * the server sends nothing for that long. */
/* Like PQexec (the last result or the first error, a COPY result at once);
 * not fatal on an error. The caller PQclears the result. */
PGresult *conn_run(conn_t *c, const char *what, const char *sql);
/* The same with text parameters, one statement (the extended protocol). */
PGresult *conn_run_params(conn_t *c, const char *what, const char *sql, int nparams, const char *const *params);
/* Like PQgetResult after a PQsend* call. */
PGresult *conn_next_result(conn_t *c, const char *what);
/* Like blocking PQgetCopyData: > 0 a row, -1 the end, -2 an error. */
int conn_get_copy_data(conn_t *c, char **line, const char *what);

/* The server's error text for a failed result, on one line. */
const char *conn_result_error(const PGresult *r);
/* Frees the calling thread's last conn_result_error text (a worker thread
 * calls it before it ends, so that the text does not outlive the thread). */
void conn_result_error_release(void);

/* Finds a password inside a postgresql:// URI (user:PASSWORD@ or
 * ?password=PASSWORD) or a conninfo string (password=PASSWORD). Returns true
 * with its offset and length in s (pure; used to mask it in argv). */
bool conn_password_span(const char *s, size_t *off, size_t *len);

/* True when a URI or conninfo string names a database (dbname), or cannot
 * be read, so that connecting will say why; false when it names none. */
bool conn_string_names_database(const char *s);

/* Decides the server kind from the crdb_version parameter status, else the
 * version() text (pure; for tests). */
enum server_kind conn_kind_from(const char *crdb_version, const char *version_text);

/* True when a cockroach-style connection flag (--insecure, --certs-dir,
 * --ca-cert, --cert, --key) is given or a COCKROACH_* variable is set through
 * getenv_fn (pure; for tests): the connection is then built by
 * crdb_conninfo_build. */
bool conn_crdb_flags_in_effect(const struct options *o, char *(*getenv_fn)(const char *name));

#endif
