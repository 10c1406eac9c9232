/* cmd_playbook.c - `klaxon playbook list | show NAME | export NAME
 * --format md|txt` and `klaxon incident list | export ID --format md|json`. */
#include "cli.h"
#include "../core/incident.h"
#include "../core/playbook.h"
#include "../core/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(FILE *out, const char *prefix, const char *text)
{
        char clean[2048];

        if (!text)
                return;
        kx_sanitize(clean, sizeof(clean), text, strlen(text));
        fprintf(out, "%s%s\n", prefix, clean);
}

static void check_text(const struct kx_check *c, char *buf, size_t size)
{
        if (c->max)
                snprintf(buf, size, "%s (max %lld): %s", kx_check_name(c->id), (long long)c->max,
                         kx_check_help(c->id));
        else
                snprintf(buf, size, "%s: %s", kx_check_name(c->id), kx_check_help(c->id));
}

/* The one-page quick reference: md for the wiki, txt to print and laminate. */
static void export(FILE *out, const struct kx_playbook *pb, bool md)
{
        char buf[512];

        fprintf(out, md ? "# %s\n\n" : "%s\n", pb->title);
        if (!md)
                fprintf(out, "%.*s\n\n", (int)strlen(pb->title), "================================================================");
        put(out, md ? "**Symptom:** " : "SYMPTOM: ", pb->symptom);
        put(out, md ? "**Impact:** " : "IMPACT: ", pb->impact);
        put(out, md ? "**Recovery target:** " : "RECOVERY TARGET: ", pb->recovery_target);
        fprintf(out, md ? "\n## Triggers\n\n" : "\nTRIGGERS (klaxon suggests this playbook when one fails)\n");
        for (int i = 0; i < pb->trigger_cnt; i++) {
                check_text(&pb->triggers[i], buf, sizeof(buf));
                fprintf(out, "- %s\n", buf);
        }
        fprintf(out, md ? "\n## Steps\n\n" : "\nSTEPS\n");
        for (int i = 0; i < pb->step_cnt; i++) {
                const struct kx_pb_step *st = &pb->steps[i];

                fprintf(out, "%d. %s\n", i + 1, st->title);
                put(out, "   ", st->guide);
                if (st->has_check) {
                        check_text(&st->check, buf, sizeof(buf));
                        fprintf(out, "   live check: %s\n", buf);
                }
                if (st->action)
                        fprintf(out, "   action (key a in the runbook): %s%s%s\n", st->action,
                                st->action_arg ? " " : "", st->action_arg ? st->action_arg : "");
                put(out, "   expect: ", st->expect);
        }
        if (pb->escalation_cnt)
                fprintf(out, md ? "\n## Escalation\n\n" : "\nESCALATION\n");
        for (int i = 0; i < pb->escalation_cnt; i++) {
                check_text(&pb->escalations[i].when, buf, sizeof(buf));
                fprintf(out, "- when %s fails: %s\n", buf, pb->escalations[i].then);
        }
}

int kx_cmd_playbook(struct kx_cli *cli)
{
        struct kx_playbook_set set;
        const struct kx_playbook *pb = NULL;
        const char *sub = cli->arg_cnt ? cli->args[0] : "list";
        const char *format = "txt";
        int rc = 0;

        kx_playbooks_load(NULL, &set);
        for (int i = 0; i < set.error_cnt; i++)
                put(stderr, "klaxon: playbook not loaded: ", set.errors[i]);
        for (int i = 2; i + 1 < cli->arg_cnt; i++)
                if (!strcmp(cli->args[i], "--format"))
                        format = cli->args[i + 1];
        if (strcmp(sub, "list") && cli->arg_cnt > 1) {
                pb = kx_playbook_find(&set, cli->args[1]);
                if (!pb) {
                        fprintf(stderr, "klaxon: no playbook \"%s\" (klaxon playbook list)\n", cli->args[1]);
                        kx_playbooks_free(&set);
                        return KX_EXIT_USAGE;
                }
        }
        if (!strcmp(sub, "list")) {
                for (int i = 0; i < set.cnt; i++)
                        printf("%-26s %-28s %s\n", set.items[i].id, set.items[i].title, set.items[i].source);
        } else if (!strcmp(sub, "show") && pb) {
                export(stdout, pb, false);
                printf("\n(from %s)\n", pb->source);
        } else if (!strcmp(sub, "export") && pb && (!strcmp(format, "md") || !strcmp(format, "txt"))) {
                export(stdout, pb, !strcmp(format, "md"));
        } else {
                fprintf(stderr, "usage: klaxon playbook list | show NAME | export NAME --format md|txt\n");
                rc = KX_EXIT_USAGE;
        }
        kx_playbooks_free(&set);
        return set.error_cnt && !rc ? KX_EXIT_PARTIAL : rc;
}

int kx_cmd_incident(struct kx_cli *cli)
{
        struct kx_store store;
        struct kx_err err;
        const char *format = "md";
        int rc = 0;

        for (int i = 1; i + 1 < cli->arg_cnt; i++)
                if (!strcmp(cli->args[i], "--format"))
                        format = cli->args[i + 1];
        if (!cli->arg_cnt || (strcmp(cli->args[0], "list") &&
                              (strcmp(cli->args[0], "export") || cli->arg_cnt < 2))) {
                fprintf(stderr, "usage: klaxon incident list | export ID --format md|json\n");
                return KX_EXIT_USAGE;
        }
        if (kx_store_open(&cli->cfg, &store, &err))
                return kx_cli_fail(&err);
        if (!strcmp(cli->args[0], "list"))
                rc = kx_incident_list(&store, stdout, &err);
        else
                rc = kx_incident_export(&store, atoll(cli->args[1]), format, stdout, &err);
        if (rc)
                rc = kx_cli_fail(&err);
        kx_store_close(&store);
        return rc;
}
