/* options: the command line, parsed into a plain struct; nothing else reads argv. */
#include <config.h>

#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conn.h"
#include "log.h"

/* doc/PERFORMANCE.md (run 7): restoring into a table that has its primary
 * key, statements of 250 rows or more of the benchmark's mixed table cost the
 * server 4 to 5 times the CPU of 100-row ones (the backend's malloc gives its
 * parse and plan memory back to the kernel after every statement and faults
 * it in again), which fewer commits do not pay back; 100 stays clear of it
 * for tables of up to about 40 columns. The byte cap keeps statements of big
 * rows small whatever this says. */
#define DEFAULT_ROWS_PER_INSERT 100
#define DEFAULT_INSERT_BYTES (1024 * 1024)

enum {
	OPT_DUMP_MODE = CHAR_MAX + 1,
	OPT_URL,
	OPT_ROWS_PER_INSERT,
	OPT_INSERT_BYTES,
	OPT_HELP,
	OPT_VERSION,
	OPT_EXCLUDE_TABLE_DATA,
	OPT_WHERE,
	OPT_CLEAN,
	OPT_IF_EXISTS,
	OPT_SINGLE_TRANSACTION,
	OPT_ON_CONFLICT,
	OPT_LIST,
	OPT_OWNERS,
	OPT_PRIVILEGES,
	OPT_NO_STRICT_NAMES,
	OPT_EXCLUDE_UNSUPPORTED,
	OPT_SNAPSHOT,
	OPT_LOCK_WAIT_TIMEOUT,
	OPT_STALL_TIMEOUT,
	OPT_AS_OF,
	OPT_COMPRESS_THREADS,
	OPT_TMPDIR,
	OPT_PROGRESS,
	OPT_ALL_DATABASES,
	OPT_INSECURE,
	OPT_CERTS_DIR,
	OPT_CA_CERT,
	OPT_CERT,
	OPT_KEY,
	OPT_NO_ROLE_PASSWORDS,
	OPT_VERIFY,
};

/* getopt reports its own mistakes (unknown, ambiguous, missing or extra
 * arguments) itself, in its own words; see options_parse. */
static const char short_opts[] = "h:p:U:u:f:savqt:T:n:N:WwZ:j:bBgr";

