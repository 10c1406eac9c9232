/* kmsg_logdirs.h - DescribeLogDirs (key 35), versions 1-4 (v2+ flexible,
 * v3 adds a top-level error code, v4 the directory's total and usable
 * bytes). A broker describes only its own log directories, so the request
 * goes to every broker. Bodies only (kproto.h frames them).
 */
#ifndef KX_KMSG_LOGDIRS_H
#define KX_KMSG_LOGDIRS_H

#include "arena.h"
#include "err.h"
#include "kbuf.h"

#include <stdbool.h>
#include <stdint.h>

struct kx_logdir_part {
        char *topic;
        int32_t partition;
        int64_t size;               /* bytes of the partition's log segments */
        int64_t offset_lag;
        bool is_future;             /* being moved here by AlterReplicaLogDirs */
};

struct kx_logdir {
        int16_t error;              /* e.g. KAFKA_STORAGE_ERROR for an offline dir */
        char *path;
        int64_t total_bytes;        /* -1 before v4 */
        int64_t usable_bytes;       /* -1 before v4 */
        struct kx_logdir_part *parts;
        int part_cnt;
};

struct kx_logdirs_desc {
        int16_t error;              /* top-level (v3+) */
        struct kx_logdir *dirs;
        int dir_cnt;
};

/* Request body asking for every partition (topics = null). */
void kx_kmsg_logdirs_body(struct kx_kenc *e, int16_t version);

/* Decode a response body into out (strings and arrays in a). KX_ERR_KAFKA
 * naming the fault on malformed or truncated input. */
int kx_kmsg_logdirs_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                           struct kx_logdirs_desc *out, struct kx_err *err);

#endif
