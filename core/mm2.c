/* mm2.c - MirrorMaker 2 health: topics, groups, connectors. */
#include "mm2.h"
#include "connect.h"
#include "group_offsets.h"
#include "kafka.h"
#include "record_ts.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIRROR_PREFIX "org.apache.kafka.connect.mirror.Mirror"

static void add_error(struct kx_mm2_health *h, const char *section, const char *msg)
{
        size_t len = strlen(h->error);

        snprintf(h->error + len, sizeof(h->error) - len, "%s%s: %s", len ? "; " : "", section, msg);
}

/* The MM2 connectors on the worker, from one expanded listing. */
int kx_mm2_read_connectors(struct kx_mm2_health *h, const char *url, int timeout_ms,
                           struct kx_err *err)
{
        json_t *doc = NULL, *c;
        const char *name;
        bool alias_given = h->alias[0] != '\0';
        long http;
        int rc;

        h->connector_cnt = 0;
        rc = kx_connect_call(url, "GET", "/connectors?expand=status&expand=info", timeout_ms, &doc,
                             &http, err);
        if (rc)
                return rc;
        if (!json_is_object(doc)) {
                json_decref(doc);
                return kx_err_set(err, KX_ERR_PEER, "%s/connectors?expand=status: expected a JSON object",
                                  url);
        }
        json_object_foreach(doc, name, c) {
                json_t *cfg = json_object_get(json_object_get(c, "info"), "config");
                json_t *st = json_object_get(c, "status"), *task;
                const char *cls = json_string_value(json_object_get(cfg, "connector.class"));
                const char *state = json_string_value(json_object_get(json_object_get(st, "connector"), "state"));
                const char *alias = json_string_value(json_object_get(cfg, "source.cluster.alias"));
                struct kx_mm2_connector *m;
                size_t i;

                if (!cls || strncmp(cls, MIRROR_PREFIX, strlen(MIRROR_PREFIX)) ||
                    h->connector_cnt == (int)(sizeof(h->connectors) / sizeof(h->connectors[0])))
                        continue;
                if (alias && !alias_given && !h->alias[0])
                        snprintf(h->alias, sizeof(h->alias), "%s", alias);
                m = &h->connectors[h->connector_cnt++];
                snprintf(m->name, sizeof(m->name), "%s", name);
                snprintf(m->kind, sizeof(m->kind), "%s",
                         strstr(cls, "Checkpoint") ? "checkpoint" : strstr(cls, "Heartbeat") ? "heartbeat"
                                                                                           : "source");
                snprintf(m->state, sizeof(m->state), "%s", state ? state : "UNKNOWN");
                json_array_foreach(json_object_get(st, "tasks"), i, task) {
                        const char *ts = json_string_value(json_object_get(task, "state"));
                        const char *trace = json_string_value(json_object_get(task, "trace"));

                        m->tasks++;
                        m->running += ts && !strcmp(ts, "RUNNING");
                        m->failed += ts && !strcmp(ts, "FAILED");
                        if (trace && !m->trace[0])
                                snprintf(m->trace, sizeof(m->trace), "%.*s", (int)strcspn(trace, "\n"), trace);
                }
        }
        json_decref(doc);
        return 0;
}

/* Source topic t of partition count parts, mirrored as target_name. */
static void measure_topic(struct kx_mm2_health *h, rd_kafka_t *source, rd_kafka_t *target,
                          const char *t, int parts, const char *target_name, int timeout_ms)
{
        struct kx_mm2_topic *mt;
        int64_t now = kx_now_ms();

        h->topics = kx_xrealloc(h->topics, (size_t)(h->topic_cnt + 1) * sizeof(*h->topics));
        mt = &h->topics[h->topic_cnt++];
        memset(mt, 0, sizeof(*mt));
        snprintf(mt->source, sizeof(mt->source), "%s", t);
        snprintf(mt->target, sizeof(mt->target), "%s", target_name);
        mt->partitions = parts;
        for (int p = 0; p < parts; p++) {
                int64_t slo, shi, tlo, thi, lag, ts;

                if (rd_kafka_query_watermark_offsets(source, t, p, &slo, &shi, timeout_ms) ||
                    rd_kafka_query_watermark_offsets(target, target_name, p, &tlo, &thi, timeout_ms)) {
                        mt->lag_ms = -1;
                        add_error(h, t, "watermarks unavailable");
                        continue;
                }
                lag = shi > thi ? shi - thi : 0;
                mt->source_leo += shi;
                mt->target_leo += thi;
                mt->lag += lag;
                if (lag > 0 && mt->lag_ms >= 0) {
                        if (kx_record_ts_fetch(source, t, p, shi - lag, timeout_ms, &ts))
                                mt->lag_ms = -1;
                        else if (now - ts > mt->lag_ms)
                                mt->lag_ms = now - ts;
                }
        }
}

