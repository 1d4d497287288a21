/* extconfig: the rows and sequence values an extension marks as its
 * configuration (pg_extension_config_dump), written after the extension is
 * created, as pg_dump does. */
#ifndef DBDUMP_EXTCONFIG_H
#define DBDUMP_EXTCONFIG_H

#include "catalog.h"
#include "conn.h"
#include "options.h"
#include "sink.h"

/* For every selected extension of cat that has configuration tables or
 * sequences (pg_extension.extconfig): the tables' rows that match the
 * extension's condition (extcondition) as INSERTs, and the sequences' values
 * as setval, read over c inside its snapshot. */
void extconfig_write(conn_t *c, sink_t *out, const catalog_t *cat, const struct options *o);

#endif
