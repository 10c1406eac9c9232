/* cli_action.h - run one core action from the command line: print the
 * plan, stop there for --dry-run, confirm (--yes, or the target typed on a
 * terminal), execute, verify; everything audited by core. */
#ifndef TUI_CLI_ACTION_H
#define TUI_CLI_ACTION_H

#include "../core/action.h"
#include "cli.h"

struct cli_action_opts {
        bool dry_run;
        bool yes;
        const char *reason;
};

/* Parse --dry-run, --yes and --reason TEXT out of args[i]; returns how many
 * args it consumed (0 if args[i] is none of them). */
int cli_action_opt(struct cli_action_opts *opts, char **args, int cnt, int i);

/* Run action a (taken over: freed here) against cli's cluster. Returns a
 * process exit code: 0 done and verified (or dry run), 1 failed or not
 * confirmed, 2 usage/config, 3 unreachable. */
int cli_action_run(struct kx_cli *cli, struct kx_action *a, const struct cli_action_opts *opts);

#endif
