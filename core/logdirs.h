/* logdirs.h - disk usage per broker, log directory and partition, from
 * DescribeLogDirs sent to every broker in parallel (librdkafka 2.0.2 has no
 * DescribeLogDirs). A broker that cannot be asked keeps its error; the
 * others still count.
 */
#ifndef KX_LOGDIRS_H
#define KX_LOGDIRS_H

#include "arena.h"
#include "kadmin.h"
#include "kmsg_logdirs.h"

#include <jansson.h>
#include <stdint.h>

struct kx_broker_logdirs {
        int32_t broker;
        int rc;                      /* 0, or the kx code of why it has no data */
        char error[256];             /* "" when rc is 0 */
        struct kx_logdirs_desc desc; /* in arena */
        struct kx_arena arena;
};

struct kx_logdirs_usage {
        struct kx_broker_logdirs *brokers;   /* owned */
        int broker_cnt;
};

/* Ask every broker of ka. Returns 0 when all answered, KX_ERR_PARTIAL when
 * some did (err names the first failure), or the first broker's error when
 * none did. *out is filled in every case; free with kx_logdirs_usage_done. */
int kx_logdirs_collect(const struct kx_kadmin *ka, struct kx_logdirs_usage *out, struct kx_err *err);
void kx_logdirs_usage_done(struct kx_logdirs_usage *u);

/* Bytes of every replica of topic (partition -1) or of one partition, on
 * every broker and directory, future logs excluded. */
int64_t kx_logdirs_bytes(const struct kx_logdirs_usage *u, const char *topic, int32_t partition);

/* Bytes used under one broker's directory (sum of its partitions). */
int64_t kx_logdir_used(const struct kx_logdir *d);

/* {"brokers": [{"id", "error"?, "log_dirs": [{"path", "error"?, "bytes",
 * "total_bytes", "usable_bytes", "partitions": [{"topic", "partition",
 * "bytes", "offset_lag", "future"}]}]}]}. New reference. */
json_t *kx_logdirs_json(const struct kx_logdirs_usage *u);

#endif
