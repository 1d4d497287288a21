/* fuzz_literal: libFuzzer target for quote_value and quote_literal, the SQL
 * literal encoder.
 *
 * The first input byte picks the column's literal kind, the rest is the
 * value's text. Whatever the bytes:
 *  - a quoted result is one standard-conforming string literal: a tiny
 *    reference parser (quote at each end, '' inside stands for ', no other
 *    lone quote) gives back exactly the input bytes;
 *  - a bare result is only ever a plain number (-?digits[.digits][e[+-]digits],
 *    the exponent for floats only) equal to the input, never a negative zero
 *    float, or true/false for a boolean t/f. So no value can end a literal
 *    early or smuggle SQL text into the dump.
 * Built and run by tests/fuzz/run.sh, never by make check. */
#include <config.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "quote.h"

static void check(bool cond)
{
	if (!cond)
		abort();
}

/* The reference parser: the bytes a standard-conforming literal stands for,
 * or false when s is not exactly one such literal. */
static bool unquote(const char *s, size_t len, buf_t *out)
{
	if (len < 2 || s[0] != '\'' || s[len - 1] != '\'')
		return false;
	for (size_t i = 1; i < len - 1; i++) {
		if (s[i] == '\'') {
			if (i + 1 >= len - 1 || s[i + 1] != '\'')
				return false;
			i++;
		}
		buf_putc(out, s[i]);
	}
	return true;
}

static bool digits(const char **p, const char *end)
{
	const char *start = *p;

	while (*p < end && **p >= '0' && **p <= '9')
		(*p)++;
	return *p > start;
}

static bool plain_number(const char *s, size_t len, bool exp_ok)
{
	const char *p = s, *end = s + len;

	if (p < end && *p == '-')
		p++;
	if (!digits(&p, end))
		return false;
	if (p < end && *p == '.') {
		p++;
		if (!digits(&p, end))
			return false;
	}
	if (exp_ok && p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!digits(&p, end))
			return false;
	}
	return p == end;
}

/* A float's text that stands for zero with the minus sign. */
static bool negative_zero(const char *s, size_t len)
{
	if (len == 0 || s[0] != '-')
		return false;
	for (size_t i = 1; i < len && s[i] != 'e' && s[i] != 'E'; i++)
		if (s[i] >= '1' && s[i] <= '9')
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum literal_kind kinds[] = {LIT_TEXT, LIT_INTEGER, LIT_NUMERIC, LIT_FLOAT, LIT_BOOL};
	enum literal_kind kind;
	const char *v;
	size_t len;
	char *exact;
	buf_t out, back;

	if (size < 1)
		return 0;
	kind = kinds[data[0] % 5];
	len = size - 1;
	/* An exact-size copy, not NUL-terminated: the encoder must go by length. */
	exact = malloc(len ? len : 1);
	memcpy(exact, data + 1, len);
	v = exact;
	buf_init(&out);
	buf_init(&back);

	if (data[0] & 0x80) {
		quote_literal(&out, v, len);
		check(unquote(out.data, out.len, &back));
		check(back.len == len && memcmp(back.data, v, len) == 0);
	} else {
		quote_value(&out, kind, v, len);
		check(strlen(out.data) == out.len || memchr(v, '\0', len) != NULL);
		if (out.len > 0 && out.data[0] == '\'') {
			check(unquote(out.data, out.len, &back));
			check(back.len == len && memcmp(back.data, v, len) == 0);
		} else if (kind == LIT_BOOL) {
			check((out.len == 4 && memcmp(out.data, "true", 4) == 0 && len == 1 && v[0] == 't') ||
			      (out.len == 5 && memcmp(out.data, "false", 5) == 0 && len == 1 && v[0] == 'f'));
		} else {
			check(kind == LIT_INTEGER || kind == LIT_NUMERIC || kind == LIT_FLOAT);
			check(out.len == len && memcmp(out.data, v, len) == 0);
			if (kind == LIT_INTEGER)
				check(plain_number(v, len, false) && memchr(v, '.', len) == NULL);
			else
				check(plain_number(v, len, kind == LIT_FLOAT));
			if (kind == LIT_FLOAT)
				check(!negative_zero(v, len));
		}
	}
	buf_free(&out);
	buf_free(&back);
	free(exact);
	return 0;
}
