/* kafka.c - librdkafka handles and their log ring. */
#include "kafka.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t kx_now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t kx_mono_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void kx_logbuf_init(struct kx_logbuf *lb)
{
        memset(lb, 0, sizeof(*lb));
        pthread_mutex_init(&lb->lock, NULL);
}

void kx_logbuf_done(struct kx_logbuf *lb)
{
        pthread_mutex_destroy(&lb->lock);
}

static void logbuf_vadd(struct kx_logbuf *lb, int level, const char *fmt, va_list ap)
{
        struct kx_log_line *line;

        pthread_mutex_lock(&lb->lock);
        line = &lb->lines[lb->total % KX_LOGBUF_LINES];
        line->at_ms = kx_now_ms();
        line->level = level;
        vsnprintf(line->text, sizeof(line->text), fmt, ap);
        lb->total++;
        pthread_mutex_unlock(&lb->lock);
}

void kx_logbuf_add(struct kx_logbuf *lb, int level, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        logbuf_vadd(lb, level, fmt, ap);
        va_end(ap);
}

void kx_logbuf_last_error(struct kx_logbuf *lb, char *buf, size_t size)
{
        pthread_mutex_lock(&lb->lock);
        snprintf(buf, size, "%s", lb->last_error);
        pthread_mutex_unlock(&lb->lock);
}

int kx_logbuf_read(struct kx_logbuf *lb, uint64_t since, struct kx_log_line *out,
                   int max, uint64_t *next_since)
{
        uint64_t first;
        int n = 0;

        pthread_mutex_lock(&lb->lock);
        first = lb->total > KX_LOGBUF_LINES ? lb->total - KX_LOGBUF_LINES : 0;
        if (since < first)
                since = first;
        while (since < lb->total && n < max)
                out[n++] = lb->lines[since++ % KX_LOGBUF_LINES];
        *next_since = since;
        pthread_mutex_unlock(&lb->lock);
        return n;
}

static void set_last_error(struct kx_logbuf *lb, const char *reason, bool keep_older)
{
        /* Drop librdkafka's "[thrd:NAME]: " thread tag: it says nothing to a user. */
        if (!strncmp(reason, "[thrd:", 6) && strstr(reason, "]: "))
                reason = strstr(reason, "]: ") + 3;
        pthread_mutex_lock(&lb->lock);
        if (!keep_older || !lb->last_error[0])
                snprintf(lb->last_error, sizeof(lb->last_error), "%s", reason);
        lb->last_error_ms = kx_now_ms();
        pthread_mutex_unlock(&lb->lock);
}

/* Called from librdkafka's own threads. Connection failures arrive here at
 * once as FAIL logs (the error callback waits for a poll), so they feed
 * last_error too. */
static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
        struct kx_logbuf *lb = rd_kafka_opaque(rk);

        if (!lb)
                return;
        kx_logbuf_add(lb, level, "%s %s", fac, buf);
        if (!strcmp(fac, "FAIL"))
                set_last_error(lb, buf, false);
}

static void on_error(rd_kafka_t *rk, int code, const char *reason, void *opaque)
{
        struct kx_logbuf *lb = opaque;

        (void)rk;
        if (!lb)
                return;
        kx_logbuf_add(lb, 3, "ERROR %s: %s", rd_kafka_err2name(code), reason);
        /* ALL_BROKERS_DOWN says nothing new; keep the specific cause. */
        set_last_error(lb, reason, code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN);
        if (code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
                pthread_mutex_lock(&lb->lock);
                lb->all_down_ms = kx_now_ms();
                pthread_mutex_unlock(&lb->lock);
        }
}

static int conf_set(rd_kafka_conf_t *conf, const char *key, const char *value,
                    const char *origin, struct kx_err *err)
{
        char errstr[512];

        if (rd_kafka_conf_set(conf, key, value, errstr, sizeof(errstr)) == RD_KAFKA_CONF_OK)
                return 0;
        return kx_err_set(err, KX_ERR_CONFIG, "%s: %s", origin, errstr);
}

