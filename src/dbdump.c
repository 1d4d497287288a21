/* dbdump: main — options, then the dump, then the exit status. Nothing else. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "closeout.h"
#include "dump.h"
#include "log.h"
#include "options.h"
#include "verify.h"

/* A descriptor 0, 1 or 2 closed by whoever started us would be handed to
 * the first file or connection we open, and the dump (or a message) would go
 * there. /dev/null takes the place, opened the wrong way round so that using
 * it fails loudly: the dump to a closed stdout is a write error, not lost. */
static void fill_closed_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		int got = open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY);
		if (got != fd) {
			/* Lower descriptors are open by now, so got can only be fd or -1. */
			_exit(1);
		}
	}
}

int main(int argc, char **argv)
{
	struct options o;
	buf_t err;
	int status;

	fill_closed_std_fds();
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
		status = o.verify ? verify_run(&o) : dump_run(&o);
	}
	options_free(&o);
	return status;
}
