/* audit_mirror.c - audit entries to a Kafka topic, best effort. */
#include "audit_mirror.h"
#include "admin_batch.h"
#include "snapshot_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct create_call {
        const char *topic;
        int replication;
        struct kx_err *err;
        int rc;
};

static void create_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                         rd_kafka_queue_t *q, void *arg)
{
        struct create_call *c = arg;
        char errstr[256];
        rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(c->topic, 1, c->replication, errstr, sizeof(errstr));

        (void)item, (void)retry;
        rd_kafka_NewTopic_set_config(nt, "retention.ms", "-1");
        rd_kafka_NewTopic_set_config(nt, "cleanup.policy", "delete");
        if (c->replication >= 3)
                rd_kafka_NewTopic_set_config(nt, "min.insync.replicas", "2");
        rd_kafka_CreateTopics(rk, &nt, 1, opts, q);
        rd_kafka_NewTopic_destroy(nt);
}

static enum kx_admin_verdict create_result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct create_call *c = arg;
        const rd_kafka_topic_result_t **r;
        size_t cnt = 0;

        (void)item;
        if (rd_kafka_event_error(ev)) {
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "create %s: %s", c->topic,
                                   rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        r = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &cnt);
        if (cnt && rd_kafka_topic_result_error(r[0]) &&
            rd_kafka_topic_result_error(r[0]) != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "create %s: %s", c->topic,
                                   rd_kafka_topic_result_error_string(r[0]));
        return KX_ADMIN_DONE;
}

/* Create topic unless metadata already lists it. */
static int ensure_topic(rd_kafka_t *rk, const char *topic, struct kx_err *err)
{
        const struct rd_kafka_metadata *md;
        struct create_call c = {.topic = topic, .err = err};
        bool exists = false;

        if (rd_kafka_metadata(rk, 1, NULL, &md, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR)
                return kx_err_set(err, KX_ERR_KAFKA, "audit mirror: no metadata");
        for (int i = 0; i < md->topic_cnt; i++)
                exists |= !strcmp(md->topics[i].topic, topic) && !md->topics[i].err;
        c.replication = md->broker_cnt >= 3 ? 3 : 1;
        rd_kafka_metadata_destroy(md);
        if (exists)
                return 0;
        kx_admin_run_one(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, 10000, create_issue, create_result, &c);
        return c.rc;
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