static bool internal_topic(const char *t)
{
        size_t n = strlen(t);

        return t[0] == '_' || !strcmp(t, "heartbeats") || (n > 9 && !strcmp(t + n - 9, ".internal")) ||
               !strncmp(t, "mm2-", 4);
}

static void read_topics(struct kx_mm2_health *h, rd_kafka_t *source, rd_kafka_t *target,
                        int timeout_ms)
{
        const struct rd_kafka_metadata *smd = NULL, *tmd = NULL;
        char want[400];
        rd_kafka_resp_err_t e;

        if ((e = rd_kafka_metadata(source, 1, NULL, &smd, timeout_ms)) ||
            (e = rd_kafka_metadata(target, 1, NULL, &tmd, timeout_ms))) {
                add_error(h, smd ? "target" : "source", rd_kafka_err2str(e));
                goto out;
        }
        for (int i = 0; i < smd->topic_cnt; i++) {
                const char *t = smd->topics[i].topic;

                if (internal_topic(t) || smd->topics[i].err)
                        continue;
                snprintf(want, sizeof(want), "%s.%s", h->alias, t);
                for (int j = 0; j < tmd->topic_cnt; j++)
                        if (!strcmp(tmd->topics[j].topic, want) && !tmd->topics[j].err)
                                measure_topic(h, source, target, t, smd->topics[i].partition_cnt, want,
                                              timeout_ms);
        }
out:
        if (smd)
                rd_kafka_metadata_destroy(smd);
        if (tmd)
                rd_kafka_metadata_destroy(tmd);
}

/* Per group: committed offsets on the source against the checkpoints. */
static void read_groups(struct kx_mm2_health *h, rd_kafka_t *source, int timeout_ms)
{
        size_t plen = strlen(h->alias) + 1;

        for (int i = 0; i < h->checkpoint_cnt; i++) {
                const struct kx_mm2_checkpoint *cp = &h->checkpoints[i];
                rd_kafka_topic_partition_list_t *list;
                struct kx_mm2_group *g = NULL;
                struct kx_err err;

                for (int j = 0; j < h->group_cnt; j++)
                        if (!strcmp(h->groups[j].group, cp->group))
                                g = &h->groups[j];
                if (g)
                        continue;
                h->groups = kx_xrealloc(h->groups, (size_t)(h->group_cnt + 1) * sizeof(*h->groups));
                g = &h->groups[h->group_cnt++];
                memset(g, 0, sizeof(*g));
                snprintf(g->group, sizeof(g->group), "%s", cp->group);
                list = rd_kafka_topic_partition_list_new(4);
                for (int j = i; j < h->checkpoint_cnt; j++)
                        if (!strcmp(h->checkpoints[j].group, cp->group) &&
                            strlen(h->checkpoints[j].topic) > plen)
                                rd_kafka_topic_partition_list_add(list, h->checkpoints[j].topic + plen,
                                                                  h->checkpoints[j].partition);
                if (kx_group_committed(source, cp->group, list, timeout_ms, &err)) {
                        add_error(h, cp->group, err.msg);
                } else {
                        for (int j = i; j < h->checkpoint_cnt; j++) {
                                const struct kx_mm2_checkpoint *c = &h->checkpoints[j];
                                rd_kafka_topic_partition_t *tp;

                                if (strcmp(c->group, cp->group) || strlen(c->topic) <= plen)
                                        continue;
                                tp = rd_kafka_topic_partition_list_find(list, c->topic + plen, c->partition);
                                g->partitions++;
                                if (tp && tp->offset > c->upstream)
                                        g->lag += tp->offset - c->upstream;
                        }
                }
                rd_kafka_topic_partition_list_destroy(list);
        }
}

