/* policy.c - load config/policy.yaml into a struct kx_policy. */
#include "policy.h"
#include "readfile.h"
#include "units.h"
#include "xalloc.h"
#include "yamlwalk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const unsigned char kx_policy_default[]; /* generated from config/policy.yaml */

void kx_policy_free(struct kx_policy *pol)
{
        for (int i = 0; i < pol->type_cnt; i++) {
                free(pol->types[i].name);
                free(pol->types[i].label);
        }
        for (int i = 0; i < pol->team_cnt; i++) {
                struct kx_policy_team *t = &pol->teams[i];

                for (int d = 0; d < t->domain_cnt; d++)
                        free(t->domains[d]);
                free(t->domains);
                free(t->name);
                free(t->cost_centre);
        }
        for (int i = 0; i < pol->lifecycle_cnt; i++)
                free(pol->lifecycle[i].prefix);
        free(pol->types);
        free(pol->teams);
        free(pol->lifecycle);
        free(pol->guardian.webhook);
        free(pol->origin);
        memset(pol, 0, sizeof(*pol));
}

static void defaults(struct kx_policy *pol)
{
        pol->limits = (struct kx_policy_limits){
                .min_partitions = 3, .max_partitions = 50, .max_cluster_partitions = 10000,
                .justification_above = 24, .low_throughput_msgs = 100,
                .low_throughput_max_partitions = 12, .replication_factor = 3,
                .min_insync_replicas = 2};
        pol->review = (struct kx_policy_review){.partitions_above = 24,
                                                .retention_above_ms = 30LL * 86400000};
        pol->idle = (struct kx_policy_idle){.no_produce_ms = 30LL * 86400000, .max_messages = 10,
                                            .grace_ms = 14LL * 86400000};
        pol->avg_record_bytes = 1024;
        pol->guardian = (struct kx_policy_guardian){.lag_above = 1000000, .for_ms = 3600000,
                                                    .no_progress_ms = 1800000, .dry_run = true};
}

/* {min: X, max: Y} with a parser per kind; min <= max (infinite is largest). */
static int range(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                 bool duration, int64_t *min, int64_t *max)
{
        static const char *const keys[] = {"min", "max", NULL};
        yaml_node_t *n = kx_yaml_get(y, map, key);
        char path[256];
        int rc;

        snprintf(path, sizeof(path), "%s.%s", where, key);
        if (!n)
                return kx_yaml_fail(y, map, where, key, "missing ({min: ..., max: ...})");
        if ((rc = kx_yaml_only_keys(y, n, path, keys)))
                return rc;
        if (!kx_yaml_get(y, n, "min") || !kx_yaml_get(y, n, "max"))
                return kx_yaml_fail(y, n, where, key, "needs both min and max");
        rc = duration ? kx_yaml_duration(y, n, path, "min", min) || kx_yaml_duration(y, n, path, "max", max)
                      : kx_yaml_int(y, n, path, "min", 1, 100000, min) ||
                                kx_yaml_int(y, n, path, "max", 1, 100000, max);
        if (rc)
                return y->err->code;
        if ((*max != KX_FOREVER && *min > *max) || (*min == KX_FOREVER && *max != KX_FOREVER))
                return kx_yaml_fail(y, n, where, key, "min is above max");
        return 0;
}

static int parse_types(struct kx_yaml *y, yaml_node_t *n, struct kx_policy *pol)
{
        static const char *const keys[] = {"label", "partitions", "retention", "compaction", NULL};

        if (!n || n->type != YAML_MAPPING_NODE)
                return kx_yaml_fail(y, n ? n : kx_yaml_root(y), "", "types", "missing or not a mapping");
        for (yaml_node_pair_t *kv = n->data.mapping.pairs.start; kv < n->data.mapping.pairs.top; kv++) {
                const char *name = kx_yaml_scalar(kx_yaml_node(y, kv->key));
                yaml_node_t *v = kx_yaml_node(y, kv->value);
                struct kx_policy_type *t;
                char where[160];
                int rc;

                snprintf(where, sizeof(where), "types.%s", name ? name : "?");
                if ((rc = kx_yaml_only_keys(y, v, where, keys)))
                        return rc;
                pol->types = kx_xrealloc(pol->types, (size_t)(pol->type_cnt + 1) * sizeof(*t));
                t = &pol->types[pol->type_cnt++];
                memset(t, 0, sizeof(*t));
                t->name = kx_xstrdup(name);
                if (kx_yaml_text(y, v, where, "label", &t->label) ||
                    range(y, v, where, "partitions", false, &t->min_partitions, &t->max_partitions) ||
                    range(y, v, where, "retention", true, &t->min_retention_ms, &t->max_retention_ms) ||
                    kx_yaml_bool(y, v, where, "compaction", &t->compaction))
                        return y->err->code;
                if (!t->label)
                        t->label = kx_xstrdup(name);
        }
        return 0;
}

