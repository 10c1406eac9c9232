/* probe_metrics.c - the probe's Prometheus metrics (see probe_metrics.h). */
#include "probe_metrics.h"
#include "xalloc.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double default_bounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

static const struct {
        const char *name, *help;
} counters[KX_PM_COUNTERS] = {
        [KX_PM_ATTEMPTS] = {"produce_attempts_total", "Canary messages the probe tried to produce."},
        [KX_PM_SUCCESSES] = {"produce_successes_total", "Canary messages the brokers acknowledged."},
        [KX_PM_FAILURES] = {"produce_failures_total", "Canary produces that failed."},
        [KX_PM_CONSUMED] = {"consumed_total", "Canary messages consumed back, in sequence or after a gap."},
        [KX_PM_LOST] = {"lost_total", "Canary messages lost: acknowledged sequence numbers never consumed."},
        [KX_PM_DUPLICATES] = {"duplicates_total", "Canary messages consumed more than once."},
};

static void insert_bound(struct kx_probe_metrics *m, double b)
{
        int i = 0;

        if (m->bound_cnt >= KX_PM_MAX_BOUNDS)
                return;
        while (i < m->bound_cnt && m->bound[i] < b)
                i++;
        if (i < m->bound_cnt && m->bound[i] == b)
                return;
        memmove(&m->bound[i + 1], &m->bound[i], sizeof(double) * (size_t)(m->bound_cnt - i));
        m->bound[i] = b;
        m->bound_cnt++;
}

void kx_probe_metrics_init(struct kx_probe_metrics *m, const char *topic, double threshold_ms)
{
        memset(m, 0, sizeof(*m));
        pthread_mutex_init(&m->mu, NULL);
        m->topic = kx_xstrdup(topic ? topic : "");
        for (size_t i = 0; i < sizeof(default_bounds) / sizeof(default_bounds[0]); i++)
                insert_bound(m, default_bounds[i]);
        if (threshold_ms > 0)
                insert_bound(m, threshold_ms / 1000.0);
}

void kx_probe_metrics_done(struct kx_probe_metrics *m)
{
        pthread_mutex_destroy(&m->mu);
        free(m->topic);
        m->topic = NULL;
}

void kx_probe_metrics_add(struct kx_probe_metrics *m, enum kx_pm_counter c, uint64_t n)
{
        if (!m || c < 0 || c >= KX_PM_COUNTERS)
                return;
        pthread_mutex_lock(&m->mu);
        m->counter[c] += n;
        pthread_mutex_unlock(&m->mu);
}

void kx_probe_metrics_observe(struct kx_probe_metrics *m, double ms)
{
        double s = ms < 0 ? 0 : ms / 1000.0;
        int i = 0;

        if (!m)
                return;
        pthread_mutex_lock(&m->mu);
        while (i < m->bound_cnt && s > m->bound[i])
                i++;
        m->bucket[i]++;
        m->sum_s += s;
        m->count++;
        pthread_mutex_unlock(&m->mu);
}

void kx_pm_le_str(double seconds, char *buf, size_t size)
{
        if (seconds == (double)(int64_t)seconds && fabs(seconds) < 1e15) {
                snprintf(buf, size, "%.0f", seconds);
                return;
        }
        for (int prec = 1; prec <= 17; prec++) {
                snprintf(buf, size, "%.*g", prec, seconds);
                if (strtod(buf, NULL) == seconds)
                        return;
        }
}

void kx_pm_escape_label(const char *s, char *out, size_t size)
{
        size_t n = 0;

        if (!size)
                return;
        for (; *s; s++) {
                const char *rep = *s == '\\' ? "\\\\" : *s == '"' ? "\\\"" : *s == '\n' ? "\\n" : NULL;
                size_t len = rep ? 2 : 1;

                if (n + len >= size)
                        break;
                if (rep)
                        memcpy(out + n, rep, 2);
                else
                        out[n] = *s;
                n += len;
        }
        out[n] = '\0';
}

char *kx_probe_metrics_render(struct kx_probe_metrics *m)
{
        char *text = NULL, topic[512], le[40], sum[40];
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        uint64_t cum = 0;

        if (!f) {
                fprintf(stderr, "klaxon: out of memory\n");
                abort();
        }
        kx_pm_escape_label(m->topic, topic, sizeof(topic));
        pthread_mutex_lock(&m->mu);
        for (int c = 0; c < KX_PM_COUNTERS; c++)
                fprintf(f, "# HELP " KX_PM_PREFIX "%s %s\n# TYPE " KX_PM_PREFIX "%s counter\n"
                           KX_PM_PREFIX "%s{topic=\"%s\"} %" PRIu64 "\n",
                        counters[c].name, counters[c].help, counters[c].name, counters[c].name, topic,
                        m->counter[c]);
        fprintf(f, "# HELP " KX_PM_LATENCY " End-to-end latency of timed canary messages, produce to consume.\n"
                   "# TYPE " KX_PM_LATENCY " histogram\n");
        for (int i = 0; i <= m->bound_cnt; i++) {
                cum += m->bucket[i];
                if (i < m->bound_cnt)
                        kx_pm_le_str(m->bound[i], le, sizeof(le));
                else
                        snprintf(le, sizeof(le), "+Inf");
                fprintf(f, KX_PM_LATENCY "_bucket{topic=\"%s\",le=\"%s\"} %" PRIu64 "\n", topic, le, cum);
        }
        kx_pm_le_str(m->sum_s, sum, sizeof(sum));
        fprintf(f, KX_PM_LATENCY "_sum{topic=\"%s\"} %s\n" KX_PM_LATENCY "_count{topic=\"%s\"} %" PRIu64 "\n",
                topic, sum, topic, m->count);
        pthread_mutex_unlock(&m->mu);
        fclose(f);
        return text;
}
