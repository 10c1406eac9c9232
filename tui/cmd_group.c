/* cmd_group.c - `klaxon group reset GROUP --topic T (--to-datetime ISO |
 * --to-offset N | --to-earliest | --to-latest | --shift-by N)
 * [--partition P] [--dry-run | --yes] [--reason TEXT]`. */
#include "cli.h"
#include "cli_action.h"
#include "../core/action_group_fence.h"
#include "../core/action_group_reset.h"
#include "../core/timeparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(const char *why)
{
        fprintf(stderr, "klaxon: group: %s\n"
                        "usage: klaxon group reset GROUP --topic T (--to-datetime ISO | --to-offset N |\n"
                        "         --to-earliest | --to-latest | --shift-by N) [--partition P]\n"
                        "         [--dry-run | --yes] [--reason TEXT]\n"
                        "       klaxon group pause GROUP [--principal User:NAME] [--dry-run | --yes]\n"
                        "       klaxon group resume GROUP [--principal User:NAME] [--dry-run | --yes]\n",
                why);
        return KX_EXIT_USAGE;
}

static int cmd_reset(struct kx_cli *cli)
{
        struct cli_action_opts aopts = {0};
        const char *group = NULL, *topic = NULL;
        int mode = -1;
        int64_t value = 0;
        int32_t partition = -1;
        struct kx_err err;

        for (int i = 1; i < cli->arg_cnt; i++) {
                const char *a = cli->args[i];
                const char *next = i + 1 < cli->arg_cnt ? cli->args[i + 1] : NULL;
                int used = cli_action_opt(&aopts, cli->args, cli->arg_cnt, i);

                if (used) {
                        i += used - 1;
                } else if (!strcmp(a, "--topic") && next) {
                        topic = next, i++;
                } else if (!strcmp(a, "--partition") && next) {
                        partition = atoi(next), i++;
                } else if (!strcmp(a, "--to-earliest")) {
                        mode = KX_RESET_EARLIEST;
                } else if (!strcmp(a, "--to-latest")) {
                        mode = KX_RESET_LATEST;
                } else if (!strcmp(a, "--to-datetime") && next) {
                        mode = KX_RESET_DATETIME, i++;
                        if (kx_parse_time(next, &value, &err))
                                return usage(err.msg);
                } else if (!strcmp(a, "--to-offset") && next) {
                        mode = KX_RESET_OFFSET, value = strtoll(next, NULL, 10), i++;
                } else if (!strcmp(a, "--shift-by") && next) {
                        mode = KX_RESET_SHIFT, value = strtoll(next, NULL, 10), i++;
                } else if (a[0] != '-' && !group) {
                        group = a;
                } else {
                        char why[300];

                        snprintf(why, sizeof(why), "unknown or incomplete option \"%s\"", a);
                        return usage(why);
                }
        }
        if (!group || !topic || mode < 0)
                return usage("GROUP, --topic and one --to-* or --shift-by are required");
        return cli_action_run(cli, kx_action_group_reset(group, topic, partition, mode, value), &aopts);
}

/* pause/resume: a DENY READ ACL on the group (see action_group_fence.h). */
static int cmd_fence(struct kx_cli *cli, bool pause)
{
        struct cli_action_opts aopts = {0};
        const char *group = NULL, *principal = NULL;

        for (int i = 1; i < cli->arg_cnt; i++) {
                int used = cli_action_opt(&aopts, cli->args, cli->arg_cnt, i);

                if (used)
                        i += used - 1;
                else if (!strcmp(cli->args[i], "--principal") && i + 1 < cli->arg_cnt)
                        principal = cli->args[++i];
                else if (cli->args[i][0] != '-' && !group)
                        group = cli->args[i];
                else
                        return usage("unknown option");
        }
        if (!group)
                return usage("GROUP is required");
        return cli_action_run(cli, kx_action_group_fence(group, principal, pause, cli->cfg.connect_url),
                              &aopts);
}

int kx_cmd_group(struct kx_cli *cli)
{
        if (cli->arg_cnt < 1)
                return usage("missing subcommand");
        if (!strcmp(cli->args[0], "reset"))
                return cmd_reset(cli);
        if (!strcmp(cli->args[0], "pause") || !strcmp(cli->args[0], "resume"))
                return cmd_fence(cli, !strcmp(cli->args[0], "pause"));
        return usage("unknown subcommand");
}
