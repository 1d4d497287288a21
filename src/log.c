/* log: the one place that writes messages to stderr, and the cleanups a fatal error runs. */
#include <config.h>

#include "log.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

/* -j allows 64 jobs, each up to 2 spools ahead of the writer (jobs.c), plus
 * the output's temporary file: room for all of them with a margin. */
#define MAX_PATHS 256
#define MAX_PATH_LEN 4096
#define MAX_SECRETS 16

static int level = LOG_NORMAL;
/* Fixed storage so that the signal handler never touches the heap. */
static char paths[MAX_PATHS][MAX_PATH_LEN];
static volatile sig_atomic_t path_used[MAX_PATHS];
static pthread_mutex_t paths_lock = PTHREAD_MUTEX_INITIALIZER;
static void (*fatal_hooks[8])(void);
static int n_fatal_hooks;
/* Passwords found on the command line: no message may show them. */
static char *secrets[MAX_SECRETS];
static int n_secrets;
/* The first thread to fail owns the exit; another one that fails meanwhile
 * waits here until the process is gone, so one error line is printed. */
static pthread_mutex_t fatal_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t fatal_owner;
static volatile sig_atomic_t fatal_owned;

void log_set_level(int l)
{
	level = l;
}

int log_level(void)
{
	return level;
}

void log_add_secret(const char *s)
{
	if (!s || !*s || n_secrets >= MAX_SECRETS)
		return;
	for (int i = 0; i < n_secrets; i++)
		if (strcmp(secrets[i], s) == 0)
			return;
	secrets[n_secrets++] = xstrdup(s);
}

/* Overwrites every known password in line, whatever message carried it
 * (libpq quotes a malformed connection string back, for one). */
static void redact(char *line)
{
	for (int i = 0; i < n_secrets; i++) {
		size_t k = strlen(secrets[i]);
		for (char *p = strstr(line, secrets[i]); p; p = strstr(p + k, secrets[i]))
			memset(p, 'x', k);
	}
}

static void vsay(const char *prefix, const char *fmt, va_list ap)
{
	char line[8192];
	int n = snprintf(line, sizeof line, "dbdump: %s", prefix);

	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	redact(line);
	/* One message is one line, whatever the server's text held. */
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	n = (int)strlen(line);
	while (n > 0 && line[n - 1] == ' ')
		line[--n] = '\0';
	fprintf(stderr, "%s\n", line);
	fflush(stderr);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
}

void log_warning(const char *fmt, ...)
{
	va_list ap;

	if (level < LOG_NORMAL)
		return;
	va_start(ap, fmt);
	vsay("warning: ", fmt, ap);
	va_end(ap);
}

void log_info(int l, const char *fmt, ...)
{
	va_list ap;

	if (level < l)
		return;
	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
}

/* Makes this thread the one that reports and exits; a thread that fails
 * second never returns from here. A failure inside a cleanup hook (the owner
 * failing again) skips straight to the exit. */
static void enter_fatal(int status)
{
	if (fatal_owned && pthread_equal(fatal_owner, pthread_self())) {
		log_remove_paths();
		_exit(status);
	}
	pthread_mutex_lock(&fatal_lock);
	fatal_owner = pthread_self();
	fatal_owned = 1;
}

static _Noreturn void die(int status)
{
	if (status == 2) {
		fputs("Try 'dbdump --help' for more information.\n", stderr);
		fflush(stderr);
	}
	for (int i = n_fatal_hooks - 1; i >= 0; i--)
		fatal_hooks[i]();
	/* Held until _exit: a -j worker creating a spool right now finishes
	 * registering it first, and no worker creates one afterwards. */
	pthread_mutex_lock(&paths_lock);
	log_remove_paths();
	_exit(status);
}

int log_create_temp(char *template, int *slot)
{
	int fd;
	size_t n = strlen(template);

	if (n >= MAX_PATH_LEN)
		log_fatal("path too long: %.64s...", template);
	pthread_mutex_lock(&paths_lock);
	fd = mkstemp(template);
	*slot = -1;
	if (fd >= 0) {
		for (int i = 0; i < MAX_PATHS; i++) {
			if (!path_used[i]) {
				memcpy(paths[i], template, n + 1);
				path_used[i] = 1;
				*slot = i;
				break;
			}
		}
		if (*slot < 0) {
			unlink(template);
			close(fd);
			pthread_mutex_unlock(&paths_lock);
			log_fatal("too many temporary files open at once");
		}
	}
	pthread_mutex_unlock(&paths_lock);
	return fd;
}

/* gnulib's allocation wrappers call this when memory runs out. */
void xalloc_die(void)
{
	log_fatal("out of memory");
}

void log_fatal(const char *fmt, ...)
{
	va_list ap;

	enter_fatal(1);
	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
	die(1);
}

void log_fatal_status(int status, const char *fmt, ...)
{
	va_list ap;

	enter_fatal(status);
	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
	die(status);
}

int log_remember_path(const char *path)
{
	size_t n = strlen(path);

	if (n >= MAX_PATH_LEN)
		log_fatal("path too long: %.64s...", path);
	pthread_mutex_lock(&paths_lock);
	for (int i = 0; i < MAX_PATHS; i++) {
		if (!path_used[i]) {
			memcpy(paths[i], path, n + 1);
			path_used[i] = 1;
			pthread_mutex_unlock(&paths_lock);
			return i;
		}
	}
	pthread_mutex_unlock(&paths_lock);
	log_fatal("too many temporary files open at once");
}

void log_forget_path(int slot)
{
	if (slot >= 0 && slot < MAX_PATHS)
		path_used[slot] = 0;
}

void log_on_fatal(void (*fn)(void))
{
	if (n_fatal_hooks < (int)(sizeof fatal_hooks / sizeof fatal_hooks[0]))
		fatal_hooks[n_fatal_hooks++] = fn;
}

void log_remove_paths(void)
{
	for (int i = 0; i < MAX_PATHS; i++) {
		if (path_used[i]) {
			unlink(paths[i]);
			path_used[i] = 0;
		}
	}
}

static void on_signal(int sig)
{
	static const char msg[] = "dbdump: interrupted, dump incomplete\n";
	ssize_t ignored;

	log_remove_paths();
	ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)ignored;
	_exit(128 + sig);
}

void log_install_signal_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* A file size limit (ulimit -f) then fails the write with EFBIG instead of killing us. */
	sigaction(SIGXFSZ, &sa, NULL);
}
