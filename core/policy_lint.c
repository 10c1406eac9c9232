/* policy_lint.c - the governance rules, one function per rule family. */
#include "policy_lint.h"
#include "units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_HEADER 64
#define NAMING_HINT "rename to <domain>.<event-type>.<entity>.<version>, e.g. payments.events.transaction.v1"

struct ctx {
        const struct kx_policy *pol;
        const struct kx_topic_facts *t;
        const struct kx_policy_team *team;
        struct kx_findings *out;
};

static const char *cfg(const struct ctx *c, const char *key)
{
        return c->t->configs ? json_string_value(json_object_get(c->t->configs, key)) : NULL;
}

static bool cfg_ll(const struct ctx *c, const char *key, long long *v)
{
        const char *s = cfg(c, key);
        char *end;

        if (!s)
                return false;
        *v = strtoll(s, &end, 10);
        return end != s && !*end;
}

static const char *team_name(const struct ctx *c)
{
        return c->team ? c->team->name : NULL;
}

static enum kx_severity range_sev(const struct ctx *c)
{
        return c->t->request ? KX_SEV_ERROR : KX_SEV_WARN;
}

static void check_partitions(const struct ctx *c, const struct kx_policy_type *type)
{
        const struct kx_policy_limits *l = &c->pol->limits;
        const struct kx_topic_facts *t = c->t;
        char hint[200];

        if (t->partitions < l->min_partitions)
                kx_findings_add(c->out, t->name, team_name(c), "partitions", KX_SEV_ERROR,
                                "recreate with more partitions (partitions can only grow)",
                                "%d partitions, below the minimum of %lld (availability)", t->partitions,
                                (long long)l->min_partitions);
        if (t->partitions > l->max_partitions)
                kx_findings_add(c->out, t->name, team_name(c), "partitions", KX_SEV_ERROR,
                                "use fewer partitions; see klaxon advise partitions",
                                "%d partitions, above the maximum of %lld per topic", t->partitions,
                                (long long)l->max_partitions);
        else if (t->request && t->partitions > l->justification_above && !t->justified)
                kx_findings_add(c->out, t->name, team_name(c), "justification", KX_SEV_ERROR,
                                "give --reason with the expected throughput",
                                "%d partitions is above %lld and needs a justification", t->partitions,
                                (long long)l->justification_above);
        if (type && t->partitions >= l->min_partitions && t->partitions <= l->max_partitions &&
            (t->partitions < type->min_partitions || t->partitions > type->max_partitions)) {
                snprintf(hint, sizeof(hint), "%s take %lld-%lld partitions", type->label,
                         (long long)type->min_partitions, (long long)type->max_partitions);
                kx_findings_add(c->out, t->name, team_name(c), "partitions", range_sev(c), hint,
                                "%d partitions, outside %lld-%lld for %s", t->partitions,
                                (long long)type->min_partitions, (long long)type->max_partitions,
                                type->label);
        }
        if (t->msgs_per_s >= 0 && t->msgs_per_s < l->low_throughput_msgs &&
            t->partitions > l->low_throughput_max_partitions)
                kx_findings_add(c->out, t->name, team_name(c), "over-partitioned", KX_SEV_ERROR,
                                "see klaxon advise partitions --rate MSGS/s",
                                "%d partitions for %.1f msg/s (more than %lld partitions need %.0f msg/s)",
                                t->partitions, t->msgs_per_s, (long long)l->low_throughput_max_partitions,
                                l->low_throughput_msgs);
}

static void check_replication(const struct ctx *c)
{
        const struct kx_policy_limits *l = &c->pol->limits;
        long long isr;

        if (c->t->replication > 0 && c->t->replication < l->replication_factor)
                kx_findings_add(c->out, c->t->name, team_name(c), "replication", KX_SEV_ERROR,
                                "reassign partitions to more brokers (kafka-reassign-partitions)",
                                "replication factor %d, below %lld", c->t->replication,
                                (long long)l->replication_factor);
        if (cfg_ll(c, "min.insync.replicas", &isr)) {
                if (isr < l->min_insync_replicas)
                        kx_findings_add(c->out, c->t->name, team_name(c), "min-insync", KX_SEV_WARN,
                                        "set min.insync.replicas so acks=all survives a broker loss",
                                        "min.insync.replicas %lld, below %lld", isr,
                                        (long long)l->min_insync_replicas);
                if (c->t->replication > 0 && isr > c->t->replication)
                        kx_findings_add(c->out, c->t->name, team_name(c), "min-insync", KX_SEV_ERROR,
                                        "lower min.insync.replicas to at most the replication factor",
                                        "min.insync.replicas %lld is above the replication factor %d: "
                                        "acks=all produce always fails", isr, c->t->replication);
        }
}