static const struct option long_opts[] = {
	{"host", required_argument, NULL, 'h'},
	{"port", required_argument, NULL, 'p'},
	{"username", required_argument, NULL, 'U'},
	{"user", required_argument, NULL, 'u'},
	{"url", required_argument, NULL, OPT_URL},
	{"insecure", no_argument, NULL, OPT_INSECURE},
	{"certs-dir", required_argument, NULL, OPT_CERTS_DIR},
	{"ca-cert", required_argument, NULL, OPT_CA_CERT},
	{"cert", required_argument, NULL, OPT_CERT},
	{"key", required_argument, NULL, OPT_KEY},
	{"password", no_argument, NULL, 'W'},
	{"no-password", no_argument, NULL, 'w'},
	{"dump-mode", required_argument, NULL, OPT_DUMP_MODE},
	{"schema-only", no_argument, NULL, 's'},
	{"data-only", no_argument, NULL, 'a'},
	{"table", required_argument, NULL, 't'},
	{"exclude-table", required_argument, NULL, 'T'},
	{"schema", required_argument, NULL, 'n'},
	{"exclude-schema", required_argument, NULL, 'N'},
	{"exclude-table-data", required_argument, NULL, OPT_EXCLUDE_TABLE_DATA},
	{"no-strict-names", no_argument, NULL, OPT_NO_STRICT_NAMES},
	{"exclude-unsupported", no_argument, NULL, OPT_EXCLUDE_UNSUPPORTED},
	{"where", required_argument, NULL, OPT_WHERE},
	{"file", required_argument, NULL, 'f'},
	{"rows-per-insert", required_argument, NULL, OPT_ROWS_PER_INSERT},
	{"max-insert-bytes", required_argument, NULL, OPT_INSERT_BYTES},
	{"clean", no_argument, NULL, OPT_CLEAN},
	{"if-exists", no_argument, NULL, OPT_IF_EXISTS},
	{"single-transaction", no_argument, NULL, OPT_SINGLE_TRANSACTION},
	{"on-conflict-do-nothing", no_argument, NULL, OPT_ON_CONFLICT},
	{"list", no_argument, NULL, OPT_LIST},
	{"owners", no_argument, NULL, OPT_OWNERS},
	{"privileges", no_argument, NULL, OPT_PRIVILEGES},
	{"snapshot", required_argument, NULL, OPT_SNAPSHOT},
	{"lock-wait-timeout", required_argument, NULL, OPT_LOCK_WAIT_TIMEOUT},
	{"stall-timeout", required_argument, NULL, OPT_STALL_TIMEOUT},
	{"as-of", required_argument, NULL, OPT_AS_OF},
	{"compress", required_argument, NULL, 'Z'},
	{"compress-threads", required_argument, NULL, OPT_COMPRESS_THREADS},
	{"jobs", required_argument, NULL, 'j'},
	{"tmpdir", required_argument, NULL, OPT_TMPDIR},
	{"progress", no_argument, NULL, OPT_PROGRESS},
	{"all-databases", no_argument, NULL, OPT_ALL_DATABASES},
	{"globals-only", no_argument, NULL, 'g'},
	{"roles-only", no_argument, NULL, 'r'},
	{"no-role-passwords", no_argument, NULL, OPT_NO_ROLE_PASSWORDS},
	{"large-objects", no_argument, NULL, 'b'},
	{"no-large-objects", no_argument, NULL, 'B'},
	{"verify", no_argument, NULL, OPT_VERIFY},
	{"verbose", no_argument, NULL, 'v'},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

static const char help_text[] =
    "Usage: dbdump [OPTION]... [DBNAME [TABLE]...]\n"
    "  or:  dbdump [OPTION]... --all-databases [DBNAME]\n"
    "  or:  dbdump [OPTION]... --verify FILE [DBNAME]\n"
    "Write a PostgreSQL or CockroachDB database out as SQL (CREATE and INSERT\n"
    "statements) read from one consistent snapshot.\n"
    "\n"
    "DBNAME is a database name, a postgresql:// URI or a conninfo string; it\n"
    "may be left out when --url or PGDATABASE names the database.\n"
    "Each TABLE (optionally schema-qualified, quoted as in SQL) limits the dump\n"
    "to that table.\n"
    "\n"
    "Mandatory arguments to long options are mandatory for short options too.\n"
    "\n"
    "Connection:\n"
    "  -h, --host=HOST            server host or socket directory\n"
    "  -p, --port=PORT            server port\n"
    "  -U, --username=NAME        user name to connect as\n"
    "  -u, --user=NAME            the same as --username\n"
    "      --url=URL              connection URI or conninfo string (DBNAME, if\n"
    "                             given, names the database)\n"
    "  -W, --password             prompt for a password\n"
    "  -w, --no-password          never prompt for a password\n"
    "      --insecure             CockroachDB: connect without TLS (sslmode=disable)\n"
    "      --certs-dir=DIR        CockroachDB: TLS files in DIR (ca.crt,\n"
    "                             client.USER.crt, client.USER.key)\n"
    "      --ca-cert=FILE         CockroachDB: CA certificate (instead of DIR/ca.crt)\n"
    "      --cert=FILE            CockroachDB: client certificate\n"
    "      --key=FILE             CockroachDB: client key\n"
    "\n"
    "What to dump:\n"
    "      --dump-mode=MODE       both (default), schema or data\n"
    "  -s, --schema-only          same as --dump-mode=schema\n"
    "  -a, --data-only            same as --dump-mode=data\n"
    "  -t, --table=PATTERN        dump the matching tables only (repeatable)\n"
    "  -T, --exclude-table=PATTERN  do not dump the matching tables\n"
    "  -n, --schema=PATTERN       dump the matching schemas only\n"
    "  -N, --exclude-schema=PATTERN  do not dump the matching schemas\n"
    "      --exclude-table-data=PATTERN  dump the definition but not the rows\n"
    "      --where=TABLE:CONDITION  dump only the rows of TABLE for which the\n"
    "                             SQL CONDITION holds (repeatable)\n"
    "      --no-strict-names      a pattern that matches nothing is not an error\n"
    "      --exclude-unsupported  leave out, with a warning and a line in the\n"
    "                             dump's header, objects dbdump cannot dump\n"
    "                             (without it such an object fails the dump)\n"
    "      --snapshot=ID          read from a snapshot exported by another session\n"
    "      --as-of=TIME           read as of TIME (CockroachDB only)\n"
    "      --lock-wait-timeout=DURATION  fail instead of waiting longer for a lock\n"
    "      --stall-timeout=DURATION  fail when the server sends nothing for DURATION\n"
    "                             while dbdump waits for it (default: wait)\n"
    "  -b, --large-objects        dump the large objects even with a table selection\n"
    "  -B, --no-large-objects     do not dump the large objects\n"
    "\n"
    "Output:\n"
    "  -f, --file=FILE            write to FILE (atomically) instead of stdout\n"
    "      --rows-per-insert=N    rows per INSERT statement (default 100)\n"
    "      --max-insert-bytes=SIZE  bytes per INSERT statement before a new one\n"
    "                             is started (default 1M)\n"
    "      --clean                DROP each object before creating it\n"
    "      --if-exists            use IF EXISTS with --clean\n"
    "      --single-transaction   wrap the dump in BEGIN; ... COMMIT;\n"
    "      --on-conflict-do-nothing  add ON CONFLICT DO NOTHING to INSERTs\n"
    "      --list                 list the tables that would be dumped, and stop\n"
    "      --owners               set each object's owner (ALTER ... OWNER TO)\n"
    "      --privileges           set each object's privileges (GRANT, REVOKE)\n"
    "      --all-databases        dump every database that accepts connections,\n"
    "                             after the roles and tablespaces\n"
    "  -g, --globals-only         dump only the roles and tablespaces\n"
    "  -r, --roles-only           dump only the roles\n"
    "      --no-role-passwords    leave the role passwords out (no superuser needed)\n"
    "  -Z, --compress=zstd[:LEVEL]  compress with zstd (level 3 unless given);\n"
    "                             chosen by itself when FILE ends in .zst\n"
    "      --compress-threads=N   zstd worker threads (default: number of cores)\n"
    "  -j, --jobs=N               read table data over N connections sharing\n"
    "                             the snapshot (output is the same as with 1)\n"
    "      --tmpdir=DIR           where -j keeps table data until its turn\n"
    "                             (default: $TMPDIR or /tmp)\n"
    "\n"
    "Verifying:\n"
    "      --verify FILE [DBNAME]  check FILE (plain or zstd, - for stdin) against\n"
    "                             the checksums it carries; with DBNAME, then\n"
    "                             check that database holds the same rows\n"
    "\n"
    "Messages:\n"
    "  -v, --verbose              say what is dumped on stderr (twice: statements)\n"
    "  -q, --quiet                print errors only\n"
    "      --progress             show progress on stderr\n"
    "      --help                 show this help and exit\n"
    "      --version              show the version and exit\n"
    "\n"
    "Restore with: psql -X -v ON_ERROR_STOP=1 -d NEWDB -f dump.sql\n"
    "\n"
    "Exit status: 0 when the whole dump was written, 1 for any other failure,\n"
    "2 for a usage error, 130 or 143 when interrupted by SIGINT or SIGTERM.\n"
    "With --verify: 0 when everything matches, 1 when anything does not.\n"
    "\n"
    "Report bugs to: " PACKAGE_BUGREPORT "\n";

/* GNU's --version: name and version, copyright, licence, authors. */
static const char version_text[] =
    PACKAGE_NAME " " PACKAGE_VERSION "\n"
    "Copyright (C) " DBDUMP_COPYRIGHT_YEARS " " DBDUMP_COPYRIGHT_HOLDER ".\n"
    "License " DBDUMP_LICENSE "\n"
    "This is free software: you are free to change and redistribute it.\n"
    "There is NO WARRANTY, to the extent permitted by law.\n"
    "\n"
    "Report bugs to: " PACKAGE_BUGREPORT "\n";

const char *options_help(void)
{
	return help_text;
}

const char *options_version(void)
{
	return version_text;
}

const struct option *options_long_table(void)
{
	return long_opts;
}

const char *options_short_letters(void)
{
	return short_opts;
}

void strlist_add(strlist_t *l, const char *s)
{
	l->items = xrealloc(l->items, sizeof(char *) * (size_t)(l->n + 1));
	l->items[l->n++] = xstrdup(s);
}

void strlist_free(strlist_t *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* Tells log the password as written and, when it holds %XX escapes, as
 * libpq decodes it: messages may quote either. */
static void add_secret(const char *s, size_t n)
{
	char *raw = xstrndup(s, n), *dec = xmalloc(n + 1), *d = dec;

	log_add_secret(raw);
	for (size_t i = 0; i < n; i++) {
		unsigned hi, lo;
		if (s[i] == '%' && i + 2 < n && sscanf(s + i + 1, "%1x%1x", &hi, &lo) == 2) {
			*d++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*d++ = s[i];
		}
	}
	*d = '\0';
	log_add_secret(dec);
	free(raw);
	free(dec);
}

static void mask_in_place(char *arg)
{
	size_t off, len, n = strlen(arg);
	char *orig, *p;

	if (!conn_password_span(arg, &off, &len))
		return;
	orig = xstrdup(arg);
	memset(arg + off, 'x', len);
	/* A URI may carry a second one (user:pw@host/db?password=pw2): mask
	 * every later password= value too. */
	for (p = strstr(arg + off + len, "password="); p; p = strstr(p, "password=")) {
		p += 9;
		while (*p && *p != '&' && *p != ' ' && *p != '\t')
			*p++ = 'x';
	}
	/* Whatever was masked is a secret for every message too. */
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && arg[j] != orig[j])
			j++;
		if (j > i)
			add_secret(orig + i, j - i);
		i = j + 1;
	}
	free(orig);
}

