/* registry_health.h - the schema registry as the console and the
 * schema_registry_healthy check see it: every subject's latest version,
 * version count and compatibility level, read once per refresh. */
#ifndef KX_REGISTRY_HEALTH_H
#define KX_REGISTRY_HEALTH_H

#include <stdbool.h>
#include <stddef.h>

struct kx_subject_info {
        char name[256];          /* raw: sanitize before display */
        int latest;              /* latest version */
        int id;                  /* its schema id */
        int versions;            /* live versions */
        char compat[32];         /* compatibility level in force */
        bool compat_global;      /* the global level (none of its own) */
};

struct kx_schema_health {
        bool reachable;          /* the registry answered the subject listing */
        char error[300];         /* the first failure, "" if none */
        char global_compat[32];
        struct kx_subject_info *subjects;   /* in the registry's order */
        int subject_cnt;
};

/* Read the registry at url: at most max_subjects subjects. Never fails:
 * failures land in h->error (and reachable). Free with
 * kx_schema_health_free. */
struct kx_schema_health *kx_schema_health_collect(const char *url, int max_subjects, int timeout_ms);

void kx_schema_health_free(struct kx_schema_health *h);

/* The verdict for the subjects of topic (TOPIC-key, TOPIC-value), or of all
 * subjects when topic is NULL or "": false when the registry failed, or a
 * subject with two or more versions has compatibility NONE (nothing stops
 * a breaking version). detail gets one line (raw). */
bool kx_schema_health_ok(const struct kx_schema_health *h, const char *topic, char *detail,
                         size_t size);

#endif
