/* record_ts.c - read one record's timestamp by assignment. */
#include "record_ts.h"
#include "kafka.h"

#include <string.h>

int kx_record_ts_fetch(rd_kafka_t *rk, const char *topic, int32_t partition, int64_t offset,
                       int timeout_ms, int64_t *ts_ms)
{
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
        int64_t deadline = kx_mono_ms() + timeout_ms;
        int rc = -1;

        rd_kafka_topic_partition_list_add(list, topic, partition)->offset = offset;
        if (rd_kafka_assign(rk, list) != RD_KAFKA_RESP_ERR_NO_ERROR) {
                rd_kafka_topic_partition_list_destroy(list);
                return -1;
        }
        while (rc != 0 && kx_mono_ms() < deadline) {
                rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, 100);
                rd_kafka_timestamp_type_t type;

                if (!msg)
                        continue;
                /* A message of the previous assignment can still arrive
                 * after a re-assign: only this topic's partition counts. */
                if (!msg->err && msg->partition == partition && msg->offset >= offset &&
                    msg->rkt && !strcmp(rd_kafka_topic_name(msg->rkt), topic)) {
                        int64_t ts = rd_kafka_message_timestamp(msg, &type);

                        rd_kafka_message_destroy(msg);
                        if (ts < 0)
                                break;
                        *ts_ms = ts;
                        rc = 0;
                        continue;
                }
                rd_kafka_message_destroy(msg);
        }
        rd_kafka_assign(rk, NULL);
        rd_kafka_topic_partition_list_destroy(list);
        return rc;
}