void options_hide_passwords(struct options *o, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		char *arg = argv[i];
		size_t n = strlen(arg);
		bool is_db = o->dbname == arg;
		bool is_url = o->url && o->url >= arg && o->url <= arg + n;
		/* With --url=URL the URL starts inside the argument. */
		char *url_in_arg = is_url ? arg + (o->url - arg) : NULL;
		if (is_db) {
			o->owned_dbname = xstrdup(o->dbname);
			o->dbname = o->owned_dbname;
		}
		if (is_url) {
			o->owned_url = xstrdup(o->url);
			o->url = o->owned_url;
		}
		if (is_db)
			mask_in_place(arg);
		if (url_in_arg)
			mask_in_place(url_in_arg);
		/* A URI given as a TABLE is a mistake, but its password is still
		 * one: the list holds a copy, so argv can be masked. */
		for (int t = 0; t < o->tables.n && !is_db && !is_url; t++)
			if (strcmp(o->tables.items[t], arg) == 0)
				mask_in_place(arg);
	}
}

void options_free(struct options *o)
{
	free(o->owned_dbname);
	free(o->owned_url);
	strlist_free(&o->tables);
	strlist_free(&o->include_tables);
	strlist_free(&o->exclude_tables);
	strlist_free(&o->include_schemas);
	strlist_free(&o->exclude_schemas);
	strlist_free(&o->exclude_data);
	strlist_free(&o->wheres);
}