static bool retention_in(int64_t v, int64_t min, int64_t max)
{
        if (v < 0)
                return max < 0;
        return min >= 0 && v >= min && (max < 0 || v <= max);
}

static bool compacted(const struct ctx *c)
{
        const char *p = cfg(c, "cleanup.policy");

        return p && strstr(p, "compact");
}

static void check_type_configs(const struct ctx *c, const struct kx_policy_type *type)
{
        long long ret;
        char a[32], lo[32], hi[32];

        if (cfg_ll(c, "retention.ms", &ret) && !retention_in(ret, type->min_retention_ms, type->max_retention_ms))
                kx_findings_add(c->out, c->t->name, team_name(c), "retention", range_sev(c),
                                "set retention.ms within the range (klaxon topic retention TOPIC DURATION)",
                                "retention %s, outside %s-%s for %s", kx_format_retention(ret, a, sizeof(a)),
                                kx_format_retention(type->min_retention_ms, lo, sizeof(lo)),
                                kx_format_retention(type->max_retention_ms, hi, sizeof(hi)), type->label);
        if (cfg(c, "cleanup.policy") && compacted(c) != type->compaction)
                kx_findings_add(c->out, c->t->name, team_name(c), "compaction", range_sev(c),
                                type->compaction ? "set cleanup.policy=compact" : "set cleanup.policy=delete",
                                "cleanup.policy %s, but %s are %scompacted", cfg(c, "cleanup.policy"),
                                type->label, type->compaction ? "" : "not ");
}

static void lifecycle_ms(const struct ctx *c, const char *key, int64_t want, const char *prefix)
{
        long long have;
        char a[32], b[32], hint[160];

        if (want == KX_UNSET || !cfg_ll(c, key, &have) || have == want)
                return;
        snprintf(hint, sizeof(hint), "set %s=%lld", key, (long long)want);
        kx_findings_add(c->out, c->t->name, team_name(c), "lifecycle", KX_SEV_WARN, hint,
                        "%s is %s, lifecycle %s says %s", key, kx_format_retention(have, a, sizeof(a)), prefix,
                        kx_format_retention(want, b, sizeof(b)));
}

static void check_lifecycle(const struct ctx *c)
{
        const struct kx_policy_lifecycle *lc = kx_policy_lifecycle_for(c->pol, c->t->name);
        const char *remote;
        double ratio;

        if (!lc || !c->t->configs)
                return;
        lifecycle_ms(c, "retention.ms", lc->retention_ms, lc->prefix);
        if (lc->tier_after_ms >= 0) {
                remote = cfg(c, "remote.storage.enable");
                if (!remote || strcmp(remote, "true"))
                        kx_findings_add(c->out, c->t->name, team_name(c), "lifecycle", KX_SEV_WARN,
                                        "set remote.storage.enable=true (needs tiered storage on the brokers)",
                                        "lifecycle %s tiers data, but remote.storage.enable is %s", lc->prefix,
                                        remote ? remote : "unset");
                else
                        lifecycle_ms(c, "local.retention.ms", lc->tier_after_ms, lc->prefix);
        }
        if (lc->compaction >= 0 && cfg(c, "cleanup.policy") && compacted(c) != (lc->compaction == 1))
                kx_findings_add(c->out, c->t->name, team_name(c), "lifecycle", KX_SEV_WARN,
                                lc->compaction ? "set cleanup.policy=compact" : "set cleanup.policy=delete",
                                "cleanup.policy %s, lifecycle %s says compaction %s", cfg(c, "cleanup.policy"),
                                lc->prefix, lc->compaction ? "on" : "off");
        if (lc->min_cleanable_ratio >= 0 && cfg(c, "min.cleanable.dirty.ratio")) {
                ratio = strtod(cfg(c, "min.cleanable.dirty.ratio"), NULL);
                if (ratio < lc->min_cleanable_ratio - 1e-9 || ratio > lc->min_cleanable_ratio + 1e-9)
                        kx_findings_add(c->out, c->t->name, team_name(c), "lifecycle", KX_SEV_WARN,
                                        "set min.cleanable.dirty.ratio as the lifecycle says",
                                        "min.cleanable.dirty.ratio %g, lifecycle %s says %g", ratio, lc->prefix,
                                        lc->min_cleanable_ratio);
        }
}