static int parse_team(struct kx_yaml *y, yaml_node_t *v, const char *where, struct kx_policy_team *t)
{
        static const char *const keys[] = {"domains", "cost-centre", "cost-rate", "quotas", NULL};
        static const char *const rate_keys[] = {"per-partition-month", "per-gb-month", NULL};
        static const char *const quota_keys[] = {"max-topics", "max-partitions-per-topic",
                                                 "max-retention-bytes", "max-message-size", NULL};
        yaml_node_t *d, *rate, *q;
        char path[200];
        int rc;

        if ((rc = kx_yaml_only_keys(y, v, where, keys)))
                return rc;
        d = kx_yaml_get(y, v, "domains");
        if (!d || d->type != YAML_SEQUENCE_NODE || d->data.sequence.items.top == d->data.sequence.items.start)
                return kx_yaml_fail(y, d ? d : v, where, "domains", "must be a non-empty list of name prefixes");
        for (yaml_node_item_t *it = d->data.sequence.items.start; it < d->data.sequence.items.top; it++) {
                const char *s = kx_yaml_scalar(kx_yaml_node(y, *it));

                if (!s || !*s)
                        return kx_yaml_fail(y, kx_yaml_node(y, *it), where, "domains", "must hold names");
                t->domains = kx_xrealloc(t->domains, (size_t)(t->domain_cnt + 1) * sizeof(char *));
                t->domains[t->domain_cnt++] = kx_xstrdup(s);
        }
        if (kx_yaml_text(y, v, where, "cost-centre", &t->cost_centre))
                return y->err->code;
        if (!t->cost_centre)
                return kx_yaml_fail(y, v, where, "cost-centre", "missing");
        t->max_topics = t->max_partitions_per_topic = 50;
        t->max_retention_bytes = 1LL << 40;
        t->max_message_bytes = 1LL << 20;
        if ((rate = kx_yaml_get(y, v, "cost-rate"))) {
                snprintf(path, sizeof(path), "%s.cost-rate", where);
                if (kx_yaml_only_keys(y, rate, path, rate_keys) ||
                    kx_yaml_double(y, rate, path, "per-partition-month", 0, 1e9, &t->cost_per_partition_month) ||
                    kx_yaml_double(y, rate, path, "per-gb-month", 0, 1e9, &t->cost_per_gb_month))
                        return y->err->code;
        }
        if ((q = kx_yaml_get(y, v, "quotas"))) {
                snprintf(path, sizeof(path), "%s.quotas", where);
                if (kx_yaml_only_keys(y, q, path, quota_keys) ||
                    kx_yaml_int(y, q, path, "max-topics", 0, 1000000, &t->max_topics) ||
                    kx_yaml_int(y, q, path, "max-partitions-per-topic", 1, 100000, &t->max_partitions_per_topic) ||
                    kx_yaml_bytes(y, q, path, "max-retention-bytes", &t->max_retention_bytes) ||
                    kx_yaml_bytes(y, q, path, "max-message-size", &t->max_message_bytes))
                        return y->err->code;
        }
        return 0;
}

