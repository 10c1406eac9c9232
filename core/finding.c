/* finding.c - the findings list. */
#include "finding.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kx_findings_add(struct kx_findings *f, const char *topic, const char *team, const char *rule,
                     enum kx_severity sev, const char *hint, const char *fmt, ...)
{
        struct kx_finding *x;
        char msg[512];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        f->items = kx_xrealloc(f->items, (size_t)(f->cnt + 1) * sizeof(*x));
        x = &f->items[f->cnt++];
        x->topic = kx_xstrdup(topic);
        x->team = kx_xstrdup(team);
        x->rule = kx_xstrdup(rule);
        x->severity = sev;
        x->message = kx_xstrdup(msg);
        x->hint = kx_xstrdup(hint ? hint : "");
}

void kx_findings_free(struct kx_findings *f)
{
        for (int i = 0; i < f->cnt; i++) {
                free(f->items[i].topic);
                free(f->items[i].team);
                free(f->items[i].rule);
                free(f->items[i].message);
                free(f->items[i].hint);
        }
        free(f->items);
        f->items = NULL;
        f->cnt = 0;
}

int kx_findings_count(const struct kx_findings *f, enum kx_severity sev)
{
        int n = 0;

        for (int i = 0; i < f->cnt; i++)
                n += f->items[i].severity >= sev;
        return n;
}

static int nullcmp(const char *a, const char *b)
{
        if (!a || !b)
                return (a == NULL) - (b == NULL);
        return strcmp(a, b);
}

static int finding_cmp(const void *pa, const void *pb)
{
        const struct kx_finding *a = pa, *b = pb;
        int c = nullcmp(a->team, b->team);

        if (!c)
                c = nullcmp(a->topic, b->topic);
        if (!c)
                c = (int)b->severity - (int)a->severity;
        return c ? c : strcmp(a->rule, b->rule);
}

void kx_findings_sort(struct kx_findings *f)
{
        if (f->cnt > 1)
                qsort(f->items, (size_t)f->cnt, sizeof(*f->items), finding_cmp);
}

const char *kx_severity_label(enum kx_severity s)
{
        static const char *const labels[] = {
#define KX_SEV_LABEL(id, label) label,
                KX_SEVERITIES(KX_SEV_LABEL)
#undef KX_SEV_LABEL
        };

        return (unsigned)s < sizeof(labels) / sizeof(labels[0]) ? labels[s] : "?";
}

json_t *kx_findings_json(const struct kx_findings *f)
{
        json_t *arr = json_array();

        for (int i = 0; i < f->cnt; i++) {
                const struct kx_finding *x = &f->items[i];

                json_array_append_new(arr, json_pack("{s:s?, s:s?, s:s, s:s, s:s, s:s}", "topic", x->topic,
                                                     "team", x->team, "rule", x->rule, "severity",
                                                     kx_severity_label(x->severity), "message", x->message,
                                                     "hint", x->hint));
        }
        return arr;
}