bool options_parse_compress(const char *s, int *level)
{
	const char *num = NULL;
	char *end;
	long v;

	if (strcmp(s, "none") == 0) {
		*level = 0;
		return true;
	}
	if (strcmp(s, "zstd") == 0) {
		*level = 3;
		return true;
	}
	if (strncmp(s, "zstd:", 5) == 0)
		num = s + 5;
	else if (isdigit((unsigned char)*s))
		num = s;
	if (!num || !isdigit((unsigned char)*num))
		return false;
	errno = 0;
	v = strtol(num, &end, 10);
	if (errno || *end || v < 0 || v > 22 || (v == 0 && num != s))
		return false;
	*level = (int)v;
	return true;
}

static bool parse_count(const char *s, int max, int *out)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s)) /* strtol would skip spaces and take a sign */
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 1 || v > max)
		return false;
	*out = (int)v;
	return true;
}

size_t options_where_table_length(const char *arg)
{
	bool in_quotes = false;
	size_t n = 0;

	for (; arg[n]; n++) {
		if (arg[n] == '"')
			in_quotes = !in_quotes;
		else if (arg[n] == ':' && !in_quotes)
			break;
	}
	return n;
}

bool options_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned long long mult = 1;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return false;
	if (*end) {
		switch (tolower((unsigned char)*end)) {
		case 'k': mult = 1024ULL; break;
		case 'm': mult = 1024ULL * 1024; break;
		case 'g': mult = 1024ULL * 1024 * 1024; break;
		default: return false;
		}
		end++;
		if (strcasecmp(end, "") != 0 && strcasecmp(end, "b") != 0 && strcasecmp(end, "ib") != 0)
			return false;
	}
	if (v == 0 || v > SIZE_MAX / mult)
		return false;
	*out = (size_t)(v * mult);
	return true;
}

