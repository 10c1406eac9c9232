/* topic_configs_all.c - chunked DescribeConfigs over a snapshot's topics. */
#include "topic_configs_all.h"
#include "admin_batch.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK 50

struct all_ctx {
        const char **names;   /* borrowed from the snapshot */
        size_t cnt;
        json_t *out;
        int failed;
        struct kx_err *err;
};

static void issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                  rd_kafka_queue_t *q, void *arg)
{
        struct all_ctx *c = arg;
        rd_kafka_ConfigResource_t *res[CHUNK];
        size_t first = item * CHUNK, n = c->cnt - first < CHUNK ? c->cnt - first : CHUNK;

        (void)retry;
        for (size_t i = 0; i < n; i++)
                res[i] = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, c->names[first + i]);
        rd_kafka_DescribeConfigs(rk, res, n, opts, q);
        rd_kafka_ConfigResource_destroy_array(res, n);
}

static void failed(struct all_ctx *c, const char *what, const char *why)
{
        if (!c->failed++)
                kx_err_set(c->err, KX_ERR_PARTIAL, "configs of %s: %s", what, why ? why : "failed");
}

static enum kx_admin_verdict result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct all_ctx *c = arg;
        const rd_kafka_DescribeConfigs_result_t *res = rd_kafka_event_DescribeConfigs_result(ev);
        const rd_kafka_ConfigResource_t **rs;
        size_t cnt;

        if (rd_kafka_event_error(ev) || !res) {
                failed(c, c->names[item * CHUNK], rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        rs = rd_kafka_DescribeConfigs_result_resources(res, &cnt);
        for (size_t i = 0; i < cnt; i++) {
                const rd_kafka_ConfigEntry_t **e;
                json_t *obj;
                size_t n;

                if (rd_kafka_ConfigResource_error(rs[i])) {
                        failed(c, rd_kafka_ConfigResource_name(rs[i]),
                               rd_kafka_ConfigResource_error_string(rs[i]));
                        continue;
                }
                obj = json_object();
                e = rd_kafka_ConfigResource_configs(rs[i], &n);
                for (size_t k = 0; k < n; k++)
                        if (!rd_kafka_ConfigEntry_is_sensitive(e[k]) && rd_kafka_ConfigEntry_value(e[k]))
                                json_object_set_new(obj, rd_kafka_ConfigEntry_name(e[k]),
                                                    json_string(rd_kafka_ConfigEntry_value(e[k])));
                json_object_set_new(c->out, rd_kafka_ConfigResource_name(rs[i]), obj);
        }
        return KX_ADMIN_DONE;
}

int kx_topic_configs_all(rd_kafka_t *rk, const struct kx_snapshot *snap, int timeout_ms, json_t **out,
                         struct kx_err *err)
{
        struct all_ctx c = {.out = json_object(), .err = err};
        struct kx_admin_batch b = {
                .handles = &rk, .handle_cnt = 1, .op = RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS,
                .timeout_ms = timeout_ms, .max_inflight = 4, .issue = issue, .result = result, .ctx = &c};

        kx_err_clear(err);
        c.names = kx_xcalloc((size_t)snap->topic_cnt + 1, sizeof(*c.names));
        for (int i = 0; i < snap->topic_cnt; i++)
                if (!snap->topics[i].internal)
                        c.names[c.cnt++] = snap->topics[i].name;
        if (c.cnt)
                kx_admin_batch_run(&b, (c.cnt + CHUNK - 1) / CHUNK);
        free(c.names);
        *out = c.out;
        if (!c.failed)
                return 0;
        if (json_object_size(c.out) == 0) {
                char why[sizeof(err->msg)];

                memcpy(why, err->msg, sizeof(why));
                return kx_err_set(err, KX_ERR_KAFKA, "%s", why);
        }
        return KX_ERR_PARTIAL;
}
