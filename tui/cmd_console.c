/* cmd_console.c - `klaxon` with no command: the console. */
#include "cli.h"
#include "console.h"

#include <stdio.h>

int kx_cmd_console(struct kx_cli *cli)
{
        struct console_opts opts = {
                .refresh_s = cli->refresh_s,
                .kiosk = cli->kiosk,
                .rotate_s = cli->rotate_s,
                .keymap_path = cli->keymap,
        };

        if (cli->arg_cnt) {
                fprintf(stderr, "klaxon: unknown option \"%s\" (see klaxon --help)\n", cli->args[0]);
                return KX_EXIT_USAGE;
        }
        if (!cli->cfg.bootstrap) {
                fprintf(stderr, "klaxon: no brokers given: use -b HOST:PORT or a config context\n");
                return KX_EXIT_USAGE;
        }
        return console_run(&cli->cfg, &opts);
}
