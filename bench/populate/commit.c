/* commit.c - committed offsets for every group, without members.
 *
 * Group g commits on every partition of the topics t with t % G == g (when
 * T >= G), so each partition is committed by exactly one group and the
 * group-partitions add up to the partitions; with fewer topics than groups,
 * group g takes topic g % T. Each group is a consumer that never subscribes:
 * rd_kafka_commit() of one partition list sends an OffsetCommit with
 * generation -1, which the coordinator accepts for an empty group. A few
 * worker threads commit at once, each with its own handle per group.
 */
#include "populate.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct commit_run {
        const struct pop_opts *o;
        atomic_int next;        /* next group to commit */
        atomic_int failed;
        atomic_long committed;  /* partition offsets */
};

static bool retriable(rd_kafka_resp_err_t e)
{
        switch (e) {
        case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_NOT_COORDINATOR:
        case RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS:
        case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
        case RD_KAFKA_RESP_ERR__TIMED_OUT:
        case RD_KAFKA_RESP_ERR__TRANSPORT:
        case RD_KAFKA_RESP_ERR__WAIT_COORD:
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
                return true;
        default:
                return false;
        }
}

/* The offsets group g commits: see the file comment. */
static rd_kafka_topic_partition_list_t *group_offsets(const struct pop_opts *o, int g)
{
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(0);
        int first = o->topics >= o->groups ? g : g % o->topics;
        int step = o->topics >= o->groups ? o->groups : o->topics;
        char name[256];

        for (int t = first; t < o->topics; t += step) {
                pop_topic_name(o, t, name, sizeof(name));
                for (int p = 0; p < o->partitions; p++) {
                        rd_kafka_topic_partition_t *tp =
                                rd_kafka_topic_partition_list_add(list, name, p);

                        tp->offset = pop_sampled(o, t, p) ? o->messages / 2 : 0;
                }
                if (o->topics < o->groups)
                        break;
        }
        return list;
}

/* The first per-partition error of a committed list, or 0. */
static rd_kafka_resp_err_t first_partition_error(const rd_kafka_topic_partition_list_t *list)
{
        for (int i = 0; i < list->cnt; i++)
                if (list->elems[i].err)
                        return list->elems[i].err;
        return RD_KAFKA_RESP_ERR_NO_ERROR;
}

/* Whether e means the handle's idea of the coordinator is wrong or not yet
 * there; a new handle looks it up afresh. */
static bool coordinator_error(rd_kafka_resp_err_t e)
{
        return e == RD_KAFKA_RESP_ERR_NOT_COORDINATOR ||
               e == RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE ||
               e == RD_KAFKA_RESP_ERR__WAIT_COORD;
}

static void close_consumer(rd_kafka_t *rk)
{
        if (!rk)
                return;
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
}

/* Commit group g's offsets, retrying retriable errors until the stage's
 * time is up. Returns 0 or -1 after logging why. */
static int commit_group(struct commit_run *cr, int g)
{
        char group[256];
        const char *extra[] = {"group.id", pop_group_name(cr->o, g, group, sizeof(group)),
                               "enable.auto.commit", "false",
                               "enable.auto.offset.store", "false", NULL};
        int64_t deadline = pop_mono_ms() + (int64_t)cr->o->timeout_s * 1000;
        rd_kafka_topic_partition_list_t *list = group_offsets(cr->o, g);
        rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR_NO_ERROR;
        rd_kafka_t *rk = NULL;
        int count = list->cnt;

        for (int attempt = 0;; attempt++) {
                if (attempt)
                        usleep(attempt < 5 ? 200 * 1000 : 1000 * 1000);
                if (!rk)
                        rk = pop_client(cr->o, RD_KAFKA_CONSUMER, extra);
                if (!rk) {
                        rd_kafka_topic_partition_list_destroy(list);
                        return -1;
                }
                e = rd_kafka_commit(rk, list, 0);
                if (!e)
                        e = first_partition_error(list);
                if (!e || !retriable(e) || pop_mono_ms() > deadline)
                        break;
                if (coordinator_error(e)) {
                        close_consumer(rk);
                        rk = NULL;
                }
        }
        rd_kafka_topic_partition_list_destroy(list);
        close_consumer(rk);
        if (e) {
                pop_log("commit of group %s: %s", group, rd_kafka_err2str(e));
                return -1;
        }
        atomic_fetch_add(&cr->committed, count);
        return 0;
}

static void *worker(void *arg)
{
        struct commit_run *cr = arg;
        int g;

        while ((g = atomic_fetch_add(&cr->next, 1)) < cr->o->groups)
                if (commit_group(cr, g))
                        atomic_fetch_add(&cr->failed, 1);
        return NULL;
}

int pop_commit(const struct pop_opts *o)
{
        struct commit_run cr = {.o = o};
        int n = o->workers < o->groups ? o->workers : o->groups;
        pthread_t *threads = pop_xcalloc((size_t)n, sizeof(*threads));
        int started = 0;

        atomic_init(&cr.next, 0);
        atomic_init(&cr.failed, 0);
        atomic_init(&cr.committed, 0);
        for (int i = 0; i < n; i++)
                started += pthread_create(&threads[started], NULL, worker, &cr) == 0;
        if (!started)
                worker(&cr);
        for (int i = 0; i < started; i++)
                pthread_join(threads[i], NULL);
        free(threads);
        pop_log("committed %ld group-partition offset(s) for %d group(s)",
                atomic_load(&cr.committed), o->groups - atomic_load(&cr.failed));
        if (atomic_load(&cr.failed)) {
                pop_log("%d group(s) failed to commit", atomic_load(&cr.failed));
                return -1;
        }
        return 0;
}
