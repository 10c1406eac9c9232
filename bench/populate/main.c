/* main.c - klaxon-populate's options, helpers and the stage sequence. */
#include "populate.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t pop_mono_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void *pop_xcalloc(size_t n, size_t size)
{
        void *p = calloc(n ? n : 1, size ? size : 1);

        if (!p) {
                fprintf(stderr, POP_NAME ": out of memory\n");
                exit(1);
        }
        return p;
}

void pop_log(const char *fmt, ...)
{
        char msg[1024];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        fprintf(stderr, POP_NAME ": %s\n", msg);
}

char *pop_topic_name(const struct pop_opts *o, int t, char *buf, size_t size)
{
        snprintf(buf, size, "%s-t%05d", o->prefix, t);
        return buf;
}

char *pop_group_name(const struct pop_opts *o, int g, char *buf, size_t size)
{
        snprintf(buf, size, "%s-g%05d", o->prefix, g);
        return buf;
}

bool pop_sampled(const struct pop_opts *o, int t, int p)
{
        long i = (long)t * o->partitions + p;

        return o->sample_every > 0 && o->messages > 0 && i % o->sample_every == 0;
}

rd_kafka_conf_t *pop_conf(const struct pop_opts *o, const char **extra)
{
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        char errstr[512];

        if (rd_kafka_conf_set(conf, "bootstrap.servers", o->bootstrap, errstr,
                              sizeof(errstr)) != RD_KAFKA_CONF_OK ||
            rd_kafka_conf_set(conf, "log.connection.close", "false", errstr,
                              sizeof(errstr)) != RD_KAFKA_CONF_OK)
                goto fail;
        for (int i = 0; extra && extra[i]; i += 2)
                if (rd_kafka_conf_set(conf, extra[i], extra[i + 1], errstr, sizeof(errstr)) !=
                    RD_KAFKA_CONF_OK)
                        goto fail;
        for (int i = 0; i < o->prop_cnt; i++) {
                char key[256];
                const char *eq = strchr(o->props[i], '=');

                snprintf(key, sizeof(key), "%.*s", (int)(eq - o->props[i]), o->props[i]);
                if (rd_kafka_conf_set(conf, key, eq + 1, errstr, sizeof(errstr)) !=
                    RD_KAFKA_CONF_OK)
                        goto fail;
        }
        return conf;
fail:
        rd_kafka_conf_destroy(conf);
        pop_log("config: %s", errstr);
        return NULL;
}

rd_kafka_t *pop_new(rd_kafka_type_t type, rd_kafka_conf_t *conf)
{
        char errstr[512];
        rd_kafka_t *rk;

        if (!conf)
                return NULL;
        rk = rd_kafka_new(type, conf, errstr, sizeof(errstr));
        if (rk)
                return rk;
        rd_kafka_conf_destroy(conf);
        pop_log("rd_kafka_new: %s", errstr);
        return NULL;
}

rd_kafka_t *pop_client(const struct pop_opts *o, rd_kafka_type_t type, const char **extra)
{
        return pop_new(type, pop_conf(o, extra));
}

static void usage(void)
{
        fprintf(stderr,
                "usage: " POP_NAME " -b BOOTSTRAP -t TOPICS -p PARTITIONS -g GROUPS [options]\n"
                "  --prefix NAME       topic/group name prefix (default bench)\n"
                "  --batch N           topics per CreateTopics request (default 200)\n"
                "  --sample-every N    produce to every Nth partition (default 10; 0: none)\n"
                "  --messages N        messages per sampled partition (default 10)\n"
                "  --workers N         groups committing at once (default 16)\n"
                "  --timeout S         seconds allowed per stage (default 300)\n"
                "  -X KEY=VALUE        librdkafka property for every client (repeatable)\n");
        exit(2);
}

static int int_arg(const char *s, int min)
{
        char *end;
        long v = strtol(s, &end, 10);

        if (*s == '\0' || *end != '\0' || v < min || v > 100000000)
                usage();
        return (int)v;
}

static void parse(int argc, char **argv, struct pop_opts *o)
{
        static const struct option longs[] = {
                {"bootstrap", required_argument, NULL, 'b'},
                {"topics", required_argument, NULL, 't'},
                {"partitions", required_argument, NULL, 'p'},
                {"groups", required_argument, NULL, 'g'},
                {"prefix", required_argument, NULL, 'P'},
                {"batch", required_argument, NULL, 'B'},
                {"sample-every", required_argument, NULL, 'S'},
                {"messages", required_argument, NULL, 'm'},
                {"workers", required_argument, NULL, 'w'},
                {"timeout", required_argument, NULL, 'T'},
                {"help", no_argument, NULL, 'h'},
                {NULL, 0, NULL, 0},
        };
        int c;

        *o = (struct pop_opts){.prefix = "bench", .batch = 200, .sample_every = 10,
                               .messages = 10, .workers = 16, .timeout_s = 300};
        o->props = pop_xcalloc((size_t)argc, sizeof(*o->props));
        while ((c = getopt_long(argc, argv, "b:t:p:g:X:h", longs, NULL)) != -1) {
                switch (c) {
                case 'b': o->bootstrap = optarg; break;
                case 't': o->topics = int_arg(optarg, 1); break;
                case 'p': o->partitions = int_arg(optarg, 1); break;
                case 'g': o->groups = int_arg(optarg, 1); break;
                case 'P': o->prefix = optarg; break;
                case 'B': o->batch = int_arg(optarg, 1); break;
                case 'S': o->sample_every = int_arg(optarg, 0); break;
                case 'm': o->messages = int_arg(optarg, 0); break;
                case 'w': o->workers = int_arg(optarg, 1); break;
                case 'T': o->timeout_s = int_arg(optarg, 1); break;
                case 'X':
                        if (!strchr(optarg, '='))
                                usage();
                        o->props[o->prop_cnt++] = optarg;
                        break;
                default: usage();
                }
        }
        if (optind != argc || !o->bootstrap || !o->topics || !o->partitions || !o->groups)
                usage();
}

int main(int argc, char **argv)
{
        static const struct {
                const char *name;
                int (*run)(const struct pop_opts *);
        } stages[] = {
                {"create topics", pop_create_topics},
                {"wait for leaders", pop_wait_leaders},
                {"wait for logs", pop_wait_served},
                {"commit", pop_commit},
                {"produce", pop_produce},
        };
        struct pop_opts o;
        int64_t t0;

        parse(argc, argv, &o);
        pop_log("%d topics x %d partitions, %d groups, at %s", o.topics, o.partitions, o.groups,
                o.bootstrap);
        for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
                t0 = pop_mono_ms();
                if (stages[i].run(&o)) {
                        pop_log("%s failed", stages[i].name);
                        return 1;
                }
                pop_log("%s: %.1f s", stages[i].name, (double)(pop_mono_ms() - t0) / 1000.0);
        }
        return 0;
}
