/* collect_groups.c - phase 3: group states, members and committed offsets.
 *
 * ListConsumerGroups gives every group and its state (one ListGroups per
 * broker). The legacy rd_kafka_list_groups() adds members and their
 * assignments with one batched DescribeGroups per broker, far cheaper than
 * DescribeConsumerGroups' request per group. Committed offsets take one
 * ListConsumerGroupOffsets per group (librdkafka's limit); they are all issued
 * concurrently over the handle pool, each sent straight to the group's
 * coordinator: the leader of __consumer_offsets partition
 * abs(javaHash(group)) % partitions. NOT_COORDINATOR falls back to
 * librdkafka's own FindCoordinator.
 */
#include "admin_batch.h"
#include "collect_internal.h"
#include "javahash.h"
#include "parallel.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct slot_part {
        char *topic;
        int32_t partition;
        int64_t committed;
        char *client_id;  /* owning member, or NULL */
};

struct group_slot {
        char *id;
        char *state;
        char *protocol_type;
        bool simple;
        int members;
        struct slot_part *parts;
        int part_cnt, part_cap;
        char *error;
        int32_t coordinator;  /* -1: let librdkafka find it */
};

struct groups_run {
        struct kx_collect_run *run;
        struct group_slot *slots;
        size_t slot_cnt;
        const struct rd_kafka_group_list *legacy;  /* from rd_kafka_list_groups */
        rd_kafka_resp_err_t legacy_err;
};

static int slot_cmp(const void *a, const void *b)
{
        return strcmp(((const struct group_slot *)a)->id, ((const struct group_slot *)b)->id);
}

static struct group_slot *slot_find(struct groups_run *gr, const char *id)
{
        struct group_slot key = {.id = (char *)id};

        if (!gr->slot_cnt)
                return NULL;
        return bsearch(&key, gr->slots, gr->slot_cnt, sizeof(key), slot_cmp);
}

static struct group_slot *slot_add(struct groups_run *gr, const char *id)
{
        struct group_slot *s;

        gr->slots = kx_xrealloc(gr->slots, (gr->slot_cnt + 1) * sizeof(*gr->slots));
        s = &gr->slots[gr->slot_cnt++];
        memset(s, 0, sizeof(*s));
        s->id = kx_xstrdup(id);
        s->members = -1;
        s->coordinator = -1;
        return s;
}

/* ---- ListConsumerGroups ---- */

static void list_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                       rd_kafka_queue_t *q, void *ctx)
{
        (void)item, (void)retry, (void)ctx;
        rd_kafka_ListConsumerGroups(rk, opts, q);
}

static enum kx_admin_verdict list_result(size_t item, rd_kafka_event_t *ev, void *ctx)
{
        struct groups_run *gr = ctx;
        const rd_kafka_ListConsumerGroups_result_t *res = rd_kafka_event_ListConsumerGroups_result(ev);
        const rd_kafka_ConsumerGroupListing_t **valid;
        const rd_kafka_error_t **errors;
        size_t cnt, err_cnt;

