/* payload.c - records that look like a payments company's traffic.
 *
 * Keys come from bounded pools (accounts, actors, merchants), so a few keys
 * are hot, as in production. Every JSON record carries a trace id header;
 * payments_data breaks the rules on purpose: no key, CSV, no headers.
 */
#include "traffic.h"
#include "../../../core/kafka.h"

#include <stdio.h>
#include <string.h>

void tr_rng_seed(struct tr_rng *r, uint64_t seed)
{
        r->s = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

/* xorshift64* */
static uint64_t rng_next(struct tr_rng *r)
{
        r->s ^= r->s >> 12;
        r->s ^= r->s << 25;
        r->s ^= r->s >> 27;
        return r->s * 0x2545f4914f6cdd1dULL;
}

uint32_t tr_rng_below(struct tr_rng *r, uint32_t n)
{
        return (uint32_t)((rng_next(r) >> 32) % n);
}

/* Skewed pick in [0, n): half the picks land in the first tenth. */
static uint32_t hot_pick(struct tr_rng *r, uint32_t n)
{
        uint32_t hot = n / 10 ? n / 10 : 1;

        return tr_rng_below(r, 2) ? tr_rng_below(r, hot) : tr_rng_below(r, n);
}

static const char *pick(struct tr_rng *r, const char *const *list, uint32_t n)
{
        return list[tr_rng_below(r, n)];
}

#define PICK(r, list) pick((r), (list), sizeof(list) / sizeof((list)[0]))

static const char *const currencies[] = {"EUR", "EUR", "EUR", "GBP", "USD", "CHF", "SEK"};
static const char *const payment_events[] = {"payment.authorized", "payment.authorized",
                                             "payment.captured", "payment.captured",
                                             "payment.settled", "payment.refunded",
                                             "payment.declined"};
static const char *const schemes[] = {"visa", "mastercard", "sepa_ct", "sepa_dd", "amex"};
static const char *const order_events[] = {"order.created", "order.created", "order.paid",
                                           "order.shipped", "order.delivered",
                                           "order.cancelled"};
static const char *const audit_actions[] = {"customer.read", "customer.read", "customer.update",
                                            "payout.approve", "role.grant", "export.create",
                                            "login"};
static const char *const audit_actors[] = {"svc-payments-api", "svc-risk-engine",
                                           "svc-backoffice", "alice.martin", "bob.nguyen",
                                           "carla.rossi", "deploy-bot"};
static const char *const channels[] = {"web", "ios", "android", "pos"};

/* Add a header; its value is copied (truncated to fit). */
static void header(struct tr_msg *m, const char *name, const char *value)
{
        if (m->hdr_cnt >= TR_MAX_HEADERS)
                return;
        m->hdr_name[m->hdr_cnt] = name;
        snprintf(m->hdr_value[m->hdr_cnt], sizeof(m->hdr_value[0]), "%s", value);
        m->hdr_cnt++;
}

/* A W3C trace id, as a tracing-instrumented service would add. */
static void trace_header(struct tr_msg *m, struct tr_rng *r)
{
        char v[64];

        snprintf(v, sizeof(v), "00-%016llx%016llx-%016llx-01", (unsigned long long)rng_next(r),
                 (unsigned long long)rng_next(r), (unsigned long long)rng_next(r));
        header(m, "traceparent", v);
}

static void key_set(struct tr_msg *m, const char *fmt, uint64_t id)
{
        int n = snprintf(m->key, sizeof(m->key), fmt, (unsigned long long)id);

        m->key_len = n < 0 ? 0 : (size_t)n < sizeof(m->key) ? (size_t)n : sizeof(m->key) - 1;
}

static void value_done(struct tr_msg *m, int n)
{
        m->value_len = n < 0 ? 0 : (size_t)n < sizeof(m->value) ? (size_t)n : sizeof(m->value) - 1;
}

static void make_payment(struct tr_msg *m, struct tr_rng *r, uint64_t seq, int64_t now)
{
        uint32_t account = hot_pick(r, 50000);

        key_set(m, "pay_%012llx", seq * 2654435761ULL % 0xffffffffffffULL);
        value_done(m, snprintf(m->value, sizeof(m->value),
                               "{\"event_type\":\"%s\",\"payment_id\":\"%s\","
                               "\"account_id\":\"acc_%07u\",\"merchant_id\":\"mer_%05u\","
                               "\"amount_minor\":%u,\"currency\":\"%s\",\"scheme\":\"%s\","
                               "\"channel\":\"%s\",\"occurred_at\":%lld,\"schema_version\":1}",
                               PICK(r, payment_events), m->key, account, hot_pick(r, 4000),
                               100 + tr_rng_below(r, 250000), PICK(r, currencies),
                               PICK(r, schemes), PICK(r, channels), (long long)now));
        trace_header(m, r);
        header(m, "content-type", "application/json");
        header(m, "producer", "payments-gateway/4.12");
}

static void make_posting(struct tr_msg *m, struct tr_rng *r, uint64_t seq, int64_t now)
{
        uint32_t account = hot_pick(r, 20000);
        uint32_t amount = 100 + tr_rng_below(r, 500000);

        key_set(m, "acc_%07llu", account);
        value_done(m, snprintf(m->value, sizeof(m->value),
                               "{\"command\":\"ledger.post\",\"posting_id\":\"pst_%010llu\","
                               "\"account_id\":\"%s\",\"entries\":[{\"side\":\"debit\","
                               "\"amount_minor\":%u},{\"side\":\"credit\",\"account_id\":"
                               "\"acc_%07u\",\"amount_minor\":%u}],\"currency\":\"%s\","
                               "\"book\":\"main\",\"requested_at\":%lld}",
                               (unsigned long long)seq, m->key, amount, hot_pick(r, 20000),
                               amount, PICK(r, currencies), (long long)now));
        trace_header(m, r);
        header(m, "schema", "ledger.posting.v2");
}

static void make_audit(struct tr_msg *m, struct tr_rng *r, uint64_t seq, int64_t now)
{
        const char *actor = PICK(r, audit_actors);
        int n = snprintf(m->key, sizeof(m->key), "%s", actor);

        m->key_len = (size_t)n;
        value_done(m, snprintf(m->value, sizeof(m->value),
                               "{\"audit_id\":\"aud_%010llu\",\"actor\":\"%s\","
                               "\"action\":\"%s\",\"resource\":\"customer/%u\","
                               "\"outcome\":\"%s\",\"source_ip\":\"10.%u.%u.%u\","
                               "\"at\":%lld}",
                               (unsigned long long)seq, actor, PICK(r, audit_actions),
                               hot_pick(r, 100000), tr_rng_below(r, 50) ? "allow" : "deny",
                               tr_rng_below(r, 8), tr_rng_below(r, 256), tr_rng_below(r, 256),
                               (long long)now));
        trace_header(m, r);
        header(m, "retention-class", "7y");
}

static void make_order(struct tr_msg *m, struct tr_rng *r, uint64_t seq, int64_t now)
{
        key_set(m, "ord_%010llu", seq / 3);  /* a few events per order */
        value_done(m, snprintf(m->value, sizeof(m->value),
                               "{\"event_type\":\"%s\",\"order_id\":\"%s\","
                               "\"customer_id\":\"cus_%07u\",\"items\":%u,"
                               "\"total_minor\":%u,\"currency\":\"%s\",\"channel\":\"%s\","
                               "\"occurred_at\":%lld}",
                               PICK(r, order_events), m->key, hot_pick(r, 80000),
                               1 + tr_rng_below(r, 6), 500 + tr_rng_below(r, 90000),
                               PICK(r, currencies), PICK(r, channels), (long long)now));
        trace_header(m, r);
}

static void make_raw_csv(struct tr_msg *m, struct tr_rng *r, uint64_t seq, int64_t now)
{
        value_done(m, snprintf(m->value, sizeof(m->value), "%llu,%u,%s,%lld",
                               (unsigned long long)seq, 100 + tr_rng_below(r, 100000),
                               PICK(r, currencies), (long long)now));
}

static void make_retention(struct tr_msg *m, struct tr_rng *r, uint64_t seq, int64_t now)
{
        key_set(m, "acc_%07llu", hot_pick(r, 20000));
        value_done(m, snprintf(m->value, sizeof(m->value),
                               "{\"event_type\":\"ledger.posted\",\"posting_id\":"
                               "\"pst_%010llu\",\"account_id\":\"%s\",\"balance_minor\":%u,"
                               "\"posted_at\":%lld}",
                               (unsigned long long)seq, m->key, tr_rng_below(r, 10000000),
                               (long long)now));
        trace_header(m, r);
}

void tr_msg_make(struct tr_msg *m, enum tr_topic_id topic, struct tr_rng *r, uint64_t seq)
{
        int64_t now = kx_now_ms();

        memset(m, 0, sizeof(*m));
        switch (topic) {
        case TR_PAYMENTS:
                make_payment(m, r, seq, now);
                break;
        case TR_LEDGER:
                make_posting(m, r, seq, now);
                break;
        case TR_AUDIT:
                make_audit(m, r, seq, now);
                break;
        case TR_ORDERS:
                make_order(m, r, seq, now);
                break;
        case TR_RETENTION:
                make_retention(m, r, seq, now);
                break;
        default:
                make_raw_csv(m, r, seq, now);
                break;
        }
}
