/* cmd_topic.c - `klaxon topic retention TOPIC DURATION [--dry-run | --yes]
 * [--reason TEXT]`. */
#include "cli.h"
#include "cli_action.h"
#include "../core/action_topic_retention.h"
#include "../core/timeparse.h"

#include <stdio.h>
#include <string.h>

int kx_cmd_topic(struct kx_cli *cli)
{
        struct cli_action_opts aopts = {0};
        const char *pos[2] = {NULL, NULL};
        int npos = 0;
        int64_t ms;
        struct kx_err err;

        if (cli->arg_cnt >= 1 && !strcmp(cli->args[0], "create"))
                return kx_cmd_topic_create(cli);
        if (cli->arg_cnt >= 1 && !strcmp(cli->args[0], "delete"))
                return kx_cmd_topic_delete(cli);
        if (cli->arg_cnt < 1 || strcmp(cli->args[0], "retention")) {
                fprintf(stderr, "usage: klaxon topic retention TOPIC DURATION [--dry-run | --yes] "
                                "[--reason TEXT]\n");
                return KX_EXIT_USAGE;
        }
        for (int i = 1; i < cli->arg_cnt; i++) {
                int used = cli_action_opt(&aopts, cli->args, cli->arg_cnt, i);

                if (used) {
                        i += used - 1;
                } else if (cli->args[i][0] != '-' && npos < 2) {
                        pos[npos++] = cli->args[i];
                } else {
                        fprintf(stderr, "klaxon: topic retention: unknown option \"%s\"\n", cli->args[i]);
                        return KX_EXIT_USAGE;
                }
        }
        if (npos != 2) {
                fprintf(stderr, "klaxon: topic retention needs TOPIC and DURATION (e.g. 7d)\n");
                return KX_EXIT_USAGE;
        }
        if (kx_parse_duration(pos[1], &ms, &err))
                return kx_cli_fail(&err);
        return cli_action_run(cli, kx_action_topic_retention(pos[0], ms), &aopts);
}
