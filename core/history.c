/* history.c - offset history, carry-over and derived lag fields. */
#include "history.h"
#include "lag.h"
#include "strmap.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>

#define KX_HISTORY_EVICT_AFTER 3  /* refreshes an entry may be missing */

struct part_hist {
        struct kx_leo_point *ring;  /* oldest first, cnt used */
        int cnt;
        int64_t last_log_start, last_hw, last_read_ms;
        int64_t record_offset, record_ts_ms;  /* timestamp cache, -1 if none */
        uint64_t seen_gen;
};

struct gp_hist {
        struct kx_lag_sample *window;  /* oldest first */
        int cnt;
        uint64_t seen_gen;
};

struct group_hist {
        int64_t trend[KX_TREND_LEN];
        int cnt;
        uint64_t seen_gen;
};

struct kx_history {
        struct kx_history_opts opts;
        struct kx_strmap parts, gparts, groups;
        uint64_t gen;
};

void kx_history_opts_default(struct kx_history_opts *opts)
{
        opts->window = 10;
        opts->ring = 40;
        opts->ring_spacing_ms = 15000;
        opts->allowed_lag = 0;
}

struct kx_history *kx_history_new(const struct kx_history_opts *opts)
{
        struct kx_history *h = kx_xcalloc(1, sizeof(*h));

        if (opts)
                h->opts = *opts;
        else
                kx_history_opts_default(&h->opts);
        kx_strmap_init(&h->parts);
        kx_strmap_init(&h->gparts);
        kx_strmap_init(&h->groups);
        return h;
}

static void drop_part(void *v)
{
        struct part_hist *p = v;

        free(p->ring);
        free(p);
}

static void drop_gp(void *v)
{
        struct gp_hist *g = v;

        free(g->window);
        free(g);
}

static int keep_all(void *v, void *ctx)
{
        (void)v, (void)ctx;
        return 0;
}

void kx_history_free(struct kx_history *h)
{
        if (!h)
                return;
        kx_strmap_filter(&h->parts, keep_all, NULL, drop_part);
        kx_strmap_filter(&h->gparts, keep_all, NULL, drop_gp);
        kx_strmap_filter(&h->groups, keep_all, NULL, free);
        kx_strmap_done(&h->parts);
        kx_strmap_done(&h->gparts);
        kx_strmap_done(&h->groups);
        free(h);
}

