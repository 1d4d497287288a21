# dbdump.m4: project-local autoconf macros live here (none needed yet beyond gnulib's).
