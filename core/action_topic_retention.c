/* action_topic_retention.c - retention.ms with every other dynamic config
 * preserved. */
#include "action_topic_retention.h"
#include "admin_batch.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct retention_params {
        char *topic;
        int64_t retention_ms;
        json_t *dynamic;   /* {name: value} of the topic's dynamic configs, from plan */
};

struct configs_call {
        const char *topic;
        json_t *dynamic;           /* out (describe): dynamic configs */
        json_t *effective;         /* out (describe): retention.ms as in force */
        bool sensitive;            /* out: a sensitive dynamic config exists */
        const json_t *write;       /* in (alter): configs to write */
        struct kx_err *err;
        int rc;
};

static void describe_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                           rd_kafka_queue_t *q, void *arg)
{
        struct configs_call *c = arg;
        rd_kafka_ConfigResource_t *res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, c->topic);

        (void)item, (void)retry;
        rd_kafka_DescribeConfigs(rk, &res, 1, opts, q);
        rd_kafka_ConfigResource_destroy(res);
}

static void alter_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                        rd_kafka_queue_t *q, void *arg)
{
        struct configs_call *c = arg;
        rd_kafka_ConfigResource_t *res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, c->topic);
        const char *name;
        json_t *value;

        (void)item, (void)retry;
        json_object_foreach((json_t *)c->write, name, value)
                rd_kafka_ConfigResource_set_config(res, name, json_string_value(value));
        rd_kafka_AlterConfigs(rk, &res, 1, opts, q);
        rd_kafka_ConfigResource_destroy(res);
}

static enum kx_admin_verdict configs_result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct configs_call *c = arg;
        const rd_kafka_ConfigResource_t **rs = NULL;
        size_t cnt = 0;

        (void)item;
        if (rd_kafka_event_error(ev)) {
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "configs of %s: %s", c->topic,
                                   rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        if (rd_kafka_event_DescribeConfigs_result(ev))
                rs = rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(ev), &cnt);
        else if (rd_kafka_event_AlterConfigs_result(ev))
                rs = rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(ev), &cnt);
        if (cnt < 1 || rd_kafka_ConfigResource_error(rs[0])) {
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "configs of %s: %s", c->topic,
                                   cnt ? rd_kafka_ConfigResource_error_string(rs[0]) : "no result");
                return KX_ADMIN_DONE;
        }
        if (c->dynamic) {
                size_t n;
                const rd_kafka_ConfigEntry_t **e = rd_kafka_ConfigResource_configs(rs[0], &n);

                for (size_t i = 0; i < n; i++) {
                        const char *name = rd_kafka_ConfigEntry_name(e[i]);
                        const char *value = rd_kafka_ConfigEntry_value(e[i]);

                        if (!strcmp(name, "retention.ms"))
                                json_object_set_new(c->effective, "retention.ms", json_string(value ? value : ""));
                        if (rd_kafka_ConfigEntry_source(e[i]) != RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG)
                                continue;
                        if (rd_kafka_ConfigEntry_is_sensitive(e[i]) || !value)
                                c->sensitive = true;
                        else
                                json_object_set_new(c->dynamic, name, json_string(value));
                }
        }
        return KX_ADMIN_DONE;
}

/* Read the topic's dynamic configs and effective retention. */
static int describe(const struct kx_action_ctx *ctx, const char *topic, struct configs_call *c,
                    struct kx_err *err)
{
        memset(c, 0, sizeof(*c));
        c->topic = topic;
        c->dynamic = json_object();
        c->effective = json_object();
        c->err = err;
        kx_admin_run_one(ctx->rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, ctx->timeout_ms, describe_issue,
                         configs_result, c);
        return c->rc;
}

static int retention_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                          struct kx_err *err)
{
        struct retention_params *p = a->params;
        struct configs_call c;
        char buf[600], after[32];
        const char *name;
        json_t *value, *before;
        int rc = describe(ctx, p->topic, &c, err);

        if (rc) {
                json_decref(c.dynamic);
                json_decref(c.effective);
                return rc;
        }
        before = json_object_get(c.effective, "retention.ms");
        snprintf(after, sizeof(after), "%lld", (long long)p->retention_ms);
        kx_plan_change(plan, "retention.ms", json_incref(before), json_string(after));
        json_object_foreach(c.dynamic, name, value)
                if (strcmp(name, "retention.ms"))
                        kx_plan_change(plan, name, json_incref(value), json_incref(value));
        plan->undo = json_pack("{s:s, s:O?}", "topic", p->topic, "retention.ms",
                               json_object_get(c.dynamic, "retention.ms"));
        json_decref(p->dynamic);
        p->dynamic = c.dynamic;
        json_object_set_new(p->dynamic, "retention.ms", json_string(after));
        snprintf(buf, sizeof(buf), "set retention.ms of %s from %s to %s, keeping %zu other dynamic config(s)",
                 p->topic, json_string_value(before) ? json_string_value(before) : "?", after,
                 json_object_size(p->dynamic) - 1);
        plan->summary = kx_xstrdup(buf);
        plan->target = kx_xstrdup(p->topic);
        /* Lowering retention deletes data; raising it does not. */
        plan->destructive = !json_string_value(before) ||
                            strtoll(json_string_value(before), NULL, 10) < 0 ||
                            p->retention_ms < strtoll(json_string_value(before), NULL, 10);
        if (c.sensitive)
                plan->blocker = kx_xstrdup("the topic has a sensitive dynamic config that cannot be read "
                                           "back; AlterConfigs would drop it");
        json_decref(c.effective);
        return 0;
}

static int retention_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                             const struct kx_plan *plan, json_t **result, struct kx_err *err)
{
        struct retention_params *p = a->params;
        struct configs_call c = {.topic = p->topic, .write = p->dynamic, .err = err};

        (void)plan;
        kx_admin_run_one(ctx->rk, RD_KAFKA_ADMIN_OP_ALTERCONFIGS, ctx->timeout_ms, alter_issue,
                         configs_result, &c);
        *result = json_pack("{s:O}", "written", p->dynamic);
        return c.rc;
}

static int retention_verify(struct kx_action *a, const struct kx_action_ctx *ctx,
                            const struct kx_plan *plan, struct kx_err *err)
{
        struct retention_params *p = a->params;
        struct configs_call c;
        int rc = describe(ctx, p->topic, &c, err);

        (void)plan;
        if (!rc && !json_equal(c.dynamic, p->dynamic))
                rc = kx_err_set(err, KX_ERR_KAFKA, "verify: the dynamic configs of %s differ from the plan",
                                p->topic);
        json_decref(c.dynamic);
        json_decref(c.effective);
        return rc;
}

static void retention_free(struct kx_action *a)
{
        struct retention_params *p = a->params;

        free(p->topic);
        json_decref(p->dynamic);
        free(p);
        free(a);
}

static const struct kx_action_ops topic_retention_ops = {
        .name = "topic-retention",
        .plan = retention_plan,
        .execute = retention_execute,
        .verify = retention_verify,
        .free = retention_free,
};

struct kx_action *kx_action_topic_retention(const char *topic, int64_t retention_ms)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct retention_params *p = kx_xcalloc(1, sizeof(*p));

        p->topic = kx_xstrdup(topic);
        p->retention_ms = retention_ms;
        a->ops = &topic_retention_ops;
        a->params = p;
        return a;
}
