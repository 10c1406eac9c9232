/* console_peers.c - runbook step actions on the services around the
 * cluster: mm2-restart and mm2-translate-offsets (MirrorMaker 2 on
 * --connect, this cluster its target) and schema-rollback (--registry). */
#include "console_internal.h"
#include "../core/action_mm2_restart.h"
#include "../core/action_mm2_translate.h"
#include "../core/action_schema_rollback.h"
#include "../core/mm2.h"
#include "../core/registry.h"
#include "../core/registry_health.h"

#include <string.h>

/* The subject to roll back: the incident topic's value subject, else the
 * subject of the topic selected in the topics view that the schema check
 * fails on (or its value subject), else the first failing subject. */
static const char *rollback_subject(struct console *c, char *buf, size_t size)
{
        const struct kx_schema_health *h = c->snap ? c->snap->schemas : NULL;
        const char *topic = c->ctx.selected_topic;

        if (c->incident.ctx.topic[0]) {
                snprintf(buf, size, "%s-value", c->incident.ctx.topic);
                return buf;
        }
        for (int i = 0; h && topic[0] && i < h->subject_cnt; i++)
                if (kx_registry_subject_of_topic(h->subjects[i].name, topic) &&
                    h->subjects[i].versions >= 2 && !strcmp(h->subjects[i].compat, "NONE"))
                        return h->subjects[i].name;
        if (topic[0]) {
                snprintf(buf, size, "%s-value", topic);
                for (int i = 0; h && i < h->subject_cnt; i++)
                        if (!strcmp(h->subjects[i].name, buf))
                                return buf;
        }
        for (int i = 0; h && i < h->subject_cnt; i++)
                if (h->subjects[i].versions >= 2 && !strcmp(h->subjects[i].compat, "NONE"))
                        return h->subjects[i].name;
        return NULL;
}

/* The group to translate: the incident's, else the MM2 group with the
 * largest checkpoint lag. */
static const char *translate_group(struct console *c)
{
        const struct kx_mm2_health *h = c->snap ? c->snap->mm2 : NULL;
        const char *best = NULL;
        int64_t lag = -1;

        if (c->incident.ctx.group[0])
                return c->incident.ctx.group;
        for (int i = 0; h && i < h->group_cnt; i++)
                if (h->groups[i].lag > lag) {
                        lag = h->groups[i].lag;
                        best = h->groups[i].group;
                }
        return best;
}

struct kx_action *console_peer_action(struct console *c, const struct kx_pb_step *st, bool *handled)
{
        char subject[300];
        const char *name;

        *handled = true;
        if (!strcmp(st->action, "mm2-restart")) {
                if (c->cfg->connect_url)
                        return kx_action_mm2_restart(c->cfg->connect_url);
                console_message(c, "mm2-restart needs --connect URL (the MirrorMaker 2 worker)");
        } else if (!strcmp(st->action, "mm2-translate-offsets")) {
                if ((name = translate_group(c)))
                        return kx_action_mm2_translate(c->cfg, c->snap && c->snap->mm2 && c->snap->mm2->alias[0]
                                                                       ? c->snap->mm2->alias
                                                                       : "source",
                                                       name);
                console_message(c, "mm2-translate-offsets: no group with MirrorMaker checkpoints "
                                   "(--mm2-source, --connect)");
        } else if (!strcmp(st->action, "schema-rollback")) {
                if (!c->cfg->registry_url)
                        console_message(c, "schema-rollback needs --registry URL");
                else if ((name = rollback_subject(c, subject, sizeof(subject))))
                        return kx_action_schema_rollback(c->cfg->registry_url, name, 0, st->action_arg);
                else
                        console_message(c, "schema-rollback: no subject to roll back (no incident topic, "
                                           "no subject with compatibility NONE)");
        } else {
                *handled = false;
        }
        return NULL;
}
