/* snapshot_json.c - snapshot to JSON. */
#include "snapshot_json.h"
#include "sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *kx_iso8601(int64_t ms, char *buf, size_t size)
{
        time_t secs = (time_t)(ms / 1000);
        struct tm tm;

        gmtime_r(&secs, &tm);
        snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
        return buf;
}

json_t *kx_json_text(const char *s)
{
        json_t *j;
        char *clean;

        if (!s)
                return json_null();
        j = json_string(s);
        if (j)
                return j;
        clean = kx_sanitize_dup(s);
        j = json_string(clean);
        free(clean);
        return j ? j : json_null();
}

static json_t *offset_json(int64_t v)
{
        return v >= 0 ? json_integer(v) : json_null();
}

static json_t *ids_json(const int32_t *ids, int cnt)
{
        json_t *arr = json_array();

        for (int i = 0; i < cnt; i++)
                json_array_append_new(arr, json_integer(ids[i]));
        return arr;
}

static json_t *brokers_json(const struct kx_snapshot *snap)
{
        json_t *arr = json_array();

        for (int i = 0; i < snap->broker_cnt; i++) {
                const struct kx_broker *b = &snap->brokers[i];

                json_array_append_new(arr, json_pack("{s:i, s:o, s:o, s:b, s:i}", "id", b->id,
                                                     "host", kx_json_text(b->host), "port",
                                                     b->host ? json_integer(b->port) : json_null(),
                                                     "up", b->up, "leader_count", b->leader_count));
        }
        return arr;
}

static json_t *partition_json(const struct kx_partition *p)
{
        json_t *o = json_pack("{s:i, s:i, s:o, s:o, s:b, s:b, s:o, s:o}", "partition", p->partition,
                              "leader", p->leader, "replicas", ids_json(p->replicas, p->replica_cnt),
                              "isr", ids_json(p->isr, p->isr_cnt), "under_replicated",
                              p->under_replicated, "offline", p->offline, "log_start_offset",
                              offset_json(p->log_start_offset), "high_watermark",
                              offset_json(p->high_watermark));

        if (p->error)
                json_object_set_new(o, "error", json_string(p->error));
        return o;
}

static json_t *topics_json(const struct kx_snapshot *snap)
{
        json_t *arr = json_array();

        for (int t = 0; t < snap->topic_cnt; t++) {
                const struct kx_topic *topic = &snap->topics[t];
                json_t *parts = json_array();
                json_t *o;

                for (int p = 0; p < topic->partition_cnt; p++)
                        json_array_append_new(parts, partition_json(&topic->partitions[p]));
                o = json_pack("{s:o, s:b, s:o}", "name", kx_json_text(topic->name), "internal",
                              topic->internal, "partitions", parts);
                if (topic->error)
                        json_object_set_new(o, "error", json_string(topic->error));
                json_array_append_new(arr, o);
        }
        return arr;
}

static json_t *groups_json(const struct kx_snapshot *snap)
{
        json_t *arr = json_array();

        for (int g = 0; g < snap->group_cnt; g++) {
                const struct kx_group *group = &snap->groups[g];
                json_t *parts = json_array();
                json_t *o;

                for (int i = 0; i < group->partition_cnt; i++) {
                        const struct kx_group_partition *gp = &group->partitions[i];

                        json_array_append_new(
                                parts, json_pack("{s:o, s:i, s:o, s:o, s:o, s:o, s:b, s:o}", "topic",
                                                 kx_json_text(gp->topic), "partition", gp->partition,
                                                 "committed_offset", offset_json(gp->committed_offset),
                                                 "high_watermark", offset_json(gp->high_watermark),
                                                 "log_start_offset", offset_json(gp->log_start_offset),
                                                 "lag", offset_json(gp->lag), "behind_retention",
                                                 gp->behind_retention, "client_id",
                                                 kx_json_text(gp->member_client_id)));
                }
                o = json_pack("{s:o, s:o, s:o, s:b, s:o, s:I, s:b, s:o}", "group",
                              kx_json_text(group->group), "state", kx_json_text(group->state),
                              "protocol_type", kx_json_text(group->protocol_type), "simple",
                              group->simple, "members",
                              group->members >= 0 ? json_integer(group->members) : json_null(),
                              "lag", (json_int_t)group->lag, "behind_retention",
                              group->behind_retention, "partitions", parts);
                if (group->error)
                        json_object_set_new(o, "error", kx_json_text(group->error));
                json_array_append_new(arr, o);
        }
        return arr;
}

json_t *kx_snapshot_to_json(const struct kx_snapshot *snap)
{
        json_t *errors = json_array();
        char when[40];

        for (int i = 0; i < snap->error_cnt; i++)
                json_array_append_new(errors, json_pack("{s:o, s:o}", "section",
                                                        kx_json_text(snap->errors[i].section),
                                                        "message",
                                                        kx_json_text(snap->errors[i].message)));
        return json_pack("{s:o, s:s, s:I, s:I, s:o, s:o, s:o, s:o}", "cluster_id",
                         kx_json_text(snap->cluster_id), "collected_at",
                         kx_iso8601(snap->collected_at_ms, when, sizeof(when)), "duration_ms",
                         (json_int_t)snap->duration_ms, "generation", (json_int_t)snap->generation,
                         "brokers", brokers_json(snap), "topics", topics_json(snap), "groups",
                         groups_json(snap), "errors", errors);
}
