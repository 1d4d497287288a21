/* progress: what the dump is doing, on stderr, a few times a second at most. */
#ifndef DBDUMP_PROGRESS_H
#define DBDUMP_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Starts reporting when enabled (--progress); est_rows is the catalog's
 * estimate of all rows to dump. Safe to call the others when disabled. */
void progress_start(bool enabled, double est_rows);
/* The table now being read (copied, so the caller keeps its string). */
void progress_table(const char *name);
/* Adds rows read and bytes of SQL made from them; thread-safe. */
void progress_add(uint64_t rows, uint64_t bytes);
/* Redraws if enough time has passed since the last time; thread-safe. */
void progress_tick(void);
/* Clears the progress line. */
void progress_stop(void);

/* Formats "12.3 MB" style sizes into out (pure; for tests). */
void progress_format_bytes(char *out, size_t n, double bytes);

#endif
