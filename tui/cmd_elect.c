/* cmd_elect.c - `klaxon elect-leaders [--topic T] [--unclean] [--dry-run |
 * --yes] [--reason TEXT]`: preferred (or, for offline partitions, unclean)
 * leader election through the action path. */
#include "cli.h"
#include "cli_action.h"
#include "../core/action_elect_leaders.h"

#include <stdio.h>
#include <string.h>

int kx_cmd_elect_leaders(struct kx_cli *cli)
{
        struct cli_action_opts aopts = {0};
        const char *topic = NULL;
        enum kx_election type = KX_ELECT_PREFERRED;

        for (int i = 0; i < cli->arg_cnt; i++) {
                int used = cli_action_opt(&aopts, cli->args, cli->arg_cnt, i);

                if (used) {
                        i += used - 1;
                } else if (!strcmp(cli->args[i], "--topic") && i + 1 < cli->arg_cnt && !topic) {
                        topic = cli->args[++i];
                } else if (!strcmp(cli->args[i], "--unclean")) {
                        type = KX_ELECT_UNCLEAN;
                } else {
                        fprintf(stderr, "usage: klaxon elect-leaders [--topic T] [--unclean] [--dry-run | --yes] "
                                        "[--reason TEXT]\n");
                        return KX_EXIT_USAGE;
                }
        }
        return cli_action_run(cli, kx_action_elect_leaders(&cli->cfg, topic, type), &aopts);
}
