/* topic_configs.c - DescribeConfigs for one topic. */
#include "topic_configs.h"
#include "admin_batch.h"

#include <string.h>

struct describe_ctx {
        const char *topic;
        struct kx_snapshot *snap;
        struct kx_err *err;
        int rc;
};

static void describe_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                           rd_kafka_queue_t *q, void *arg)
{
        struct describe_ctx *ctx = arg;
        rd_kafka_ConfigResource_t *res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, ctx->topic);

        (void)item, (void)retry;
        rd_kafka_DescribeConfigs(rk, &res, 1, opts, q);
        rd_kafka_ConfigResource_destroy(res);
}

static enum kx_admin_verdict describe_result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct describe_ctx *ctx = arg;
        struct kx_arena *a = &ctx->snap->arena;
        const rd_kafka_DescribeConfigs_result_t *res = rd_kafka_event_DescribeConfigs_result(ev);
        const rd_kafka_ConfigResource_t **rs;
        const rd_kafka_ConfigEntry_t **entries;
        size_t cnt, n;

        (void)item;
        if (rd_kafka_event_error(ev) || !res) {
                ctx->rc = kx_err_set(ctx->err, KX_ERR_KAFKA, "DescribeConfigs %s: %s", ctx->topic,
                                     rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        rs = rd_kafka_DescribeConfigs_result_resources(res, &cnt);
        if (cnt < 1 || rd_kafka_ConfigResource_error(rs[0])) {
                ctx->rc = kx_err_set(ctx->err, KX_ERR_KAFKA, "DescribeConfigs %s: %s", ctx->topic,
                                     cnt ? rd_kafka_ConfigResource_error_string(rs[0]) : "no result");
                return KX_ADMIN_DONE;
        }
        entries = rd_kafka_ConfigResource_configs(rs[0], &n);
        ctx->snap->configs = kx_arena_alloc(a, sizeof(*ctx->snap->configs) * (n + 1));
        for (size_t i = 0; i < n; i++) {
                struct kx_config_entry *e = &ctx->snap->configs[i];

                e->name = kx_arena_strdup(a, rd_kafka_ConfigEntry_name(entries[i]));
                e->is_sensitive = rd_kafka_ConfigEntry_is_sensitive(entries[i]);
                e->is_default = rd_kafka_ConfigEntry_is_default(entries[i]);
                e->value = e->is_sensitive ? NULL
                                           : kx_arena_strdup(a, rd_kafka_ConfigEntry_value(entries[i]));
                e->source = rd_kafka_ConfigSource_name(rd_kafka_ConfigEntry_source(entries[i]));
        }
        ctx->snap->config_cnt = (int)n;
        ctx->snap->configs_topic = kx_arena_strdup(a, ctx->topic);
        return KX_ADMIN_DONE;
}

int kx_topic_configs_fetch(rd_kafka_t *rk, const char *topic, int timeout_ms,
                           struct kx_snapshot *snap, struct kx_err *err)
{
        struct describe_ctx ctx = {.topic = topic, .snap = snap, .err = err};

        kx_admin_run_one(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout_ms, describe_issue,
                         describe_result, &ctx);
        return ctx.rc;
}