/* Build the conf every handle shares; the caller adds its type's defaults
 * first (user properties then override them). */
static rd_kafka_t *make_handle(rd_kafka_type_t type, const char *const (*defaults)[2], size_t ndef,
                               const struct kx_config *cfg, struct kx_logbuf *lb,
                               const char *client_id, const char *group, kx_kafka_dr_fn dr,
                               struct kx_err *err)
{
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        char errstr[512];
        rd_kafka_t *rk;

        if (!cfg->bootstrap || !*cfg->bootstrap) {
                rd_kafka_conf_destroy(conf);
                kx_err_set(err, KX_ERR_USAGE, "no brokers given: use -b HOST:PORT or a "
                                              "config context with \"bootstrap\"");
                return NULL;
        }
        for (size_t i = 0; i < ndef; i++)
                if (conf_set(conf, defaults[i][0], defaults[i][1], "default", err))
                        goto fail;
        if (group && conf_set(conf, "group.id", group, "default", err))
                goto fail;
        if (conf_set(conf, "client.id", client_id, "default", err) ||
            conf_set(conf, "bootstrap.servers", cfg->bootstrap, "bootstrap", err))
                goto fail;
        for (size_t i = 0; i < cfg->prop_cnt; i++)
                if (strncmp(cfg->props[i].key, "klaxon.admin.", 13) && /* klaxon's own client (ksec.h) */
                    conf_set(conf, cfg->props[i].key, cfg->props[i].value,
                             cfg->props[i].origin, err))
                        goto fail;
        rd_kafka_conf_set_opaque(conf, lb);
        rd_kafka_conf_set_log_cb(conf, on_log);
        rd_kafka_conf_set_error_cb(conf, on_error);
        if (dr)
                rd_kafka_conf_set_dr_msg_cb(conf, dr);
        rk = rd_kafka_new(type, conf, errstr, sizeof(errstr));
        if (!rk) {
                kx_err_set(err, KX_ERR_CONFIG, "cannot create Kafka client: %s", errstr);
                goto fail;
        }
        return rk;
fail:
        rd_kafka_conf_destroy(conf);
        return NULL;
}

rd_kafka_t *kx_kafka_new(const struct kx_config *cfg, struct kx_logbuf *lb,
                         const char *client_id, const char *reader_group, struct kx_err *err)
{
        static const char *const defaults[][2] = {
                {"isolation.level", "read_uncommitted"},
                {"enable.auto.commit", "false"},
                {"socket.connection.setup.timeout.ms", "5000"},
                {"topic.metadata.refresh.interval.ms", "-1"},
                {"reconnect.backoff.max.ms", "2000"},
                {"log.connection.close", "false"},
        };

        return make_handle(RD_KAFKA_CONSUMER, defaults, sizeof(defaults) / sizeof(defaults[0]), cfg,
                           lb, client_id, reader_group, NULL, err);
}

rd_kafka_t *kx_kafka_producer_new(const struct kx_config *cfg, struct kx_logbuf *lb,
                                  const char *client_id, struct kx_err *err)
{
        return kx_kafka_producer_new_dr(cfg, lb, client_id, NULL, err);
}

rd_kafka_t *kx_kafka_producer_new_dr(const struct kx_config *cfg, struct kx_logbuf *lb,
                                     const char *client_id, kx_kafka_dr_fn dr, struct kx_err *err)
{
        static const char *const defaults[][2] = {
                {"socket.connection.setup.timeout.ms", "5000"},
                {"log.connection.close", "false"},
                {"enable.idempotence", "true"},
        };

        return make_handle(RD_KAFKA_PRODUCER, defaults, sizeof(defaults) / sizeof(defaults[0]), cfg,
                           lb, client_id, NULL, dr, err);
}
