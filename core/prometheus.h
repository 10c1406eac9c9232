/* prometheus.h - a Prometheus HTTP API client (instant queries), on the
 * generic JSON-over-HTTP call of connect.h (libcurl + jansson).
 *
 * Every failure is one clear error naming the URL: unreachable, timed out
 * (the configured timeout), HTTP >= 400 with Prometheus' own message, an
 * answer that is not Prometheus JSON ("garbage"), or a query error.
 */
#ifndef KX_PROMETHEUS_H
#define KX_PROMETHEUS_H

#include "err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct kx_prom {
        const char *url;         /* base, e.g. http://127.0.0.1:9090 (borrowed) */
        int timeout_ms;
};

/* Evaluate promql at at_ms (0: now) and return the first sample of the
 * resulting vector or scalar in *value; *found is false (and *value 0) for
 * an empty vector. Errors: KX_ERR_PEER, KX_ERR_TIMEOUT. */
int kx_prom_query(const struct kx_prom *p, const char *promql, int64_t at_ms, double *value,
                  bool *found, struct kx_err *err);

/* Called once per series of a vector result: metric is the series' labels
 * as a JSON object (borrowed, raw: sanitize before display), value its
 * sample. A non-zero return stops the walk and is returned (err set by fn). */
typedef int (*kx_prom_series_fn)(const json_t *metric, double value, void *ctx, struct kx_err *err);

/* Evaluate promql at at_ms (0: now) and call fn for every series of the
 * vector result (none for an empty vector). Errors as kx_prom_query, or
 * fn's. */
int kx_prom_query_vector(const struct kx_prom *p, const char *promql, int64_t at_ms, kx_prom_series_fn fn,
                         void *ctx, struct kx_err *err);

#endif
