/* cost.c - cost per team. */
#include "cost.h"
#include "leo_history.h"
#include "units.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>

static bool estimate_bytes(void *ctx, const struct kx_topic *t, double *bytes)
{
        const struct kx_policy *pol = ctx;
        int64_t leo, start;

        if (!kx_topic_offsets(t, &leo, &start))
                return false;
        *bytes = (double)(leo - start) * (double)pol->avg_record_bytes;
        return true;
}

struct kx_size_source kx_size_estimate(const struct kx_policy *pol, char *buf, size_t size)
{
        char b[32];

        snprintf(buf, size, "estimate: retained messages x %s (cost.avg-record-bytes); log-dir sizes "
                            "replace it when available",
                 kx_format_bytes((double)pol->avg_record_bytes, b, sizeof(b)));
        return (struct kx_size_source){.label = buf, .estimate = true, .topic_bytes = estimate_bytes,
                                       .ctx = (void *)pol};
}

static bool disk_bytes(void *ctx, const struct kx_topic *t, double *bytes)
{
        *bytes = (double)kx_logdirs_bytes(ctx, t->name, -1);
        return true;
}

static bool snapshot_bytes(void *ctx, const struct kx_topic *t, double *bytes)
{
        (void)ctx;
        if (t->size_bytes < 0)
                return false;
        *bytes = (double)t->size_bytes;
        return true;
}

struct kx_size_source kx_size_from_snapshot(void)
{
        return (struct kx_size_source){.label = "on disk, every replica (the last log-dir poll)",
                                       .estimate = false,
                                       .topic_bytes = snapshot_bytes};
}

struct kx_size_source kx_size_on_disk(const struct kx_logdirs_usage *u)
{
        return (struct kx_size_source){.label = "on disk, every replica (DescribeLogDirs)",
                                       .estimate = false,
                                       .topic_bytes = disk_bytes,
                                       .ctx = (void *)u};
}

static void add(struct kx_cost_row *r, const struct kx_topic *t, double bytes, double rate)
{
        int64_t leo, start;

        r->topics++;
        r->partitions += t->partition_cnt;
        if (kx_topic_offsets(t, &leo, &start))
                r->messages += leo - start;
        r->bytes += bytes;
        r->msgs_per_s += rate;
}

void kx_cost_compute(const struct kx_policy *pol, const struct kx_snapshot *snap, const json_t *rates,
                     const struct kx_size_source *src, struct kx_cost_report *out)
{
        int unowned = pol->team_cnt, internal = pol->team_cnt + 1;

        memset(out, 0, sizeof(*out));
        out->cnt = pol->team_cnt + 2;
        out->rows = kx_xcalloc((size_t)out->cnt, sizeof(*out->rows));
        for (int i = 0; i < pol->team_cnt; i++) {
                out->rows[i].team = kx_xstrdup(pol->teams[i].name);
                out->rows[i].cost_centre = kx_xstrdup(pol->teams[i].cost_centre);
        }
        out->rows[unowned].team = kx_xstrdup("(unowned)");
        out->rows[internal].team = kx_xstrdup("(internal)");
        out->total.team = kx_xstrdup("total");
        out->bytes_source = kx_xstrdup(src->label);
        out->estimated = src->estimate;
        for (int i = 0; i < snap->topic_cnt; i++) {
                const struct kx_topic *t = &snap->topics[i];
                const struct kx_policy_team *tm = t->internal ? NULL : kx_policy_team_for(pol, t->name);
                json_t *r = rates ? json_object_get(rates, t->name) : NULL;
                double bytes = 0, rate = r ? json_number_value(r) : 0;
                int row = t->internal ? internal : tm ? (int)(tm - pol->teams) : unowned;

                if (!src->topic_bytes(src->ctx, t, &bytes))
                        bytes = 0;
                add(&out->rows[row], t, bytes, rate);
                add(&out->total, t, bytes, rate);
        }
        for (int i = 0; i < pol->team_cnt; i++) {
                struct kx_cost_row *r = &out->rows[i];

                r->monthly = r->partitions * pol->teams[i].cost_per_partition_month +
                             r->bytes / (1024.0 * 1024 * 1024) * pol->teams[i].cost_per_gb_month;
                out->total.monthly += r->monthly;
        }
}

void kx_cost_report_free(struct kx_cost_report *r)
{
        for (int i = 0; i < r->cnt; i++) {
                free(r->rows[i].team);
                free(r->rows[i].cost_centre);
        }
        free(r->rows);
        free(r->total.team);
        free(r->bytes_source);
        memset(r, 0, sizeof(*r));
}

static json_t *row_json(const struct kx_cost_row *r)
{
        return json_pack("{s:s, s:s?, s:i, s:i, s:I, s:f, s:f, s:f}", "team", r->team, "cost_centre",
                         r->cost_centre, "topics", r->topics, "partitions", r->partitions, "messages",
                         (json_int_t)r->messages, "bytes", r->bytes, "msgs_per_s", r->msgs_per_s,
                         "monthly_cost", r->monthly);
}

json_t *kx_cost_json(const struct kx_cost_report *r)
{
        json_t *teams = json_array();

        for (int i = 0; i < r->cnt; i++)
                json_array_append_new(teams, row_json(&r->rows[i]));
        return json_pack("{s:s, s:b, s:o, s:o}", "bytes_source", r->bytes_source, "estimated", r->estimated,
                         "teams", teams, "total", row_json(&r->total));
}
