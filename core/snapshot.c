/* snapshot.c - refcounting, errors and lookups for snapshots. */
#include "snapshot.h"
#include "governance.h"
#include "mm2.h"
#include "registry_health.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kx_snapshot *kx_snapshot_new(void)
{
        struct kx_snapshot *snap = kx_xcalloc(1, sizeof(*snap));

        atomic_init(&snap->refcount, 1);
        kx_arena_init(&snap->arena);
        return snap;
}

struct kx_snapshot *kx_snapshot_ref(struct kx_snapshot *snap)
{
        atomic_fetch_add(&snap->refcount, 1);
        return snap;
}

void kx_snapshot_unref(struct kx_snapshot *snap)
{
        if (!snap)
                return;
        if (atomic_fetch_sub(&snap->refcount, 1) != 1)
                return;
        kx_arena_done(&snap->arena);
        free(snap->errors); /* grown with realloc while building */
        kx_mm2_health_free(snap->mm2);
        kx_schema_health_free(snap->schemas);
        if (snap->governance) {
                kx_governance_free(snap->governance);
                free(snap->governance);
        }
        free(snap);
}

void kx_snapshot_add_error(struct kx_snapshot *snap, const char *section,
                           const char *fmt, ...)
{
        char msg[512];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        snap->errors = kx_xrealloc(snap->errors,
                                   (size_t)(snap->error_cnt + 1) * sizeof(*snap->errors));
        snap->errors[snap->error_cnt].section = kx_arena_strdup(&snap->arena, section);
        snap->errors[snap->error_cnt].message = kx_arena_strdup(&snap->arena, msg);
        snap->error_cnt++;
}

static int topic_key_cmp(const void *key, const void *elem)
{
        return strcmp(key, ((const struct kx_topic *)elem)->name);
}

static int group_key_cmp(const void *key, const void *elem)
{
        return strcmp(key, ((const struct kx_group *)elem)->group);
}

const struct kx_topic *kx_snapshot_topic(const struct kx_snapshot *snap, const char *name)
{
        if (!snap->topic_cnt)
                return NULL;
        return bsearch(name, snap->topics, (size_t)snap->topic_cnt, sizeof(*snap->topics),
                       topic_key_cmp);
}

const struct kx_group *kx_snapshot_group(const struct kx_snapshot *snap, const char *group)
{
        if (!snap->group_cnt)
                return NULL;
        return bsearch(group, snap->groups, (size_t)snap->group_cnt, sizeof(*snap->groups),
                       group_key_cmp);
}

const struct kx_broker *kx_snapshot_broker(const struct kx_snapshot *snap, int32_t id)
{
        for (int i = 0; i < snap->broker_cnt; i++)
                if (snap->brokers[i].id == id)
                        return &snap->brokers[i];
        return NULL;
}

void kx_snapshot_totals(const struct kx_snapshot *snap, struct kx_snapshot_totals *out)
{
        memset(out, 0, sizeof(*out));
        for (int i = 0; i < snap->broker_cnt; i++) {
                if (snap->brokers[i].up)
                        out->brokers_up++;
                else
                        out->brokers_down++;
        }
        for (int t = 0; t < snap->topic_cnt; t++) {
                const struct kx_topic *topic = &snap->topics[t];

                out->partitions += topic->partition_cnt;
                for (int p = 0; p < topic->partition_cnt; p++) {
                        out->under_replicated += topic->partitions[p].under_replicated;
                        out->offline += topic->partitions[p].offline;
                }
        }
}

bool kx_ids_contain(const int32_t *ids, int n, int32_t id)
{
        for (int i = 0; i < n; i++)
                if (ids[i] == id)
                        return true;
        return false;
}
