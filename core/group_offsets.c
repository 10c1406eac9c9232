/* group_offsets.c - one group's offsets through the admin API. */
#include "group_offsets.h"
#include "admin_batch.h"
#include "kafka.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int kx_group_describe(rd_kafka_t *rk, const char *group, char *state, size_t state_size,
                      int *members, int timeout_ms, struct kx_err *err)
{
        const struct rd_kafka_group_list *gl = NULL;
        rd_kafka_resp_err_t e = rd_kafka_list_groups(rk, group, &gl, timeout_ms);

        if (e)
                return kx_err_set(err, KX_ERR_KAFKA, "describe group %s: %s", group, rd_kafka_err2str(e));
        snprintf(state, state_size, "Dead");
        *members = 0;
        if (gl->group_cnt > 0 && !gl->groups[0].err) {
                snprintf(state, state_size, "%s", gl->groups[0].state);
                *members = gl->groups[0].member_cnt;
        }
        rd_kafka_group_list_destroy(gl);
        return 0;
}

struct offsets_call {
        const char *group;
        rd_kafka_topic_partition_list_t *list;
        const rd_kafka_topic_partition_list_t *alter;
        struct kx_err *err;
        int rc;
};

static void fetch_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                        rd_kafka_queue_t *q, void *arg)
{
        struct offsets_call *c = arg;
        rd_kafka_ListConsumerGroupOffsets_t *req = rd_kafka_ListConsumerGroupOffsets_new(c->group, c->list);

        (void)item, (void)retry;
        rd_kafka_ListConsumerGroupOffsets(rk, &req, 1, opts, q);
        rd_kafka_ListConsumerGroupOffsets_destroy(req);
}

static void alter_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                        rd_kafka_queue_t *q, void *arg)
{
        struct offsets_call *c = arg;
        rd_kafka_AlterConsumerGroupOffsets_t *req = rd_kafka_AlterConsumerGroupOffsets_new(c->group, c->alter);

        (void)item, (void)retry;
        rd_kafka_AlterConsumerGroupOffsets(rk, &req, 1, opts, q);
        rd_kafka_AlterConsumerGroupOffsets_destroy(req);
}

/* Both results are a group result with a partition list. */
static enum kx_admin_verdict group_result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct offsets_call *c = arg;
        const rd_kafka_group_result_t **groups = NULL;
        const rd_kafka_topic_partition_list_t *parts;
        size_t cnt = 0;

        (void)item;
        if (rd_kafka_event_error(ev)) {
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "group %s: %s", c->group,
                                   rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        if (rd_kafka_event_ListConsumerGroupOffsets_result(ev))
                groups = rd_kafka_ListConsumerGroupOffsets_result_groups(
                        rd_kafka_event_ListConsumerGroupOffsets_result(ev), &cnt);
        else if (rd_kafka_event_AlterConsumerGroupOffsets_result(ev))
                groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(
                        rd_kafka_event_AlterConsumerGroupOffsets_result(ev), &cnt);
        if (cnt < 1 || rd_kafka_group_result_error(groups[0])) {
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "group %s: %s", c->group,
                                   cnt ? rd_kafka_error_string(rd_kafka_group_result_error(groups[0]))
                                       : "no result");
                return KX_ADMIN_DONE;
        }
        parts = rd_kafka_group_result_partitions(groups[0]);
        for (int i = 0; parts && i < parts->cnt; i++) {
                const rd_kafka_topic_partition_t *tp = &parts->elems[i];
                rd_kafka_topic_partition_t *mine;

                if (tp->err) {
                        c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "group %s %s[%d]: %s", c->group,
                                           tp->topic, tp->partition, rd_kafka_err2str(tp->err));
                        continue;
                }
                mine = c->list ? rd_kafka_topic_partition_list_find(c->list, tp->topic, tp->partition)
                               : NULL;
                if (mine)
                        mine->offset = tp->offset >= 0 ? tp->offset : -1;
        }
        return KX_ADMIN_DONE;
}

