/* conn: connecting with libpq, knowing the server kind, and running the dump's
 * statements with errors that name what failed. */
#include <config.h>

#include "conn.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crdb.h"
#include "getpass.h"
#include "log.h"

enum server_kind conn_kind_from(const char *crdb_version, const char *version_text)
{
	if (crdb_version && *crdb_version)
		return SERVER_COCKROACH;
	if (version_text && strstr(version_text, "CockroachDB"))
		return SERVER_COCKROACH;
	return SERVER_POSTGRES;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_uri_text(const char *s)
{
	return strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0;
}

static bool uri_password_span(const char *s, size_t *off, size_t *len)
{
	const char *p = strstr(s, "://") + 3;
	size_t auth_len = strcspn(p, "/?");
	const char *at = NULL, *q;

	for (const char *c = p; c < p + auth_len; c++)
		if (*c == '@')
			at = c;
	if (at) {
		const char *colon = memchr(p, ':', (size_t)(at - p));
		if (colon && at > colon + 1) {
			*off = (size_t)(colon + 1 - s);
			*len = (size_t)(at - colon - 1);
			return true;
		}
	}
	q = strchr(p, '?');
	while (q) {
		q++;
		if (strncmp(q, "password=", 9) == 0) {
			*off = (size_t)(q + 9 - s);
			*len = strcspn(q + 9, "&");
			return *len > 0;
		}
		q = strchr(q, '&');
	}
	return false;
}

bool conn_password_span(const char *s, size_t *off, size_t *len)
{
	const char *p = s;

	if (strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0)
		return uri_password_span(s, off, len);
	if (!strchr(s, '='))
		return false;
	/* conninfo: key = value pairs; values bare or in single quotes. */
	while (*p) {
		const char *key, *v;
		size_t keylen;
		while (is_space(*p))
			p++;
		key = p;
		while (*p && *p != '=' && !is_space(*p))
			p++;
		keylen = (size_t)(p - key);
		while (is_space(*p))
			p++;
		if (*p != '=')
			return false;
		p++;
		while (is_space(*p))
			p++;
		v = p;
		if (*p == '\'') {
			p++;
			while (*p && *p != '\'') {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (*p)
				p++;
		} else {
			while (*p && !is_space(*p))
				p++;
		}
		if (keylen == 8 && strncmp(key, "password", 8) == 0 && p > v) {
			*off = (size_t)(v - s);
			*len = (size_t)(p - v);
			return true;
		}
		/* dbname='postgresql://u:PW@h/db': libpq does not expand it, but
		 * it quotes it back in messages, and ps shows it. */
		if (p > v) {
			const char *start = *v == '\'' ? v + 1 : v;
			char *value = xstrndup(start, (size_t)(p - start));
			size_t voff, vlen;
			bool found = is_uri_text(value) && uri_password_span(value, &voff, &vlen) &&
				     voff + vlen <= (size_t)(p - start);
			free(value);
			if (found) {
				*off = (size_t)(start - s) + voff;
				*len = vlen;
				return true;
			}
		}
	}
	return false;
}

bool conn_string_names_database(const char *s)
{
	char *errmsg = NULL;
	PQconninfoOption *opts = PQconninfoParse(s, &errmsg);
	bool named = true;

	if (opts) {
		named = false;
		for (PQconninfoOption *opt = opts; opt->keyword; opt++)
			if (strcmp(opt->keyword, "dbname") == 0 && opt->val && *opt->val)
				named = true;
		PQconninfoFree(opts);
	}
	PQfreemem(errmsg);
	return named;
}

bool conn_crdb_flags_in_effect(const struct options *o, char *(*getenv_fn)(const char *name))
{
	static const char *const vars[] = {"COCKROACH_URL",      "COCKROACH_HOST",     "COCKROACH_PORT",
					   "COCKROACH_USER",     "COCKROACH_INSECURE", "COCKROACH_CERTS_DIR"};

	if (o->insecure || o->certs_dir || o->ca_cert || o->cert || o->key)
		return true;
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv_fn(vars[i]);
		if (v && *v)
			return true;
	}
	return false;
}

static bool is_uri(const char *s)
{
	return strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0;
}

/* The cockroach way: flags, then a URL (--url, a URI given as DBNAME, or
 * COCKROACH_URL), then the other COCKROACH_* variables, mapped by
 * crdb_conninfo_build; a DBNAME that is a plain name, or dbname, names the
 * database. */
/* Settings that go first in a keyword list, so that whatever the user's
 * connection string or flags say comes later and wins: TCP keepalives that
 * notice a dead server or path in about a minute (20 s idle, then 4 probes 10
 * s apart) instead of the system's two hours, and with --stall-timeout a
 * connect timeout of the same length. Room for CONN_DEFAULTS_MAX pairs. */
#define CONN_DEFAULTS_MAX 4
static int add_defaults(const struct options *o, const char **keys, const char **vals, char *timeout,
			size_t timeout_size)
{
	int n = 0;

	keys[n] = "keepalives_idle";
	vals[n++] = "20";
	keys[n] = "keepalives_interval";
	vals[n++] = "10";
	keys[n] = "keepalives_count";
	vals[n++] = "4";
	if (o->stall_timeout_ms > 0) {
		/* libpq's connect_timeout is whole seconds, at least 2. */
		int sec = (o->stall_timeout_ms + 999) / 1000;
		snprintf(timeout, timeout_size, "%d", sec < 2 ? 2 : sec);
		keys[n] = "connect_timeout";
		vals[n++] = timeout;
	}
	return n;
}

/* Ends a keyword list (arrays with room for two more pairs and the NULLs)
 * with the password and our application name, and connects. */
static PGconn *connect_with(const char **keys, const char **vals, int n, const char *password)
{
	if (password) {
		keys[n] = "password";
		vals[n++] = password;
	}
	keys[n] = "fallback_application_name";
	vals[n++] = "dbdump";
	keys[n] = NULL;
	vals[n] = NULL;
	return PQconnectdbParams(keys, vals, 1);
}

static PGconn *try_connect_crdb(const struct options *o, const char *dbname, const char *password)
{
	crdb_conn_flags_t f = {o->url, o->host, o->port, o->user, o->insecure, o->certs_dir, o->ca_cert, o->cert, o->key};
	const char *keys[CRDB_CONN_MAX + 6 + CONN_DEFAULTS_MAX];
	const char *vals[CRDB_CONN_MAX + 6 + CONN_DEFAULTS_MAX];
	char timeout[16];
	crdb_conninfo_t ci;
	bool dbname_is_url = !o->url && o->dbname && is_uri(o->dbname);
	bool dbname_first;
	int n = add_defaults(o, keys, vals, timeout, sizeof timeout);
	PGconn *pg;
	buf_t err;

	if (dbname_is_url)
		f.url = o->dbname;
	buf_init(&err);
	if (!crdb_conninfo_build(&f, getenv, &ci, &err))
		log_fatal_status(2, "%s", err.data);
	buf_free(&err);
	/* A conninfo string given as DBNAME goes first, expanded, so that the
	 * cockroach settings after it override it as flags do. */
	dbname_first = !ci.expand_dbname && o->dbname && strchr(o->dbname, '=');
	if (dbname_first) {
		keys[n] = "dbname";
		vals[n++] = o->dbname;
	}
	for (size_t i = 0; i < ci.n; i++) {
		keys[n] = ci.keywords[i];
		vals[n++] = ci.values[i];
	}
	if (dbname || (o->dbname && !dbname_is_url && !dbname_first)) {
		keys[n] = "dbname";
		vals[n++] = dbname ? dbname : o->dbname;
	}
	pg = connect_with(keys, vals, n, password);
	crdb_conninfo_free(&ci);
	return pg;
}

static PGconn *try_connect(const struct options *o, const char *dbname, const char *password)
{
	const char *keys[10 + CONN_DEFAULTS_MAX];
	const char *vals[10 + CONN_DEFAULTS_MAX];
	char timeout[16];
	int n = add_defaults(o, keys, vals, timeout, sizeof timeout);

	if (conn_crdb_flags_in_effect(o, getenv))
		return try_connect_crdb(o, dbname, password);
	/* The first dbname is expanded as a URI or conninfo string; the flags
	 * given after it override what it said. */
	keys[n] = "dbname";
	vals[n++] = o->url ? o->url : o->dbname;
	if (o->host) {
		keys[n] = "host";
		vals[n++] = o->host;
	}
	if (o->port) {
		keys[n] = "port";
		vals[n++] = o->port;
	}
	if (o->user) {
		keys[n] = "user";
		vals[n++] = o->user;
	}
	if (o->url || dbname) {
		keys[n] = "dbname";
		vals[n++] = dbname ? dbname : o->dbname;
	}
	return connect_with(keys, vals, n, password);
}

static char *one_line(const char *msg)
{
	char *s = xstrdup(msg ? msg : "");
	size_t n;

	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* Server notices go through log, only at -v: a plain run keeps stderr for
 * errors, and a failure stays one line even when the server said goodbye
 * first ("terminating connection due to immediate shutdown command"). */
static void notice_to_log(void *arg, const char *message)
{
	(void)arg;
	log_info(LOG_VERBOSE, "server notice: %s", message);
}

conn_t *conn_open(const struct options *o, const char *dbname)
{
	conn_t *c = xcalloc(1, sizeof *c);
	char *password = NULL;
	const char *ver;

	if (o->password_prompt) {
		char *p = getpass("Password: ");
		if (p)
			password = xstrdup(p);
	}
	c->pg = try_connect(o, dbname, password);
	if (PQstatus(c->pg) == CONNECTION_BAD && PQconnectionNeedsPassword(c->pg) && !password &&
	    !o->no_password && isatty(STDIN_FILENO)) {
		char *p = getpass("Password: ");
		if (p) {
			PQfinish(c->pg);
			password = xstrdup(p);
			c->pg = try_connect(o, dbname, password);
		}
	}
	if (password) {
		memset(password, 0, strlen(password));
		free(password);
	}
	if (PQstatus(c->pg) == CONNECTION_BAD) {
		char *msg = one_line(PQerrorMessage(c->pg));
		const char *db = PQdb(c->pg);
		log_fatal("could not connect to database \"%s\": %s", db && *db ? db : "?", msg);
	}
	PQsetNoticeProcessor(c->pg, notice_to_log, NULL);
	c->stall_ms = o->stall_timeout_ms;
	ver = PQparameterStatus(c->pg, "server_version");
	c->server_version = xstrdup(ver ? ver : "unknown");
	c->server_version_num = PQserverVersion(c->pg);
	c->kind = conn_kind_from(PQparameterStatus(c->pg, "crdb_version"), NULL);
	/* A server that sends no crdb_version may still be CockroachDB (which
	 * reports a PostgreSQL-looking server_version): version() tells. */
	if (c->kind == SERVER_POSTGRES) {
		PGresult *r = conn_run(c, "reading the server version", "SELECT pg_catalog.version()");
		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
			c->kind = conn_kind_from(NULL, PQgetvalue(r, 0, 0));
			if (c->kind == SERVER_COCKROACH) {
				free(c->server_version);
				c->server_version = xstrdup(PQgetvalue(r, 0, 0));
			}
		}
		PQclear(r);
	} else if (c->kind == SERVER_COCKROACH) {
		free(c->server_version);
		c->server_version = xstrdup(PQparameterStatus(c->pg, "crdb_version"));
	}
	if (c->kind == SERVER_COCKROACH) {
		crdb_version_t v;
		if (crdb_parse_version(c->server_version, &v))
			c->crdb_version_num = crdb_version_num(&v);
		else
			log_info(LOG_VERBOSE, "could not read the CockroachDB version from \"%s\"", c->server_version);
	}
	return c;
}

void conn_rotate_list(const char *list, int shift, buf_t *out)
{
	size_t n = 1, start;
	const char *p;

	for (p = list; *p; p++)
		if (*p == ',')
			n++;
	start = (size_t)(shift < 0 ? 0 : shift) % n;
	/* Entries start..n-1, then 0..start-1. */
	for (size_t k = 0; k < n; k++) {
		size_t want = (start + k) % n, i = 0;
		const char *e = list;
		while (i < want) {
			if (*e++ == ',')
				i++;
		}
		if (k > 0)
			buf_putc(out, ',');
		buf_append(out, e, strcspn(e, ","));
	}
}

conn_t *conn_open_worker(const conn_t *main, int index, bool main_host_only)
{
	char *err = NULL;
	conn_t *c = conn_try_open_worker(main, index, main_host_only, &err);

	if (!c)
		log_fatal("could not connect to database \"%s\" for parallel job %d: %s", conn_dbname(main), index + 1,
			  err);
	return c;
}

conn_t *conn_try_open_worker(const conn_t *main, int index, bool main_host_only, char **err)
{
	PQconninfoOption *opts = PQconninfo(main->pg);
	size_t count = 0, n = 0;
	const char **keys, **vals;
	buf_t lists[3];
	int nlists = 0;
	conn_t *c;

	if (!opts)
		log_fatal("could not read the connection's settings for a parallel job: out of memory");
	for (PQconninfoOption *opt = opts; opt->keyword; opt++)
		count++;
	keys = xcalloc(count + 1, sizeof *keys);
	vals = xcalloc(count + 1, sizeof *vals);
	for (PQconninfoOption *opt = opts; opt->keyword; opt++) {
		const char *v = opt->val;
		bool is_host = strcmp(opt->keyword, "host") == 0, is_port = strcmp(opt->keyword, "port") == 0,
		     is_addr = strcmp(opt->keyword, "hostaddr") == 0;
		if (!v || !*v)
			continue;
		if (main_host_only) {
			if (is_host)
				v = PQhost(main->pg);
			else if (is_port)
				v = PQport(main->pg);
			else if (is_addr)
				v = PQhostaddr(main->pg);
		} else if ((is_host || is_port || is_addr) && strchr(v, ',')) {
			buf_init(&lists[nlists]);
			conn_rotate_list(v, index + 1, &lists[nlists]);
			v = lists[nlists++].data;
		}
		if (!v || !*v)
			continue;
		keys[n] = opt->keyword;
		vals[n++] = v;
	}
	c = xcalloc(1, sizeof *c);
	c->pg = PQconnectdbParams(keys, vals, 0);
	while (nlists > 0)
		buf_free(&lists[--nlists]);
	free(keys);
	free(vals);
	PQconninfoFree(opts);
	if (PQstatus(c->pg) == CONNECTION_BAD) {
		*err = one_line(PQerrorMessage(c->pg));
		PQfinish(c->pg);
		free(c);
		return NULL;
	}
	PQsetNoticeProcessor(c->pg, notice_to_log, NULL);
	c->stall_ms = main->stall_ms;
	c->kind = main->kind;
	c->server_version = xstrdup(main->server_version);
	c->server_version_num = main->server_version_num;
	c->crdb_version_num = main->crdb_version_num;
	return c;
}

void conn_close(conn_t *c)
{
	if (!c)
		return;
	PQfinish(c->pg);
	free(c->server_version);
	free(c);
}

const char *conn_dbname(const conn_t *c)
{
	return PQdb(c->pg);
}

/* One per thread: -j workers report their own failures. */
static _Thread_local char *last_error_text;

void conn_result_error_release(void)
{
	free(last_error_text);
	last_error_text = NULL;
}

const char *conn_result_error(const PGresult *r)
{
	const char *primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	const char *hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT);
	buf_t b;

