/* registry_health.c - the registry's subjects, once per refresh. */
#include "registry_health.h"
#include "registry.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(struct kx_schema_health *h, const struct kx_err *err)
{
        if (!h->error[0])
                snprintf(h->error, sizeof(h->error), "%s", err->msg);
}

struct kx_schema_health *kx_schema_health_collect(const char *url, int max_subjects, int timeout_ms)
{
        struct kx_schema_health *h = kx_xcalloc(1, sizeof(*h));
        json_t *names = NULL, *n;
        struct kx_err err;
        size_t i;

        if (kx_registry_subjects(url, false, timeout_ms, &names, &err)) {
                fail(h, &err);
                return h;
        }
        h->reachable = true;
        if (kx_registry_compat_get(url, NULL, timeout_ms, h->global_compat, sizeof(h->global_compat), NULL,
                                   &err))
                fail(h, &err);
        h->subjects = kx_xcalloc(json_array_size(names) + 1, sizeof(*h->subjects));
        json_array_foreach(names, i, n) {
                struct kx_subject_info *s = &h->subjects[h->subject_cnt];
                struct kx_schema latest;
                json_t *versions = NULL;
                const char *name = json_string_value(n);

                if (!name || h->subject_cnt >= max_subjects)
                        continue;
                snprintf(s->name, sizeof(s->name), "%s", name);
                if (kx_registry_versions(url, name, false, timeout_ms, &versions, &err) ||
                    kx_registry_get(url, name, KX_REGISTRY_LATEST, timeout_ms, &latest, &err)) {
                        json_decref(versions);
                        fail(h, &err);
                        continue;
                }
                s->versions = (int)json_array_size(versions);
                s->latest = latest.version;
                s->id = latest.id;
                kx_schema_free(&latest);
                json_decref(versions);
                if (kx_registry_compat_get(url, name, timeout_ms, s->compat, sizeof(s->compat),
                                           &s->compat_global, &err))
                        fail(h, &err);
                h->subject_cnt++;
        }
        json_decref(names);
        return h;
}

void kx_schema_health_free(struct kx_schema_health *h)
{
        if (!h)
                return;
        free(h->subjects);
        free(h);
}

bool kx_schema_health_ok(const struct kx_schema_health *h, const char *topic, char *detail,
                         size_t size)
{
        int seen = 0;

        if (h->error[0]) {
                snprintf(detail, size, "%s", h->error);
                return false;
        }
        for (int i = 0; i < h->subject_cnt; i++) {
                const struct kx_subject_info *s = &h->subjects[i];

                if (topic && topic[0] && !kx_registry_subject_of_topic(s->name, topic))
                        continue;
                seen++;
                if (s->versions >= 2 && !strcmp(s->compat, "NONE")) {
                        snprintf(detail, size, "%s: compatibility NONE with %d versions (latest %d): "
                                 "nothing stops a breaking version", s->name, s->versions, s->latest);
                        return false;
                }
        }
        snprintf(detail, size, "%d subject(s)%s%s, every one with compatibility checks on", seen,
                 topic && topic[0] ? " of " : "", topic && topic[0] ? topic : "");
        return true;
}