static void check_quotas(const struct ctx *c)
{
        const struct kx_policy_team *tm = c->team;
        long long v;
        char a[32], b[32];

        if (!tm)
                return;
        if (c->t->partitions > tm->max_partitions_per_topic)
                kx_findings_add(c->out, c->t->name, tm->name, "quota", KX_SEV_ERROR,
                                "use fewer partitions or ask for a quota increase",
                                "%d partitions, above team %s's quota of %lld per topic", c->t->partitions,
                                tm->name, (long long)tm->max_partitions_per_topic);
        /* max.message.bytes counts the record batch header too (Kafka's
         * default 1048588 is 1 MB plus that), so allow the header's size. */
        if (cfg_ll(c, "max.message.bytes", &v) && v > tm->max_message_bytes + BATCH_HEADER)
                kx_findings_add(c->out, c->t->name, tm->name, "quota", KX_SEV_WARN,
                                "lower max.message.bytes; store large payloads elsewhere and send a reference",
                                "max.message.bytes %s, above team %s's quota of %s",
                                kx_format_bytes((double)v, a, sizeof(a)), tm->name,
                                kx_format_bytes((double)tm->max_message_bytes, b, sizeof(b)));
        if (cfg_ll(c, "retention.bytes", &v) && v > 0 && v * c->t->partitions > tm->max_retention_bytes)
                kx_findings_add(c->out, c->t->name, tm->name, "quota", KX_SEV_WARN,
                                "lower retention.bytes (it applies per partition)",
                                "retention.bytes x partitions = %s, above team %s's quota of %s",
                                kx_format_bytes((double)v * c->t->partitions, a, sizeof(a)), tm->name,
                                kx_format_bytes((double)tm->max_retention_bytes, b, sizeof(b)));
}

void kx_policy_check_topic(const struct kx_policy *pol, const struct kx_topic_facts *t,
                           struct kx_findings *out)
{
        struct ctx c = {.pol = pol, .t = t, .out = out};
        const struct kx_policy_type *type = NULL;
        struct kx_topic_name n;
        char why[160];
        int first = out->cnt;

        if (kx_policy_internal(t->name))
                return;
        c.team = kx_policy_team_for(pol, t->name);
        if (!kx_policy_parse_name(t->name, &n, why, sizeof(why))) {
                kx_findings_add(out, t->name, team_name(&c), "naming", KX_SEV_ERROR, NAMING_HINT,
                                "name %s", why);
        } else if (!(type = kx_policy_type(pol, n.type))) {
                kx_findings_add(out, t->name, team_name(&c), "type", KX_SEV_WARN,
                                "use an event-type the policy knows (see types: in the policy)",
                                "event-type \"%s\" is not a known topic type", n.type);
        }
        if (t->team) {
                const struct kx_policy_team *asked = kx_policy_team(pol, t->team);

                if (!asked)
                        kx_findings_add(out, t->name, t->team, "owner", KX_SEV_ERROR,
                                        "use a team listed under teams: in the policy",
                                        "team %s is not in the policy", t->team);
                else if (asked != c.team)
                        kx_findings_add(out, t->name, t->team, "owner", KX_SEV_ERROR,
                                        "name the topic with one of the team's domains",
                                        "team %s does not own the domain of %s", t->team, t->name);
        } else if (!c.team && type) {
                kx_findings_add(out, t->name, NULL, "owner", KX_SEV_WARN,
                                "add the domain to a team in the policy", "no team owns domain \"%s\"",
                                n.domain);
        }
        check_partitions(&c, type);
        check_replication(&c);
        if (type)
                check_type_configs(&c, type);
        check_lifecycle(&c);
        check_quotas(&c);
        /* In a request every broken rule blocks, except lifecycle advice:
         * tiering needs brokers with tiered storage, which a request cannot add. */
        for (int i = first; t->request && i < out->cnt; i++)
                if (strcmp(out->items[i].rule, "lifecycle"))
                        out->items[i].severity = KX_SEV_ERROR;
}

int kx_topic_replication(const struct kx_topic *t)
{
        int rf = 0;

        for (int p = 0; p < t->partition_cnt; p++)
                if (!rf || t->partitions[p].replica_cnt < rf)
                        rf = t->partitions[p].replica_cnt;
        return rf;
}

