/* kafkatest.c - real-cluster helpers for integration suites. */
#include "kafkatest.h"
#include "testlib.h"

#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static rd_kafka_t *client(const char *bootstrap, rd_kafka_type_t type, const char *group)
{
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        char errstr[512];
        rd_kafka_t *rk;

        rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, NULL, 0);
        rd_kafka_conf_set(conf, "log_level", "3", NULL, 0);
        if (group) {
                rd_kafka_conf_set(conf, "group.id", group, NULL, 0);
                rd_kafka_conf_set(conf, "enable.auto.commit", "false", NULL, 0);
                rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", NULL, 0);
        }
        if (type == RD_KAFKA_PRODUCER)
                rd_kafka_conf_set(conf, "acks", "all", NULL, 0);
        rk = rd_kafka_new(type, conf, errstr, sizeof(errstr));
        ck_assert_msg(rk != NULL, "rd_kafka_new: %s", errstr);
        return rk;
}

/* Run one admin call whose result arrives on q and check its event error. */
static rd_kafka_event_t *admin_wait(rd_kafka_queue_t *q, rd_kafka_event_type_t want)
{
        rd_kafka_event_t *ev;

        for (;;) {
                ev = rd_kafka_queue_poll(q, KX_TEST_WAIT_MS);
                ck_assert_msg(ev != NULL, "admin call: no result within %d s", KX_TEST_WAIT_MS / 1000);
                if (rd_kafka_event_type(ev) == want)
                        break;
                rd_kafka_event_destroy(ev);
        }
        ck_assert_msg(!rd_kafka_event_error(ev), "admin: %s", rd_kafka_event_error_string(ev));
        return ev;
}

static void wait_for_leaders(rd_kafka_t *rk, const char *topic, int partitions)
{
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
        struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
        int ok;

        do {
                const struct rd_kafka_metadata *md;

                ok = 0;
                if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                        if (md->topic_cnt == 1 && !md->topics[0].err)
                                for (int p = 0; p < md->topics[0].partition_cnt; p++)
                                        ok += md->topics[0].partitions[p].leader >= 0;
                        rd_kafka_metadata_destroy(md);
                }
        } while (ok != partitions && kx_test_wait_more(&w, 100));
        rd_kafka_topic_destroy(rkt);
        ck_assert_msg(ok == partitions, "topic %s: only %d of %d partitions got a leader", topic, ok,
                      partitions);
}

void kt_create_topic(const char *bootstrap, const char *topic, int partitions, int replication)
{
        rd_kafka_t *rk = client(bootstrap, RD_KAFKA_PRODUCER, NULL);
        rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
        rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic, partitions, replication, NULL, 0);
        const rd_kafka_topic_result_t **res;
        rd_kafka_event_t *ev;
        size_t cnt;

        rd_kafka_CreateTopics(rk, &nt, 1, NULL, q);
        ev = admin_wait(q, RD_KAFKA_EVENT_CREATETOPICS_RESULT);
        res = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &cnt);
        ck_assert_msg(cnt == 1 && !rd_kafka_topic_result_error(res[0]), "create %s: %s", topic,
                      cnt ? rd_kafka_topic_result_error_string(res[0]) : "no result");
        rd_kafka_event_destroy(ev);
        rd_kafka_NewTopic_destroy(nt);
        wait_for_leaders(rk, topic, partitions);
        rd_kafka_queue_destroy(q);
        rd_kafka_destroy(rk);
}

void kt_produce(const char *bootstrap, const char *topic, int32_t partition, int count)
{
        rd_kafka_t *rk = client(bootstrap, RD_KAFKA_PRODUCER, NULL);

        for (int i = 0; i < count; i++) {
                char key[32], value[64];
                rd_kafka_resp_err_t e;

                snprintf(key, sizeof(key), "key-%d", i);
                snprintf(value, sizeof(value), "{\"n\":%d}", i);
                do {
                        e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic),
                                              RD_KAFKA_V_PARTITION(partition),
                                              RD_KAFKA_V_KEY(key, strlen(key)),
                                              RD_KAFKA_V_VALUE(value, strlen(value)),
                                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
                        if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL)
                                rd_kafka_poll(rk, 10);
                } while (e == RD_KAFKA_RESP_ERR__QUEUE_FULL);
                ck_assert_msg(!e, "produce: %s", rd_kafka_err2str(e));
        }
        ck_assert_int_eq(rd_kafka_flush(rk, KX_TEST_WAIT_MS), RD_KAFKA_RESP_ERR_NO_ERROR);
        ck_assert_int_eq(rd_kafka_outq_len(rk), 0);
        rd_kafka_destroy(rk);
}

