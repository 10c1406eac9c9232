/* logdirs.c - DescribeLogDirs on every broker, in parallel. */
#include "logdirs.h"
#include "kproto.h"
#include "parallel.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct collect_ctx {
        const struct kx_kadmin *ka;
        struct kx_logdirs_usage *u;
};

static void logdirs_body(struct kx_kenc *e, int16_t v, const void *arg)
{
        (void)arg;
        kx_kmsg_logdirs_body(e, v);
}

static void ask_broker(size_t i, void *arg)
{
        struct collect_ctx *cc = arg;
        struct kx_broker_logdirs *b = &cc->u->brokers[i];
        struct kx_err err;
        unsigned char *resp = NULL;
        size_t len;
        int16_t v;

        kx_err_clear(&err);
        b->rc = kx_kadmin_request(cc->ka, b->broker, KX_KAPI_DESCRIBE_LOG_DIRS, 1, 4, logdirs_body, NULL, &v,
                                  &resp, &len, &err);
        if (!b->rc)
                b->rc = kx_kmsg_logdirs_decode(resp, len, v, &b->arena, &b->desc, &err);
        if (!b->rc && b->desc.error) {
                char buf[32];

                b->rc = kx_err_set(&err, KX_ERR_KAFKA, "DescribeLogDirs on broker %d: %s", (int)b->broker,
                                   kx_kerr_name(b->desc.error, buf, sizeof(buf)));
        }
        if (b->rc)
                snprintf(b->error, sizeof(b->error), "%s", err.msg);
        free(resp);
}

int kx_logdirs_collect(const struct kx_kadmin *ka, struct kx_logdirs_usage *out, struct kx_err *err)
{
        struct collect_ctx cc = {ka, out};
        int ok = 0, first = -1;

        out->broker_cnt = ka->broker_cnt;
        out->brokers = kx_xcalloc((size_t)ka->broker_cnt + 1, sizeof(*out->brokers));
        for (int i = 0; i < ka->broker_cnt; i++) {
                out->brokers[i].broker = ka->brokers[i].id;
                kx_arena_init(&out->brokers[i].arena);
        }
        kx_parallel_for((size_t)ka->broker_cnt, ka->broker_cnt < 8 ? ka->broker_cnt : 8, ask_broker, &cc);
        for (int i = 0; i < out->broker_cnt; i++) {
                if (!out->brokers[i].rc)
                        ok++;
                else if (first < 0)
                        first = i;
        }
        if (first < 0)
                return 0;
        kx_err_set(err, ok ? KX_ERR_PARTIAL : out->brokers[first].rc, "%s", out->brokers[first].error);
        return ok ? KX_ERR_PARTIAL : out->brokers[first].rc;
}

void kx_logdirs_usage_done(struct kx_logdirs_usage *u)
{
        for (int i = 0; i < u->broker_cnt; i++)
                kx_arena_done(&u->brokers[i].arena);
        free(u->brokers);
        memset(u, 0, sizeof(*u));
}

int64_t kx_logdir_used(const struct kx_logdir *d)
{
        int64_t sum = 0;

        for (int i = 0; i < d->part_cnt; i++)
                sum += d->parts[i].size;
        return sum;
}

int64_t kx_logdirs_bytes(const struct kx_logdirs_usage *u, const char *topic, int32_t partition)
{
        int64_t sum = 0;

        for (int b = 0; b < u->broker_cnt; b++)
                for (int d = 0; d < u->brokers[b].desc.dir_cnt; d++) {
                        const struct kx_logdir *dir = &u->brokers[b].desc.dirs[d];

                        for (int p = 0; p < dir->part_cnt; p++)
                                if (!dir->parts[p].is_future && !strcmp(dir->parts[p].topic, topic) &&
                                    (partition < 0 || dir->parts[p].partition == partition))
                                        sum += dir->parts[p].size;
                }
        return sum;
}

static json_t *dir_json(const struct kx_logdir *dir)
{
        json_t *parts = json_array();
        json_t *o;

        for (int p = 0; p < dir->part_cnt; p++)
                json_array_append_new(parts, json_pack("{s:s?, s:i, s:I, s:I, s:b}", "topic", dir->parts[p].topic,
                                                       "partition", (int)dir->parts[p].partition, "bytes",
                                                       (json_int_t)dir->parts[p].size, "offset_lag",
                                                       (json_int_t)dir->parts[p].offset_lag, "future",
                                                       dir->parts[p].is_future));
        o = json_pack("{s:s?, s:I, s:I, s:I, s:o}", "path", dir->path, "bytes", (json_int_t)kx_logdir_used(dir),
                      "total_bytes", (json_int_t)dir->total_bytes, "usable_bytes", (json_int_t)dir->usable_bytes,
                      "partitions", parts);
        if (dir->error)
                json_object_set_new(o, "error_code", json_integer(dir->error));
        return o;
}

json_t *kx_logdirs_json(const struct kx_logdirs_usage *u)
{
        json_t *brokers = json_array();

        for (int b = 0; b < u->broker_cnt; b++) {
                json_t *dirs = json_array();
                json_t *o;

                for (int d = 0; d < u->brokers[b].desc.dir_cnt; d++)
                        json_array_append_new(dirs, dir_json(&u->brokers[b].desc.dirs[d]));
                o = json_pack("{s:i, s:o}", "id", (int)u->brokers[b].broker, "log_dirs", dirs);
                if (u->brokers[b].rc)
                        json_object_set_new(o, "error", json_string(u->brokers[b].error));
                json_array_append_new(brokers, o);
        }
        return json_pack("{s:o}", "brokers", brokers);
}