        (void)item;
        if (rd_kafka_event_error(ev) || !res) {
                kx_collect_error(gr->run, "groups", "ListConsumerGroups: %s",
                                 rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        valid = rd_kafka_ListConsumerGroups_result_valid(res, &cnt);
        for (size_t i = 0; i < cnt; i++) {
                struct group_slot *s = slot_add(gr, rd_kafka_ConsumerGroupListing_group_id(valid[i]));

                s->simple = rd_kafka_ConsumerGroupListing_is_simple_consumer_group(valid[i]);
                s->state = kx_xstrdup(rd_kafka_consumer_group_state_name(
                        rd_kafka_ConsumerGroupListing_state(valid[i])));
        }
        errors = rd_kafka_ListConsumerGroups_result_errors(res, &err_cnt);
        for (size_t i = 0; i < err_cnt; i++)
                kx_collect_error(gr->run, "groups", "ListConsumerGroups: %s",
                                 rd_kafka_error_string(errors[i]));
        return KX_ADMIN_DONE;
}

static void run_listing(size_t which, void *arg)
{
        struct groups_run *gr = arg;
        struct kx_collector *c = gr->run->c;

        if (which == 0) {
                kx_admin_run_one(c->handles[0], RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS,
                                 c->opts.timeout_ms, list_issue, list_result, gr);
        } else {
                rd_kafka_t *rk = c->handles[c->handle_cnt > 1 ? 1 : 0];

                gr->legacy_err = rd_kafka_list_groups(rk, NULL, &gr->legacy, c->opts.timeout_ms);
        }
}

/* ---- members and assignments ---- */

struct reader {
        const unsigned char *p;
        size_t left;
        bool bad;
};

static int32_t rd_i32(struct reader *r)
{
        int32_t v;

        if (r->left < 4) {
                r->bad = true;
                return 0;
        }
        v = (int32_t)((uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
                      (uint32_t)r->p[2] << 8 | r->p[3]);
        r->p += 4;
        r->left -= 4;
        return v;
}

static int16_t rd_i16(struct reader *r)
{
        int16_t v;

        if (r->left < 2) {
                r->bad = true;
                return 0;
        }
        v = (int16_t)((uint16_t)r->p[0] << 8 | r->p[1]);
        r->p += 2;
        r->left -= 2;
        return v;
}

/* Append without searching: duplicates (an assigned partition that also has
 * a commit) are merged after sorting, in merge_parts(). */
static void slot_add_part(struct group_slot *s, const char *topic, size_t topic_len,
                          int32_t partition, int64_t committed, const char *client_id)
{
        struct slot_part *sp;

        if (s->part_cnt == s->part_cap) {
                s->part_cap = s->part_cap ? s->part_cap * 2 : 8;
                s->parts = kx_xrealloc(s->parts, (size_t)s->part_cap * sizeof(*s->parts));
        }
        sp = &s->parts[s->part_cnt++];
        sp->topic = kx_xmalloc(topic_len + 1);
        memcpy(sp->topic, topic, topic_len);
        sp->topic[topic_len] = '\0';
        sp->partition = partition;
        sp->committed = committed;
        sp->client_id = client_id ? kx_xstrdup(client_id) : NULL;
}

/* ConsumerProtocolAssignment: int16 version, [string topic, [int32]], bytes.
 * Anything malformed is ignored: an assignment is a hint, not a fact. */
static void parse_assignment(struct group_slot *s, const void *buf, int size,
                             const char *client_id)
{
        struct reader r = {.p = buf, .left = size > 0 ? (size_t)size : 0};
        int32_t topics;

        if (r.left < 6)
                return;
        rd_i16(&r);
        topics = rd_i32(&r);
        for (int32_t t = 0; t < topics && !r.bad; t++) {
                int16_t len = rd_i16(&r);
                const char *name = (const char *)r.p;
                int32_t parts;

                if (r.bad || len < 0 || (size_t)len > r.left)
                        return;
                r.p += len;
                r.left -= (size_t)len;
                parts = rd_i32(&r);
                for (int32_t p = 0; p < parts && !r.bad; p++) {
                        int32_t partition = rd_i32(&r);

                        if (!r.bad)
                                slot_add_part(s, name, (size_t)len, partition, KX_OFFSET_UNKNOWN,
                                              client_id);
                }
        }
}

static void merge_legacy(struct groups_run *gr)
{
        const struct rd_kafka_group_list *gl = gr->legacy;

        if (gr->legacy_err && gr->legacy_err != RD_KAFKA_RESP_ERR__PARTIAL)
                kx_collect_error(gr->run, "groups", "DescribeGroups (members): %s",
                                 rd_kafka_err2str(gr->legacy_err));
        if (!gl)
                return;
        if (gr->legacy_err == RD_KAFKA_RESP_ERR__PARTIAL)
                kx_collect_error(gr->run, "groups", "members: not every broker answered");
        for (int i = 0; i < gl->group_cnt; i++) {
                const struct rd_kafka_group_info *gi = &gl->groups[i];
                struct group_slot *s = slot_find(gr, gi->group);

                if (!s) /* listed by this call only: keep it, resort later */
                        continue;
                if (gi->err) {
                        s->error = kx_xstrdup(rd_kafka_err2str(gi->err));
                        continue;
                }
                s->members = gi->member_cnt;
                s->protocol_type = kx_xstrdup(gi->protocol_type);
                if (strcmp(gi->protocol_type, "consumer") != 0)
                        continue;
                for (int m = 0; m < gi->member_cnt; m++)
                        parse_assignment(s, gi->members[m].member_assignment,
                                         gi->members[m].member_assignment_size,
                                         gi->members[m].client_id);
        }
}

/* ---- committed offsets ---- */

/* Leader of each __consumer_offsets partition, or NULL if the topic is not
 * visible yet (no group ever committed). */
static const struct kx_topic *offsets_topic(const struct kx_snapshot *snap)
{
        return kx_snapshot_topic(snap, "__consumer_offsets");
}

static void compute_coordinators(struct groups_run *gr)
{
        const struct kx_topic *t = offsets_topic(gr->run->snap);

        if (!t || t->partition_cnt <= 0)
                return;
        for (size_t i = 0; i < gr->slot_cnt; i++) {
                int32_t p = kx_group_offsets_partition(gr->slots[i].id, t->partition_cnt);
                const struct kx_partition *part = p >= 0 && p < t->partition_cnt &&
                                                                  t->partitions[p].partition == p
                                                          ? &t->partitions[p]
                                                          : NULL;

                if (part && !part->offline)
                        gr->slots[i].coordinator = part->leader;
        }
}

static void offsets_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                          rd_kafka_queue_t *q, void *ctx)
{
        struct groups_run *gr = ctx;
        struct group_slot *s = &gr->slots[item];
        rd_kafka_ListConsumerGroupOffsets_t *req = rd_kafka_ListConsumerGroupOffsets_new(s->id, NULL);
        char errstr[256];

        if (!retry && s->coordinator >= 0)
                rd_kafka_AdminOptions_set_broker(opts, s->coordinator, errstr, sizeof(errstr));
        rd_kafka_ListConsumerGroupOffsets(rk, &req, 1, opts, q);
        rd_kafka_ListConsumerGroupOffsets_destroy(req);
}

static bool wrong_coordinator(rd_kafka_resp_err_t e)
{
        return e == RD_KAFKA_RESP_ERR_NOT_COORDINATOR ||
               e == RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE ||
               e == RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS ||
               e == RD_KAFKA_RESP_ERR__TRANSPORT || e == RD_KAFKA_RESP_ERR__TIMED_OUT;
}

static enum kx_admin_verdict offsets_result(size_t item, rd_kafka_event_t *ev, void *ctx)
{
        struct groups_run *gr = ctx;
        struct group_slot *s = &gr->slots[item];
        const rd_kafka_ListConsumerGroupOffsets_result_t *res;
        const rd_kafka_group_result_t **groups;
        const rd_kafka_topic_partition_list_t *parts;
        rd_kafka_resp_err_t e = rd_kafka_event_error(ev);
        const rd_kafka_error_t *gerr;
        size_t cnt;

        res = rd_kafka_event_ListConsumerGroupOffsets_result(ev);
        if (e || !res) {
                if (wrong_coordinator(e) && s->coordinator >= 0)
                        return KX_ADMIN_RETRY;
                free(s->error);
                s->error = kx_xstrdup(rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        groups = rd_kafka_ListConsumerGroupOffsets_result_groups(res, &cnt);
        if (cnt < 1)
                return KX_ADMIN_DONE;
        gerr = rd_kafka_group_result_error(groups[0]);
        if (gerr) {
                if (wrong_coordinator(rd_kafka_error_code(gerr)) && s->coordinator >= 0)
                        return KX_ADMIN_RETRY;
                free(s->error);
                s->error = kx_xstrdup(rd_kafka_error_string(gerr));
                return KX_ADMIN_DONE;
        }
        parts = rd_kafka_group_result_partitions(groups[0]);
        for (int i = 0; parts && i < parts->cnt; i++) {
                const rd_kafka_topic_partition_t *tp = &parts->elems[i];

                if (tp->err || tp->offset < 0)
                        continue;
                slot_add_part(s, tp->topic, strlen(tp->topic), tp->partition, tp->offset, NULL);
        }
        free(s->error);
        s->error = NULL;
        return KX_ADMIN_DONE;
}

/* ---- into the snapshot ---- */

static int part_cmp(const void *a, const void *b)
{
        const struct slot_part *x = a, *y = b;
        int c = strcmp(x->topic, y->topic);

        return c ? c : (x->partition > y->partition) - (x->partition < y->partition);
}

/* Sort a slot's partitions and fold duplicates into one entry holding both
 * the commit and the owning member. */
static void merge_parts(struct group_slot *s)
{
        int out = 0;

        if (s->part_cnt)
                qsort(s->parts, (size_t)s->part_cnt, sizeof(*s->parts), part_cmp);
        for (int i = 0; i < s->part_cnt; i++) {
                struct slot_part *cur = &s->parts[i];
                struct slot_part *prev = out ? &s->parts[out - 1] : NULL;

                if (prev && !part_cmp(prev, cur)) {
                        if (cur->committed >= 0)
                                prev->committed = cur->committed;
                        if (!prev->client_id) {
                                prev->client_id = cur->client_id;
                                cur->client_id = NULL;
                        }
                        free(cur->topic);
                        free(cur->client_id);
                        continue;
                }
                s->parts[out++] = *cur;
        }
        s->part_cnt = out;
}

static void publish(struct groups_run *gr)
{
        struct kx_snapshot *snap = gr->run->snap;
        struct kx_arena *a = &snap->arena;
        size_t errors = 0;

        snap->groups = kx_arena_alloc(a, sizeof(*snap->groups) * (gr->slot_cnt + 1));
        snap->group_cnt = (int)gr->slot_cnt;
        for (size_t i = 0; i < gr->slot_cnt; i++) {
                struct group_slot *s = &gr->slots[i];
                struct kx_group *g = &snap->groups[i];

                g->group = kx_arena_strdup(a, s->id);
                g->state = kx_arena_strdup(a, s->state ? s->state : "Unknown");
                g->protocol_type = kx_arena_strdup(a, s->protocol_type);
                g->simple = s->simple;
                g->members = s->members;
                /* A classic group that is not Empty always has members; one
                 * listed as active with none described is on the KIP-848
                 * protocol, which the classic DescribeGroups cannot see. */
                if (g->members == 0 && s->state && strcmp(s->state, "Empty") &&
                    strcmp(s->state, "Dead") && (!s->protocol_type || !s->protocol_type[0])) {
                        g->kip848 = true;
                        g->members = -1;
                }
                g->error = kx_arena_strdup(a, s->error);
                errors += s->error != NULL;
                merge_parts(s);
                g->partitions = kx_arena_alloc(a, sizeof(*g->partitions) * (size_t)(s->part_cnt + 1));
                g->partition_cnt = s->part_cnt;
                for (int p = 0; p < s->part_cnt; p++) {
                        struct kx_group_partition *gp = &g->partitions[p];
                        const struct kx_topic *t = kx_snapshot_topic(snap, s->parts[p].topic);

                        /* Share the topic's name when it exists: fewer copies. */
                        gp->topic = t ? t->name : kx_arena_strdup(a, s->parts[p].topic);
                        gp->partition = s->parts[p].partition;
                        gp->committed_offset = s->parts[p].committed;
                        gp->member_client_id = kx_arena_strdup(a, s->parts[p].client_id);
                }
        }
        if (errors)
                kx_collect_error(gr->run, "groups", "committed offsets failed for %zu group(s)",
                                 errors);
}

static void slots_free(struct groups_run *gr)
{
        for (size_t i = 0; i < gr->slot_cnt; i++) {
                struct group_slot *s = &gr->slots[i];

                for (int p = 0; p < s->part_cnt; p++) {
                        free(s->parts[p].topic);
                        free(s->parts[p].client_id);
                }
                free(s->parts);
                free(s->id);
                free(s->state);
                free(s->protocol_type);
                free(s->error);
        }
        free(gr->slots);
}

void kx_collect_groups(struct kx_collect_run *run)
{
        struct kx_collector *c = run->c;
        struct groups_run gr = {.run = run};
        struct kx_admin_batch b = {
                .handles = c->handles, .handle_cnt = c->handle_cnt,
                .op = RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS,
                .timeout_ms = c->opts.timeout_ms, .max_inflight = 256,
                .issue = offsets_issue, .result = offsets_result, .ctx = &gr,
        };

        kx_parallel_for(2, 2, run_listing, &gr);
        if (gr.slot_cnt)
                qsort(gr.slots, gr.slot_cnt, sizeof(*gr.slots), slot_cmp);
        merge_legacy(&gr);
        if (gr.legacy)
                rd_kafka_group_list_destroy(gr.legacy);
        compute_coordinators(&gr);
        kx_admin_batch_run(&b, gr.slot_cnt);
        publish(&gr);
        slots_free(&gr);
}
