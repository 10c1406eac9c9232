/* probe_setup.c - the probe's clients, canary topic and start positions. */
#include "action_canary_topic.h"
#include "probe_internal.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool has_prop(const struct kx_config *cfg, const char *key)
{
        for (size_t i = 0; i < cfg->prop_cnt; i++)
                if (!strcmp(cfg->props[i].key, key))
                        return true;
        return false;
}

void kx_probe_config(struct kx_probe *p, const struct kx_config *cfg)
{
        char timeout[32];
        const char *const defaults[][2] = {
                {"message.timeout.ms", timeout},
                {"enable.idempotence", "false"},
                {"max.in.flight.requests.per.connection", "1"},
                {"auto.offset.reset", "earliest"},
                {"topic.metadata.refresh.interval.ms", "5000"},
                /* the broker answers an idle fetch only after this long, which
                 * bounds how late a new message can be seen: keep it short */
                {"fetch.wait.max.ms", "50"},
                /* a canary message travels alone: never wait to batch it */
                {"linger.ms", "0"},
        };

        snprintf(timeout, sizeof(timeout), "%d", p->opts->timeout_ms);
        kx_config_init(&p->cfg);
        kx_config_set_str(&p->cfg.bootstrap, cfg->bootstrap);
        p->cfg.read_only = cfg->read_only;
        kx_config_set_str(&p->cfg.operator_name, cfg->operator_name);
        for (size_t i = 0; i < cfg->prop_cnt; i++)
                kx_config_set_prop(&p->cfg, cfg->props[i].key, cfg->props[i].value,
                                   cfg->props[i].origin);
        for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
                if (!has_prop(cfg, defaults[i][0]))
                        kx_config_set_prop(&p->cfg, defaults[i][0], defaults[i][1], "probe default");
}

/* Live broker ids from one metadata request (sorted as the cluster lists
 * them). */
static int live_brokers(rd_kafka_t *rk, int32_t **ids, int *cnt, struct kx_err *err)
{
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, NULL, &md, 10000);

        if (e)
                return kx_err_set(err, KX_ERR_UNREACHABLE, "cannot reach %s: %s",
                                  rk ? rd_kafka_name(rk) : "?", rd_kafka_err2str(e));
        *cnt = md->broker_cnt;
        *ids = kx_xmalloc(sizeof(int32_t) * (size_t)(md->broker_cnt + 1));
        for (int i = 0; i < md->broker_cnt; i++)
                (*ids)[i] = md->brokers[i].id;
        rd_kafka_metadata_destroy(md);
        return 0;
}

static int int32_cmp(const void *a, const void *b)
{
        int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

        return (x > y) - (x < y);
}

static int create_topic(struct kx_probe *p, struct kx_err *err)
{
        const struct kx_probe_opts *o = p->opts;
        struct kx_action_ctx ctx = {.rk = p->rk, .read_only = p->cfg.read_only,
                                    .operator_name = p->cfg.operator_name,
                                    .reason = "klaxon probe: canary topic missing",
                                    .store = p->store, .timeout_ms = 15000, .log = p->lb};
        struct kx_action *a;
        struct kx_plan plan;
        int32_t *ids = NULL;
        int cnt = 0, rc;

        if (!o->create)
                return kx_err_set(err, KX_ERR_NOT_FOUND, "canary topic %s does not exist "
                                  "(--no-create given)", o->topic);
        if ((rc = live_brokers(p->rk, &ids, &cnt, err)))
                return rc;
        qsort(ids, (size_t)cnt, sizeof(*ids), int32_cmp);
        a = kx_action_canary_topic(o->topic, ids, cnt,
                                   o->replication > 0 ? o->replication : (cnt < 3 ? cnt : 3));
        free(ids);
        rc = kx_action_plan(a, &ctx, &plan, err);
        if (!rc) {
                if (o->progress)
                        fprintf(o->progress, "probe: %s\n", plan.summary);
                rc = kx_action_execute(a, &ctx, &plan, err);
                kx_plan_free(&plan);
        }
        kx_action_free(a);
        return rc;
}