	/* The server's DETAIL and HINT often say what to do (raise
	 * max_locks_per_transaction, say): keep them, on the same line. */
	buf_init(&b);
	buf_puts(&b, primary ? primary : PQresultErrorMessage(r));
	if (primary && detail && *detail)
		buf_printf(&b, " (detail: %s)", detail);
	if (primary && hint && *hint)
		buf_printf(&b, " (hint: %s)", hint);
	free(last_error_text);
	last_error_text = one_line(b.data);
	buf_free(&b);
	return last_error_text;
}

/* Blocks until the server has sent something on c. With --stall-timeout,
 * fails when nothing comes for that long: a stopped server or a path that
 * drops packets would otherwise hold the dump (and its files) forever. */
static void wait_for_server(conn_t *c, const char *what)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd p = {PQsocket(c->pg), POLLIN, 0};
		int timeout = -1, got;
		if (p.fd < 0)
			return; /* no connection: PQconsumeInput reports why */
		if (c->stall_ms > 0) {
			long long spent;
			clock_gettime(CLOCK_MONOTONIC, &now);
			spent = (long long)(now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
			timeout = spent >= c->stall_ms ? 0 : (int)(c->stall_ms - spent);
		}
		got = poll(&p, 1, timeout);
		if (got > 0)
			return;
		if (got == 0) {
			if (c->stall_ms % 1000 == 0)
				log_fatal("the server sent nothing for %d s while %s (--stall-timeout)",
					  c->stall_ms / 1000, what);
			log_fatal("the server sent nothing for %d ms while %s (--stall-timeout)", c->stall_ms, what);
		}
		if (errno != EINTR && errno != EAGAIN)
			log_fatal("could not wait for the server while %s: %s", what, strerror(errno));
	}
}