void kt_commit(const char *bootstrap, const char *group, const char *topic, int32_t partition,
               int64_t offset)
{
        rd_kafka_t *rk = client(bootstrap, RD_KAFKA_CONSUMER, group);
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
        rd_kafka_resp_err_t e;

        rd_kafka_topic_partition_list_add(list, topic, partition)->offset = offset;
        e = rd_kafka_commit(rk, list, 0);
        ck_assert_msg(!e, "commit %s %s[%d]@%lld: %s", group, topic, partition, (long long)offset,
                      rd_kafka_err2str(e));
        rd_kafka_topic_partition_list_destroy(list);
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
}

struct kt_member {
        rd_kafka_t *rk;
        pthread_t thread;
        atomic_bool stop;
};

static void *member_loop(void *arg)
{
        struct kt_member *m = arg;

        while (!atomic_load(&m->stop)) {
                rd_kafka_message_t *msg = rd_kafka_consumer_poll(m->rk, 100);

                if (msg)
                        rd_kafka_message_destroy(msg);
        }
        return NULL;
}

struct kt_member *kt_member_start(const char *bootstrap, const char *group, const char *topic,
                                  int32_t commit_partition, int64_t commit_offset)
{
        struct kt_member *m = calloc(1, sizeof(*m));
        rd_kafka_topic_partition_list_t *sub = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_t *assigned = NULL;

        m->rk = client(bootstrap, RD_KAFKA_CONSUMER, group);
        rd_kafka_poll_set_consumer(m->rk);
        rd_kafka_topic_partition_list_add(sub, topic, RD_KAFKA_PARTITION_UA);
        ck_assert_int_eq(rd_kafka_subscribe(m->rk, sub), 0);
        rd_kafka_topic_partition_list_destroy(sub);
        /* Poll without consuming far until the group hands out partitions. */
        {
                struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);

                do {
                        rd_kafka_message_t *msg = rd_kafka_consumer_poll(m->rk, 100);

                        if (msg)
                                rd_kafka_message_destroy(msg);
                        if (rd_kafka_assignment(m->rk, &assigned) == 0 && assigned->cnt > 0)
                                break;
                        rd_kafka_topic_partition_list_destroy(assigned);
                        assigned = NULL;
                } while (kx_test_wait_more(&w, 0));
        }
        ck_assert_msg(assigned != NULL, "group %s: no assignment within %d s", group, KX_TEST_WAIT_MS / 1000);
        rd_kafka_topic_partition_list_destroy(assigned);
        if (commit_partition >= 0) {
                rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);

                rd_kafka_topic_partition_list_add(list, topic, commit_partition)->offset = commit_offset;
                ck_assert_int_eq(rd_kafka_commit(m->rk, list, 0), 0);
                rd_kafka_topic_partition_list_destroy(list);
        }
        /* Stop fetching so nothing else moves while the test compares. */
        rd_kafka_assignment(m->rk, &assigned);
        rd_kafka_pause_partitions(m->rk, assigned);
        rd_kafka_topic_partition_list_destroy(assigned);
        atomic_init(&m->stop, false);
        pthread_create(&m->thread, NULL, member_loop, m);
        return m;
}

void kt_member_stop(struct kt_member *m)
{
        atomic_store(&m->stop, true);
        pthread_join(m->thread, NULL);
        rd_kafka_consumer_close(m->rk);
        rd_kafka_destroy(m->rk);
        free(m);
}

void kt_delete_records(const char *bootstrap, const char *topic, int32_t partition,
                       int64_t before_offset)
{
        rd_kafka_t *rk = client(bootstrap, RD_KAFKA_PRODUCER, NULL);
        rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
        rd_kafka_DeleteRecords_t *del;
        rd_kafka_event_t *ev;
        const rd_kafka_topic_partition_list_t *res;

        rd_kafka_topic_partition_list_add(list, topic, partition)->offset = before_offset;
        del = rd_kafka_DeleteRecords_new(list);
        rd_kafka_DeleteRecords(rk, &del, 1, NULL, q);
        ev = admin_wait(q, RD_KAFKA_EVENT_DELETERECORDS_RESULT);
        res = rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(ev));
        ck_assert_msg(res && res->cnt == 1 && !res->elems[0].err, "delete records: %s",
                      res && res->cnt ? rd_kafka_err2str(res->elems[0].err) : "no result");
        rd_kafka_event_destroy(ev);
        rd_kafka_DeleteRecords_destroy(del);
        rd_kafka_topic_partition_list_destroy(list);
        rd_kafka_queue_destroy(q);
        rd_kafka_destroy(rk);
}