bool options_parse_duration(const char *s, long long *ms)
{
	static const char *const units[] = {"", "us", "ms", "s", "min", "h", "d"};
	/* In microseconds; a bare number is milliseconds, as in PostgreSQL. */
	static const long long scale[] = {1000, 1, 1000, 1000000LL, 60000000LL, 3600000000LL, 86400000000LL};
	/* PostgreSQL's timeouts are an int of milliseconds. */
	const long long max_us = (long long)INT_MAX * 1000;
	const char *p = s;
	long long v = 0;

	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++) {
		v = v * 10 + (*p - '0');
		if (v > max_us)
			return false;
	}
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(p, units[i]) == 0) {
			if (v > max_us / scale[i])
				return false;
			/* Rounded up, so that 500us is not 0 (no timeout). */
			*ms = (v * scale[i] + 999) / 1000;
			return true;
		}
	}
	return false;
}

static bool parse_mode(const char *s, enum dump_mode *m)
{
	if (strcmp(s, "both") == 0)
		*m = DUMP_BOTH;
	else if (strcmp(s, "schema") == 0)
		*m = DUMP_SCHEMA;
	else if (strcmp(s, "data") == 0)
		*m = DUMP_DATA;
	else
		return false;
	return true;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Defaults that depend on other options, and checks across them. */
static enum options_result finish_options(struct options *o, buf_t *err)
{
	if (!o->compress_given && o->file && has_suffix(o->file, ".zst"))
		o->compress_level = 3;
	if (o->compress_threads == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		o->compress_threads = cores > 0 ? (int)(cores > 256 ? 256 : cores) : 1;
	}
	if (o->list_only && o->file) {
		buf_printf(err, "--list prints to standard output and cannot be used with --file");
		return OPTIONS_USAGE;
	}
	return OPTIONS_OK;
}

/* What the options said that only the checks across them need. */
struct seen {
	bool schema_only, data_only, quiet;
};

/* Every option, wherever it stands among the arguments. */
static enum options_result parse_options(struct options *o, struct seen *seen, int argc, char **argv, buf_t *err)
{
	int c;

	optind = 0; /* full re-initialisation, so the parser can run more than once */
	opterr = 1;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (c) {
		case 'h': o->host = optarg; break;
		case 'p': o->port = optarg; break;
		case 'U':
		case 'u': o->user = optarg; break;
		case OPT_URL: o->url = optarg; break;
		case 'W': o->password_prompt = true; break;
		case 'w': o->no_password = true; break;
		case 'f':
			if (!*optarg) {
				buf_printf(err, "invalid --file: empty file name");
				return OPTIONS_USAGE;
			}
			o->file = optarg;
			break;
		case 's':
			o->mode = DUMP_SCHEMA;
			seen->schema_only = true;
			break;
		case 'a':
			o->mode = DUMP_DATA;
			seen->data_only = true;
			break;
		case OPT_DUMP_MODE:
			if (!parse_mode(optarg, &o->mode)) {
				buf_printf(err, "invalid --dump-mode \"%s\": use both, schema or data", optarg);
				return OPTIONS_USAGE;
			}
			break;
		case 't': strlist_add(&o->include_tables, optarg); break;
		case 'T': strlist_add(&o->exclude_tables, optarg); break;
		case 'n': strlist_add(&o->include_schemas, optarg); break;
		case 'N': strlist_add(&o->exclude_schemas, optarg); break;
		case OPT_EXCLUDE_TABLE_DATA: strlist_add(&o->exclude_data, optarg); break;
		case OPT_NO_STRICT_NAMES: o->no_strict_names = true; break;
		case OPT_EXCLUDE_UNSUPPORTED: o->exclude_unsupported = true; break;
		case OPT_WHERE: {
			size_t n = options_where_table_length(optarg);
			if (!optarg[n] || n == 0 || !optarg[n + 1]) {
				buf_printf(err, "invalid --where \"%s\": expected TABLE:CONDITION", optarg);
				return OPTIONS_USAGE;
			}
			strlist_add(&o->wheres, optarg);
			break;
		}
		case OPT_ROWS_PER_INSERT: {
			char *end;
			long v;
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (!isdigit((unsigned char)*optarg) || errno || *end || end == optarg || v < 1 || v > INT_MAX) {
				buf_printf(err, "invalid --rows-per-insert \"%s\": must be a number from 1 to %d",
					   optarg, INT_MAX);
				return OPTIONS_USAGE;
			}
			o->rows_per_insert = v;
			break;
		}
		case OPT_INSERT_BYTES:
			if (!options_parse_size(optarg, &o->insert_bytes)) {
				buf_printf(err, "invalid --max-insert-bytes \"%s\": expected a size such as 65536, 512k or 1M",
					   optarg);
				return OPTIONS_USAGE;
			}
			break;
		case OPT_CLEAN: o->clean = true; break;
		case OPT_IF_EXISTS: o->if_exists = true; break;
		case OPT_SINGLE_TRANSACTION: o->single_transaction = true; break;
		case OPT_ON_CONFLICT: o->on_conflict_do_nothing = true; break;
		case OPT_LIST: o->list_only = true; break;
		case OPT_OWNERS: o->owners = true; break;
		case OPT_PRIVILEGES: o->privileges = true; break;
		case OPT_SNAPSHOT:
			if (!*optarg) {
				buf_printf(err, "invalid --snapshot: empty snapshot id");
				return OPTIONS_USAGE;
			}
			o->snapshot = optarg;
			break;
		case OPT_LOCK_WAIT_TIMEOUT: {
			long long ms;
			if (!options_parse_duration(optarg, &ms)) {
				buf_printf(err,
					   "invalid --lock-wait-timeout \"%s\": expected a duration such as 5000, 500ms, 10s "
					   "or 1min, at most 24d",
					   optarg);
				return OPTIONS_USAGE;
			}
			o->lock_wait_timeout = optarg;
			break;
		}
		case OPT_STALL_TIMEOUT: {
			long long ms;
			if (!options_parse_duration(optarg, &ms)) {
				buf_printf(err,
					   "invalid --stall-timeout \"%s\": expected a duration such as 30s, 5min or "
					   "1h, at most 24d",
					   optarg);
				return OPTIONS_USAGE;
			}
			o->stall_timeout_ms = (int)ms;
			break;
		}
		case OPT_AS_OF:
			/* Checked here, before any connection: a value no server would take
			 * is a usage error whatever the server. */
			if (!asof_parse(optarg, &o->as_of_value, err))
				return OPTIONS_USAGE;
			o->as_of = optarg;
			break;
		case OPT_INSECURE: o->insecure = true; break;
		case OPT_CERTS_DIR: o->certs_dir = optarg; break;
		case OPT_CA_CERT: o->ca_cert = optarg; break;
		case OPT_CERT: o->cert = optarg; break;
		case OPT_KEY: o->key = optarg; break;
		case 'Z':
			if (!options_parse_compress(optarg, &o->compress_level)) {
				buf_printf(err, "invalid --compress \"%s\": use zstd, zstd:LEVEL (1-22) or none", optarg);
				return OPTIONS_USAGE;
			}
			o->compress_given = true;
			break;
		case OPT_COMPRESS_THREADS:
			if (!parse_count(optarg, 256, &o->compress_threads)) {
				buf_printf(err, "invalid --compress-threads \"%s\": must be a number from 1 to 256", optarg);
				return OPTIONS_USAGE;
			}
			break;
		case 'j':
			if (!parse_count(optarg, 64, &o->jobs)) {
				buf_printf(err, "invalid --jobs \"%s\": must be a number from 1 to 64", optarg);
				return OPTIONS_USAGE;
			}
			break;
		case OPT_TMPDIR:
			if (!*optarg) {
				buf_printf(err, "invalid --tmpdir: empty directory name");
				return OPTIONS_USAGE;
			}
			o->tmpdir = optarg;
			break;
		case OPT_PROGRESS: o->progress = true; break;
		case OPT_ALL_DATABASES: o->all_databases = true; break;
		case 'g': o->globals_only = true; break;
		case 'r': o->roles_only = true; break;
		case OPT_NO_ROLE_PASSWORDS: o->no_role_passwords = true; break;
		case 'b': o->large_objects = 1; break;
		case 'B': o->large_objects = 0; break;
		case OPT_VERIFY: o->verify = true; break;
		case 'v':
			if (o->verbosity < LOG_STATEMENTS)
				o->verbosity++;
			break;
		case 'q': seen->quiet = true; break;
		case OPT_HELP: o->show_help = true; return OPTIONS_OK;
		case OPT_VERSION: o->show_version = true; return OPTIONS_OK;
		default:
			/* getopt has said what is wrong, naming the program. */
			return OPTIONS_USAGE;
		}
	}
	return OPTIONS_OK;
}