PGresult *conn_next_result(conn_t *c, const char *what)
{
	while (PQisBusy(c->pg)) {
		wait_for_server(c, what);
		if (!PQconsumeInput(c->pg))
			break; /* PQgetResult now hands back the error */
	}
	return PQgetResult(c->pg);
}

int conn_get_copy_data(conn_t *c, char **line, const char *what)
{
	for (;;) {
		int n = PQgetCopyData(c->pg, line, 1);
		if (n != 0)
			return n;
		wait_for_server(c, what);
		if (!PQconsumeInput(c->pg))
			return -2;
	}
}

/* PQexec's answer (the last result, or the first error; a COPY result at
 * once), waiting as wait_for_server does. nparams < 0: several statements. */
static PGresult *run_wait(conn_t *c, const char *what, const char *sql, int nparams, const char *const *params)
{
	PGresult *last = NULL, *r;
	int sent = nparams < 0 ? PQsendQuery(c->pg, sql)
			       : PQsendQueryParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0);

	if (!sent)
		return PQmakeEmptyPGresult(c->pg, PGRES_FATAL_ERROR);
	while ((r = conn_next_result(c, what)) != NULL) {
		ExecStatusType st = PQresultStatus(r);
		if (last && PQresultStatus(last) == PGRES_FATAL_ERROR) {
			PQclear(r);
			continue;
		}
		PQclear(last);
		last = r;
		if (st == PGRES_COPY_OUT || st == PGRES_COPY_IN || st == PGRES_COPY_BOTH)
			break;
	}
	return last ? last : PQmakeEmptyPGresult(c->pg, PGRES_FATAL_ERROR);
}

