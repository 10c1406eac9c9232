/* lag_status.c - Burrow's evaluation rules over a sample window. */
#include "lag_status.h"
#include "lag.h"

static bool offset_never_moved(const struct kx_lag_sample *s, int n)
{
        for (int i = 1; i < n; i++)
                if (s[i].committed != s[0].committed)
                        return false;
        return true;
}

/* Rule 2's timing: how long the offset has been still, and how long the
 * window took to reach that offset. */
static bool stopped(const struct kx_lag_sample *s, int n, int64_t now_ms)
{
        int64_t last = s[n - 1].committed;
        int64_t since_change = s[0].at_ms;  /* still since the window began */
        int64_t moving_span;

        for (int i = n - 1; i > 0; i--) {
                if (s[i - 1].committed != last) {
                        since_change = s[i].at_ms;
                        break;
                }
        }
        moving_span = since_change - s[0].at_ms;
        if (now_ms - since_change <= moving_span)
                return false;
        for (int i = 0; i < n; i++)
                if (s[i].log_end >= 0 && s[i].log_end <= last)
                        return false;  /* it was caught up: idle, not stopped */
        return true;
}

static bool rewound(const struct kx_lag_sample *s, int n)
{
        int64_t high = s[0].committed;
        bool dropped = false;

        for (int i = 1; i < n; i++) {
                if (s[i].committed < s[i - 1].committed)
                        dropped = true;
                if (s[i - 1].committed > high)
                        high = s[i - 1].committed;
        }
        return dropped && s[n - 1].committed < high;
}

static bool lag_never_decreased(const struct kx_lag_sample *s, int n)
{
        for (int i = 1; i < n; i++) {
                int64_t a = kx_lag(s[i - 1].committed, s[i - 1].log_end);
                int64_t b = kx_lag(s[i].committed, s[i].log_end);

                if (a >= 0 && b >= 0 && b < a)
                        return false;
        }
        return true;
}

enum kx_lag_status kx_lag_status_eval(const struct kx_lag_sample *samples, int n,
                                      int64_t allowed_lag, bool has_owner, int64_t now_ms)
{
        const struct kx_lag_sample *cur;
        int64_t lag;

        if (n <= 0)
                return KX_LAG_UNKNOWN;
        cur = &samples[n - 1];
        if (cur->committed < 0 || cur->log_end < 0)
                return cur->log_end < 0 ? KX_LAG_ERR : KX_LAG_UNKNOWN;
        lag = kx_lag(cur->committed, cur->log_end);
        if (lag <= allowed_lag)
                return KX_LAG_OK;
        if (n < 2)
                return KX_LAG_UNKNOWN;
        if (n >= KX_LAG_STOP_SAMPLES && !has_owner && stopped(samples, n, now_ms))
                return KX_LAG_STOP;
        if (rewound(samples, n))
                return KX_LAG_REWIND;
        for (int i = 0; i < n; i++) {
                int64_t l = kx_lag(samples[i].committed, samples[i].log_end);

                if (l >= 0 && l <= allowed_lag)
                        return KX_LAG_OK;
        }
        if (n >= KX_LAG_STOP_SAMPLES && offset_never_moved(samples, n))
                return has_owner ? KX_LAG_STALL : KX_LAG_STOP;
        if (n >= KX_LAG_WARN_SAMPLES && lag_never_decreased(samples, n))
                return KX_LAG_WARN;
        return KX_LAG_OK;
}

const char *kx_lag_status_label(enum kx_lag_status s)
{
        switch (s) {
#define KX_LAG_LABEL(id, label, help) \
        case id:                      \
                return label;
                KX_LAG_STATUSES(KX_LAG_LABEL)
#undef KX_LAG_LABEL
        }
        return "?";
}

const char *kx_lag_status_help(enum kx_lag_status s)
{
        switch (s) {
#define KX_LAG_HELP(id, label, help) \
        case id:                     \
                return help;
                KX_LAG_STATUSES(KX_LAG_HELP)
#undef KX_LAG_HELP
        }
        return "?";
}