static int parse_teams(struct kx_yaml *y, yaml_node_t *n, struct kx_policy *pol)
{
        if (!n)
                return 0;
        if (n->type != YAML_MAPPING_NODE)
                return kx_yaml_fail(y, n, "", "teams", "must be a mapping of team names");
        for (yaml_node_pair_t *kv = n->data.mapping.pairs.start; kv < n->data.mapping.pairs.top; kv++) {
                const char *name = kx_yaml_scalar(kx_yaml_node(y, kv->key));
                struct kx_policy_team *t;
                char where[160];

                snprintf(where, sizeof(where), "teams.%s", name ? name : "?");
                pol->teams = kx_xrealloc(pol->teams, (size_t)(pol->team_cnt + 1) * sizeof(*t));
                t = &pol->teams[pol->team_cnt++];
                memset(t, 0, sizeof(*t));
                t->name = kx_xstrdup(name);
                if (parse_team(y, kx_yaml_node(y, kv->value), where, t))
                        return y->err->code;
                for (int i = 0; i < pol->team_cnt - 1; i++)
                        for (int a = 0; a < pol->teams[i].domain_cnt; a++)
                                for (int b = 0; b < t->domain_cnt; b++)
                                        if (!strcmp(pol->teams[i].domains[a], t->domains[b]))
                                                return kx_yaml_fail(y, kx_yaml_node(y, kv->value), where,
                                                                    "domains", "a domain is already owned "
                                                                               "by another team");
        }
        return 0;
}

static int parse_lifecycle(struct kx_yaml *y, yaml_node_t *n, struct kx_policy *pol)
{
        static const char *const keys[] = {"retention", "tier-after", "delete-after", "compaction",
                                           "min-cleanable-ratio", "cost-center", "cost-centre", NULL};

        if (!n)
                return 0;
        if (n->type != YAML_MAPPING_NODE)
                return kx_yaml_fail(y, n, "", "lifecycle", "must be a mapping of name prefixes");
        for (yaml_node_pair_t *kv = n->data.mapping.pairs.start; kv < n->data.mapping.pairs.top; kv++) {
                const char *name = kx_yaml_scalar(kx_yaml_node(y, kv->key));
                yaml_node_t *v = kx_yaml_node(y, kv->value);
                struct kx_policy_lifecycle *l;
                char where[160];
                bool compaction = false;

                snprintf(where, sizeof(where), "lifecycle.%s", name ? name : "?");
                if (kx_yaml_only_keys(y, v, where, keys))
                        return y->err->code;
                pol->lifecycle = kx_xrealloc(pol->lifecycle, (size_t)(pol->lifecycle_cnt + 1) * sizeof(*l));
                l = &pol->lifecycle[pol->lifecycle_cnt++];
                *l = (struct kx_policy_lifecycle){.prefix = kx_xstrdup(name), .retention_ms = KX_UNSET,
                                                  .tier_after_ms = KX_UNSET, .delete_after_ms = KX_UNSET,
                                                  .compaction = -1, .min_cleanable_ratio = -1};
                if (kx_yaml_duration(y, v, where, "retention", &l->retention_ms) ||
                    kx_yaml_duration(y, v, where, "tier-after", &l->tier_after_ms) ||
                    kx_yaml_duration(y, v, where, "delete-after", &l->delete_after_ms) ||
                    kx_yaml_double(y, v, where, "min-cleanable-ratio", 0, 1, &l->min_cleanable_ratio))
                        return y->err->code;
                if (kx_yaml_get(y, v, "compaction")) {
                        if (kx_yaml_bool(y, v, where, "compaction", &compaction))
                                return y->err->code;
                        l->compaction = compaction;
                }
                if (l->tier_after_ms == KX_FOREVER)
                        return kx_yaml_fail(y, v, where, "tier-after", "must be a finite duration");
                if (l->tier_after_ms >= 0 && l->retention_ms >= 0 && l->tier_after_ms > l->retention_ms)
                        return kx_yaml_fail(y, v, where, "tier-after", "is longer than retention");
        }
        return 0;
}

