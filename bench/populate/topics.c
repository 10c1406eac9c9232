/* topics.c - create the topics in batches and wait for their leaders.
 *
 * Batches go out a few at a time on one admin handle and queue, matched by
 * the opaque (the batch's first topic). A retriable failure of a topic or of
 * a whole request puts the topics into the next round; TOPIC_ALREADY_EXISTS
 * is success, so a timed-out creation that did land is not an error.
 */
#include "populate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INFLIGHT 4
#define ROUNDS 6
#define REQUEST_TIMEOUT_MS 120000

struct create_round {
        const struct pop_opts *o;
        rd_kafka_t *rk;
        rd_kafka_queue_t *q;
        int *todo, todo_cnt;    /* topic indexes of this round */
        int *next, next_cnt;    /* to retry in the next round */
        int created, existed;
        int fatal;
};

static bool retriable(rd_kafka_resp_err_t e)
{
        switch (e) {
        case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
        case RD_KAFKA_RESP_ERR__TIMED_OUT:
        case RD_KAFKA_RESP_ERR__TRANSPORT:
        case RD_KAFKA_RESP_ERR_NOT_CONTROLLER:
        case RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED:
        case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
        case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS:
                return true;
        default:
                return false;
        }
}

/* Send the topics todo[first, first + n) as one CreateTopics request. */
static void issue(struct create_round *cr, int first, int n)
{
        rd_kafka_NewTopic_t **nt = pop_xcalloc((size_t)n, sizeof(*nt));
        rd_kafka_AdminOptions_t *opts;
        char name[256], errstr[256];

        for (int i = 0; i < n; i++) {
                pop_topic_name(cr->o, cr->todo[first + i], name, sizeof(name));
                nt[i] = rd_kafka_NewTopic_new(name, cr->o->partitions, 1, errstr,
                                              sizeof(errstr));
        }
        opts = rd_kafka_AdminOptions_new(cr->rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
        rd_kafka_AdminOptions_set_request_timeout(opts, REQUEST_TIMEOUT_MS, errstr,
                                                  sizeof(errstr));
        rd_kafka_AdminOptions_set_operation_timeout(opts, REQUEST_TIMEOUT_MS / 2, errstr,
                                                    sizeof(errstr));
        rd_kafka_AdminOptions_set_opaque(opts, (void *)(intptr_t)first);
        rd_kafka_CreateTopics(cr->rk, nt, (size_t)n, opts, cr->q);
        rd_kafka_AdminOptions_destroy(opts);
        rd_kafka_NewTopic_destroy_array(nt, (size_t)n);
        free(nt);
}

static int topic_index(const struct pop_opts *o, const char *name)
{
        size_t len = strlen(o->prefix);

        if (strncmp(name, o->prefix, len) || strncmp(name + len, "-t", 2))
                return -1;
        return atoi(name + len + 2);
}

/* Account for one result event of the batch starting at todo[first]. */
static void consume(struct create_round *cr, rd_kafka_event_t *ev, int first)
{
        const rd_kafka_CreateTopics_result_t *res = rd_kafka_event_CreateTopics_result(ev);
        const rd_kafka_topic_result_t **tr;
        rd_kafka_resp_err_t e = rd_kafka_event_error(ev);
        int n = cr->todo_cnt - first < cr->o->batch ? cr->todo_cnt - first : cr->o->batch;
        size_t cnt = 0;

        if (e || !res) {
                pop_log("CreateTopics request failed: %s", rd_kafka_event_error_string(ev));
                if (e && !retriable(e)) {
                        cr->fatal = 1;
                        return;
                }
                for (int i = 0; i < n; i++)
                        cr->next[cr->next_cnt++] = cr->todo[first + i];
                return;
        }
        tr = rd_kafka_CreateTopics_result_topics(res, &cnt);
        for (size_t i = 0; i < cnt; i++) {
                const char *name = rd_kafka_topic_result_name(tr[i]);
                rd_kafka_resp_err_t te = rd_kafka_topic_result_error(tr[i]);

                if (!te) {
                        cr->created++;
                } else if (te == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                        cr->existed++;
                } else if (retriable(te) && topic_index(cr->o, name) >= 0) {
                        cr->next[cr->next_cnt++] = topic_index(cr->o, name);
                } else {
                        pop_log("topic %s: %s: %s", name, rd_kafka_err2name(te),
                                rd_kafka_topic_result_error_string(tr[i]));
                        cr->fatal = 1;
                }
        }
}

/* Issue every batch of cr->todo, at most INFLIGHT at once, and wait for all. */
static void run_round(struct create_round *cr)
{
        int sent = 0, inflight = 0;

        while (sent < cr->todo_cnt || inflight) {
                rd_kafka_event_t *ev;

                while (sent < cr->todo_cnt && inflight < INFLIGHT) {
                        int n = cr->todo_cnt - sent < cr->o->batch ? cr->todo_cnt - sent
                                                                     : cr->o->batch;

                        issue(cr, sent, n);
                        sent += n;
                        inflight++;
                }
                ev = rd_kafka_queue_poll(cr->q, 1000);
                if (!ev)
                        continue;
                if (rd_kafka_event_type(ev) == RD_KAFKA_EVENT_CREATETOPICS_RESULT) {
                        consume(cr, ev, (int)(intptr_t)rd_kafka_event_opaque(ev));
                        inflight--;
                }
                rd_kafka_event_destroy(ev);
        }
}

int pop_create_topics(const struct pop_opts *o)
{
        struct create_round cr = {.o = o};
        int rc = -1;

        cr.rk = pop_client(o, RD_KAFKA_PRODUCER, NULL);
        if (!cr.rk)
                return -1;
        cr.q = rd_kafka_queue_new(cr.rk);
        cr.todo = pop_xcalloc((size_t)o->topics, sizeof(int));
        cr.next = pop_xcalloc((size_t)o->topics, sizeof(int));
        for (int t = 0; t < o->topics; t++)
                cr.todo[t] = t;
        cr.todo_cnt = o->topics;
        for (int round = 0; round < ROUNDS && cr.todo_cnt && !cr.fatal; round++) {
                int *swap;

                if (round) {
                        pop_log("retrying %d topic(s)", cr.todo_cnt);
                        sleep(2);
                }
                cr.next_cnt = 0;
                run_round(&cr);
                swap = cr.todo;
                cr.todo = cr.next;
                cr.next = swap;
                cr.todo_cnt = cr.next_cnt;
        }
        if (!cr.fatal && !cr.todo_cnt)
                rc = 0;
        else if (cr.todo_cnt)
                pop_log("%d topic(s) still not created after %d rounds", cr.todo_cnt, ROUNDS);
        pop_log("topics: %d created, %d already there", cr.created, cr.existed);
        free(cr.todo);
        free(cr.next);
        rd_kafka_queue_destroy(cr.q);
        rd_kafka_destroy(cr.rk);
        return rc;
}

/* Count our topics in md that are complete: P partitions, each with a leader. */
static int complete_topics(const struct pop_opts *o, const struct rd_kafka_metadata *md,
                           long *leaderless)
{
        int done = 0;

        *leaderless = 0;
        for (int i = 0; i < md->topic_cnt; i++) {
                const struct rd_kafka_metadata_topic *t = &md->topics[i];
                int led = 0, idx = topic_index(o, t->topic);

                if (idx < 0 || idx >= o->topics || t->err)
                        continue;
                for (int p = 0; p < t->partition_cnt; p++)
                        led += t->partitions[p].leader >= 0 && !t->partitions[p].err;
                *leaderless += t->partition_cnt - led;
                done += t->partition_cnt == o->partitions && led == o->partitions;
        }
        return done;
}

int pop_wait_leaders(const struct pop_opts *o)
{
        rd_kafka_t *rk = pop_client(o, RD_KAFKA_PRODUCER, NULL);
        int64_t deadline = pop_mono_ms() + (int64_t)o->timeout_s * 1000;
        int done = 0;
        long leaderless = 0;

        if (!rk)
                return -1;
        for (;;) {
                const struct rd_kafka_metadata *md;
                rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 1, NULL, &md, 60000);

                if (!e) {
                        done = complete_topics(o, md, &leaderless);
                        rd_kafka_metadata_destroy(md);
                        if (done == o->topics)
                                break;
                } else {
                        pop_log("metadata: %s", rd_kafka_err2str(e));
                }
                if (pop_mono_ms() > deadline) {
                        pop_log("after %d s: %d of %d topics complete, %ld partition(s) "
                                "without leader", o->timeout_s, done, o->topics, leaderless);
                        rd_kafka_destroy(rk);
                        return -1;
                }
                usleep(500 * 1000);
        }
        rd_kafka_destroy(rk);
        return 0;
}