int kx_mm2_collect(rd_kafka_t *source, rd_kafka_t *target, const char *connect_url,
                   const char *alias, int timeout_ms, struct kx_mm2_health **out,
                   struct kx_err *err)
{
        struct kx_mm2_health *h = kx_xcalloc(1, sizeof(*h));
        struct kx_err cerr;
        int64_t hb;

        *out = NULL;
        h->collected_ms = kx_now_ms();
        if (alias)
                snprintf(h->alias, sizeof(h->alias), "%s", alias);
        if (connect_url && kx_mm2_read_connectors(h, connect_url, timeout_ms, &cerr))
                add_error(h, "connectors", cerr.msg);
        if (!h->alias[0])
                snprintf(h->alias, sizeof(h->alias), "source");
        read_topics(h, source, target, timeout_ms);
        if (kx_mm2_read_checkpoints(target, h->alias, timeout_ms, &h->checkpoints, &h->checkpoint_cnt,
                                    &cerr) && cerr.code != KX_ERR_NOT_FOUND)
                add_error(h, "checkpoints", cerr.msg);
        read_groups(h, source, timeout_ms);
        hb = kx_mm2_newest_heartbeat(target, h->alias, timeout_ms);
        /* A heartbeat may be newer than collected_ms: the age is never < 0. */
        h->heartbeat_age_ms = hb < 0 ? -1 : kx_now_ms() > hb ? kx_now_ms() - hb : 0;
        if (strstr(h->error, "source: ") && strstr(h->error, "target: ")) {
                kx_err_set(err, KX_ERR_KAFKA, "MirrorMaker health: %s", h->error);
                kx_mm2_health_free(h);
                return KX_ERR_KAFKA;
        }
        *out = h;
        return 0;
}

void kx_mm2_health_free(struct kx_mm2_health *h)
{
        if (!h)
                return;
        free(h->topics);
        free(h->checkpoints);
        free(h->groups);
        free(h);
}

bool kx_mm2_in_sync(const struct kx_mm2_health *h, int64_t max_lag, int64_t max_heartbeat_ms,
                    char *detail, size_t size)
{
        int64_t total = 0;

        for (int i = 0; i < h->connector_cnt; i++) {
                const struct kx_mm2_connector *c = &h->connectors[i];

                if (strcmp(c->state, "RUNNING") || c->failed || c->running < c->tasks) {
                        snprintf(detail, size, "connector %s is %s, %d/%d task(s) running%s%s", c->name,
                                 c->state, c->running, c->tasks, c->trace[0] ? ": " : "", c->trace);
                        return false;
                }
        }
        for (int i = 0; i < h->topic_cnt; i++) {
                total += h->topics[i].lag;
                if (h->topics[i].lag > max_lag) {
                        snprintf(detail, size, "%s -> %s lags %lld record(s), %llds (max %lld)",
                                 h->topics[i].source, h->topics[i].target, (long long)h->topics[i].lag,
                                 (long long)(h->topics[i].lag_ms / 1000), (long long)max_lag);
                        return false;
                }
        }
        if (max_heartbeat_ms > 0 && (h->heartbeat_age_ms < 0 || h->heartbeat_age_ms > max_heartbeat_ms)) {
                snprintf(detail, size, h->heartbeat_age_ms < 0 ? "no heartbeat from %s on the target"
                                                               : "last heartbeat from %s is %llds old",
                         h->alias, (long long)(h->heartbeat_age_ms / 1000));
                return false;
        }
        if (h->error[0]) {
                snprintf(detail, size, "%s", h->error);
                return false;
        }
        snprintf(detail, size, "%d topic(s) mirrored from %s, %lld record(s) behind, %d connector(s) running",
                 h->topic_cnt, h->alias, (long long)total, h->connector_cnt);
        return true;
}

int kx_mm2_group_checkpoints(const struct kx_mm2_health *h, const char *group,
                             const struct kx_mm2_checkpoint **out, int max)
{
        int n = 0;

        for (int i = 0; i < h->checkpoint_cnt && n < max; i++)
                if (!strcmp(h->checkpoints[i].group, group))
                        out[n++] = &h->checkpoints[i];
        return n;
}