int kx_group_committed(rd_kafka_t *rk, const char *group, rd_kafka_topic_partition_list_t *list,
                       int timeout_ms, struct kx_err *err)
{
        struct offsets_call c = {.group = group, .list = list, .err = err};

        for (int i = 0; i < list->cnt; i++)
                list->elems[i].offset = -1;
        kx_admin_run_one(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout_ms, fetch_issue,
                         group_result, &c);
        return c.rc;
}

int kx_group_alter(rd_kafka_t *rk, const char *group, const rd_kafka_topic_partition_list_t *list,
                   int timeout_ms, struct kx_err *err)
{
        struct offsets_call c = {.group = group, .alter = list, .err = err};

        kx_admin_run_one(rk, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS, timeout_ms, alter_issue,
                         group_result, &c);
        return c.rc;
}

rd_kafka_topic_partition_list_t *kx_topic_partitions(rd_kafka_t *rk, const char *topic,
                                                     int timeout_ms, struct kx_err *err)
{
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_topic_partition_list_t *list = NULL;
        rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, rkt, &md, timeout_ms);

        if (e) {
                kx_err_set(err, KX_ERR_KAFKA, "metadata for %s: %s", topic, rd_kafka_err2str(e));
        } else if (md->topic_cnt < 1 || md->topics[0].err || md->topics[0].partition_cnt == 0) {
                kx_err_set(err, KX_ERR_NOT_FOUND, "topic %s: %s", topic,
                           md->topic_cnt && md->topics[0].err ? rd_kafka_err2str(md->topics[0].err)
                                                              : "does not exist");
        } else {
                list = rd_kafka_topic_partition_list_new(md->topics[0].partition_cnt);
                for (int i = 0; i < md->topics[0].partition_cnt; i++)
                        rd_kafka_topic_partition_list_add(list, topic, md->topics[0].partitions[i].id);
                rd_kafka_topic_partition_list_sort(list, NULL, NULL);
        }
        if (md)
                rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(rkt);
        return list;
}

/* Errors a partition reports while its leadership settles (a topic created
 * a moment ago, a broker restarting): asking again shortly succeeds. */
static bool leadership_settling(rd_kafka_resp_err_t e)
{
        return e == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION || e == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE ||
               e == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || e == RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH ||
               e == RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH || e == RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE;
}

/* One ListOffsets round for list (timestamps in, offsets out), or the first
 * error, top-level or per partition. */
static rd_kafka_resp_err_t offsets_once(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *list, int timeout_ms)
{
        rd_kafka_topic_partition_list_t *ends = rd_kafka_topic_partition_list_copy(list);
        rd_kafka_resp_err_t e;

        for (int i = 0; i < ends->cnt; i++)
                ends->elems[i].offset = -1;
        e = rd_kafka_offsets_for_times(rk, list, timeout_ms);
        if (!e)
                e = rd_kafka_offsets_for_times(rk, ends, timeout_ms);
        for (int i = 0; !e && i < list->cnt; i++) {
                if (list->elems[i].err) {
                        e = list->elems[i].err;
                        break;
                }
                if (list->elems[i].offset < 0) /* no record that new: the log end */
                        list->elems[i].offset = ends->elems[i].offset;
        }
        rd_kafka_topic_partition_list_destroy(ends);
        return e;
}

int kx_offsets_for(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *list, int timeout_ms,
                   struct kx_err *err)
{
        int64_t deadline = kx_mono_ms() + timeout_ms;
        rd_kafka_resp_err_t e;

        for (;;) {
                rd_kafka_topic_partition_list_t *attempt = rd_kafka_topic_partition_list_copy(list);

                e = offsets_once(rk, attempt, timeout_ms);
                if (!e || !leadership_settling(e) || kx_mono_ms() + 200 >= deadline) {
                        if (!e)
                                for (int i = 0; i < list->cnt; i++)
                                        list->elems[i].offset = attempt->elems[i].offset;
                        rd_kafka_topic_partition_list_destroy(attempt);
                        break;
                }
                rd_kafka_topic_partition_list_destroy(attempt);
                usleep(200 * 1000);
        }
        if (e)
                return kx_err_set(err, KX_ERR_KAFKA, "ListOffsets: %s", rd_kafka_err2str(e));
        return 0;
}
