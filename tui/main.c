/* main.c - klaxon's entry point: parse the command line, dispatch. */
#include "cli.h"

#include <curl/curl.h>
#include <librdkafka/rdkafka.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#ifndef KLAXON_VERSION
#define KLAXON_VERSION "0.1.0"
#endif

struct command {
        const char *name;
        int (*run)(struct kx_cli *cli);
};

static const struct command commands[] = {
        {"snapshot", kx_cmd_snapshot},
        {"group", kx_cmd_group},
        {"audit", kx_cmd_audit},
        {"playbook", kx_cmd_playbook},
        {"incident", kx_cmd_incident},
        {"topic", kx_cmd_topic},
        {"connector", kx_cmd_connector},
        {"replay", kx_cmd_replay},
        {"job", kx_cmd_job},
        {"probe", kx_cmd_probe},
        {"slo", kx_cmd_slo},
        {"policy", kx_cmd_policy},
        {"request", kx_cmd_request},
        {"advise", kx_cmd_advise},
        {"idle", kx_cmd_idle},
        {"cost", kx_cmd_cost},
        {"guardian", kx_cmd_guardian},
        {"quota", kx_cmd_quota},
        {"disk", kx_cmd_disk},
        {"elect-leaders", kx_cmd_elect_leaders},
        {"schema", kx_cmd_schema},
        {"mm2", kx_cmd_mm2},
};

int main(int argc, char **argv)
{
        struct kx_cli cli;
        struct kx_err err;
        int rc;

        setlocale(LC_ALL, "");
        curl_global_init(CURL_GLOBAL_DEFAULT); /* before any thread starts */
        kx_err_clear(&err);
        if (kx_cli_parse(&cli, argc, argv, &err)) {
                rc = kx_cli_fail(&err);
                kx_cli_done(&cli);
                return rc;
        }
        if (!cli.command) {
                rc = kx_cmd_console(&cli);
                kx_cli_done(&cli);
                return rc;
        }
        if (!strcmp(cli.command, "help")) {
                kx_cli_usage(stdout);
                kx_cli_done(&cli);
                return KX_EXIT_OK;
        }
        if (!strcmp(cli.command, "version")) {
                printf("klaxon %s (librdkafka %s)\n", KLAXON_VERSION, rd_kafka_version_str());
                kx_cli_done(&cli);
                return KX_EXIT_OK;
        }
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
                if (!strcmp(cli.command, commands[i].name)) {
                        rc = commands[i].run(&cli);
                        kx_cli_done(&cli);
                        return rc;
                }
        }
        fprintf(stderr, "klaxon: unknown command \"%s\" (see klaxon --help)\n", cli.command);
        kx_cli_done(&cli);
        return KX_EXIT_USAGE;
}
