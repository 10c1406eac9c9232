/* cli_gov.h - what every governance command (policy, cost, idle, guardian,
 * topic create, request) sets up: the policy, the state store, the clock
 * and one collection.
 *
 * The clock is the wall clock unless KLAXON_NOW (ISO 8601 or ms) is set: a
 * fixed clock for tests and for "what will be idle on date X" questions.
 */
#ifndef TUI_CLI_GOV_H
#define TUI_CLI_GOV_H

#include "../core/finding.h"
#include "../core/gov_collect.h"
#include "../core/policy.h"
#include "cli.h"

struct cli_gov {
        struct kx_policy pol;
        struct kx_store store;
        struct kx_logbuf lb;
        struct kx_gov_data data;   /* filled by cli_gov_collect */
        int64_t now_ms;
        bool collected;
};

/* Load the policy (policy_path or the default), the clock and the store.
 * Returns 0, or a process exit code after printing the error. */
int cli_gov_open(struct kx_cli *cli, const char *policy_path, struct cli_gov *g);

/* Collect the cluster (and record LEO samples). Prints a partial failure
 * as a warning. Returns 0 or a process exit code after printing the error. */
int cli_gov_collect(struct kx_cli *cli, struct cli_gov *g);

void cli_gov_close(struct cli_gov *g);

/* Parse "--policy FILE" / "--json" at args[i]: returns args consumed (0 if
 * neither). */
int cli_gov_opt(char **args, int cnt, int i, const char **policy_path, bool *json);

/* For a command whose only options are --policy FILE and --json, from
 * args[first] on: parse them, open and collect. Returns 0 with g ready (the
 * caller closes it), KX_EXIT_USAGE after printing usage_line for anything
 * else, or the exit code of a failed open or collection (g then closed). */
int cli_gov_start(struct kx_cli *cli, int first, const char *usage_line, bool *json, struct cli_gov *g);

/* Print text sanitized (Kafka names) into a fixed-width column. */
void cli_gov_cell(FILE *out, const char *text, int width);

/* Print findings on stdout, one rule and its fix each (moved here from
 * cmd_topic_create.c so replay --create-target lists them the same way). */
void cli_gov_findings(const struct kx_findings *f);

#endif
