/* sink: the only place that writes the dump: buffered output, optional zstd,
 * and an atomic output file (temporary file, fsync, rename on success). */
#include <config.h>

#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <zstd.h>

#include "log.h"
#include "manifest.h"

#define FLUSH_THRESHOLD (256 * 1024)
#define ZSTD_JOB_SIZE (1024 * 1024)

struct sink {
	int fd;
	char *path;     /* final name, NULL for stdout and for a target written directly */
	char *tmp_path; /* the file being written, renamed to path at the end */
	int tmp_slot;   /* log's cleanup slot for tmp_path */
	const char *what;
	buf_t buf;
	uint64_t bytes;
	char *direct_name; /* -f FILE written directly (a device, FIFO or socket) */
	ZSTD_CCtx *zc;
	char *zout;
	size_t zout_cap;
	XXH3_state_t *digest; /* the output's: every byte before the file line */
	bool discard;         /* sink_open_discard: counts bytes, writes none */
};

static void write_all(sink_t *s, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(s->fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			log_fatal("could not write to %s: %s", s->what, strerror(errno));
		}
		p += w;
		n -= (size_t)w;
	}
}

static void compress_chunk(sink_t *s, const char *p, size_t n, ZSTD_EndDirective mode)
{
	ZSTD_inBuffer in = {p, n, 0};
	size_t left;

	do {
		ZSTD_outBuffer out = {s->zout, s->zout_cap, 0};
		left = ZSTD_compressStream2(s->zc, &out, &in, mode);
		if (ZSTD_isError(left))
			log_fatal("zstd compression failed: %s", ZSTD_getErrorName(left));
		write_all(s, s->zout, out.pos);
	} while (mode == ZSTD_e_end ? left != 0 : in.pos < in.size);
}

static void flush(sink_t *s)
{
	if (s->buf.len == 0)
		return;
	/* Over the text before compression: what a restore reads, and what
	 * --verify sees whichever way the file was stored. */
	if (s->digest)
		XXH3_128bits_update(s->digest, s->buf.data, s->buf.len);
	if (s->discard)
		;
	else if (s->zc)
		compress_chunk(s, s->buf.data, s->buf.len, ZSTD_e_continue);
	else
		write_all(s, s->buf.data, s->buf.len);
	s->bytes += s->buf.len;
	buf_reset(&s->buf);
}

/* Where -f FILE goes. */
struct target {
	enum { TARGET_ATOMIC, TARGET_DIRECT, TARGET_SOCKET } how;
	bool append; /* a /proc/.../fd link to a regular file: the caller's descriptor */
	char *final; /* TARGET_ATOMIC: the name replaced at the end, links followed */
};

