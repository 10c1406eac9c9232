/* check.c - the live checks behind playbook triggers and steps. */
#include "check.h"
#include "check_disk.h"
#include "mm2.h"
#include "registry_health.h"

#include <stdio.h>
#include <string.h>

static const struct {
        const char *name, *help;
} checks[] = {
#define KX_CHECK_ROW(id, name, help) {name, help},
        KX_CHECKS(KX_CHECK_ROW)
#undef KX_CHECK_ROW
};

int kx_check_by_name(const char *name)
{
        for (int i = 0; i < KX_CHECK_COUNT; i++)
                if (!strcmp(checks[i].name, name))
                        return i;
        return -1;
}

const char *kx_check_name(enum kx_check_id id)
{
        return id < KX_CHECK_COUNT ? checks[id].name : "?";
}

const char *kx_check_help(enum kx_check_id id)
{
        return id < KX_CHECK_COUNT ? checks[id].help : "?";
}

static enum kx_check_result brokers_up(const struct kx_snapshot *s, struct kx_incident_ctx *ctx,
                                       bool fill, char *d, size_t n)
{
        for (int i = 0; i < s->broker_cnt; i++) {
                if (!s->brokers[i].up) {
                        if (fill)
                                ctx->broker = s->brokers[i].id;
                        snprintf(d, n, "broker %d is down", s->brokers[i].id);
                        return KX_CHECK_FAIL;
                }
        }
        snprintf(d, n, "%d broker(s) up", s->broker_cnt);
        return KX_CHECK_PASS;
}

/* Offline (want_offline) or under-replicated partitions. */
static enum kx_check_result partitions_ok(const struct kx_snapshot *s, bool want_offline,
                                          struct kx_incident_ctx *ctx, bool fill, char *d, size_t n)
{
        int bad = 0;
        const char *first = NULL;

        for (int t = 0; t < s->topic_cnt; t++) {
                for (int p = 0; p < s->topics[t].partition_cnt; p++) {
                        const struct kx_partition *part = &s->topics[t].partitions[p];

                        if (want_offline ? part->offline : part->under_replicated) {
                                bad++;
                                if (!first)
                                        first = s->topics[t].name;
                        }
                }
        }
        if (!bad) {
                snprintf(d, n, "no partition %s", want_offline ? "offline" : "under-replicated");
                return KX_CHECK_PASS;
        }
        if (fill && !ctx->topic[0])
                snprintf(ctx->topic, sizeof(ctx->topic), "%s", first);
        snprintf(d, n, "%d partition(s) %s, first in %s", bad,
                 want_offline ? "offline" : "under-replicated", first);
        return KX_CHECK_FAIL;
}

static bool group_fails(const struct kx_check *c, const struct kx_group *g)
{
        switch (c->id) {
        case KX_CHECK_LAG_BELOW:
                return g->lag >= c->max;
        case KX_CHECK_GROUP_STATUS:
                return g->error || g->status > KX_LAG_OK;
        case KX_CHECK_GROUP_MEMBERS:
                return g->members == 0;
        case KX_CHECK_GROUP_PROGRESS:
                return g->status == KX_LAG_STOP || g->status == KX_LAG_STALL;
        case KX_CHECK_GROUP_NOT_STOPPED:
                return g->status == KX_LAG_STOP;
        case KX_CHECK_GROUP_NOT_STALLED:
                return g->status == KX_LAG_STALL;
        case KX_CHECK_GROUP_RETENTION:
                return g->behind_retention;
        default:
                return false;
        }
}

static void group_detail(const struct kx_check *c, const struct kx_group *g, bool fails, char *d,
                         size_t n)
{
        switch (c->id) {
        case KX_CHECK_LAG_BELOW:
                snprintf(d, n, "group %s lag %lld %s %lld", g->group, (long long)g->lag,
                         fails ? ">=" : "<", (long long)c->max);
                break;
        case KX_CHECK_GROUP_STATUS:
        case KX_CHECK_GROUP_PROGRESS:
        case KX_CHECK_GROUP_NOT_STOPPED:
        case KX_CHECK_GROUP_NOT_STALLED:
                snprintf(d, n, "group %s is %s (%s)", g->group, kx_lag_status_label(g->status),
                         kx_lag_status_help(g->status));
                break;
        case KX_CHECK_GROUP_MEMBERS:
                snprintf(d, n, "group %s has %d member(s), state %s", g->group, g->members, g->state);
                break;
        default:
                snprintf(d, n, "group %s %s", g->group,
                         fails ? "committed below the log start: records were lost"
                               : "is within retention");
                break;
        }
}