/* Whether the database is named other than by DBNAME, where psql and pg_dump
 * look: --url (a URI or a conninfo string), PGDATABASE, or, the cockroach
 * way, COCKROACH_URL. */
static bool database_named_elsewhere(const struct options *o)
{
	const char *env = getenv("PGDATABASE");

	if (o->url && conn_string_names_database(o->url))
		return true;
	if (env && *env)
		return true;
	env = getenv("COCKROACH_URL");
	return env && *env && conn_string_names_database(env);
}

/* The arguments after the options, and the checks across options. */
static enum options_result parse_arguments(struct options *o, const struct seen *seen, int argc, char **argv,
					   buf_t *err)
{
	if (seen->quiet && o->verbosity > 0) {
		buf_printf(err, "--quiet and --verbose cannot be used together");
		return OPTIONS_USAGE;
	}
	if (seen->quiet)
		o->verbosity = LOG_QUIET;
	if (seen->schema_only && seen->data_only) {
		buf_printf(err, "--schema-only and --data-only cannot be used together");
		return OPTIONS_USAGE;
	}
	if (o->password_prompt && o->no_password) {
		buf_printf(err, "--password and --no-password cannot be used together");
		return OPTIONS_USAGE;
	}
	if (o->if_exists && !o->clean) {
		buf_printf(err, "--if-exists requires --clean");
		return OPTIONS_USAGE;
	}
	if (o->wheres.n && o->mode == DUMP_SCHEMA) {
		buf_printf(err, "--where cannot be used with --schema-only: no rows are dumped");
		return OPTIONS_USAGE;
	}
	if (o->clean && o->mode == DUMP_DATA) {
		buf_printf(err, "--clean cannot be used with --data-only");
		return OPTIONS_USAGE;
	}
	if (o->globals_only && o->roles_only) {
		buf_printf(err, "--globals-only and --roles-only cannot be used together");
		return OPTIONS_USAGE;
	}
	if ((o->globals_only || o->roles_only) && o->mode == DUMP_DATA) {
		buf_printf(err, "--%s cannot be used with --data-only", o->globals_only ? "globals-only" : "roles-only");
		return OPTIONS_USAGE;
	}
	if ((o->globals_only || o->roles_only) && o->list_only) {
		buf_printf(err, "--%s cannot be used with --list", o->globals_only ? "globals-only" : "roles-only");
		return OPTIONS_USAGE;
	}
	/* The globals alone are a cluster dump without its databases. */
	if (o->globals_only || o->roles_only)
		o->all_databases = true;
	if (o->verify) {
		if (o->all_databases || o->list_only || o->file) {
			buf_printf(err, "--verify cannot be used with %s",
				   o->all_databases ? "--all-databases" : o->list_only ? "--list" : "--file");
			return OPTIONS_USAGE;
		}
		if (optind >= argc) {
			buf_printf(err, "--verify needs the FILE to check");
			return OPTIONS_USAGE;
		}
		o->verify_file = argv[optind++];
		if (!*o->verify_file) {
			buf_printf(err, "--verify: empty file name");
			return OPTIONS_USAGE;
		}
		if (optind < argc)
			o->dbname = argv[optind++];
		if (optind < argc) {
			buf_printf(err, "--verify takes FILE and at most one DBNAME");
			return OPTIONS_USAGE;
		}
		if (o->dbname && !*o->dbname) {
			buf_printf(err, "empty database name");
			return OPTIONS_USAGE;
		}
		return finish_options(o, err);
	}
	if (o->all_databases) {
		/* The optional argument is only where to connect first. */
		if (optind < argc)
			o->dbname = argv[optind++];
		if (optind < argc) {
			buf_printf(err, "--all-databases takes no TABLE arguments");
			return OPTIONS_USAGE;
		}
		if (o->include_tables.n || o->include_schemas.n) {
			buf_printf(err, "--all-databases cannot be used with --table or --schema");
			return OPTIONS_USAGE;
		}
		if (!o->dbname)
			o->dbname = o->url ? "" : "postgres";
		return finish_options(o, err);
	}
	if (optind >= argc) {
		if (database_named_elsewhere(o))
			return finish_options(o, err);
		buf_printf(err, "missing database name");
		return OPTIONS_USAGE;
	}
	o->dbname = argv[optind++];
	if (!*o->dbname) {
		buf_printf(err, "empty database name");
		return OPTIONS_USAGE;
	}
	for (; optind < argc; optind++) {
		if (!*argv[optind]) {
			buf_printf(err, "empty table name");
			return OPTIONS_USAGE;
		}
		strlist_add(&o->tables, argv[optind]);
	}
	return finish_options(o, err);
}

enum options_result options_parse(struct options *o, int argc, char **argv, buf_t *err)
{
	char *invoked_as = argv[0];
	struct seen seen = {false, false, false};
	enum options_result r;

	memset(o, 0, sizeof *o);
	o->rows_per_insert = DEFAULT_ROWS_PER_INSERT;
	o->insert_bytes = DEFAULT_INSERT_BYTES;
	o->jobs = 1;
	o->large_objects = -1;
	buf_reset(err);

	/* getopt names the program by argv[0]; every message of ours starts
	 * "dbdump: " whatever path the program was started by. */
	argv[0] = (char *)PACKAGE_NAME;
	r = parse_options(o, &seen, argc, argv, err);
	argv[0] = invoked_as;
	if (r != OPTIONS_OK || o->show_help || o->show_version)
		return r;
	return parse_arguments(o, &seen, argc, argv, err);
}
