/* topic_configs.h - DescribeConfigs for one topic, into a snapshot. */
#ifndef KX_TOPIC_CONFIGS_H
#define KX_TOPIC_CONFIGS_H

#include "err.h"
#include "snapshot.h"

#include <librdkafka/rdkafka.h>

/* Describe topic's configs on rk and copy them into snap (configs_topic,
 * configs[], config_cnt; strings in snap's arena; sensitive values are
 * never copied). snap must not be published yet. Errors: KX_ERR_KAFKA with
 * librdkafka's message, KX_ERR_TIMEOUT. */
int kx_topic_configs_fetch(rd_kafka_t *rk, const char *topic, int timeout_ms,
                           struct kx_snapshot *snap, struct kx_err *err);

#endif
