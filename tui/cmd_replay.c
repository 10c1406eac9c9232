/* cmd_replay.c - `klaxon replay --topic T --from ISO --to ISO
 * [--keys k1,k2 | --keys-file F] [--partitions 0,3] (--target-topic T2 |
 * --target-group G) [--rate MSGS/s] [--bytes-rate B/s] [--keep-timestamps]
 * [--clamp] [--create-target --team TEAM [--policy FILE]] [--dry-run]
 * [--yes] [--detach] [--reason TEXT]`.
 *
 * --create-target: a missing target topic is created first through the
 * provisioning path (provision.h: every policy rule it breaks listed at
 * once and the refusal audited; above the review thresholds it is refused
 * here, since a replay cannot wait for an approval) with the source's
 * partition count and its retention.ms and cleanup.policy. */
#include "cli.h"
#include "cli_action.h"
#include "cli_gov.h"
#include "job_runner.h"
#include "../core/action_group_reset.h"
#include "../core/action_replay.h"
#include "../core/provision.h"
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
                        "         [--create-target --team TEAM [--policy FILE]]\n"
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
        bool detach, have_from, have_to, rate_given, bytes_rate_given, create_target;
        const char *team, *policy_path;
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
        if (!strcmp(a, "--create-target"))
                return ra->create_target = true, 1;
        if ((used = cli_gov_opt(args, cnt, i, &ra->policy_path, NULL)))
                return used;
        if (!next) {
                char why[300];

                snprintf(why, sizeof(why), "unknown or incomplete option \"%s\"", a);
                return -usage(why);
        }
        if (!strcmp(a, "--topic"))
                kx_config_set_str(&ra->spec.topic, next);
        else if (!strcmp(a, "--target-topic"))
                kx_config_set_str(&ra->spec.target_topic, next);
        else if (!strcmp(a, "--team"))
                ra->team = next;
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

/* The source's retention.ms and cleanup.policy, for the new target. */
static json_t *target_configs(const struct cli_gov *g, const char *source)
{
        static const char *const keep[] = {"retention.ms", "cleanup.policy"};
        json_t *src = json_object_get(g->data.configs, source), *out = json_object();

        for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
                json_t *v = json_object_get(src, keep[i]);

                if (json_is_string(v))
                        json_object_set(out, keep[i], v);
        }
        return out;
}

/* The provisioning decision for a missing target: 0 with *create set (or
 * NULL when the target exists or the source is unknown: the plan reports
 * those), else an exit code after printing why. */
static int decide_creation(struct kx_cli *cli, struct replay_args *ra, struct cli_gov *g,
                           struct kx_action **create)
{
        const struct kx_topic *src = kx_snapshot_topic(g->data.snap, ra->spec.topic);
        struct kx_action_ctx ctx = {.operator_name = cli->cfg.operator_name, .store = &g->store};
        struct kx_topic_facts t = {.name = ra->spec.target_topic, .team = ra->team, .msgs_per_s = -1};
        struct kx_provision p;
        struct kx_err err;
        json_t *configs;
        int rc = 0;

        *create = NULL;
        if (!src || kx_snapshot_topic(g->data.snap, ra->spec.target_topic))
                return 0;
        configs = target_configs(g, ra->spec.topic);
        t.partitions = src->partition_cnt;
        t.replication = (int)g->pol.limits.replication_factor;
        t.configs = configs;
        kx_provision_decide(&g->pol, g->data.snap, &t, ra->aopts.reason, &p);
        if (p.verdict == KX_PROVISION_REFUSED) {
                printf("refused: creating --target-topic %s breaks %d rule(s) of %s:\n", t.name,
                       kx_findings_count(&p.findings, KX_SEV_ERROR), g->pol.origin);
                cli_gov_findings(&p.findings);
                if (kx_provision_audit_refusal(&ctx, &t, &p, &err))
                        kx_cli_fail(&err);
                rc = KX_EXIT_PARTIAL;
        } else if (p.verdict == KX_PROVISION_REVIEW) {
                printf("refused: creating --target-topic %s needs another operator's review (%s); "
                       "file it with klaxon topic create and replay once it is approved\n",
                       t.name, p.why_review);
                rc = KX_EXIT_PARTIAL;
        } else {
                if (p.findings.cnt) {
                        printf("advice on creating %s:\n", t.name);
                        cli_gov_findings(&p.findings);
                }
                *create = p.action;
                p.action = NULL;
                ra->spec.create_partitions = t.partitions;
        }
        kx_provision_done(&p);
        json_decref(configs);
        return rc;
}

/* The replay action, creating a missing target first with --create-target. */
static int replay_action(struct kx_cli *cli, struct replay_args *ra, char *job_id, size_t size,
                         struct kx_action **a)
{
        struct kx_action *create = NULL;
        struct cli_gov g;
        int rc;

        *a = NULL;
        if (ra->create_target) {
                if (!ra->team)
                        return usage("--create-target needs --team TEAM (the team that owns the new topic)");
                if ((rc = cli_gov_open(cli, ra->policy_path, &g)))
                        return rc;
                if (!(rc = cli_gov_collect(cli, &g)))
                        rc = decide_creation(cli, ra, &g, &create);
                cli_gov_close(&g);
                if (rc)
                        return rc;
        } else if (ra->team || ra->policy_path)
                return usage("--team and --policy go with --create-target");
        *a = create ? kx_action_replay_creating(&ra->spec, &cli->cfg, job_id, size, create)
                    : kx_action_replay(&ra->spec, &cli->cfg, job_id, size);
        return 0;
}

int kx_cmd_replay(struct kx_cli *cli)
{
        struct replay_args ra = {0};
        struct kx_action *action;
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
        if ((rc = replay_action(cli, &ra, job_id, sizeof(job_id), &action))) {
                kx_replay_spec_done(&ra.spec);
                return rc;
        }
        rc = cli_action_run(cli, action, &ra.aopts);
        if (rc || ra.aopts.dry_run || !job_id[0])
                return rc;
        return ra.detach ? tui_job_detach(cli, job_id) : tui_job_foreground(cli, job_id);
}
