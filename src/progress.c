/* progress: what the dump is doing, on stderr, a few times a second at most. */
#include <config.h>

#include "progress.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_NS (250 * 1000 * 1000LL) /* a terminal: four times a second */
#define LOG_NS (1000 * 1000 * 1000LL)   /* a log file: once a second */

static bool enabled, on_tty;
static double total_rows;
static uint64_t rows_done, bytes_done;
static int64_t started, last_draw;
static char table[256];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void progress_format_bytes(char *out, size_t n, double bytes)
{
	static const char *const units[] = {"B", "kB", "MB", "GB", "TB"};
	int u = 0;

	while (bytes >= 1000.0 && u < 4) {
		bytes /= 1000.0;
		u++;
	}
	snprintf(out, n, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

void progress_start(bool on, double est_rows)
{
	enabled = on;
	on_tty = isatty(STDERR_FILENO);
	total_rows = est_rows > 0 ? est_rows : 0;
	started = last_draw = now_ns();
}

void progress_table(const char *name)
{
	if (!enabled)
		return;
	pthread_mutex_lock(&lock);
	snprintf(table, sizeof table, "%s", name);
	pthread_mutex_unlock(&lock);
}

void progress_add(uint64_t rows, uint64_t bytes)
{
	if (!enabled)
		return;
	__atomic_add_fetch(&rows_done, rows, __ATOMIC_RELAXED);
	__atomic_add_fetch(&bytes_done, bytes, __ATOMIC_RELAXED);
}

void progress_tick(void)
{
	int64_t now;
	double secs, rows, rate;
	uint64_t bytes;
	char written[32], speed[32], left[32] = "";

	if (!enabled)
		return;
	now = now_ns();
	pthread_mutex_lock(&lock);
	if (now - last_draw < (on_tty ? REDRAW_NS : LOG_NS)) {
		pthread_mutex_unlock(&lock);
		return;
	}
	last_draw = now;
	pthread_mutex_unlock(&lock);
	bytes = __atomic_load_n(&bytes_done, __ATOMIC_RELAXED);
	secs = (double)(now - started) / 1e9;
	rows = (double)__atomic_load_n(&rows_done, __ATOMIC_RELAXED);
	rate = secs > 0 ? (double)bytes / secs : 0;
	progress_format_bytes(written, sizeof written, (double)bytes);
	progress_format_bytes(speed, sizeof speed, rate);
	if (total_rows > rows && rows > 0) {
		double remain = secs * (total_rows - rows) / rows;
		snprintf(left, sizeof left, ", %d:%02d left", (int)(remain / 60), (int)remain % 60);
	}
	pthread_mutex_lock(&lock);
	if (total_rows > 0)
		fprintf(stderr, "%sdbdump: %s: %.0f of ~%.0f rows (%.0f%%), %s written, %s/s%s%s", on_tty ? "\r" : "",
			table, rows, total_rows, rows < total_rows ? 100.0 * rows / total_rows : 100.0, written, speed,
			left, on_tty ? "\033[K" : "\n");
	else
		fprintf(stderr, "%sdbdump: %s: %.0f rows, %s written, %s/s%s", on_tty ? "\r" : "", table, rows, written,
			speed, on_tty ? "\033[K" : "\n");
	pthread_mutex_unlock(&lock);
	fflush(stderr);
}

void progress_stop(void)
{
	if (enabled && on_tty)
		fputs("\r\033[K", stderr);
	enabled = false;
}
