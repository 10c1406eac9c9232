/* replay_tail.c - provenance headers, and the tail scan that reads them. */
#include "replay_tail.h"
#include "group_offsets.h"
#include "kafka.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kx_replay_headers_add(rd_kafka_headers_t *hdrs, const char *job_id, const char *topic,
                           int32_t partition, int64_t offset)
{
        char num[32];

        rd_kafka_header_add(hdrs, KX_REPLAY_H_ID, -1, job_id, -1);
        rd_kafka_header_add(hdrs, KX_REPLAY_H_TOPIC, -1, topic, -1);
        snprintf(num, sizeof(num), "%" PRId32, partition);
        rd_kafka_header_add(hdrs, KX_REPLAY_H_PARTITION, -1, num, -1);
        snprintf(num, sizeof(num), "%" PRId64, offset);
        rd_kafka_header_add(hdrs, KX_REPLAY_H_OFFSET, -1, num, -1);
}

/* The last value of header name as a NUL-terminated copy in buf. */
static bool header(const rd_kafka_headers_t *hdrs, const char *name, char *buf, size_t size)
{
        const void *v;
        size_t len;

        if (rd_kafka_header_get_last(hdrs, name, &v, &len) || !v || len >= size)
                return false;
        memcpy(buf, v, len);
        buf[len] = '\0';
        return true;
}

bool kx_replay_headers_read(const rd_kafka_headers_t *hdrs, const char *job_id, int32_t *partition,
                            int64_t *offset)
{
        char id[64], p[32], o[32];

        if (!hdrs || !header(hdrs, KX_REPLAY_H_ID, id, sizeof(id)) || strcmp(id, job_id) ||
            !header(hdrs, KX_REPLAY_H_PARTITION, p, sizeof(p)) ||
            !header(hdrs, KX_REPLAY_H_OFFSET, o, sizeof(o)))
                return false;
        *partition = (int32_t)strtol(p, NULL, 10);
        *offset = strtoll(o, NULL, 10);
        return true;
}

/* Per target partition: where to start and where the log ends now. */
static rd_kafka_topic_partition_list_t *scan_starts(const char *topic,
                                                    const struct kx_replay_plan *plan,
                                                    const int64_t *scan_from)
{
        rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(plan->range_cnt);

        for (int i = 0; i < plan->range_cnt; i++) {
                rd_kafka_topic_partition_t *tp =
                        rd_kafka_topic_partition_list_find(l, topic, plan->ranges[i].target_partition);

                if (!tp)
                        rd_kafka_topic_partition_list_add(l, topic, plan->ranges[i].target_partition)
                                ->offset = scan_from[i];
                else if (scan_from[i] < tp->offset)
                        tp->offset = scan_from[i];
        }
        return l;
}

static void note(const struct kx_replay_plan *plan, int32_t src_partition, int64_t src_offset,
                 int64_t *last)
{
        for (int i = 0; i < plan->range_cnt; i++)
                if (plan->ranges[i].partition == src_partition && src_offset > last[i])
                        last[i] = src_offset;
}

int kx_replay_tail_scan(rd_kafka_t *reader, const char *target_topic, const char *job_id,
                        const struct kx_replay_plan *plan, const int64_t *scan_from, int64_t *last,
                        int timeout_ms, struct kx_err *err)
{
        rd_kafka_topic_partition_list_t *starts = scan_starts(target_topic, plan, scan_from);
        rd_kafka_topic_partition_list_t *ends = rd_kafka_topic_partition_list_copy(starts);
        int left = 0, rc;
        int64_t quiet_since = kx_mono_ms();

        for (int i = 0; i < ends->cnt; i++)
                ends->elems[i].offset = -1;
        rc = kx_offsets_for(reader, ends, timeout_ms, err);
        for (int i = 0; !rc && i < starts->cnt; i++) {
                if (starts->elems[i].offset < ends->elems[i].offset)
                        left++;
                else /* nothing to read */
                        starts->elems[i].offset = RD_KAFKA_OFFSET_END, ends->elems[i].offset = -3;
        }
        if (!rc && left && rd_kafka_assign(reader, starts))
                rc = kx_err_set(err, KX_ERR_KAFKA, "tail scan of %s: assign failed", target_topic);
        while (!rc && left > 0) {
                rd_kafka_message_t *m = rd_kafka_consumer_poll(reader, 200);
                rd_kafka_headers_t *hdrs = NULL;
                rd_kafka_topic_partition_t *end;
                int32_t sp;
                int64_t so;

                if (!m) {
                        if (kx_mono_ms() - quiet_since > timeout_ms)
                                rc = kx_err_set(err, KX_ERR_TIMEOUT, "tail scan of %s: no record "
                                                                     "for %d ms",
                                                target_topic, timeout_ms);
                        continue;
                }
                if (!m->err) {
                        quiet_since = kx_mono_ms();
                        if (!rd_kafka_message_headers(m, &hdrs) &&
                            kx_replay_headers_read(hdrs, job_id, &sp, &so))
                                note(plan, sp, so, last);
                        end = rd_kafka_topic_partition_list_find(ends, target_topic, m->partition);
                        if (end && end->offset >= 0 && m->offset + 1 >= end->offset) {
                                end->offset = -3; /* reached */
                                left--;
                        }
                }
                rd_kafka_message_destroy(m);
        }
        rd_kafka_assign(reader, NULL);
        rd_kafka_topic_partition_list_destroy(starts);
        rd_kafka_topic_partition_list_destroy(ends);
        return rc;
}
