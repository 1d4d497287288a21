/* buf: growable byte buffers and allocation wrappers that never return NULL. */
#ifndef DBDUMP_BUF_H
#define DBDUMP_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* A growable byte buffer. data is always NUL-terminated (len excludes it). */
typedef struct buf {
	char *data;
	size_t len;
	size_t cap;
} buf_t;

/* Allocation that never returns NULL: xmalloc, xcalloc, xrealloc and xstrdup
 * come from gnulib's xalloc (its xalloc_die is ours, in log.c, so that running
 * out of memory still removes the unfinished output file). */
#include "xalloc.h"

char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated printf-formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void buf_init(buf_t *b);
void buf_free(buf_t *b);
/* Makes room for at least extra more bytes (plus the terminating NUL). */
void buf_grow(buf_t *b, size_t extra);
void buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf_t *b, const char *fmt, va_list ap);
/* Hands the data to the caller (who frees it) and leaves b empty. */
char *buf_steal(buf_t *b);

static inline void buf_reset(buf_t *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static inline void buf_append(buf_t *b, const void *p, size_t n)
{
	if (b->cap - b->len <= n)
		buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void buf_puts(buf_t *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

static inline void buf_putc(buf_t *b, char c)
{
	if (b->cap - b->len <= 1)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

#endif
