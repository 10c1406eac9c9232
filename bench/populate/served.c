/* served.c - wait until every partition's leader serves it.
 *
 * Metadata lists a new partition's leader as soon as the controller has
 * assigned it, but the broker creates the log only when it applies that
 * metadata (about a hundred partitions a second on a loaded laptop), and
 * answers NOT_LEADER_OR_FOLLOWER until then. A benchmark started in that
 * window measures errors and a busy broker. So: ListOffsets (latest) for
 * every partition, in chunks (rd_kafka_offsets_for_times is quadratic in
 * the partitions of one call, and one partition error fails the call), each
 * chunk repeated until all its partitions answer.
 */
#include "populate.h"

#include <unistd.h>

#define CHUNK 1000

/* Partitions of list that have no offset yet. */
static int unserved(const rd_kafka_topic_partition_list_t *list)
{
        int n = 0;

        for (int i = 0; i < list->cnt; i++)
                n += list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR;
        return n;
}

/* Query chunk until it is served or the deadline passes. Returns the number
 * of partitions still not served. */
static int serve_chunk(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *chunk, int64_t deadline)
{
        for (;;) {
                rd_kafka_resp_err_t e;
                int left;

                for (int i = 0; i < chunk->cnt; i++) {
                        chunk->elems[i].offset = RD_KAFKA_OFFSET_END;
                        chunk->elems[i].err = RD_KAFKA_RESP_ERR_NO_ERROR;
                }
                e = rd_kafka_offsets_for_times(rk, chunk, 30000);
                left = e ? unserved(chunk) : 0;
                if (e && !left)
                        left = chunk->cnt;
                if (!left || pop_mono_ms() > deadline)
                        return left;
                usleep(500 * 1000);
        }
}

int pop_wait_served(const struct pop_opts *o)
{
        rd_kafka_t *rk = pop_client(o, RD_KAFKA_PRODUCER, NULL);
        int64_t deadline = pop_mono_ms() + (int64_t)o->timeout_s * 1000;
        rd_kafka_topic_partition_list_t *chunk;
        char name[256];
        long left = 0;

        if (!rk)
                return -1;
        chunk = rd_kafka_topic_partition_list_new(CHUNK);
        for (int t = 0; t < o->topics; t++) {
                pop_topic_name(o, t, name, sizeof(name));
                for (int p = 0; p < o->partitions; p++) {
                        rd_kafka_topic_partition_list_add(chunk, name, p);
                        if (chunk->cnt < CHUNK && (t < o->topics - 1 || p < o->partitions - 1))
                                continue;
                        left += serve_chunk(rk, chunk, deadline);
                        rd_kafka_topic_partition_list_destroy(chunk);
                        chunk = rd_kafka_topic_partition_list_new(CHUNK);
                }
        }
        rd_kafka_topic_partition_list_destroy(chunk);
        rd_kafka_destroy(rk);
        if (left) {
                pop_log("after %d s, %ld partition(s) still answer ListOffsets with an error",
                        o->timeout_s, left);
                return -1;
        }
        return 0;
}