/* A lock timeout outside the dump's own LOCK statement (a catalog function
 * such as pg_get_indexdef locks the table it reads) does not say which table
 * it waited for. The transaction is lost anyway: roll it back and name the
 * tables another session holds exclusively, which is what blocks a reader.
 * Returns NULL for any other error; the caller does not free the text. */
static char *lock_timeout_tables(conn_t *c, const PGresult *failed)
{
	static _Thread_local char *text;
	const char *state = PQresultErrorField(failed, PG_DIAG_SQLSTATE);
	PGresult *r;
	buf_t b;

	if (!state || strcmp(state, "55P03") != 0 || PQstatus(c->pg) != CONNECTION_OK)
		return NULL;
	PQclear(conn_run(c, "rolling back after a lock timeout", "ROLLBACK"));
	r = conn_run(c, "finding the locked tables",
		     "SELECT n.nspname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) cl.relname FROM pg_catalog.pg_locks l"
		     " JOIN pg_catalog.pg_class cl ON cl.oid = l.relation"
		     " JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace"
		     " WHERE l.locktype = 'relation' AND l.granted AND l.mode = 'AccessExclusiveLock'"
		     " AND l.pid <> pg_catalog.pg_backend_pid() AND cl.relkind IN ('r', 'p', 'm')"
		     " AND l.database = (SELECT oid FROM pg_catalog.pg_database"
		     "   WHERE datname = pg_catalog.current_database())"
		     " ORDER BY 1");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) == 0) {
		PQclear(r);
		return NULL;
	}
	buf_init(&b);
	buf_puts(&b, PQntuples(r) == 1 ? " (another session holds an exclusive lock on table "
				       : " (other sessions hold exclusive locks on tables ");
	for (int i = 0; i < PQntuples(r) && i < 5; i++)
		buf_printf(&b, "%s\"%s\"", i ? ", " : "", PQgetvalue(r, i, 0));
	if (PQntuples(r) > 5)
		buf_printf(&b, " and %d more", PQntuples(r) - 5);
	buf_putc(&b, ')');
	PQclear(r);
	free(text);
	text = b.data;
	return text;
}