/* The directory part of path (a new string). */
static char *dir_of(const char *path)
{
	char *copy = xstrdup(path), *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

/* Decides how path is written, or refuses it (fatal, one line): a device,
 * FIFO or socket directly, as pg_dump does (a temporary file renamed over
 * it would destroy it and leave its reader waiting); a regular file or a
 * new name atomically, beside the name a chain of symbolic links ends at, so
 * the links stay links. */
static void resolve_target(const char *path, struct target *t)
{
	struct stat st;
	char *cur, *dir;
	bool via_proc = strncmp(path, "/proc/", 6) == 0;

	memset(t, 0, sizeof *t);
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			log_fatal("output file \"%s\" is a directory", path);
		if (S_ISSOCK(st.st_mode)) {
			t->how = TARGET_SOCKET;
			return;
		}
		if (!S_ISREG(st.st_mode)) {
			t->how = TARGET_DIRECT;
			return;
		}
	} else if (errno != ENOENT) {
		log_fatal("could not use output file \"%s\": %s", path, strerror(errno));
	}
	cur = xstrdup(path);
	for (int depth = 0;; depth++) {
		char link[4096];
		ssize_t n;
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			break;
		if (depth >= 40)
			log_fatal("could not use output file \"%s\": %s", path, strerror(ELOOP));
		n = readlink(cur, link, sizeof link - 1);
		if (n < 0 || (size_t)n >= sizeof link - 1)
			log_fatal("could not read symbolic link \"%s\": %s", cur, n < 0 ? strerror(errno) : "too long");
		link[n] = '\0';
		if (link[0] == '/') {
			free(cur);
			cur = xstrdup(link);
		} else {
			char *d = dir_of(cur);
			free(cur);
			cur = xasprintf("%s/%s", d, link);
			free(d);
		}
		via_proc = via_proc || strncmp(cur, "/proc/", 6) == 0;
	}
	if (via_proc && stat(path, &st) == 0) {
		/* /dev/stdout and the like name a descriptor someone opened for
		 * us (dbdump -f /dev/stdout > file): write into it. */
		free(cur);
		t->how = TARGET_DIRECT;
		t->append = true;
		return;
	}
	dir = dir_of(cur);
	if (stat(dir, &st) != 0)
		log_fatal("could not create output file \"%s\": directory \"%s\": %s", path, dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		log_fatal("could not create output file \"%s\": \"%s\" is not a directory", path, dir);
	if (access(dir, W_OK | X_OK) != 0)
		log_fatal("could not create output file \"%s\" in directory \"%s\": %s", path, dir, strerror(errno));
	free(dir);
	t->how = TARGET_ATOMIC;
	t->final = cur;
}

void sink_check_target(const char *path)
{
	struct target t;

	resolve_target(path, &t);
	free(t.final);
}

static int connect_socket(const char *path)
{
	struct sockaddr_un a;
	int fd;

	memset(&a, 0, sizeof a);
	a.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof a.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

sink_t *sink_open(const char *path, int zstd_level, int zstd_threads)
{
	sink_t *s = xcalloc(1, sizeof *s);

	s->tmp_slot = -1;
	buf_init(&s->buf);
	buf_grow(&s->buf, FLUSH_THRESHOLD + 64 * 1024);
	s->digest = XXH3_createState();
	if (!s->digest)
		xalloc_die();
	XXH3_128bits_reset(s->digest);
	if (!path) {
		s->fd = STDOUT_FILENO;
		s->what = "standard output";
		if (zstd_level && isatty(STDOUT_FILENO))
			log_fatal_status(2, "refusing to write compressed output to a terminal (use -f FILE or a pipe)");
	} else {
		struct target t;
		resolve_target(path, &t);
		if (t.how == TARGET_ATOMIC) {
			char *dir = dir_of(t.final), *basecopy = xstrdup(t.final);
			s->path = t.final;
			s->tmp_path = xasprintf("%s/.%s.dbdump-XXXXXX", dir, basename(basecopy));
			free(dir);
			free(basecopy);
			s->what = s->path;
			s->fd = log_create_temp(s->tmp_path, &s->tmp_slot); /* mode 0600: a dump holds all the data */
			if (s->fd < 0)
				log_fatal("could not create output file \"%s\": %s", path, strerror(errno));
		} else {
			s->direct_name = xstrdup(path);
			s->what = s->direct_name;
			s->fd = t.how == TARGET_SOCKET ? connect_socket(path)
						       : open(path, O_WRONLY | (t.append ? O_APPEND : 0));
			if (s->fd < 0)
				log_fatal("could not open output file \"%s\": %s", path, strerror(errno));
			if (zstd_level && isatty(s->fd))
				log_fatal_status(2, "refusing to write compressed output to a terminal (use -f FILE or a pipe)");
		}
	}
	if (zstd_level) {
		s->zc = ZSTD_createCCtx();
		if (!s->zc)
			log_fatal("could not start zstd compression");
		ZSTD_CCtx_setParameter(s->zc, ZSTD_c_compressionLevel, zstd_level);
		if (zstd_threads > 0) {
			size_t r = ZSTD_CCtx_setParameter(s->zc, ZSTD_c_nbWorkers, zstd_threads);
			if (ZSTD_isError(r))
				log_warning("zstd has no thread support; compressing in one thread");
			/* zstd's own job size (8 MiB at level 3) buffers several jobs per
			 * worker: 55 MiB of memory with 2 workers; 1 MiB jobs take it to
			 * 16 MiB for the same speed and size (doc/PERFORMANCE.md). zstd
			 * raises it where a level's window needs more. */
			ZSTD_CCtx_setParameter(s->zc, ZSTD_c_jobSize, ZSTD_JOB_SIZE);
		}
		s->zout_cap = ZSTD_CStreamOutSize();
		s->zout = xmalloc(s->zout_cap);
	}
	return s;
}

buf_t *sink_buffer(sink_t *s)
{
	return &s->buf;
}

void sink_maybe_flush(sink_t *s)
{
	if (s->buf.len >= FLUSH_THRESHOLD)
		flush(s);
}

void sink_write(sink_t *s, const void *p, size_t n)
{
	buf_append(&s->buf, p, n);
	sink_maybe_flush(s);
}

void sink_puts(sink_t *s, const char *str)
{
	sink_write(s, str, strlen(str));
}

uint64_t sink_bytes(const sink_t *s)
{
	return s->bytes + s->buf.len;
}

void sink_put_file_digest(sink_t *s)
{
	manifest_digest_t d;

	flush(s);
	d = manifest_digest_from(XXH3_128bits_digest(s->digest));
	manifest_file_line(&s->buf, s->bytes, &d);
}

sink_t *sink_open_discard(void)
{
	sink_t *s = xcalloc(1, sizeof *s);

	buf_init(&s->buf);
	s->discard = true;
	s->fd = -1;
	s->tmp_slot = -1;
	return s;
}

sink_t *sink_open_spool(const char *dir)
{
	sink_t *s = xcalloc(1, sizeof *s);

	buf_init(&s->buf);
	buf_grow(&s->buf, FLUSH_THRESHOLD + 64 * 1024);
	s->tmp_path = xasprintf("%s/dbdump-spool-XXXXXX", dir);
	s->fd = log_create_temp(s->tmp_path, &s->tmp_slot);
	if (s->fd < 0)
		log_fatal("could not create a spool file in \"%s\": %s", dir, strerror(errno));
	s->what = s->tmp_path;
	return s;
}

char *sink_close_spool(sink_t *s, int *cleanup_slot)
{
	char *path = s->tmp_path;

	flush(s);
	if (close(s->fd) != 0)
		log_fatal("could not write to %s: %s", s->what, strerror(errno));
	*cleanup_slot = s->tmp_slot;
	buf_free(&s->buf);
	free(s);
	return path;
}

/* How much of a spool of records is read at a time. */
#define RECORDS_CHUNK (1024 * 1024)

static int open_spool(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		log_fatal("could not open spool file \"%s\": %s", path, strerror(errno));
	return fd;
}

/* read() that retries on EINTR and fails fatally naming the spool. */
static size_t read_spool(int fd, char *p, size_t n, const char *path)
{
	for (;;) {
		ssize_t got = read(fd, p, n);
		if (got >= 0)
			return (size_t)got;
		if (errno != EINTR)
			log_fatal("could not read spool file \"%s\": %s", path, strerror(errno));
	}
}

/* pread() that retries on EINTR, fails fatally naming the spool, and treats
 * the end of the file as a row cut short: its callers read inside a record
 * whose NUL they have not met yet, or whose length they measured. */
static size_t pread_spool(int fd, char *p, size_t n, off_t at, const char *path)
{
	for (;;) {
		ssize_t got = pread(fd, p, n, at);
		if (got > 0)
			return (size_t)got;
		if (got == 0)
			log_fatal("spool file \"%s\" ends inside a row", path);
		if (errno != EINTR)
			log_fatal("could not read spool file \"%s\": %s", path, strerror(errno));
	}
}

/* A spool fully appended: it goes, and so does its name from the list of
 * files to remove at exit. */
static void spool_done(int fd, char *path, int cleanup_slot)
{
	close(fd);
	unlink(path);
	log_forget_path(cleanup_slot);
	free(path);
}

void sink_append_spool(sink_t *out, char *path, int cleanup_slot)
{
	int fd = open_spool(path);
	size_t n;

	flush(out);
	do {
		buf_grow(&out->buf, FLUSH_THRESHOLD);
		n = read_spool(fd, out->buf.data + out->buf.len, FLUSH_THRESHOLD, path);
		out->buf.len += n;
		out->buf.data[out->buf.len] = '\0';
		flush(out);
	} while (n > 0);
	spool_done(fd, path, cleanup_slot);
}

/* The length of the record that starts at offset from in fd: how far its
 * NUL lies, read with pread so that fd's own position stays. */
static size_t measure_record(int fd, off_t from, char *scratch, const char *path)
{
	size_t len = 0;

	for (;;) {
		size_t got = pread_spool(fd, scratch, RECORDS_CHUNK, from + (off_t)len, path);
		char *nul = memchr(scratch, '\0', got);
		if (nul)
			return len + (size_t)(nul - scratch);
		len += got;
	}
}

void sink_append_spool_records(sink_t *out, char *path, int cleanup_slot,
                               void (*record_start)(void *ctx, size_t len), void *ctx)
{
	int fd = open_spool(path);
	char *in = xmalloc(RECORDS_CHUNK);
	size_t have = 0, pos = 0;
	off_t at = 0; /* the file offset of in[0] */

	for (;;) {
		char *nul = memchr(in + pos, '\0', have - pos);
		size_t n;
		if (nul) {
			size_t len = (size_t)(nul - (in + pos));
			record_start(ctx, len);
			buf_append(&out->buf, in + pos, len);
			pos += len + 1;
			sink_maybe_flush(out);
			continue;
		}
		/* No whole record left in the buffer: keep its start, read on. */
		memmove(in, in + pos, have - pos);
		have -= pos;
		at += (off_t)pos;
		pos = 0;
		if (have == RECORDS_CHUNK) {
			/* A record bigger than the buffer (a huge value): its length
			 * first, then its bytes through the buffer, a chunk at a time
			 * (pread: the file is read twice, which only such rows pay). */
			size_t len = measure_record(fd, at, in, path);
			record_start(ctx, len);
			for (size_t off = 0; off < len; off += n) {
				n = pread_spool(fd, in, len - off < RECORDS_CHUNK ? len - off : RECORDS_CHUNK,
				                at + (off_t)off, path);
				buf_append(&out->buf, in, n);
				sink_maybe_flush(out);
			}
			at += (off_t)len + 1;
			if (lseek(fd, at, SEEK_SET) < 0)
				log_fatal("could not read spool file \"%s\": %s", path, strerror(errno));
			have = 0;
			continue;
		}
		n = read_spool(fd, in + have, RECORDS_CHUNK - have, path);
		if (n == 0)
			break;
		have += n;
	}
	if (have > 0)
		log_fatal("spool file \"%s\" ends inside a row", path);
	free(in);
	spool_done(fd, path, cleanup_slot);
}

static void sync_dir_of(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		fsync(fd); /* best effort: some file systems refuse it on directories */
		close(fd);
	}
	free(copy);
}

void sink_close(sink_t *s)
{
	flush(s);
	if (s->discard) {
		buf_free(&s->buf);
		free(s);
		return;
	}
	if (s->zc)
		compress_chunk(s, "", 0, ZSTD_e_end);
	if (s->path) {
		if (fsync(s->fd) != 0 && errno != EINVAL)
			log_fatal("could not write to %s: %s", s->what, strerror(errno));
		if (close(s->fd) != 0)
			log_fatal("could not write to %s: %s", s->what, strerror(errno));
		if (rename(s->tmp_path, s->path) != 0)
			log_fatal("could not rename the finished dump to \"%s\": %s", s->path, strerror(errno));
		log_forget_path(s->tmp_slot);
		sync_dir_of(s->path);
	} else if (s->direct_name) {
		if (close(s->fd) != 0)
			log_fatal("could not write to %s: %s", s->what, strerror(errno));
	}
	/* stdout is closed (and checked) by gnulib's close_stdout at exit. */
	XXH3_freeState(s->digest);
	ZSTD_freeCCtx(s->zc);
	free(s->zout);
	free(s->path);
	free(s->tmp_path);
	free(s->direct_name);
	buf_free(&s->buf);
	free(s);
}
