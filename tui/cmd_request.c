/* cmd_request.c - `klaxon request list [--all] [--json]`, `klaxon request
 * approve|reject ID [--dry-run | --yes] [--reason TEXT]`: topic requests
 * awaiting another operator; decisions go through the action path. */
#include "cli.h"
#include "cli_action.h"
#include "cli_gov.h"
#include "../core/action_topic_request.h"
#include "../core/snapshot_json.h"
#include "../core/topic_request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
        fprintf(stderr, "usage: klaxon request list [--all] [--json]\n"
                        "       klaxon request approve|reject ID [--dry-run | --yes] [--reason TEXT]\n");
        return KX_EXIT_USAGE;
}

static json_t *request_json(const struct kx_topic_request *r)
{
        return json_pack("{s:I, s:s, s:s, s:i, s:i, s:O, s:s, s:s, s:s, s:I, s:s, s:s?, s:I}", "id",
                         (json_int_t)r->id, "topic", r->topic, "team", r->team, "partitions", r->partitions,
                         "replication", r->replication, "configs", r->configs, "reason", r->reason,
                         "why_review", r->why_review, "requested_by", r->requested_by, "requested_ms",
                         (json_int_t)r->requested_ms, "status", r->status, "decided_by", r->decided_by,
                         "decided_ms", (json_int_t)r->decided_ms);
}

static int list(struct kx_cli *cli, bool all, bool json)
{
        struct kx_store store;
        struct kx_topic_request *reqs;
        struct kx_err err;
        char when[40];
        int cnt;

        if (kx_store_open(&cli->cfg, &store, &err))
                return kx_cli_fail(&err);
        if (kx_topic_request_list(&store, !all, &reqs, &cnt, &err)) {
                kx_store_close(&store);
                return kx_cli_fail(&err);
        }
        if (json) {
                json_t *arr = json_array();

                for (int i = 0; i < cnt; i++)
                        json_array_append_new(arr, request_json(&reqs[i]));
                json_dumpf(arr, stdout, JSON_INDENT(2));
                printf("\n");
                json_decref(arr);
        } else {
                printf("%-5s %-9s %-36s %-16s %5s %-12s %-20s %s\n", "ID", "STATUS", "TOPIC", "TEAM", "PARTS",
                       "BY", "REQUESTED", "WHY");
                for (int i = 0; i < cnt; i++) {
                        printf("%-5lld %-9s ", (long long)reqs[i].id, reqs[i].status);
                        cli_gov_cell(stdout, reqs[i].topic, 36);
                        cli_gov_cell(stdout, reqs[i].team, 16);
                        printf("%5d ", reqs[i].partitions);
                        cli_gov_cell(stdout, reqs[i].requested_by, 12);
                        printf("%-20s ", kx_iso8601(reqs[i].requested_ms, when, sizeof(when)));
                        cli_gov_cell(stdout, reqs[i].why_review, 0);
                        printf("\n");
                }
                if (!cnt)
                        printf("no %stopic requests\n", all ? "" : "pending ");
        }
        kx_topic_requests_free(reqs, cnt);
        kx_store_close(&store);
        return KX_EXIT_OK;
}

int kx_cmd_request(struct kx_cli *cli)
{
        struct cli_action_opts aopts = {0};
        bool all = false, json = false, approve;
        const char *id_text = NULL;
        char *end;
        long long id;

        if (cli->arg_cnt < 1)
                return usage();
        for (int i = 1; i < cli->arg_cnt; i++) {
                int used = cli_action_opt(&aopts, cli->args, cli->arg_cnt, i);

                if (used)
                        i += used - 1;
                else if (!strcmp(cli->args[i], "--all"))
                        all = true;
                else if (!strcmp(cli->args[i], "--json"))
                        json = true;
                else if (cli->args[i][0] != '-' && !id_text)
                        id_text = cli->args[i];
                else
                        return usage();
        }
        if (!strcmp(cli->args[0], "list"))
                return list(cli, all, json);
        approve = !strcmp(cli->args[0], "approve");
        if ((!approve && strcmp(cli->args[0], "reject")) || !id_text)
                return usage();
        id = strtoll(id_text, &end, 10);
        if (*end || id < 1) {
                fprintf(stderr, "klaxon: request %s: bad request id \"%s\"\n", cli->args[0], id_text);
                return KX_EXIT_USAGE;
        }
        return cli_action_run(cli, kx_action_topic_request_decide(id, approve), &aopts);
}