/* Start each partition at its saved position, else at the end. */
static int assign_all(struct kx_probe *p, struct kx_err *err)
{
        rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(p->part_cnt);
        rd_kafka_resp_err_t e;

        for (int i = 0; i < p->part_cnt; i++) {
                int64_t lo = 0, hi = 0;

                if (p->ps[i].next_offset < 0) {
                        e = rd_kafka_query_watermark_offsets(p->rk, p->opts->topic, i, &lo, &hi, 10000);
                        p->ps[i].next_offset = e ? RD_KAFKA_OFFSET_END : hi;
                }
                rd_kafka_topic_partition_list_add(l, p->opts->topic, i)->offset = p->ps[i].next_offset;
        }
        e = rd_kafka_assign(p->rk, l);
        rd_kafka_topic_partition_list_destroy(l);
        if (e)
                return kx_err_set(err, KX_ERR_KAFKA, "assign %s: %s", p->opts->topic, rd_kafka_err2str(e));
        return 0;
}

static int load_state(struct kx_probe *p, struct kx_err *err)
{
        struct kx_probe_pstate *saved = NULL;
        int cnt = 0, rc = kx_probe_state_load(p->store, p->opts->topic, &saved, &cnt, err);

        if (rc)
                return rc;
        p->ps = kx_xcalloc((size_t)p->part_cnt, sizeof(*p->ps));
        p->acked_max = kx_xcalloc((size_t)p->part_cnt, sizeof(*p->acked_max));
        p->first_timed = kx_xcalloc((size_t)p->part_cnt, sizeof(*p->first_timed));
        for (int i = 0; i < p->part_cnt; i++) {
                p->ps[i] = (struct kx_probe_pstate){i, 0, -1, 0};
                p->acked_max[i] = -1;
        }
        for (int i = 0; i < cnt; i++)
                if (saved[i].partition >= 0 && saved[i].partition < p->part_cnt)
                        p->ps[saved[i].partition] = saved[i];
        free(saved);
        for (int i = 0; i < p->part_cnt; i++)
                p->first_timed[i] = -1;   /* set by the first message back */
        return 0;
}

int kx_probe_setup(struct kx_probe *p, struct kx_err *err)
{
        const struct kx_probe_opts *o = p->opts;
        int leaders, rc;

        if ((rc = kx_probe_id(p->store, p->id, sizeof(p->id), err)))
                return rc;
        p->rk = kx_kafka_new(&p->cfg, p->lb, "klaxon-probe", "klaxon-probe-reader", err);
        if (!p->rk)
                return err->code;
        rc = kx_canary_topic_partitions(p->rk, o->topic, 10000, &leaders, err);
        if (rc == KX_ERR_UNREACHABLE) {
                char last[KX_LOGBUF_WIDTH];

                kx_logbuf_last_error(p->lb, last, sizeof(last));
                return kx_err_set(err, KX_ERR_UNREACHABLE, "cannot reach %s: %s", p->cfg.bootstrap,
                                  last[0] ? last : err->msg);
        }
        if (rc == -1) {
                if ((rc = create_topic(p, err)))
                        return rc;
                rc = kx_canary_topic_partitions(p->rk, o->topic, 10000, &leaders, err);
        }
        if (rc < 0)
                return rc;
        if (rc == 0)
                return kx_err_set(err, KX_ERR_KAFKA, "canary topic %s has no partitions", o->topic);
        p->part_cnt = rc;
        if ((rc = load_state(p, err)))
                return rc;
        if (o->produce) {
                p->producer = kx_kafka_producer_new_dr(&p->cfg, p->lb, "klaxon-probe",
                                                       kx_probe_on_delivery, err);
                if (!p->producer)
                        return err->code;
        }
        return o->consume ? assign_all(p, err) : 0;
}

void kx_probe_teardown(struct kx_probe *p)
{
        if (p->producer)
                rd_kafka_destroy(p->producer);
        if (p->rk) {
                rd_kafka_assign(p->rk, NULL);
                rd_kafka_destroy(p->rk);
        }
        free(p->ps);
        free(p->acked_max);
        free(p->first_timed);
        free(p->brokers);
        kx_config_done(&p->cfg);
}
