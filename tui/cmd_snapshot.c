/* cmd_snapshot.c - `klaxon snapshot [--json]`: one collection, printed. */
#include "cli.h"
#include "../core/collector.h"
#include "../core/sanitize.h"
#include "../core/snapshot_json.h"

#include <stdio.h>
#include <string.h>

/* Print s sanitized, left-aligned in width columns (bytes; names are
 * mostly ASCII and the table is for humans, the JSON is for machines). */
static void cell(FILE *out, const char *s, int width)
{
        char buf[512];

        kx_sanitize(buf, sizeof(buf), s ? s : "-", s ? strlen(s) : 1);
        fprintf(out, "%-*s ", width, buf);
}

static void offset_cell(FILE *out, int64_t v, int width)
{
        if (v >= 0)
                fprintf(out, "%*lld ", width, (long long)v);
        else
                fprintf(out, "%*s ", width, "-");
}

static void print_brokers(FILE *out, const struct kx_snapshot *snap)
{
        fprintf(out, "BROKERS\n%-6s %-30s %-5s %s\n", "ID", "HOST:PORT", "UP", "LEADS");
        for (int i = 0; i < snap->broker_cnt; i++) {
                const struct kx_broker *b = &snap->brokers[i];
                char hp[300];

                if (b->host)
                        snprintf(hp, sizeof(hp), "%s:%d", b->host, b->port);
                else
                        snprintf(hp, sizeof(hp), "?");
                fprintf(out, "%-6d ", b->id);
                cell(out, hp, 30);
                fprintf(out, "%-5s %d\n", b->up ? "up" : "DOWN", b->leader_count);
        }
}

static void print_topics(FILE *out, const struct kx_snapshot *snap)
{
        fprintf(out, "\nTOPICS\n%-40s %5s %3s %5s %7s %14s\n", "NAME", "PARTS", "RF", "URP",
                "OFFLINE", "MESSAGES");
        for (int t = 0; t < snap->topic_cnt; t++) {
                const struct kx_topic *topic = &snap->topics[t];
                int urp = 0, offline = 0;
                int64_t messages = 0;
                bool known = true;

                for (int p = 0; p < topic->partition_cnt; p++) {
                        const struct kx_partition *part = &topic->partitions[p];

                        urp += part->under_replicated;
                        offline += part->offline;
                        if (part->high_watermark >= 0 && part->log_start_offset >= 0)
                                messages += part->high_watermark - part->log_start_offset;
                        else
                                known = false;
                }
                cell(out, topic->name, 40);
                fprintf(out, "%5d %3d %5d %7d ", topic->partition_cnt,
                        topic->partition_cnt ? topic->partitions[0].replica_cnt : 0, urp, offline);
                offset_cell(out, messages, 13);
                fprintf(out, "%s\n", known ? "" : "?");
        }
}

static void print_groups(FILE *out, const struct kx_snapshot *snap)
{
        fprintf(out, "\nGROUPS\n%-40s %-20s %7s %14s %s\n", "GROUP", "STATE", "MEMBERS", "LAG",
                "NOTE");
        for (int g = 0; g < snap->group_cnt; g++) {
                const struct kx_group *group = &snap->groups[g];

                cell(out, group->group, 40);
                cell(out, group->state, 20);
                if (group->members >= 0)
                        fprintf(out, "%7d ", group->members);
                else
                        fprintf(out, "%7s ", "?");
                offset_cell(out, group->lag, 14);
                if (group->error)
                        cell(out, group->error, 0);
                else if (group->behind_retention)
                        fputs("BEHIND RETENTION", out);
                else if (group->kip848)
                        fputs("KIP-848 group: members not visible to librdkafka 2.0.2", out);
                fputc('\n', out);
        }
}

static void print_human(FILE *out, const struct kx_snapshot *snap)
{
        struct kx_snapshot_totals tot;
        char when[40], id[128];

        kx_snapshot_totals(snap, &tot);
        kx_sanitize(id, sizeof(id), snap->cluster_id ? snap->cluster_id : "?",
                    snap->cluster_id ? strlen(snap->cluster_id) : 1);
        fprintf(out, "cluster %s at %s in %lld ms: brokers %d up / %d down, partitions %d, "
                     "under-replicated %d, offline %d, groups %d\n\n",
                id, kx_iso8601(snap->collected_at_ms, when, sizeof(when)),
                (long long)snap->duration_ms, tot.brokers_up, tot.brokers_down, tot.partitions,
                tot.under_replicated, tot.offline, snap->group_cnt);
        print_brokers(out, snap);
        print_topics(out, snap);
        print_groups(out, snap);
        if (snap->error_cnt)
                fprintf(out, "\nERRORS\n");
        for (int i = 0; i < snap->error_cnt; i++) {
                cell(out, snap->errors[i].section, 10);
                cell(out, snap->errors[i].message, 0);
                fputc('\n', out);
        }
}

int kx_cmd_snapshot(struct kx_cli *cli)
{
        struct kx_collector *collector = NULL;
        struct kx_snapshot *snap = NULL;
        struct kx_logbuf logbuf;
        struct kx_err err;
        bool json = false;
        int rc;

        for (int i = 0; i < cli->arg_cnt; i++) {
                if (!strcmp(cli->args[i], "--json")) {
                        json = true;
                } else {
                        kx_err_set(&err, KX_ERR_USAGE, "snapshot: unknown option \"%s\"",
                                   cli->args[i]);
                        return kx_cli_fail(&err);
                }
        }
        kx_err_clear(&err);
        kx_logbuf_init(&logbuf);
        rc = kx_collector_new(&cli->cfg, &logbuf, NULL, &collector, &err);
        if (!rc)
                rc = kx_collector_collect(collector, &snap, &err);
        if (snap) {
                if (json) {
                        kx_snapshot_write_json(snap, stdout);
                } else {
                        print_human(stdout, snap);
                }
                fflush(stdout);
        }
        if (rc == KX_ERR_PARTIAL) {
                struct kx_err partial;

                kx_err_set(&partial, rc, "partial snapshot: %s", err.msg);
                kx_cli_fail(&partial);
        } else if (rc) {
                kx_cli_fail(&err);
        }
        kx_snapshot_unref(snap);
        kx_collector_destroy(collector);
        kx_logbuf_done(&logbuf);
        return kx_cli_exit_code(rc);
}
