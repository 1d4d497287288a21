/* options_table: prints dbdump's option table, one option a line, for
 * tests/t/docs.sh, which holds --help, the man page and the bash completion
 * to it. A long option: "--NAME ARG SHORT" (ARG: none, required or optional;
 * SHORT: its letter, or "-" for none); a short option: "-L ARG". */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "options.h"

static const char *arg_kind(int has_arg)
{
	return has_arg == no_argument ? "none" : has_arg == required_argument ? "required" : "optional";
}

int main(void)
{
	const char *letters = options_short_letters();

	for (const struct option *o = options_long_table(); o->name; o++) {
		bool short_too = o->flag == NULL && o->val > 0 && o->val < 128 && strchr(letters, o->val);
		if (short_too)
			printf("--%s %s %c\n", o->name, arg_kind(o->has_arg), o->val);
		else
			printf("--%s %s -\n", o->name, arg_kind(o->has_arg));
	}
	for (const char *p = letters; *p; p++) {
		int has_arg = no_argument;
		if (*p == ':')
			continue;
		if (p[1] == ':')
			has_arg = p[2] == ':' ? optional_argument : required_argument;
		printf("-%c %s\n", *p, arg_kind(has_arg));
	}
	return 0;
}
