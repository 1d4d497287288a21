/* log: the one place that writes messages to stderr, and the cleanups a fatal error runs. */
#ifndef DBDUMP_LOG_H
#define DBDUMP_LOG_H

#include <stdbool.h>

#define LOG_QUIET (-1)
#define LOG_NORMAL 0
#define LOG_VERBOSE 1
#define LOG_STATEMENTS 2

/* Sets how much is said: LOG_QUIET (errors only) up to LOG_STATEMENTS. */
void log_set_level(int level);
int log_level(void);

/* "dbdump: MESSAGE" on stderr, always. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "dbdump: warning: MESSAGE", unless quiet. */
void log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "dbdump: MESSAGE" when the level is at least level. */
void log_info(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A password that no message may show (copied; a few at most): every
 * message has each one overwritten with x before it is printed. */
void log_add_secret(const char *s);
/* Prints the error, runs the cleanups and exits with status 1. */
_Noreturn void log_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Same, with a chosen exit status; status 2 (a usage error) adds the
 * "Try 'dbdump --help'" line. Whichever thread fails first prints its line
 * and exits; a second failing thread waits for the exit silently. */
_Noreturn void log_fatal_status(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Files removed if the program dies (fatal error or signal). The slot id is
 * given back to log_forget_path once the file is safe or gone. The path is copied. */
int log_remember_path(const char *path);
/* mkstemp(template) and log_remember_path in one step that a fatal error on
 * another thread cannot split: once the program is dying no new file is
 * created. Returns the descriptor (or -1 with errno) and the slot. */
int log_create_temp(char *template, int *slot);
void log_forget_path(int slot);
/* A callback run once by log_fatal before exiting (not from signal handlers). */
void log_on_fatal(void (*fn)(void));
/* Removes the remembered files; safe to call from a signal handler. */
void log_remove_paths(void);
/* SIGINT, SIGTERM, SIGHUP: remove the remembered files, exit 128+signal.
 * SIGPIPE is ignored so that a closed pipe shows up as a write error. */
void log_install_signal_handlers(void);

#endif
