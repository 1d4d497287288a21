/* dbdump: main — options, then the dump, then the exit status. Nothing else. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "closeout.h"
#include "dump.h"
#include "log.h"
#include "options.h"

int main(int argc, char **argv)
{
	struct options o;
	buf_t err;
	int status;

	atexit(close_stdout);
	log_install_signal_handlers();
	buf_init(&err);
	if (options_parse(&o, argc, argv, &err) != OPTIONS_OK) {
		/* Empty when getopt has written its own message. */
		if (err.len > 0)
			log_error("%s", err.data);
		fprintf(stderr, "Try 'dbdump --help' for more information.\n");
		buf_free(&err);
		options_free(&o);
		return 2;
	}
	buf_free(&err);
	options_hide_passwords(&o, argc, argv);
	log_set_level(o.verbosity);
	if (o.show_help) {
		fputs(options_help(), stdout);
		status = 0;
	} else if (o.show_version) {
		fputs(options_version(), stdout);
		status = 0;
	} else {
		status = dump_run(&o);
	}
	options_free(&o);
	return status;
}
