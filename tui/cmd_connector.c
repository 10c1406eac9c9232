/* cmd_connector.c - `klaxon connector list | status NAME | restart NAME
 * [--only-failed] [--dry-run | --yes]`, against --connect URL. */
#include "cli.h"
#include "cli_action.h"
#include "../core/action_connector_restart.h"
#include "../core/connect.h"
#include "../core/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_state(const struct kx_connector_state *st)
{
        char name[300], trace[300];

        kx_sanitize(name, sizeof(name), st->name, strlen(st->name));
        kx_sanitize(trace, sizeof(trace), st->first_trace, strlen(st->first_trace));
        printf("%-40s %-6s %-10s tasks %d running %d failed %d%s%s\n", name, st->type, st->state,
               st->task_cnt, st->tasks_running, st->tasks_failed, trace[0] ? "  " : "", trace);
}

int kx_cmd_connector(struct kx_cli *cli)
{
        const char *url = cli->cfg.connect_url, *sub = cli->arg_cnt ? cli->args[0] : "";
        struct cli_action_opts aopts = {0};
        struct kx_connector_state st;
        const char *name = NULL;
        bool only_failed = false;
        struct kx_err err;
        int rc = 0;

        if (!url) {
                fprintf(stderr, "klaxon: connector: no Kafka Connect URL: use --connect URL or "
                                "\"connect:\" in the config context\n");
                return KX_EXIT_USAGE;
        }
        for (int i = 1; i < cli->arg_cnt; i++) {
                int used = cli_action_opt(&aopts, cli->args, cli->arg_cnt, i);

                if (used)
                        i += used - 1;
                else if (!strcmp(cli->args[i], "--only-failed"))
                        only_failed = true;
                else if (!name)
                        name = cli->args[i];
        }
        if (!strcmp(sub, "list")) {
                json_t *names = NULL, *n;
                size_t i;

                if (kx_connect_list(url, 10000, &names, &err))
                        return kx_cli_fail(&err);
                json_array_foreach(names, i, n) {
                        if (!json_string_value(n))
                                continue;
                        if (kx_connect_status(url, json_string_value(n), 10000, &st, &err)) {
                                kx_cli_fail(&err);
                                rc = KX_EXIT_PARTIAL;
                        } else {
                                print_state(&st);
                        }
                }
                json_decref(names);
                return rc;
        }
        if (!strcmp(sub, "status") && name) {
                struct kx_task_state *tasks;
                int cnt;

                if (kx_connect_status(url, name, 10000, &st, &err) ||
                    kx_connect_tasks(url, name, 10000, &tasks, &cnt, &err))
                        return kx_cli_fail(&err);
                print_state(&st);
                for (int i = 0; i < cnt; i++) {
                        char worker[200], trace[300], state[64];

                        kx_sanitize(worker, sizeof(worker), tasks[i].worker, strlen(tasks[i].worker));
                        kx_sanitize(trace, sizeof(trace), tasks[i].trace, strlen(tasks[i].trace));
                        kx_sanitize(state, sizeof(state), tasks[i].state, strlen(tasks[i].state));
                        printf("  task %d %-10s %s%s%s\n", tasks[i].id, state, worker,
                               trace[0] ? "  " : "", trace);
                }
                free(tasks);
                return 0;
        }
        if (!strcmp(sub, "restart") && name)
                return cli_action_run(cli, kx_action_connector_restart(url, name, only_failed), &aopts);
        fprintf(stderr, "usage: klaxon connector list | status NAME | restart NAME [--only-failed] "
                        "[--dry-run | --yes]\n");
        return KX_EXIT_USAGE;
}
