/* kmsg_elect.h - ElectLeaders (key 43), versions 1-2 (v2 flexible; v1 adds
 * the election type: 0 preferred, 1 unclean). Kafka forwards it to the
 * active controller, so any broker takes it. Bodies only.
 */
#ifndef KX_KMSG_ELECT_H
#define KX_KMSG_ELECT_H

#include "arena.h"
#include "err.h"
#include "kbuf.h"

#include <stdint.h>

enum kx_election { KX_ELECT_PREFERRED = 0, KX_ELECT_UNCLEAN = 1 };

/* Partitions of one topic to elect for. */
struct kx_elect_topic {
        const char *topic;
        const int32_t *partitions;
        int partition_cnt;
};

struct kx_elect_part {
        char *topic;
        int32_t partition;
        int16_t error;              /* 0, or e.g. ELECTION_NOT_NEEDED (84) */
        char *message;              /* may be NULL */
};

struct kx_elect_result {
        int16_t error;              /* top-level */
        struct kx_elect_part *parts;
        int part_cnt;
};

/* Request body; topics NULL (cnt ignored) elects for every partition. */
void kx_kmsg_elect_body(struct kx_kenc *e, int16_t version, enum kx_election type,
                        const struct kx_elect_topic *topics, int cnt, int32_t timeout_ms);

/* Decode a response body into out (in a). KX_ERR_KAFKA when malformed. */
int kx_kmsg_elect_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                         struct kx_elect_result *out, struct kx_err *err);

#endif
