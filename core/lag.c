/* lag.c - consumer lag arithmetic. */
#include "lag.h"

int64_t kx_lag(int64_t committed, int64_t log_end)
{
        if (committed < 0 || log_end < 0)
                return -1;
        return log_end > committed ? log_end - committed : 0;
}

bool kx_behind_retention(int64_t committed, int64_t log_start)
{
        return committed >= 0 && log_start >= 0 && committed < log_start;
}

static const struct kx_partition *find_partition(const struct kx_topic *t, int32_t partition)
{
        if (!t || partition < 0)
                return NULL;
        /* Partitions are sorted and normally dense, so try the index first. */
        if (partition < t->partition_cnt && t->partitions[partition].partition == partition)
                return &t->partitions[partition];
        for (int i = 0; i < t->partition_cnt; i++)
                if (t->partitions[i].partition == partition)
                        return &t->partitions[i];
        return NULL;
}

void kx_lag_fill_snapshot(struct kx_snapshot *snap)
{
        for (int g = 0; g < snap->group_cnt; g++) {
                struct kx_group *group = &snap->groups[g];
                const struct kx_topic *topic = NULL;

                group->lag = 0;
                group->behind_retention = false;
                for (int i = 0; i < group->partition_cnt; i++) {
                        struct kx_group_partition *gp = &group->partitions[i];
                        const struct kx_partition *part;

                        /* Partitions are sorted by topic: look each topic up once. */
                        if (!topic || topic->name != gp->topic)
                                topic = kx_snapshot_topic(snap, gp->topic);
                        part = find_partition(topic, gp->partition);
                        gp->high_watermark = part ? part->high_watermark : KX_OFFSET_UNKNOWN;
                        gp->log_start_offset = part ? part->log_start_offset : KX_OFFSET_UNKNOWN;
                        gp->lag = kx_lag(gp->committed_offset, gp->high_watermark);
                        gp->behind_retention = kx_behind_retention(gp->committed_offset,
                                                                   gp->log_start_offset);
                        if (gp->lag > 0)
                                group->lag += gp->lag;
                        group->behind_retention |= gp->behind_retention;
                }
        }
}
