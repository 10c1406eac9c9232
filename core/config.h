/* config.h - cluster contexts from YAML and the command line.
 *
 * The config file ($XDG_CONFIG_HOME/klaxon/config.yaml by default) holds
 * named contexts:
 *
 *   current-context: prod
 *   contexts:
 *     prod:
 *       bootstrap: kafka1:9092,kafka2:9092
 *       read-only: true
 *       connect: http://connect1:8083   # Kafka Connect REST, optional
 *       registry: http://registry:8081  # schema registry (Confluent API), optional
 *       mm2-source: dc1-kafka:9092     # this cluster mirrors that one (MM2), optional
 *       properties:            # passed to librdkafka as-is
 *         security.protocol: SASL_SSL
 *
 * Command-line options (-b, -X key=value, --read-only, ...) override the
 * chosen context. Every property remembers where it came from, so an error
 * can name the file and line, or the -X argument.
 */
#ifndef KX_CONFIG_H
#define KX_CONFIG_H

#include "err.h"

#include <stdbool.h>
#include <stddef.h>

struct kx_prop {
        char *key;
        char *value;
        char *origin;  /* "FILE:LINE" or "-X" */
};

struct kx_config {
        char *file;          /* config file read, or NULL */
        char *context;       /* context chosen, or NULL */
        char *bootstrap;     /* bootstrap.servers, or NULL if none given */
        struct kx_prop *props;
        size_t prop_cnt;
        bool read_only;
        char *operator_name; /* --operator, or NULL to derive from $USER */
        char *state_dir;     /* --state-dir or config, or NULL for default */
        char *connect_url;   /* Kafka Connect REST URL (--connect, "connect:"), or NULL */
        char *registry_url;  /* schema registry URL (--registry, "registry:"), or NULL */
        char *prometheus_url; /* Prometheus scraping the brokers (--prometheus, "prometheus:"), or NULL */
        char *mm2_source;    /* MirrorMaker 2 source bootstrap (--mm2-source, "mm2-source:"):
                              * this context is the MM2 target; NULL if none */
};

/* Zero a config. Owns nothing yet. */
void kx_config_init(struct kx_config *cfg);

/* Free everything cfg owns and zero it. */
void kx_config_done(struct kx_config *cfg);

/* Default config path: $XDG_CONFIG_HOME/klaxon/config.yaml, or
 * ~/.config/klaxon/config.yaml. Returns a heap string the caller frees, or
 * NULL if neither XDG_CONFIG_HOME nor HOME is set. */
char *kx_config_default_path(void);

/* Read path and apply context (NULL: the file's current-context, or its only
 * context) to cfg. If must_exist is false a missing file is not an error.
 * Errors (KX_ERR_CONFIG) name the file, line and field: bad YAML, unknown
 * keys, wrong types, a missing context. cfg is left unchanged on error. */
int kx_config_load(struct kx_config *cfg, const char *path, const char *context,
                   bool must_exist, struct kx_err *err);

/* Add or replace a librdkafka property. origin is copied ("-X", "FILE:LINE").
 * "bootstrap.servers" and its alias "metadata.broker.list" set cfg->bootstrap. */
void kx_config_set_prop(struct kx_config *cfg, const char *key, const char *value,
                        const char *origin);

/* Parse "key=value" from -X and add it. KX_ERR_USAGE if there is no '='. */
int kx_config_set_prop_arg(struct kx_config *cfg, const char *arg, struct kx_err *err);

/* Replace a string field (e.g. &cfg->bootstrap) with a copy of value. */
void kx_config_set_str(char **field, const char *value);

/* True if a property's value must never be printed or logged
 * (passwords, secrets, private keys, tokens). */
bool kx_config_key_is_secret(const char *key);

#endif
