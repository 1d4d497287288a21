/* sink: the only place that writes the dump: buffered output, optional zstd,
 * and an atomic output file (temporary file, fsync, rename on success). */
#ifndef DBDUMP_SINK_H
#define DBDUMP_SINK_H

#include <stdint.h>

#include "buf.h"

typedef struct sink sink_t;

/* Opens the output: path NULL means stdout. zstd_level 0 writes plain text,
 * otherwise a zstd frame with zstd_threads worker threads (0: none). For a
 * path that is a regular file or new, the dump goes to a new temporary file
 * (mode 0600) beside it until sink_close renames it into place; a device,
 * FIFO or socket is written directly. Fails fatally with a one-line message. */
sink_t *sink_open(const char *path, int zstd_level, int zstd_threads);

/* Refuses, before anything else happens, an output path that cannot be
 * written (a directory, a name in a missing or unwritable directory): fatal
 * with one line. sink_open decides the same way: a device, FIFO or socket is
 * written directly; a regular file (or new name) atomically, beside the file
 * a symbolic link points to, so the link stays a link. */
void sink_check_target(const char *path);

/* The buffer producers append to; call sink_maybe_flush after each piece. */
buf_t *sink_buffer(sink_t *s);
/* Writes the buffer out once it holds more than the flush threshold. */
void sink_maybe_flush(sink_t *s);
void sink_write(sink_t *s, const void *p, size_t n);
void sink_puts(sink_t *s, const char *str);
/* Bytes handed to the sink so far (before compression). */
uint64_t sink_bytes(const sink_t *s);

/* Appends the manifest's file line: the byte count and XXH3-128 digest of
 * everything handed to s so far (uncompressed). Only for a sink_open sink. */
void sink_put_file_digest(sink_t *s);

/* A sink that writes nothing but counts bytes: --verify reads a database's
 * tables through the dump's own path into it. Close with sink_close. */
sink_t *sink_open_discard(void);

/* A spool for -j: a new temporary file (mode 0600) in dir, removed if the
 * program dies. Plain text, never compressed. */
sink_t *sink_open_spool(const char *dir);
/* Flushes and closes a spool; returns its path (the caller frees it and
 * hands it to sink_append_spool). Frees s. */
char *sink_close_spool(sink_t *s, int *cleanup_slot);
/* Copies a finished spool into out, then removes the spool file. */
void sink_append_spool(sink_t *out, char *path, int cleanup_slot);

/* sink_append_spool for a spool of NUL-ended records (data.c: the rows of a
 * piece of a big table): each record is copied without its NUL, and before
 * its first byte record_start(ctx, len) is called with its length, so that
 * it may write what goes before it. A record longer than the read buffer is
 * measured on the file first and then copied through in chunks: memory stays
 * bounded whatever the record's size. */
void sink_append_spool_records(sink_t *out, char *path, int cleanup_slot,
                               void (*record_start)(void *ctx, size_t len), void *ctx);

/* Finishes the output: flushes, ends the zstd frame, fsyncs, renames the file
 * into place. Fatal on any error (the temporary file is then removed). Frees s. */
void sink_close(sink_t *s);

#endif