/* Check one group (ctx->group) or all, failing on the worst by lag. */
static enum kx_check_result groups_check(const struct kx_check *c, const struct kx_snapshot *s,
                                         struct kx_incident_ctx *ctx, bool fill, char *d, size_t n)
{
        const struct kx_group *worst = NULL;

        if (ctx->group[0]) {
                const struct kx_group *g = kx_snapshot_group(s, ctx->group);

                if (!g) {
                        snprintf(d, n, "group %s not found", ctx->group);
                        return KX_CHECK_UNKNOWN;
                }
                group_detail(c, g, group_fails(c, g), d, n);
                return group_fails(c, g) ? KX_CHECK_FAIL : KX_CHECK_PASS;
        }
        for (int i = 0; i < s->group_cnt; i++)
                if (group_fails(c, &s->groups[i]) && (!worst || s->groups[i].lag > worst->lag))
                        worst = &s->groups[i];
        if (!worst) {
                snprintf(d, n, "all %d group(s): %s", s->group_cnt, kx_check_help(c->id));
                return KX_CHECK_PASS;
        }
        if (fill)
                snprintf(ctx->group, sizeof(ctx->group), "%s", worst->group);
        group_detail(c, worst, true, d, n);
        return KX_CHECK_FAIL;
}

enum kx_check_result kx_check_eval(const struct kx_check *c, const struct kx_snapshot *snap,
                                   struct kx_incident_ctx *ctx, bool fill_ctx, char *detail,
                                   size_t size)
{
        if (!snap) {
                snprintf(detail, size, "no data yet");
                return KX_CHECK_UNKNOWN;
        }
        switch (c->id) {
        case KX_CHECK_BROKERS_UP:
                return brokers_up(snap, ctx, fill_ctx, detail, size);
        case KX_CHECK_NO_OFFLINE:
                return partitions_ok(snap, true, ctx, fill_ctx, detail, size);
        case KX_CHECK_NO_URP:
                return partitions_ok(snap, false, ctx, fill_ctx, detail, size);
        case KX_CHECK_COLLECTOR:
                if (snap->error_cnt) {
                        snprintf(detail, size, "%s: %s", snap->errors[0].section, snap->errors[0].message);
                        return KX_CHECK_FAIL;
                }
                snprintf(detail, size, "every request answered in %lld ms", (long long)snap->duration_ms);
                return KX_CHECK_PASS;
        case KX_CHECK_LAG_BELOW:
        case KX_CHECK_GROUP_STATUS:
        case KX_CHECK_GROUP_MEMBERS:
        case KX_CHECK_GROUP_PROGRESS:
        case KX_CHECK_GROUP_NOT_STOPPED:
        case KX_CHECK_GROUP_NOT_STALLED:
        case KX_CHECK_GROUP_RETENTION:
                return groups_check(c, snap, ctx, fill_ctx, detail, size);
        case KX_CHECK_SCHEMA_REGISTRY:
                if (!snap->schemas) {
                        snprintf(detail, size, "no schema registry configured (--registry URL)");
                        return KX_CHECK_UNKNOWN;
                }
                return kx_schema_health_ok(snap->schemas, ctx ? ctx->topic : NULL, detail, size)
                               ? KX_CHECK_PASS
                               : KX_CHECK_FAIL;
        case KX_CHECK_MM2:
                if (!snap->mm2) {
                        snprintf(detail, size, "MirrorMaker 2 not configured (--mm2-source, --connect)");
                        return KX_CHECK_UNKNOWN;
                }
                return kx_mm2_in_sync(snap->mm2, c->max, KX_MM2_HEARTBEAT_MAX_MS, detail, size)
                               ? KX_CHECK_PASS
                               : KX_CHECK_FAIL;
        case KX_CHECK_DISK:
                return kx_check_disk(snap, ctx, fill_ctx, KX_CHECK_DISK_MIN_FREE_PCT, detail, size);
        case KX_CHECK_COUNT:
                break;
        }
        snprintf(detail, size, "unknown check");
        return KX_CHECK_UNKNOWN;
}