static int parse_sections(struct kx_yaml *y, yaml_node_t *root, struct kx_policy *pol)
{
        static const char *const top[] = {"types", "limits", "review", "teams", "lifecycle", "idle",
                                          "guardian", "cost", NULL};
        static const char *const cost[] = {"avg-record-bytes", NULL};
        static const char *const lim[] = {"min-partitions", "max-partitions", "max-cluster-partitions",
                                          "justification-above", "low-throughput-msgs",
                                          "low-throughput-max-partitions", "replication-factor",
                                          "min-insync-replicas", NULL};
        static const char *const rev[] = {"partitions-above", "retention-above", NULL};
        static const char *const idle[] = {"no-produce", "max-messages", "grace", NULL};
        static const char *const guard[] = {"lag-above", "for", "no-progress", "webhook", "dry-run", NULL};
        yaml_node_t *n;
        struct kx_policy_limits *l = &pol->limits;

        if (kx_yaml_only_keys(y, root, "", top) || parse_types(y, kx_yaml_get(y, root, "types"), pol))
                return y->err->code;
        if ((n = kx_yaml_get(y, root, "limits")) &&
            (kx_yaml_only_keys(y, n, "limits", lim) ||
             kx_yaml_int(y, n, "limits", "min-partitions", 1, 100000, &l->min_partitions) ||
             kx_yaml_int(y, n, "limits", "max-partitions", 1, 100000, &l->max_partitions) ||
             kx_yaml_int(y, n, "limits", "max-cluster-partitions", 1, 10000000, &l->max_cluster_partitions) ||
             kx_yaml_int(y, n, "limits", "justification-above", 1, 100000, &l->justification_above) ||
             kx_yaml_double(y, n, "limits", "low-throughput-msgs", 0, 1e12, &l->low_throughput_msgs) ||
             kx_yaml_int(y, n, "limits", "low-throughput-max-partitions", 1, 100000,
                         &l->low_throughput_max_partitions) ||
             kx_yaml_int(y, n, "limits", "replication-factor", 1, 100, &l->replication_factor) ||
             kx_yaml_int(y, n, "limits", "min-insync-replicas", 1, 100, &l->min_insync_replicas)))
                return y->err->code;
        if (l->min_partitions > l->max_partitions)
                return kx_yaml_fail(y, n, "limits", "min-partitions", "is above max-partitions");
        if ((n = kx_yaml_get(y, root, "review")) &&
            (kx_yaml_only_keys(y, n, "review", rev) ||
             kx_yaml_int(y, n, "review", "partitions-above", 1, 100000, &pol->review.partitions_above) ||
             kx_yaml_duration(y, n, "review", "retention-above", &pol->review.retention_above_ms)))
                return y->err->code;
        if (parse_teams(y, kx_yaml_get(y, root, "teams"), pol) ||
            parse_lifecycle(y, kx_yaml_get(y, root, "lifecycle"), pol))
                return y->err->code;
        if ((n = kx_yaml_get(y, root, "idle")) &&
            (kx_yaml_only_keys(y, n, "idle", idle) ||
             kx_yaml_duration(y, n, "idle", "no-produce", &pol->idle.no_produce_ms) ||
             kx_yaml_int(y, n, "idle", "max-messages", 0, INT64_MAX, &pol->idle.max_messages) ||
             kx_yaml_duration(y, n, "idle", "grace", &pol->idle.grace_ms)))
                return y->err->code;
        if ((n = kx_yaml_get(y, root, "guardian")) &&
            (kx_yaml_only_keys(y, n, "guardian", guard) ||
             kx_yaml_int(y, n, "guardian", "lag-above", 0, INT64_MAX, &pol->guardian.lag_above) ||
             kx_yaml_duration(y, n, "guardian", "for", &pol->guardian.for_ms) ||
             kx_yaml_duration(y, n, "guardian", "no-progress", &pol->guardian.no_progress_ms) ||
             kx_yaml_text(y, n, "guardian", "webhook", &pol->guardian.webhook) ||
             kx_yaml_bool(y, n, "guardian", "dry-run", &pol->guardian.dry_run)))
                return y->err->code;
        if ((n = kx_yaml_get(y, root, "cost")) &&
            (kx_yaml_only_keys(y, n, "cost", cost) ||
             kx_yaml_bytes(y, n, "cost", "avg-record-bytes", &pol->avg_record_bytes)))
                return y->err->code;
        return 0;
}

int kx_policy_parse(const char *text, size_t len, const char *origin, struct kx_policy *pol,
                    struct kx_err *err)
{
        struct kx_yaml y;
        int rc;

        memset(pol, 0, sizeof(*pol));
        defaults(pol);
        rc = kx_yaml_load(&y, text, len, origin, err);
        if (!rc)
                rc = parse_sections(&y, kx_yaml_root(&y), pol);
        kx_yaml_done(&y);
        if (rc) {
                kx_policy_free(pol);
                return rc;
        }
        pol->origin = kx_xstrdup(origin);
        return 0;
}

