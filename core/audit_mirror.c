/* audit_mirror.c - audit entries to a Kafka topic, best effort. */
#include "audit_mirror.h"
#include "topic_admin.h"
#include "snapshot_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Create topic unless metadata already lists it: kept forever, and on 3+
 * brokers replicated 3 times with min.insync.replicas 2. */
static int ensure_topic(rd_kafka_t *rk, const char *topic, struct kx_err *err)
{
        const struct rd_kafka_metadata *md;
        struct kx_new_topic t = {.name = topic, .partitions = 1, .exists_ok = true};
        json_t *configs;
        bool exists = false;
        int rc;

        if (rd_kafka_metadata(rk, 1, NULL, &md, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR)
                return kx_err_set(err, KX_ERR_KAFKA, "audit mirror: no metadata");
        for (int i = 0; i < md->topic_cnt; i++)
                exists |= !strcmp(md->topics[i].topic, topic) && !md->topics[i].err;
        t.replication = md->broker_cnt >= 3 ? 3 : 1;
        rd_kafka_metadata_destroy(md);
        if (exists)
                return 0;
        configs = json_pack("{s:s, s:s}", "retention.ms", "-1", "cleanup.policy", "delete");
        if (t.replication >= 3)
                json_object_set_new(configs, "min.insync.replicas", json_string("2"));
        t.configs = configs;
        rc = kx_topic_create(rk, &t, 10000, err);
        json_decref(configs);
        return rc;
}

int kx_audit_mirror(const struct kx_config *cfg, struct kx_logbuf *lb, const char *topic,
                    const struct kx_audit_entry *e, struct kx_err *err)
{
        rd_kafka_t *rk;
        json_t *doc;
        char *text, key[32], when[40];
        rd_kafka_resp_err_t perr;
        int rc;

        /* An idempotent producer (acks=all), so an acked copy is durable. */
        rk = kx_kafka_producer_new(cfg, lb, "klaxon-audit", err);
        if (!rk)
                return err->code;
        rc = ensure_topic(rk, topic, err);
        if (!rc) {
                doc = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:O?, s:O?, s:O?}", "id",
                                (json_int_t)e->id, "at", kx_iso8601(e->at_ms, when, sizeof(when)),
                                "operator", e->operator_name, "origin", e->origin, "action", e->action,
                                "target", e->target, "outcome", e->outcome, "reason",
                                e->reason ? e->reason : "", "plan", e->plan, "result", e->result,
                                "undo", e->undo);
                text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
                snprintf(key, sizeof(key), "%lld", (long long)e->id);
                perr = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY(key, strlen(key)),
                                         RD_KAFKA_V_VALUE(text, strlen(text)),
                                         RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
                if (!perr)
                        perr = rd_kafka_flush(rk, 10000);
                if (!perr && rd_kafka_outq_len(rk) > 0)
                        perr = RD_KAFKA_RESP_ERR__TIMED_OUT;
                if (perr)
                        rc = kx_err_set(err, KX_ERR_KAFKA, "audit mirror to %s: %s", topic,
                                        rd_kafka_err2str(perr));
                free(text);
                json_decref(doc);
        }
        rd_kafka_destroy(rk);
        return rc;
}