PGresult *conn_run(conn_t *c, const char *what, const char *sql)
{
	return run_wait(c, what, sql, -1, NULL);
}

PGresult *conn_run_params(conn_t *c, const char *what, const char *sql, int nparams, const char *const *params)
{
	return run_wait(c, what, sql, nparams, params);
}

PGresult *conn_query(conn_t *c, const char *what, const char *sql, int nparams, const char *const *params)
{
	PGresult *r;
	ExecStatusType st;

	log_info(LOG_STATEMENTS, "statement: %s", sql);
	r = run_wait(c, what, sql, nparams, params);
	st = PQresultStatus(r);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		const char *err = PQstatus(c->pg) == CONNECTION_BAD ? "the connection to the server was lost"
								     : conn_result_error(r);
		char *held = lock_timeout_tables(c, r);
		if (log_level() >= LOG_VERBOSE)
			log_fatal("%s failed: %s%s (statement: %s)", what, err, held ? held : "", sql);
		log_fatal("%s failed: %s%s", what, err, held ? held : "");
	}
	return r;
}

void conn_exec(conn_t *c, const char *what, const char *sql)
{
	PGresult *r;

	/* PQexec, unlike PQexecParams, takes several statements in one string. */
	log_info(LOG_STATEMENTS, "statement: %s", sql);
	r = conn_run(c, what, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		const char *err = PQstatus(c->pg) == CONNECTION_BAD ? "the connection to the server was lost"
								     : conn_result_error(r);
		char *held = lock_timeout_tables(c, r);
		if (log_level() >= LOG_VERBOSE)
			log_fatal("%s failed: %s%s (statement: %s)", what, err, held ? held : "", sql);
		log_fatal("%s failed: %s%s", what, err, held ? held : "");
	}
	PQclear(r);
}

char *conn_server_start_time(conn_t *c)
{
	PGresult *r = conn_query(c, "reading the server's start time",
				 "SELECT pg_catalog.pg_postmaster_start_time()::pg_catalog.text", 0, NULL);
	char *t = xstrdup(PQgetvalue(r, 0, 0));

	PQclear(r);
	return t;
}

conn_t *conn_try_open_same_server(const conn_t *main, int index, const char *main_started, const char *what,
				  char **err)
{
	conn_t *c = conn_try_open_worker(main, index, false, err);
	char *started;

	if (!c)
		return NULL;
	started = conn_server_start_time(c);
	if (strcmp(started, main_started) != 0) {
		log_info(LOG_VERBOSE, "%s reached another server (%s): moving it to %s", what, PQhost(c->pg),
			 PQhost(main->pg));
		conn_close(c);
		c = conn_try_open_worker(main, index, true, err);
	}
	free(started);
	return c;
}
