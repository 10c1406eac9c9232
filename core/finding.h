/* finding.h - what a governance check found: one rule broken by one topic
 * (or team, or cluster), how bad it is, and how to fix it. */
#ifndef KX_FINDING_H
#define KX_FINDING_H

#include <jansson.h>
#include <stdarg.h>

#define KX_SEVERITIES(X)         \
        X(KX_SEV_INFO, "info")   \
        X(KX_SEV_WARN, "warn")   \
        X(KX_SEV_ERROR, "error")

enum kx_severity {
#define KX_SEV_ENUM(id, label) id,
        KX_SEVERITIES(KX_SEV_ENUM)
#undef KX_SEV_ENUM
};

struct kx_finding {
        char *topic;          /* NULL for a cluster-wide finding */
        char *team;           /* owning team, or NULL if none matches */
        char *rule;           /* "naming", "partitions", "retention", ... */
        enum kx_severity severity;
        char *message;        /* what is wrong, with the actual and wanted values */
        char *hint;           /* how to fix it */
};

/* A growable list; zero-initialise, free with kx_findings_free(). */
struct kx_findings {
        struct kx_finding *items;
        int cnt;
};

/* Append a finding (strings copied; topic/team may be NULL). */
void kx_findings_add(struct kx_findings *f, const char *topic, const char *team, const char *rule,
                     enum kx_severity sev, const char *hint, const char *fmt, ...)
        __attribute__((format(printf, 7, 8)));

void kx_findings_free(struct kx_findings *f);

/* Count of findings at or above sev. */
int kx_findings_count(const struct kx_findings *f, enum kx_severity sev);

/* Sort by team (no team last), then topic, then severity (worst first). */
void kx_findings_sort(struct kx_findings *f);

/* Label ("error") of a severity; never NULL. */
const char *kx_severity_label(enum kx_severity s);

/* The findings as a JSON array of {topic, team, rule, severity, message,
 * hint}; new reference. */
json_t *kx_findings_json(const struct kx_findings *f);

#endif
