/* quota_observed.c - observed quota throttling from Prometheus (see
 * quota_observed.h). */
#include "quota_observed.h"
#include "sanitize.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {"Produce", "Fetch", "Request"};

const char *kx_quota_kind_name(enum kx_quota_kind kind)
{
        return kind_names[kind];
}

const char *kx_quota_observed_source(const char *prometheus_url, char *buf, size_t size)
{
        char url[300];

        if (!prometheus_url) {
                snprintf(buf, size, "%s",
                         "observed throttling comes from Prometheus (the brokers' JMX exporter series "
                         "kafka_server_quota_throttle_time_ms / kafka_server_quota_byte_rate): "
                         "give --prometheus URL or \"prometheus:\" in the config context");
                return buf;
        }
        kx_sanitize(url, sizeof(url), prometheus_url, strlen(prometheus_url));
        snprintf(buf, size, "observed: prometheus at %s (throttle: max over %s, byte rate: now)", url,
                 KX_QUOTA_OBSERVED_WINDOW);
        return buf;
}

struct collect {
        struct kx_arena *a;
        struct kx_quota_observed *items;        /* heap while collecting */
        int cnt;
        bool rate;                              /* this query gives byte_rate */
};

/* The sanitized label value ("" when absent) into the arena. */
static char *label(struct kx_arena *a, const json_t *metric, const char *name)
{
        const char *raw = json_string_value(json_object_get(metric, name));
        size_t len = raw ? strlen(raw) : 0;
        char *clean = kx_arena_alloc(a, len * 4 + 1);

        kx_sanitize(clean, len * 4 + 1, raw ? raw : "", len);
        return clean;
}

static int add_series(const json_t *metric, double value, void *ctx, struct kx_err *err)
{
        struct collect *c = ctx;
        const char *kind = json_string_value(json_object_get(metric, "quota"));
        char *user, *client;
        int k = -1, i;

        (void)err;
        for (int j = 0; kind && j < 3; j++)
                if (!strcmp(kind, kind_names[j]))
                        k = j;
        if (k < 0 || isnan(value))
                return 0;
        user = label(c->a, metric, "user");
        client = label(c->a, metric, "client_id");
        for (i = 0; i < c->cnt; i++)
                if ((int)c->items[i].kind == k && !strcmp(c->items[i].user, user) &&
                    !strcmp(c->items[i].client_id, client))
                        break;
        if (i == c->cnt) {
                c->items = kx_xrealloc(c->items, sizeof(*c->items) * (size_t)(c->cnt + 1));
                c->items[c->cnt++] = (struct kx_quota_observed){(enum kx_quota_kind)k, user, client, -1, -1};
        }
        if (c->rate)
                c->items[i].byte_rate = value;
        else
                c->items[i].throttle_ms = value;
        return 0;
}

int kx_quota_observed_read(const struct kx_prom *p, int64_t at_ms, struct kx_arena *a,
                           struct kx_quota_observations *out, struct kx_err *err)
{
        /* NaN (a sensor with no sample yet) fails ">= 0" and is left out. */
        static const char throttle_q[] =
                "max by (quota, user, client_id) (max_over_time(kafka_server_quota_throttle_time_ms["
                KX_QUOTA_OBSERVED_WINDOW "]) >= 0)";
        static const char rate_q[] = "sum by (quota, user, client_id) (kafka_server_quota_byte_rate >= 0)";
        struct collect c = {a, NULL, 0, false};
        int rc;

        out->items = NULL;
        out->cnt = 0;
        rc = kx_prom_query_vector(p, throttle_q, at_ms, add_series, &c, err);
        c.rate = true;
        if (!rc)
                rc = kx_prom_query_vector(p, rate_q, at_ms, add_series, &c, err);
        /* Kafka's throttle sensor stays NaN until a request is throttled: an
         * entity whose sensors report a byte rate but no throttle sample was
         * not throttled in the window. */
        for (int i = 0; !rc && i < c.cnt; i++)
                if (c.items[i].throttle_ms < 0 && c.items[i].byte_rate >= 0)
                        c.items[i].throttle_ms = 0;
        if (!rc && c.cnt) {
                out->items = kx_arena_memdup(a, c.items, sizeof(*c.items) * (size_t)c.cnt);
                out->cnt = c.cnt;
        }
        free(c.items);
        return rc;
}

const struct kx_quota_observed *kx_quota_observed_for(const struct kx_quota_observations *o,
                                                      const struct kx_quota_entity *ent, int ent_cnt,
                                                      const char *key)
{
        char user[1024] = "", client[1024] = "";
        int kind;

        if (!strcmp(key, "producer_byte_rate"))
                kind = KX_QUOTA_PRODUCE;
        else if (!strcmp(key, "consumer_byte_rate"))
                kind = KX_QUOTA_FETCH;
        else if (!strcmp(key, "request_percentage"))
                kind = KX_QUOTA_REQUEST;
        else
                return NULL;
        for (int i = 0; i < ent_cnt; i++) {
                char *dst = !strcmp(ent[i].type, "user") ? user : !strcmp(ent[i].type, "client-id") ? client : NULL;

                if (!dst || !ent[i].name)
                        return NULL;
                kx_sanitize(dst, sizeof(user), ent[i].name, strlen(ent[i].name));
        }
        for (int i = 0; o && i < o->cnt; i++)
                if ((int)o->items[i].kind == kind && !strcmp(o->items[i].user, user) &&
                    !strcmp(o->items[i].client_id, client))
                        return &o->items[i];
        return NULL;
}

static json_t *num_or_null(double v)
{
        return v < 0 ? json_null() : json_real(v);
}

json_t *kx_quota_observed_json(const struct kx_quota_observed *ob)
{
        return json_pack("{s:s, s:o, s:o, s:o, s:o}", "quota", kind_names[ob->kind], "user",
                         ob->user[0] ? json_string(ob->user) : json_null(), "client_id",
                         ob->client_id[0] ? json_string(ob->client_id) : json_null(), "throttle_ms",
                         num_or_null(ob->throttle_ms), "byte_rate", num_or_null(ob->byte_rate));
}

const char *kx_quota_observed_text(const struct kx_quota_observed *ob, char *buf, size_t size)
{
        char rate[48] = "-";

        if (ob->byte_rate >= 0)
                snprintf(rate, sizeof(rate), "%.0f B/s", ob->byte_rate);
        if (ob->throttle_ms >= 0)
                snprintf(buf, size, "throttle %.0f ms, %s", ob->throttle_ms, rate);
        else
                snprintf(buf, size, "throttle -, %s", rate);
        return buf;
}
