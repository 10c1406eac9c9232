/* topic_admin.c - create a topic, count a topic's partitions. */
#include "topic_admin.h"
#include "admin_batch.h"

#include <stdio.h>

struct create_call {
        const struct kx_new_topic *t;
        struct kx_err *err;
        int rc;
};

static void create_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                         rd_kafka_queue_t *q, void *arg)
{
        struct create_call *c = arg;
        const struct kx_new_topic *t = c->t;
        char errstr[256];
        rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(t->name, t->partitions,
                                                        t->assignment ? -1 : t->replication, errstr,
                                                        sizeof(errstr));
        const char *name;
        json_t *value;

        (void)item, (void)retry;
        if (!nt) {
                c->rc = kx_err_set(c->err, KX_ERR_USAGE, "topic %s: %s", t->name, errstr);
                return;
        }
        if (t->validate_only)
                rd_kafka_AdminOptions_set_validate_only(opts, 1, errstr, sizeof(errstr));
        for (int i = 0; t->assignment && i < t->partitions; i++) {
                int32_t replicas[KX_TOPIC_MAX_REPLICAS];

                for (int r = 0; r < t->assign_width; r++)
                        replicas[r] = t->assignment[(size_t)i * (size_t)t->assign_width + (size_t)r];
                rd_kafka_NewTopic_set_replica_assignment(nt, i, replicas, (size_t)t->assign_width,
                                                         errstr, sizeof(errstr));
        }
        json_object_foreach((json_t *)t->configs, name, value)
                rd_kafka_NewTopic_set_config(nt, name, json_string_value(value));
        rd_kafka_CreateTopics(rk, &nt, 1, opts, q);
        rd_kafka_NewTopic_destroy(nt);
}

static enum kx_admin_verdict create_result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct create_call *c = arg;
        const rd_kafka_CreateTopics_result_t *res = rd_kafka_event_CreateTopics_result(ev);
        const rd_kafka_topic_result_t **tr = NULL;
        const char *why;
        size_t n = 0;
        rd_kafka_resp_err_t e;

        (void)item;
        if (rd_kafka_event_error(ev) || !res) {
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "CreateTopics %s: %s", c->t->name,
                                   rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        tr = rd_kafka_CreateTopics_result_topics(res, &n);
        e = n ? rd_kafka_topic_result_error(tr[0]) : RD_KAFKA_RESP_ERR__FAIL;
        why = n && rd_kafka_topic_result_error_string(tr[0]) ? rd_kafka_topic_result_error_string(tr[0])
                                                             : rd_kafka_err2str(e);
        if (!e || (e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS && c->t->exists_ok))
                return KX_ADMIN_DONE;
        if (e == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
            e == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED)
                c->rc = kx_err_set(c->err, KX_ERR_REFUSED, "CreateTopics %s: not authorized (%s)",
                                   c->t->name, rd_kafka_err2name(e));
        else
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "CreateTopics %s: %s", c->t->name, why);
        return KX_ADMIN_DONE;
}

int kx_topic_create(rd_kafka_t *rk, const struct kx_new_topic *t, int timeout_ms, struct kx_err *err)
{
        struct create_call c = {.t = t, .err = err};

        if (t->partitions < 1 || (!t->assignment && t->replication < 1 && t->replication != -1) ||
            (t->assignment && (t->assign_width < 1 || t->assign_width > KX_TOPIC_MAX_REPLICAS)))
                return kx_err_set(err, KX_ERR_USAGE, "topic %s: partitions and replication must be >= 1",
                                  t->name);
        kx_admin_run_one(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, timeout_ms, create_issue, create_result, &c);
        return c.rc;
}

int kx_topic_partition_count(rd_kafka_t *rk, const char *topic, int timeout_ms)
{
        rd_kafka_topic_t *t = rd_kafka_topic_new(rk, topic, NULL);
        const struct rd_kafka_metadata *md = NULL;
        int n = -1;

        if (t && rd_kafka_metadata(rk, 0, t, &md, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR &&
            md->topic_cnt == 1 && !md->topics[0].err)
                n = md->topics[0].partition_cnt;
        if (md)
                rd_kafka_metadata_destroy(md);
        if (t)
                rd_kafka_topic_destroy(t);
        return n;
}