/* Keys join the parts with NUL bytes, which Kafka names cannot hold. */
static size_t make_key(char *buf, size_t size, const char *a, const char *b, int32_t partition)
{
        int n = b ? snprintf(buf, size, "%s%c%s%c%d", a, 0, b, 0, partition)
                  : snprintf(buf, size, "%s%c%d", a, 0, partition);

        return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

static struct part_hist *part_get(struct kx_history *h, const char *topic, int32_t partition,
                                  bool create)
{
        char key[600];
        size_t len = make_key(key, sizeof(key), topic, NULL, partition);
        struct part_hist *p = kx_strmap_get(&h->parts, key, len);

        if (!p && create) {
                p = kx_xcalloc(1, sizeof(*p));
                p->ring = kx_xcalloc((size_t)h->opts.ring, sizeof(*p->ring));
                p->last_log_start = p->last_hw = KX_OFFSET_UNKNOWN;
                p->record_offset = p->record_ts_ms = -1;
                kx_strmap_put(&h->parts, key, len, p);
        }
        return p;
}

/* Append a LEO point; the newest point is live (overwritten) until it is
 * ring_spacing_ms newer than the one before it, so the ring spans time. */
static void ring_add(struct kx_history *h, struct part_hist *p, int64_t at_ms, int64_t leo)
{
        if (p->cnt >= 2 && at_ms - p->ring[p->cnt - 2].at_ms < h->opts.ring_spacing_ms) {
                p->ring[p->cnt - 1] = (struct kx_leo_point){at_ms, leo};
                return;
        }
        if (p->cnt == h->opts.ring) {
                memmove(p->ring, p->ring + 1, sizeof(*p->ring) * (size_t)(p->cnt - 1));
                p->cnt--;
        }
        p->ring[p->cnt++] = (struct kx_leo_point){at_ms, leo};
}

/* The point to measure msgs/s from: the newest one that ring_add() will not
 * overwrite with this sample. */
static const struct kx_leo_point *rate_reference(const struct kx_history *h,
                                                 const struct part_hist *p, int64_t now)
{
        if (p->cnt >= 2 && now - p->ring[p->cnt - 2].at_ms < h->opts.ring_spacing_ms)
                return &p->ring[p->cnt - 2];
        return p->cnt ? &p->ring[p->cnt - 1] : NULL;
}

static void apply_partitions(struct kx_history *h, struct kx_snapshot *snap)
{
        int64_t now = snap->collected_at_ms;

        for (int t = 0; t < snap->topic_cnt; t++) {
                struct kx_topic *topic = &snap->topics[t];

                topic->msgs_per_s = 0;
                for (int i = 0; i < topic->partition_cnt; i++) {
                        struct kx_partition *part = &topic->partitions[i];
                        struct part_hist *p = part_get(h, topic->name, part->partition, true);
                        const struct kx_leo_point *ref;

                        p->seen_gen = h->gen;
                        if (part->high_watermark < 0 && p->last_hw >= 0) {
                                /* Keep the last good data, marked with its age. */
                                part->high_watermark = p->last_hw;
                                part->log_start_offset = p->last_log_start;
                                part->stale_since_ms = p->last_read_ms;
                                continue;
                        }
                        if (part->high_watermark < 0)
                                continue;
                        ref = rate_reference(h, p, now);
                        if (ref && part->high_watermark >= ref->log_end)
                                part->msgs_per_s = kx_rate_per_s(ref->at_ms, ref->log_end, now,
                                                                 part->high_watermark);
                        topic->msgs_per_s += part->msgs_per_s;
                        ring_add(h, p, now, part->high_watermark);
                        p->last_hw = part->high_watermark;
                        p->last_log_start = part->log_start_offset;
                        p->last_read_ms = now;
                }
        }
}

static struct gp_hist *gp_get(struct kx_history *h, const char *group, const char *topic,
                              int32_t partition)
{
        char key[1200];
        size_t len = make_key(key, sizeof(key), group, topic, partition);
        struct gp_hist *g = kx_strmap_get(&h->gparts, key, len);

        if (!g) {
                g = kx_xcalloc(1, sizeof(*g));
                g->window = kx_xcalloc((size_t)h->opts.window, sizeof(*g->window));
                kx_strmap_put(&h->gparts, key, len, g);
        }
        return g;
}

static void window_add(struct kx_history *h, struct gp_hist *g, struct kx_lag_sample s)
{
        if (g->cnt == h->opts.window) {
                memmove(g->window, g->window + 1, sizeof(*g->window) * (size_t)(g->cnt - 1));
                g->cnt--;
        }
        g->window[g->cnt++] = s;
}

static void apply_group_partition(struct kx_history *h, const struct kx_group *group,
                                  struct kx_group_partition *gp, int64_t now)
{
        struct gp_hist *g = gp_get(h, group->group, gp->topic, gp->partition);
        struct part_hist *p = part_get(h, gp->topic, gp->partition, false);
        const struct kx_lag_sample *first;
        int64_t record_ts = -1;

        g->seen_gen = h->gen;
        window_add(h, g, (struct kx_lag_sample){now, gp->committed_offset, gp->high_watermark});
        /* KIP-848 members are invisible to librdkafka 2.0.2: assume owned,
         * so a stuck group reads STALL rather than a wrong STOP. */
        gp->status = group->error ? KX_LAG_ERR
                                  : kx_lag_status_eval(g->window, g->cnt, h->opts.allowed_lag,
                                                       gp->member_client_id != NULL || group->kip848,
                                                       now);
        if (p && p->record_offset == gp->committed_offset)
                record_ts = p->record_ts_ms;
        gp->time_lag = kx_time_lag_eval(p ? p->ring : NULL, p ? p->cnt : 0, gp->committed_offset,
                                        record_ts, now);
        first = &g->window[0];
        gp->consume_rate = kx_rate_per_s(first->at_ms, first->committed, now, gp->committed_offset);
        gp->produce_rate = kx_rate_per_s(first->at_ms, first->log_end, now, gp->high_watermark);
        gp->eta_s = kx_drain_eta(gp->lag, gp->consume_rate, gp->produce_rate);
}

static void apply_groups(struct kx_history *h, struct kx_snapshot *snap)
{
        int64_t now = snap->collected_at_ms;

        for (int i = 0; i < snap->group_cnt; i++) {
                struct kx_group *group = &snap->groups[i];
                char key[600];
                size_t len = make_key(key, sizeof(key), group->group, NULL, 0);
                struct group_hist *gh = kx_strmap_get(&h->groups, key, len);
                double consume = 0, produce = 0;

                if (!gh) {
                        gh = kx_xcalloc(1, sizeof(*gh));
                        kx_strmap_put(&h->groups, key, len, gh);
                }
                gh->seen_gen = h->gen;
                group->status = group->partition_cnt ? KX_LAG_OK : KX_LAG_UNKNOWN;
                group->time_lag = (struct kx_time_lag){KX_TIME_LAG_UNKNOWN, 0};
                for (int p = 0; p < group->partition_cnt; p++) {
                        struct kx_group_partition *gp = &group->partitions[p];

                        apply_group_partition(h, group, gp, now);
                        if (gp->status > group->status)
                                group->status = gp->status;
                        if (gp->time_lag.kind != KX_TIME_LAG_UNKNOWN &&
                            (group->time_lag.kind == KX_TIME_LAG_UNKNOWN ||
                             gp->time_lag.seconds > group->time_lag.seconds))
                                group->time_lag = gp->time_lag;
                        consume += gp->consume_rate;
                        produce += gp->produce_rate;
                }
                group->eta_s = kx_drain_eta(group->lag, consume, produce);
                if (gh->cnt == KX_TREND_LEN) {
                        memmove(gh->trend, gh->trend + 1, sizeof(gh->trend[0]) * (KX_TREND_LEN - 1));
                        gh->cnt--;
                }
                gh->trend[gh->cnt++] = group->lag;
                memcpy(group->lag_trend, gh->trend, sizeof(gh->trend[0]) * (size_t)gh->cnt);
                group->trend_cnt = gh->cnt;
        }
}

static int part_recent(void *v, void *ctx)
{
        return ((struct part_hist *)v)->seen_gen + KX_HISTORY_EVICT_AFTER >
               ((struct kx_history *)ctx)->gen;
}

static int gp_recent(void *v, void *ctx)
{
        return ((struct gp_hist *)v)->seen_gen + KX_HISTORY_EVICT_AFTER >
               ((struct kx_history *)ctx)->gen;
}

static int group_recent(void *v, void *ctx)
{
        return ((struct group_hist *)v)->seen_gen + KX_HISTORY_EVICT_AFTER >
               ((struct kx_history *)ctx)->gen;
}

void kx_history_apply(struct kx_history *h, struct kx_snapshot *snap)
{
        h->gen++;
        apply_partitions(h, snap);
        kx_lag_fill_snapshot(snap);  /* carried-over offsets change the lag */
        apply_groups(h, snap);
        if (h->gen % 16 == 0) {
                kx_strmap_filter(&h->parts, part_recent, h, drop_part);
                kx_strmap_filter(&h->gparts, gp_recent, h, drop_gp);
                kx_strmap_filter(&h->groups, group_recent, h, free);
        }
}

void kx_history_set_record_ts(struct kx_history *h, const char *topic, int32_t partition,
                              int64_t offset, int64_t ts_ms)
{
        struct part_hist *p = part_get(h, topic, partition, false);

        if (p) {
                p->record_offset = offset;
                p->record_ts_ms = ts_ms;
        }
}

bool kx_history_record_ts_tried(const struct kx_history *h, const char *topic, int32_t partition,
                                int64_t offset)
{
        struct part_hist *p = part_get((struct kx_history *)h, topic, partition, false);

        return p && p->record_offset == offset;
}
