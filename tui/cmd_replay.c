/* cmd_replay.c - `klaxon replay --topic T --from ISO --to ISO
 * [--keys k1,k2 | --keys-file F] [--partitions 0,3] (--target-topic T2 |
 * --target-group G) [--rate MSGS/s] [--bytes-rate B/s] [--keep-timestamps]
 * [--clamp] [--dry-run] [--yes] [--detach] [--reason TEXT]`. */
#include "cli.h"
#include "cli_action.h"
#include "job_runner.h"
#include "../core/action_group_reset.h"
#include "../core/action_replay.h"
#include "../core/timeparse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(const char *why)
{
        fprintf(stderr, "klaxon: replay: %s\n"
                        "usage: klaxon replay --topic T --from ISO --to ISO [--keys k1,k2 | --keys-file F]\n"
                        "         [--partitions 0,3] (--target-topic T2 | --target-group G)\n"
                        "         [--rate MSGS/s] [--bytes-rate B/s] [--keep-timestamps] [--clamp]\n"
                        "         [--dry-run] [--yes] [--detach] [--reason TEXT]\n",
                why);
        return KX_EXIT_USAGE;
}

static int parse_rate(const char *opt, const char *text, double *out)
{
        char *end;
        char why[200];

        errno = 0;
        *out = strtod(text, &end);
        if (end == text || *end || errno) {
                snprintf(why, sizeof(why), "%s \"%s\" is not a number", opt, text);
                return usage(why);
        }
        return 0;
}

struct replay_args {
        struct kx_replay_spec spec;
        struct cli_action_opts aopts;
        bool detach, have_from, have_to, rate_given, bytes_rate_given;
};

/* One option at args[i]; returns how many args it took, or -exit code. */
static int parse_one(struct replay_args *ra, char **args, int cnt, int i)
{
        const char *a = args[i], *next = i + 1 < cnt ? args[i + 1] : NULL;
        struct kx_err err;
        int used = cli_action_opt(&ra->aopts, args, cnt, i);

        if (used)
                return used;
        if (!strcmp(a, "--detach"))
                return ra->detach = true, 1;
        if (!strcmp(a, "--keep-timestamps"))
                return ra->spec.keep_timestamps = true, 1;
        if (!strcmp(a, "--clamp"))
                return ra->spec.clamp = true, 1;
        if (!next) {
                char why[300];

                snprintf(why, sizeof(why), "unknown or incomplete option \"%s\"", a);
                return -usage(why);
        }
        if (!strcmp(a, "--topic"))
                kx_config_set_str(&ra->spec.topic, next);
        else if (!strcmp(a, "--target-topic"))
                kx_config_set_str(&ra->spec.target_topic, next);
        else if (!strcmp(a, "--target-group"))
                kx_config_set_str(&ra->spec.target_group, next);
        else if (!strcmp(a, "--from") || !strcmp(a, "--to")) {
                bool from = !strcmp(a, "--from");

                if (kx_parse_time(next, from ? &ra->spec.from_ms : &ra->spec.to_ms, &err))
                        return -usage(err.msg);
                *(from ? &ra->have_from : &ra->have_to) = true;
        } else if (!strcmp(a, "--keys"))
                kx_replay_spec_add_keys(&ra->spec, next);
        else if (!strcmp(a, "--keys-file")) {
                if (kx_replay_spec_keys_file(&ra->spec, next, &err))
                        return -usage(err.msg);
        } else if (!strcmp(a, "--partitions")) {
                if (kx_replay_spec_partitions(&ra->spec, next, &err))
                        return -usage(err.msg);
        } else if (!strcmp(a, "--rate")) {
                ra->rate_given = true;
                if (parse_rate(a, next, &ra->spec.rate))
                        return -KX_EXIT_USAGE;
        } else if (!strcmp(a, "--bytes-rate")) {
                ra->bytes_rate_given = true;
                if (parse_rate(a, next, &ra->spec.bytes_rate))
                        return -KX_EXIT_USAGE;
        } else {
                char why[300];

                snprintf(why, sizeof(why), "unknown option \"%s\"", a);
                return -usage(why);
        }
        return 2;
}

/* --target-group: Kafka's own rewind, the group-reset action to `from`. */
static int rewind_group(struct kx_cli *cli, struct replay_args *ra)
{
        int32_t partition = -1;

        if (ra->spec.partition_cnt > 1)
                return usage("--target-group rewinds every partition or exactly one (--partitions P)");
        if (ra->spec.partition_cnt == 1)
                partition = ra->spec.partitions[0];
        return cli_action_run(cli, kx_action_group_reset(ra->spec.target_group, ra->spec.topic,
                                                         partition, KX_RESET_DATETIME,
                                                         ra->spec.from_ms),
                              &ra->aopts);
}

int kx_cmd_replay(struct kx_cli *cli)
{
        struct replay_args ra = {0};
        struct kx_err err;
        char job_id[32] = "";
        int rc;

        kx_replay_spec_init(&ra.spec);
        for (int i = 0; i < cli->arg_cnt; i += rc) {
                rc = parse_one(&ra, cli->args, cli->arg_cnt, i);
                if (rc < 0) {
                        kx_replay_spec_done(&ra.spec);
                        return -rc;
                }
        }
        if (!ra.have_from || !ra.have_to) {
                kx_replay_spec_done(&ra.spec);
                return usage("--from and --to are required");
        }
        if (kx_replay_spec_check(&ra.spec, ra.rate_given, ra.bytes_rate_given, &err)) {
                kx_replay_spec_done(&ra.spec);
                return usage(err.msg);
        }
        if (ra.spec.target_group) {
                rc = rewind_group(cli, &ra);
                kx_replay_spec_done(&ra.spec);
                return rc;
        }
        rc = cli_action_run(cli, kx_action_replay(&ra.spec, &cli->cfg, job_id, sizeof(job_id)),
                            &ra.aopts);
        if (rc || ra.aopts.dry_run || !job_id[0])
                return rc;
        return ra.detach ? tui_job_detach(cli, job_id) : tui_job_foreground(cli, job_id);
}
