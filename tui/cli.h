/* cli.h - klaxon's command line: global options and subcommands.
 *
 * Global options (-b, -X, --config, --context, --read-only, --operator,
 * --state-dir) are accepted before or after the subcommand. What is left is
 * handed to the subcommand in args[].
 *
 * Exit codes are a contract: 0 complete, 1 partial (some section failed),
 * 2 usage or config error, 3 cluster unreachable.
 */
#ifndef KX_CLI_H
#define KX_CLI_H

#include "../core/config.h"
#include "../core/err.h"

#include <stdio.h>

enum kx_exit {
        KX_EXIT_OK = 0,
        KX_EXIT_PARTIAL = 1,
        KX_EXIT_USAGE = 2,
        KX_EXIT_UNREACHABLE = 3,
};

struct kx_cli {
        struct kx_config cfg;  /* resolved: file context, then command line */
        const char *command;   /* subcommand, or NULL for the console */
        char **args;           /* subcommand arguments (borrowed from argv) */
        int arg_cnt;
        /* Console options (accepted anywhere, used when there is no command). */
        int refresh_s;         /* --refresh, default 5 */
        bool kiosk;            /* --kiosk */
        int rotate_s;          /* --rotate, default 15 */
        const char *keymap;    /* --keymap FILE */
};

/* Parse argv into cli, load the config file and apply overrides. Returns 0,
 * or a kx code with err set (KX_ERR_USAGE, KX_ERR_CONFIG). --help and
 * --version set command to "help" / "version". Free with kx_cli_done(). */
int kx_cli_parse(struct kx_cli *cli, int argc, char **argv, struct kx_err *err);
void kx_cli_done(struct kx_cli *cli);

/* Map a kx code to the process exit code above. */
int kx_cli_exit_code(int code);

/* Print "klaxon: <msg>" to stderr and return the exit code for err. */
int kx_cli_fail(const struct kx_err *err);

/* Subcommands. Each returns a process exit code. */
int kx_cmd_snapshot(struct kx_cli *cli);
int kx_cmd_console(struct kx_cli *cli);
int kx_cmd_group(struct kx_cli *cli);
int kx_cmd_audit(struct kx_cli *cli);
int kx_cmd_playbook(struct kx_cli *cli);
int kx_cmd_incident(struct kx_cli *cli);
int kx_cmd_topic(struct kx_cli *cli);
int kx_cmd_connector(struct kx_cli *cli);
int kx_cmd_replay(struct kx_cli *cli);
int kx_cmd_job(struct kx_cli *cli);
int kx_cmd_probe(struct kx_cli *cli);
int kx_cmd_slo(struct kx_cli *cli);
int kx_cmd_policy(struct kx_cli *cli);
int kx_cmd_topic_create(struct kx_cli *cli);
int kx_cmd_topic_delete(struct kx_cli *cli);
int kx_cmd_request(struct kx_cli *cli);
int kx_cmd_advise(struct kx_cli *cli);
int kx_cmd_idle(struct kx_cli *cli);
int kx_cmd_cost(struct kx_cli *cli);
int kx_cmd_guardian(struct kx_cli *cli);
int kx_cmd_quota(struct kx_cli *cli);
int kx_cmd_disk(struct kx_cli *cli);
int kx_cmd_elect_leaders(struct kx_cli *cli);
int kx_cmd_schema(struct kx_cli *cli);
int kx_cmd_mm2(struct kx_cli *cli);

/* The usage text. */
void kx_cli_usage(FILE *out);

#endif
