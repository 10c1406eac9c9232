/* topic_configs_all.h - the configs in force for many topics at once. */
#ifndef KX_TOPIC_CONFIGS_ALL_H
#define KX_TOPIC_CONFIGS_ALL_H

#include "err.h"
#include "snapshot.h"

#include <jansson.h>
#include <librdkafka/rdkafka.h>

/* DescribeConfigs for every non-internal topic of snap on rk, in chunks of
 * topics per request, into *out: a new {topic: {config: value}} object the
 * caller decrefs (sensitive and null values left out). A topic whose
 * resource failed is missing from *out, and the call returns
 * KX_ERR_PARTIAL with the first reason in err; a failed request for all of
 * them returns KX_ERR_KAFKA. *out is always set. */
int kx_topic_configs_all(rd_kafka_t *rk, const struct kx_snapshot *snap, int timeout_ms, json_t **out,
                         struct kx_err *err);

#endif