int kx_policy_load(const char *path, struct kx_policy *pol, struct kx_err *err)
{
        char def[4096];
        const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
        size_t len;
        char *text;
        int rc;

        memset(pol, 0, sizeof(*pol));
        if (!path) {
                if (xdg && *xdg)
                        snprintf(def, sizeof(def), "%s/klaxon/policy.yaml", xdg);
                else
                        snprintf(def, sizeof(def), "%s/.config/klaxon/policy.yaml", home ? home : "");
                if (access(def, F_OK) == 0)
                        path = def;
        }
        if (!path)
                return kx_policy_parse((const char *)kx_policy_default, strlen((const char *)kx_policy_default),
                                       "config/policy.yaml (built in)", pol, err);
        if (!(text = kx_read_file(path, &len)))
                return kx_err_set(err, KX_ERR_IO, "%s: %s", path, strerror(errno));
        rc = kx_policy_parse(text, len, path, pol, err);
        free(text);
        return rc;
}

bool kx_policy_internal(const char *name)
{
        return name[0] == '_';
}

static bool segment_ok(const char *s, size_t n)
{
        if (n == 0)
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
                        return false;
        return s[0] != '-' && s[n - 1] != '-';
}

bool kx_policy_parse_name(const char *name, struct kx_topic_name *out, char *why, size_t size)
{
        char *fields[4] = {out->domain, out->type, out->entity, out->version};
        size_t caps[4] = {sizeof(out->domain), sizeof(out->type), sizeof(out->entity),
                          sizeof(out->version)};
        const char *p = name;
        int n = 0;

        memset(out, 0, sizeof(*out));
        while (n < 4) {
                const char *dot = strchr(p, '.');
                size_t len = dot ? (size_t)(dot - p) : strlen(p);

                if (!segment_ok(p, len) || len >= caps[n]) {
                        snprintf(why, size, "segment %d (%s) is %s", n + 1,
                                 (const char *[]){"domain", "event-type", "entity", "version"}[n],
                                 len == 0 ? "missing" : len >= caps[n] ? "too long"
                                                                       : "not lower-case letters, digits and '-'");
                        return false;
                }
                memcpy(fields[n], p, len);
                n++;
                if (!dot)
                        break;
                p = dot + 1;
        }
        if (n != 4 || strchr(p, '.')) {
                snprintf(why, size, "has %s segments, not 4 (<domain>.<event-type>.<entity>.<version>)",
                         n < 4 ? "fewer" : "more");
                return false;
        }
        if (out->version[0] != 'v' || !out->version[1] ||
            strspn(out->version + 1, "0123456789") != strlen(out->version + 1)) {
                snprintf(why, size, "version \"%s\" is not v<number>", out->version);
                return false;
        }
        return true;
}

const struct kx_policy_type *kx_policy_type(const struct kx_policy *pol, const char *type)
{
        for (int i = 0; i < pol->type_cnt; i++)
                if (!strcmp(pol->types[i].name, type))
                        return &pol->types[i];
        return NULL;
}

const struct kx_policy_team *kx_policy_team(const struct kx_policy *pol, const char *name)
{
        for (int i = 0; i < pol->team_cnt; i++)
                if (!strcmp(pol->teams[i].name, name))
                        return &pol->teams[i];
        return NULL;
}

const struct kx_policy_team *kx_policy_team_for(const struct kx_policy *pol, const char *topic)
{
        const char *dot = strchr(topic, '.');
        size_t len = dot ? (size_t)(dot - topic) : strlen(topic);

        for (int i = 0; i < pol->team_cnt; i++)
                for (int d = 0; d < pol->teams[i].domain_cnt; d++)
                        if (strlen(pol->teams[i].domains[d]) == len &&
                            !strncmp(pol->teams[i].domains[d], topic, len))
                                return &pol->teams[i];
        return NULL;
}

const struct kx_policy_lifecycle *kx_policy_lifecycle_for(const struct kx_policy *pol,
                                                          const char *topic)
{
        const struct kx_policy_lifecycle *best = NULL;

        for (int i = 0; i < pol->lifecycle_cnt; i++) {
                size_t n = strlen(pol->lifecycle[i].prefix);

                if (!strncmp(topic, pol->lifecycle[i].prefix, n) && (topic[n] == '.' || !topic[n]) &&
                    (!best || n > strlen(best->prefix)))
                        best = &pol->lifecycle[i];
        }
        return best;
}
