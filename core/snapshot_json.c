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

/* ---- the streaming writer ----
 * At 50,000 partitions building a jansson tree and dumping it costs a
 * second; writing straight to the stream costs a few milliseconds. Output
 * is pure ASCII: non-ASCII is \uXXXX, bytes that are not UTF-8 appear in
 * their sanitized form, so the document is valid JSON and terminal-safe. */

#include "utf8.h"

static void put_json_string(FILE *out, const char *s)
{
        const unsigned char *p = (const unsigned char *)s;
        char *clean = NULL;

        if (!s) {
                fputs("null", out);
                return;
        }
        if (!kx_is_display_safe(s, strlen(s))) {
                /* Valid UTF-8 with controls is escaped below; invalid bytes
                 * cannot be JSON, so those strings go through the sanitizer. */
                size_t i = 0, n = strlen(s);
                uint32_t cp;

                while (i < n) {
                        size_t len = kx_utf8_decode(p + i, n - i, &cp);

                        if (!len)
                                break;
                        i += len;
                }
                if (i < n)
                        p = (const unsigned char *)(clean = kx_sanitize_dup(s));
        }
        fputc('"', out);
        while (*p) {
                uint32_t cp;
                size_t len = kx_utf8_decode(p, strlen((const char *)p), &cp);

                if (!len) { /* unreachable after the check above */
                        cp = 0xfffd;
                        len = 1;
                }
                if (cp == '"' || cp == '\\')
                        fprintf(out, "\\%c", (char)cp);
                else if (cp >= 0x20 && cp < 0x7f)
                        fputc((int)cp, out);
                else if (cp < 0x10000)
                        fprintf(out, "\\u%04x", (unsigned)cp);
                else
                        fprintf(out, "\\u%04x\\u%04x", (unsigned)(0xd800 + ((cp - 0x10000) >> 10)),
                                (unsigned)(0xdc00 + ((cp - 0x10000) & 0x3ff)));
                p += len;
        }
        fputc('"', out);
        free(clean);
}

static void put_offset(FILE *out, const char *key, int64_t v)
{
        if (v >= 0)
                fprintf(out, ",\"%s\":%lld", key, (long long)v);
        else
                fprintf(out, ",\"%s\":null", key);
}

static void put_ids(FILE *out, const char *key, const int32_t *ids, int n)
{
        fprintf(out, ",\"%s\":[", key);
        for (int i = 0; i < n; i++)
                fprintf(out, i ? ",%d" : "%d", ids[i]);
        fputc(']', out);
}

static void put_key_string(FILE *out, const char *key, const char *value)
{
        fprintf(out, ",\"%s\":", key);
        put_json_string(out, value);
}

static void write_brokers(FILE *out, const struct kx_snapshot *snap)
{
        fputs(",\n\"brokers\":[", out);
        for (int i = 0; i < snap->broker_cnt; i++) {
                const struct kx_broker *b = &snap->brokers[i];

                fprintf(out, "%s\n {\"id\":%d", i ? "," : "", b->id);
                put_key_string(out, "host", b->host);
                if (b->host)
                        fprintf(out, ",\"port\":%d", b->port);
                else
                        fputs(",\"port\":null", out);
                fprintf(out, ",\"up\":%s,\"leader_count\":%d}", b->up ? "true" : "false", b->leader_count);
        }
        fputs("]", out);
}

static void write_topics(FILE *out, const struct kx_snapshot *snap)
{
        fputs(",\n\"topics\":[", out);
        for (int t = 0; t < snap->topic_cnt; t++) {
                const struct kx_topic *topic = &snap->topics[t];

                fprintf(out, "%s\n {\"name\":", t ? "," : "");
                put_json_string(out, topic->name);
                fprintf(out, ",\"internal\":%s", topic->internal ? "true" : "false");
                if (topic->error)
                        put_key_string(out, "error", topic->error);
                fputs(",\"partitions\":[", out);
                for (int p = 0; p < topic->partition_cnt; p++) {
                        const struct kx_partition *part = &topic->partitions[p];

                        fprintf(out, "%s\n  {\"partition\":%d,\"leader\":%d", p ? "," : "",
                                part->partition, part->leader);
                        put_ids(out, "replicas", part->replicas, part->replica_cnt);
                        put_ids(out, "isr", part->isr, part->isr_cnt);
                        fprintf(out, ",\"under_replicated\":%s,\"offline\":%s",
                                part->under_replicated ? "true" : "false", part->offline ? "true" : "false");
                        put_offset(out, "log_start_offset", part->log_start_offset);
                        put_offset(out, "high_watermark", part->high_watermark);
                        if (part->error)
                                put_key_string(out, "error", part->error);
                        fputc('}', out);
                }
                fputs("]}", out);
        }
        fputs("]", out);
}

static void write_groups(FILE *out, const struct kx_snapshot *snap)
{
        fputs(",\n\"groups\":[", out);
        for (int g = 0; g < snap->group_cnt; g++) {
                const struct kx_group *group = &snap->groups[g];

                fprintf(out, "%s\n {\"group\":", g ? "," : "");
                put_json_string(out, group->group);
                put_key_string(out, "state", group->state);
                put_key_string(out, "protocol_type", group->protocol_type);
                fprintf(out, ",\"simple\":%s,\"kip848\":%s", group->simple ? "true" : "false",
                        group->kip848 ? "true" : "false");
                if (group->members >= 0)
                        fprintf(out, ",\"members\":%d", group->members);
                else
                        fputs(",\"members\":null", out);
                fprintf(out, ",\"lag\":%lld,\"behind_retention\":%s", (long long)group->lag,
                        group->behind_retention ? "true" : "false");
                if (group->error)
                        put_key_string(out, "error", group->error);
                fputs(",\"partitions\":[", out);
                for (int i = 0; i < group->partition_cnt; i++) {
                        const struct kx_group_partition *gp = &group->partitions[i];

                        fprintf(out, "%s\n  {\"topic\":", i ? "," : "");
                        put_json_string(out, gp->topic);
                        fprintf(out, ",\"partition\":%d", gp->partition);
                        put_offset(out, "committed_offset", gp->committed_offset);
                        put_offset(out, "high_watermark", gp->high_watermark);
                        put_offset(out, "log_start_offset", gp->log_start_offset);
                        put_offset(out, "lag", gp->lag);
                        fprintf(out, ",\"behind_retention\":%s", gp->behind_retention ? "true" : "false");
                        put_key_string(out, "client_id", gp->member_client_id);
                        fputc('}', out);
                }
                fputs("]}", out);
        }
        fputs("]", out);
}

void kx_snapshot_write_json(const struct kx_snapshot *snap, FILE *out)
{
        char when[40];

        fputs("{\"cluster_id\":", out);
        put_json_string(out, snap->cluster_id);
        fprintf(out, ",\"collected_at\":\"%s\",\"duration_ms\":%lld,\"generation\":%llu",
                kx_iso8601(snap->collected_at_ms, when, sizeof(when)), (long long)snap->duration_ms,
                (unsigned long long)snap->generation);
        write_brokers(out, snap);
        write_topics(out, snap);
        write_groups(out, snap);
        fputs(",\n\"errors\":[", out);
        for (int i = 0; i < snap->error_cnt; i++) {
                fprintf(out, "%s\n {\"section\":", i ? "," : "");
                put_json_string(out, snap->errors[i].section);
                put_key_string(out, "message", snap->errors[i].message);
                fputc('}', out);
        }
        fputs("]}\n", out);
}