static int team_topics(const struct kx_policy *pol, const struct kx_snapshot *snap,
                       const struct kx_policy_team *tm)
{
        int n = 0;

        for (int i = 0; i < snap->topic_cnt; i++)
                n += !snap->topics[i].internal && kx_policy_team_for(pol, snap->topics[i].name) == tm;
        return n;
}

static int cluster_partitions(const struct kx_snapshot *snap)
{
        int n = 0;

        for (int i = 0; i < snap->topic_cnt; i++)
                n += snap->topics[i].partition_cnt;
        return n;
}

void kx_policy_lint(const struct kx_policy *pol, const struct kx_snapshot *snap, const json_t *configs,
                    const json_t *rates, struct kx_findings *out)
{
        int total = cluster_partitions(snap);

        for (int i = 0; i < snap->topic_cnt; i++) {
                const struct kx_topic *tp = &snap->topics[i];
                json_t *rate = rates ? json_object_get(rates, tp->name) : NULL;
                struct kx_topic_facts f = {
                        .name = tp->name,
                        .partitions = tp->partition_cnt,
                        .replication = kx_topic_replication(tp),
                        .configs = configs ? json_object_get(configs, tp->name) : NULL,
                        .msgs_per_s = rate ? json_number_value(rate) : -1,
                        .justified = true,
                };

                if (!tp->internal)
                        kx_policy_check_topic(pol, &f, out);
        }
        for (int i = 0; i < pol->team_cnt; i++) {
                int n = team_topics(pol, snap, &pol->teams[i]);

                if (n > pol->teams[i].max_topics)
                        kx_findings_add(out, NULL, pol->teams[i].name, "quota", KX_SEV_ERROR,
                                        "delete idle topics or ask for a quota increase",
                                        "team %s has %d topics, above its quota of %lld", pol->teams[i].name, n,
                                        (long long)pol->teams[i].max_topics);
        }
        if (total > pol->limits.max_cluster_partitions)
                kx_findings_add(out, NULL, NULL, "partitions", KX_SEV_ERROR,
                                "delete idle topics; consider another cluster",
                                "the cluster has %d partitions, above the limit of %lld", total,
                                (long long)pol->limits.max_cluster_partitions);
        kx_findings_sort(out);
}

void kx_policy_check_request(const struct kx_policy *pol, const struct kx_snapshot *snap,
                             const struct kx_topic_facts *t, struct kx_findings *out)
{
        const struct kx_policy_team *tm = t->team ? kx_policy_team(pol, t->team) : NULL;
        int total = cluster_partitions(snap);

        if (kx_snapshot_topic(snap, t->name))
                kx_findings_add(out, t->name, t->team, "exists", KX_SEV_ERROR, "pick another name",
                                "topic %s already exists", t->name);
        kx_policy_check_topic(pol, t, out);
        if (tm && team_topics(pol, snap, tm) + 1 > tm->max_topics)
                kx_findings_add(out, t->name, tm->name, "quota", KX_SEV_ERROR,
                                "delete idle topics or ask for a quota increase",
                                "team %s already has %d topics, its quota is %lld", tm->name,
                                team_topics(pol, snap, tm), (long long)tm->max_topics);
        if (total + t->partitions > pol->limits.max_cluster_partitions)
                kx_findings_add(out, t->name, t->team, "partitions", KX_SEV_ERROR,
                                "delete idle topics; consider another cluster",
                                "the cluster would have %d partitions, above the limit of %lld",
                                total + t->partitions, (long long)pol->limits.max_cluster_partitions);
}

bool kx_policy_needs_review(const struct kx_policy *pol, const struct kx_topic_facts *t, char *why,
                            size_t size)
{
        long long ret;
        const char *s = t->configs ? json_string_value(json_object_get(t->configs, "retention.ms")) : NULL;
        char a[32], b[32];

        if (t->partitions > pol->review.partitions_above) {
                snprintf(why, size, "%d partitions is above the review threshold of %lld", t->partitions,
                         (long long)pol->review.partitions_above);
                return true;
        }
        if (s && pol->review.retention_above_ms >= 0) {
                ret = strtoll(s, NULL, 10);
                if (ret < 0 || ret > pol->review.retention_above_ms) {
                        snprintf(why, size, "retention %s is above the review threshold of %s",
                                 kx_format_retention(ret, a, sizeof(a)),
                                 kx_format_retention(pol->review.retention_above_ms, b, sizeof(b)));
                        return true;
                }
        }
        return false;
}
