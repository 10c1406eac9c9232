/* cmd_topic_delete.c - `klaxon topic delete TOPIC [--dry-run | --yes]
 * [--reason TEXT]`: the audited end of the idle-topic lifecycle; on a
 * terminal the topic's name must be typed. */
#include "cli.h"
#include "cli_action.h"
#include "../core/action_topic_delete.h"

#include <stdio.h>
#include <string.h>

int kx_cmd_topic_delete(struct kx_cli *cli)
{
        struct cli_action_opts aopts = {0};
        const char *topic = NULL;

        for (int i = 1; i < cli->arg_cnt; i++) {
                int used = cli_action_opt(&aopts, cli->args, cli->arg_cnt, i);

                if (used) {
                        i += used - 1;
                } else if (cli->args[i][0] != '-' && !topic) {
                        topic = cli->args[i];
                } else {
                        fprintf(stderr, "usage: klaxon topic delete TOPIC [--dry-run | --yes] [--reason TEXT]\n");
                        return KX_EXIT_USAGE;
                }
        }
        if (!topic) {
                fprintf(stderr, "usage: klaxon topic delete TOPIC [--dry-run | --yes] [--reason TEXT]\n");
                return KX_EXIT_USAGE;
        }
        return cli_action_run(cli, kx_action_topic_delete(topic), &aopts);
}
