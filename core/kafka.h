/* kafka.h - librdkafka handles made from a klaxon config, with logs kept
 * away from the terminal.
 *
 * librdkafka logs from its own threads; on stderr that would corrupt the
 * console. Every handle made here logs into a shared, thread-safe ring
 * (struct kx_logbuf) instead, which the log view and error messages read.
 */
#ifndef KX_KAFKA_H
#define KX_KAFKA_H

#include "config.h"
#include "err.h"

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdint.h>

#define KX_LOGBUF_LINES 512
#define KX_LOGBUF_WIDTH 240

struct kx_log_line {
        int64_t at_ms;                 /* wall clock */
        int level;                     /* syslog level, 7 = debug */
        char text[KX_LOGBUF_WIDTH];    /* raw; sanitize before display */
};

struct kx_logbuf {
        pthread_mutex_t lock;
        struct kx_log_line lines[KX_LOGBUF_LINES];
        uint64_t total;                /* lines ever added; newest is total-1 */
        char last_error[KX_LOGBUF_WIDTH]; /* newest connection-level error */
        int64_t last_error_ms;
        int64_t all_down_ms;           /* when librdkafka last said ALL_BROKERS_DOWN */
};

/* Initialise/destroy a log ring. */
void kx_logbuf_init(struct kx_logbuf *lb);
void kx_logbuf_done(struct kx_logbuf *lb);

/* Append a line. Thread-safe. */
void kx_logbuf_add(struct kx_logbuf *lb, int level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Copy the newest connection error into buf ("" if none). Thread-safe. */
void kx_logbuf_last_error(struct kx_logbuf *lb, char *buf, size_t size);

/* Copy up to max lines, oldest first, that were added at or after sequence
 * number since (0 for all kept lines). Returns the count copied and sets
 * *next_since to pass next time. Thread-safe. */
int kx_logbuf_read(struct kx_logbuf *lb, uint64_t since, struct kx_log_line *out,
                   int max, uint64_t *next_since);

/* Create a client handle for cfg: bootstrap, every property (an unknown or
 * invalid one fails with librdkafka's own message and the property's origin,
 * KX_ERR_CONFIG), logs and errors routed into lb (which must outlive the
 * handle). The handle is a consumer reading read_uncommitted, so ListOffsets
 * "latest" is the high watermark as Kafka's tools report it. reader_group is
 * NULL for admin use; librdkafka's assign() needs some group.id, so a
 * reader passes one, which klaxon never subscribes or commits with (so no
 * group appears on the cluster). Returns NULL on error. The caller destroys
 * the handle with rd_kafka_destroy(). */
rd_kafka_t *kx_kafka_new(const struct kx_config *cfg, struct kx_logbuf *lb,
                         const char *client_id, const char *reader_group, struct kx_err *err);

/* A producer handle for cfg (same properties, logs into lb). Delivery
 * failures surface through rd_kafka_flush()/rd_kafka_outq_len(). NULL on
 * error with err set. */
rd_kafka_t *kx_kafka_producer_new(const struct kx_config *cfg, struct kx_logbuf *lb,
                                  const char *client_id, struct kx_err *err);

/* A delivery-report callback (librdkafka's dr_msg_cb; its opaque is lb, the
 * per-message opaque is the producer call's). */
typedef void (*kx_kafka_dr_fn)(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque);

/* kx_kafka_producer_new with a delivery-report callback, served by
 * rd_kafka_poll()/rd_kafka_flush() on the caller's thread. */
rd_kafka_t *kx_kafka_producer_new_dr(const struct kx_config *cfg, struct kx_logbuf *lb,
                                     const char *client_id, kx_kafka_dr_fn dr, struct kx_err *err);

/* Wall clock in ms, and a monotonic clock in ms. */
int64_t kx_now_ms(void);
int64_t kx_mono_ms(void);

#endif
