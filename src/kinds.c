/* kinds: the table of registered object kinds. */
#include <config.h>

#include "kinds.h"

#include <stddef.h>

extern const struct kind_def kind_collation, kind_operator, kind_opfamily, kind_opclass, kind_cast,
    kind_conversion, kind_transform, kind_ts_parser, kind_ts_template, kind_ts_dictionary, kind_ts_config,
    kind_access_method, kind_language, kind_fdw, kind_server, kind_user_mapping, kind_foreign_table, kind_statistics, kind_domain_constraint,
    kind_publication, kind_publication_table, kind_publication_schema, kind_subscription, kind_event_trigger, kind_default_acl;

const struct kind_def *const kinds_all[] = {
    &kind_language,
    &kind_collation,
    &kind_access_method,
    &kind_operator,
    &kind_opfamily,
    &kind_opclass,
    &kind_cast,
    &kind_conversion,
    &kind_transform,
    &kind_ts_parser,
    &kind_ts_template,
    &kind_ts_dictionary,
    &kind_ts_config,
    &kind_fdw,
    &kind_server,
    &kind_user_mapping,
    &kind_foreign_table,
    &kind_statistics,
    &kind_domain_constraint,
    &kind_publication,
    &kind_publication_table,
    &kind_publication_schema,
    &kind_subscription,
    &kind_event_trigger,
    &kind_default_acl,
    NULL,
};

const struct kind_def *kinds_find(enum dobj_kind kind)
{
	for (int i = 0; kinds_all[i]; i++)
		if (kinds_all[i]->kind == kind)
			return kinds_all[i];
	return NULL;
}
