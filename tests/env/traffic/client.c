/* client.c - librdkafka handles for the generator, with quiet logs.
 *
 * librdkafka logs from its own threads. Debug and info lines are dropped;
 * warnings, errors and error callbacks go to stderr, at most LOG_BURST lines
 * per LOG_WINDOW_MS, so a broker kept down for a demo does not flood the
 * generator's log with reconnect attempts.
 */
#include "traffic.h"
#include "../../../core/kafka.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LOG_WARNING   4
#define LOG_BURST     20
#define LOG_WINDOW_MS 10000

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t log_window_start;
static int log_in_window, log_dropped;

void tr_log(const char *fmt, ...)
{
        char line[1024];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(line, sizeof(line), fmt, ap);
        va_end(ap);
        pthread_mutex_lock(&log_lock);
        fprintf(stderr, TR_NAME ": %s\n", line);
        pthread_mutex_unlock(&log_lock);
}

/* True if a librdkafka line may be printed now; counts the dropped ones. */
static bool log_admit(int *dropped_before)
{
        int64_t now = kx_mono_ms();
        bool ok;

        pthread_mutex_lock(&log_lock);
        *dropped_before = 0;
        if (now - log_window_start >= LOG_WINDOW_MS) {
                *dropped_before = log_dropped;
                log_window_start = now;
                log_in_window = 0;
                log_dropped = 0;
        }
        ok = log_in_window < LOG_BURST;
        if (ok)
                log_in_window++;
        else
                log_dropped++;
        pthread_mutex_unlock(&log_lock);
        return ok;
}

static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
        int dropped;

        if (level > LOG_WARNING || !log_admit(&dropped))
                return;
        if (dropped)
                tr_log("(%d librdkafka log lines dropped)", dropped);
        tr_log("%s %s: %s", rd_kafka_name(rk), fac, buf);
}

/* Client-level errors. A refused or dropped connection was already logged
 * as FAIL; the same text again as an error adds nothing. */
static void on_error(rd_kafka_t *rk, int code, const char *reason, void *opaque)
{
        int dropped;

        (void)opaque;
        if (code == RD_KAFKA_RESP_ERR__TRANSPORT || !log_admit(&dropped))
                return;
        if (dropped)
                tr_log("(%d librdkafka log lines dropped)", dropped);
        tr_log("%s error %s: %s", rd_kafka_name(rk), rd_kafka_err2name(code), reason);
}

int tr_conf_set(rd_kafka_conf_t *conf, const char *key, const char *value,
                struct kx_err *err)
{
        char errstr[512];

        if (rd_kafka_conf_set(conf, key, value, errstr, sizeof(errstr)) == RD_KAFKA_CONF_OK)
                return 0;
        return kx_err_set(err, KX_ERR_CONFIG, "%s", errstr);
}

/* Apply one "key=value" from -X. */
static int conf_set_arg(rd_kafka_conf_t *conf, const char *arg, struct kx_err *err)
{
        const char *eq = strchr(arg, '=');
        char key[256];

        if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(key))
                return kx_err_set(err, KX_ERR_USAGE, "-X %s: expected KEY=VALUE", arg);
        memcpy(key, arg, (size_t)(eq - arg));
        key[eq - arg] = '\0';
        return tr_conf_set(conf, key, eq + 1, err);
}

/* The settings every client shares, then the caller's settings[]. NULL with
 * err set if one is refused. */
static rd_kafka_conf_t *conf_new(const struct tr_opts *o, const char *client_id,
                                 const char *const settings[][2], size_t setting_cnt,
                                 struct kx_err *err)
{
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        int rc;

        rd_kafka_conf_set_log_cb(conf, on_log);
        rd_kafka_conf_set_error_cb(conf, on_error);
        rc = tr_conf_set(conf, "bootstrap.servers", o->bootstrap, err);
        if (!rc)
                rc = tr_conf_set(conf, "client.id", client_id, err);
        if (!rc)
                rc = tr_conf_set(conf, "log.connection.close", "false", err);
        if (!rc)
                rc = tr_conf_set(conf, "reconnect.backoff.max.ms", "2000", err);
        for (size_t i = 0; i < setting_cnt && !rc; i++)
                rc = tr_conf_set(conf, settings[i][0], settings[i][1], err);
        if (rc) {
                rd_kafka_conf_destroy(conf);
                return NULL;
        }
        return conf;
}

/* Apply the -X properties last (they override ours) and create the handle,
 * which takes conf over. NULL with err set on error. */
static rd_kafka_t *handle_new(rd_kafka_type_t type, rd_kafka_conf_t *conf,
                              const struct tr_opts *o, struct kx_err *err)
{
        char errstr[512];
        rd_kafka_t *rk;

        for (int i = 0; i < o->prop_cnt; i++) {
                if (conf_set_arg(conf, o->props[i], err)) {
                        rd_kafka_conf_destroy(conf);
                        return NULL;
                }
        }
        rk = rd_kafka_new(type, conf, errstr, sizeof(errstr));
        if (!rk) {
                rd_kafka_conf_destroy(conf);
                kx_err_set(err, KX_ERR_CONFIG, "%s", errstr);
        }
        return rk;
}

/* Counts every delivery report into producer.c's tr_pstats. */
static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
        (void)rk;
        (void)opaque;
        if (m->err) {
                atomic_fetch_add(&tr_pstats.failed, 1);
                if (!tr_stopping())
                        tr_log("delivery to %s failed: %s", rd_kafka_topic_name(m->rkt),
                               rd_kafka_err2str(m->err));
        } else {
                atomic_fetch_add(&tr_pstats.delivered, 1);
        }
}

rd_kafka_t *tr_producer_new(const struct tr_opts *o, struct kx_err *err)
{
        static const char *const settings[][2] = {
                {"enable.idempotence", "true"},
                {"linger.ms", "20"},
                {"compression.type", "lz4"},
        };
        rd_kafka_conf_t *conf = conf_new(o, TR_NAME "-producer", settings,
                                         sizeof(settings) / sizeof(settings[0]), err);

        if (!conf)
                return NULL;
        rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
        return handle_new(RD_KAFKA_PRODUCER, conf, o, err);
}

/* Commit results arrive on the consumer's poll. NO_OFFSET only means there
 * was nothing new to commit. */
static void on_commit(rd_kafka_t *rk, rd_kafka_resp_err_t e,
                      rd_kafka_topic_partition_list_t *offsets, void *opaque)
{
        (void)offsets;
        (void)opaque;
        if (e && e != RD_KAFKA_RESP_ERR__NO_OFFSET && !tr_stopping())
                tr_log("%s: commit failed: %s", rd_kafka_name(rk), rd_kafka_err2str(e));
}

rd_kafka_t *tr_consumer_new(const struct tr_opts *o, const char *group,
                            const char *client_id, struct kx_err *err)
{
        const char *const settings[][2] = {
                {"group.id", group},
                {"enable.auto.commit", "false"},
                {"auto.offset.reset", "earliest"},
                {"session.timeout.ms", "10000"},
                {"heartbeat.interval.ms", "2000"},
                {"partition.assignment.strategy", "range"},
        };
        rd_kafka_conf_t *conf = conf_new(o, client_id, settings,
                                         sizeof(settings) / sizeof(settings[0]), err);
        rd_kafka_t *rk;

        if (!conf)
                return NULL;
        rd_kafka_conf_set_offset_commit_cb(conf, on_commit);
        rk = handle_new(RD_KAFKA_CONSUMER, conf, o, err);
        if (rk)
                rd_kafka_poll_set_consumer(rk);
        return rk;
}
