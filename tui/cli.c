/* cli.c - global options, config resolution and exit codes. */
#include "cli.h"
#include "../core/sanitize.h"
#include "../core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kx_cli_usage(FILE *out)
{
        fputs("usage: klaxon [GLOBAL OPTIONS] [COMMAND] [ARGS]\n"
              "\n"
              "With no command, klaxon opens the on-call console:\n"
              "  --refresh SECONDS     refresh interval (default 5)\n"
              "  --kiosk               ops-room dashboard: rotate views, read-only\n"
              "  --rotate SECONDS      kiosk rotation interval (default 15)\n"
              "  --keymap FILE         key bindings (default $XDG_CONFIG_HOME/klaxon/keymap.yaml)\n"
              "\n"
              "Commands:\n"
              "  snapshot [--json]     collect once and print brokers, topics, groups and lag\n"
              "  group reset GROUP --topic T (--to-datetime ISO | --to-offset N | --to-earliest |\n"
              "        --to-latest | --shift-by N) [--partition P] [--dry-run | --yes] [--reason TEXT]\n"
              "  group pause|resume GROUP [--principal User:NAME] [--dry-run | --yes]\n"
              "  connector list | status NAME | restart NAME [--only-failed] [--dry-run | --yes]\n"
              "  schema list | show SUBJECT | rollback SUBJECT [--to-version N] [--pin-compat LEVEL]\n"
              "        [--dry-run | --yes] | register SUBJECT FILE [--type T] | violations [--since D]\n"
              "                        schema registry subjects (--registry URL)\n"
              "  mm2 status --source BOOTSTRAP [--alias A] [--max-lag N] | restart [--dry-run | --yes] |\n"
              "        translate GROUP [--alias A] [--dry-run | --yes]\n"
              "        MirrorMaker 2: -b is the target cluster, --connect the MM2 worker\n"
              "  topic retention TOPIC DURATION [--dry-run | --yes]   e.g. 7d, keeps other configs\n"
              "  audit log [--json]    the audit log, oldest first\n"
              "  audit verify          check the audit log's hash chain\n"
              "  playbook list | show NAME | export NAME --format md|txt\n"
              "  incident list | export ID --format md|json\n"
              "  replay --topic T --from ISO --to ISO [--keys k1,k2 | --keys-file F] [--partitions 0,3]\n"
              "        (--target-topic T2 | --target-group G) [--rate MSGS/s] [--bytes-rate B/s]\n"
              "        [--keep-timestamps] [--clamp] [--dry-run] [--yes] [--detach] [--reason TEXT]\n"
              "        [--create-target --team TEAM [--policy FILE]]   create a missing target via the policy\n"
              "  job list | show ID | cancel ID | resume ID [--detach]   replay jobs\n"
              "        (cancel and resume are actions: [--dry-run] [--yes] [--reason TEXT])\n"
              "  quota list [--json]   configured client quotas (users, client ids, defaults)\n"
              "  quota set (--user U | --client-id C | --default | --default-client-id) KEY=VALUE...\n"
              "        [--dry-run | --yes]   e.g. producer_byte_rate=1048576; --default: every user\n"
              "  quota remove (--user U | --client-id C | --default | --default-client-id) KEY...\n"
              "        [--dry-run | --yes]\n"
              "  disk [--json]         bytes on disk per broker, log dir and partition\n"
              "  elect-leaders [--topic T] [--unclean] [--dry-run | --yes]\n"
              "                        move leaders back to preferred replicas; --unclean:\n"
              "                        lead offline partitions from an out-of-sync replica (loses data)\n"
              "  probe [--interval 1s] [--bucket 1m] [--timeout 5s] [--replication N] [--rounds N]\n"
              "        [--duration D] [--role both|produce|consume] [--topic T] [--no-create]\n"
              "        [--slo FILE] [--quiet] [--metrics HOST:PORT]\n"
              "                        canary daemon: produce/consume every partition, record SLIs\n"
              "  slo status [--json] [--slo FILE] [--topic T] [--prometheus URL]\n"
              "                        SLIs, budgets, burn rates, alert and policy state\n"
              "  slo rules [--slo FILE] Prometheus recording and burn-rate alert rules\n"
              "  policy check [--json]  lint every topic against the governance policy\n"
              "  topic create NAME --partitions N --retention D --team T [--config K=V]...\n"
              "        [--replication R] [--reason TEXT] [--dry-run | --yes]\n"
              "  topic delete NAME [--dry-run | --yes]\n"
              "  request list [--all] [--json] | request approve|reject ID [--dry-run | --yes]\n"
              "  advise partitions --rate MSGS/s --bytes-rate B/s --consumers N [--type T] [--json]\n"
              "  idle [--json]         idle and dead topics from the offset history\n"
              "  cost [--json]         topics, partitions, bytes and monthly cost per team\n"
              "  guardian once|run [--execute] [--interval S] [--webhook URL] [--principal P]\n"
              "        policy, topic create, advise, idle, cost and guardian take [--policy FILE]\n"
              "\n"
              "Every mutating command plans, then asks: --dry-run stops after the plan, --yes\n"
              "skips the question, --reason TEXT goes to the audit log.\n"
              "\n"
              "Global options (before or after the command):\n"
              "  -b, --brokers LIST    bootstrap servers, host:port[,host:port...]\n"
              "  -X KEY=VALUE          librdkafka property (repeatable), as in kcat\n"
              "  --config FILE         config file (default $XDG_CONFIG_HOME/klaxon/config.yaml)\n"
              "  --context NAME        context in the config file\n"
              "  --read-only           refuse every mutating action (enforced in core)\n"
              "  --operator NAME       who is acting, for the audit log (default $USER)\n"
              "  --state-dir DIR       klaxon's state (default $XDG_STATE_HOME/klaxon)\n"
              "  --connect URL         Kafka Connect REST URL, e.g. http://connect:8083\n"
              "  --registry URL        schema registry (Confluent API), e.g. http://registry:8081\n"
              "  --mm2-source LIST     MirrorMaker 2 source bootstrap (this cluster is its target)\n"
              "  --prometheus URL      Prometheus scraping the brokers' JMX exporter (observed quota throttling)\n"
              "  --version, --help\n"
              "\n"
              "Exit codes: 0 complete, 1 partial, 2 usage or config error, 3 cluster unreachable.\n",
              out);
}

int kx_cli_exit_code(int code)
{
        switch (code) {
        case KX_OK:
                return KX_EXIT_OK;
        case KX_ERR_USAGE:
        case KX_ERR_CONFIG:
                return KX_EXIT_USAGE;
        case KX_ERR_UNREACHABLE:
                return KX_EXIT_UNREACHABLE;
        default:
                return KX_EXIT_PARTIAL;
        }
}

int kx_cli_fail(const struct kx_err *err)
{
        char clean[1024];

        /* Messages quote group ids and other bytes from Kafka. */
        kx_sanitize(clean, sizeof(clean), err->msg, strlen(err->msg));
        fprintf(stderr, "klaxon: %s\n", clean);
        return kx_cli_exit_code(err->code);
}

/* Match "--name VALUE", "--name=VALUE", or for short options "-bVALUE".
 * Returns the value (and advances *i) or NULL if argv[*i] is not this
 * option. *missing is set when the option is there but its value is not. */
static const char *opt_value(int argc, char **argv, int *i, const char *shortname,
                             const char *longname, bool *missing)
{
        const char *a = argv[*i];
        size_t ln = longname ? strlen(longname) : 0;

        if ((shortname && !strcmp(a, shortname)) || (longname && !strcmp(a, longname))) {
                if (*i + 1 >= argc) {
                        *missing = true;
                        return NULL;
                }
                return argv[++*i];
        }
        if (longname && !strncmp(a, longname, ln) && a[ln] == '=')
                return a + ln + 1;
        if (shortname && !strncmp(a, shortname, 2) && a[2] != '\0' && a[1] != '-')
                return a + 2;
        return NULL;
}

struct raw_opts {
        const char *brokers, *config, *context, *operator_name, *state_dir, *connect, *registry, *mm2_source;
        const char *prometheus;
        bool read_only;
        const char **props;
        int prop_cnt;
};

static int parse_args(struct kx_cli *cli, struct raw_opts *raw, int argc, char **argv,
                      struct kx_err *err)
{
        bool rest_only = false;

        cli->args = kx_xcalloc((size_t)argc + 1, sizeof(char *));
        raw->props = kx_xcalloc((size_t)argc + 1, sizeof(char *));
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i], *v;
                bool missing = false;

                if (rest_only || a[0] != '-' || !strcmp(a, "-")) {
                        if (!cli->command && !rest_only)
                                cli->command = a;
                        else
                                cli->args[cli->arg_cnt++] = argv[i];
                        continue;
                }
                if (!strcmp(a, "--")) {
                        rest_only = true;
                } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
                        cli->command = "help";
                } else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
                        cli->command = "version";
                } else if (!strcmp(a, "--read-only")) {
                        raw->read_only = true;
                } else if (!strcmp(a, "--kiosk")) {
                        cli->kiosk = true;
                } else if ((v = opt_value(argc, argv, &i, NULL, "--refresh", &missing))) {
                        if ((cli->refresh_s = atoi(v)) < 1)
                                return kx_err_set(err, KX_ERR_USAGE, "--refresh wants whole seconds >= 1, got \"%s\"", v);
                } else if ((v = opt_value(argc, argv, &i, NULL, "--rotate", &missing))) {
                        if ((cli->rotate_s = atoi(v)) < 1)
                                return kx_err_set(err, KX_ERR_USAGE, "--rotate wants whole seconds >= 1, got \"%s\"", v);
                } else if ((v = opt_value(argc, argv, &i, NULL, "--keymap", &missing))) {
                        cli->keymap = v;
                } else if ((v = opt_value(argc, argv, &i, "-b", "--brokers", &missing))) {
                        raw->brokers = v;
                } else if ((v = opt_value(argc, argv, &i, "-X", NULL, &missing))) {
                        raw->props[raw->prop_cnt++] = v;
                } else if ((v = opt_value(argc, argv, &i, NULL, "--config", &missing))) {
                        raw->config = v;
                } else if ((v = opt_value(argc, argv, &i, NULL, "--context", &missing))) {
                        raw->context = v;
                } else if ((v = opt_value(argc, argv, &i, NULL, "--operator", &missing))) {
                        raw->operator_name = v;
                } else if ((v = opt_value(argc, argv, &i, NULL, "--state-dir", &missing))) {
                        raw->state_dir = v;
                } else if ((v = opt_value(argc, argv, &i, NULL, "--connect", &missing))) {
                        raw->connect = v;
                } else if ((v = opt_value(argc, argv, &i, NULL, "--registry", &missing))) {
                        raw->registry = v;
                } else if ((v = opt_value(argc, argv, &i, NULL, "--mm2-source", &missing))) {
                        raw->mm2_source = v;
                } else if ((v = opt_value(argc, argv, &i, NULL, "--prometheus", &missing))) {
                        raw->prometheus = v;
                } else if (missing) {
                        return kx_err_set(err, KX_ERR_USAGE, "option %s needs a value", a);
                } else {
                        cli->args[cli->arg_cnt++] = argv[i]; /* the subcommand's */
                }
                if (missing)
                        return kx_err_set(err, KX_ERR_USAGE, "option %s needs a value", a);
        }
        return 0;
}

int kx_cli_parse(struct kx_cli *cli, int argc, char **argv, struct kx_err *err)
{
        struct raw_opts raw = {0};
        char *path = NULL;
        int rc;

        memset(cli, 0, sizeof(*cli));
        kx_config_init(&cli->cfg);
        cli->refresh_s = 5;
        cli->rotate_s = 15;
        rc = parse_args(cli, &raw, argc, argv, err);
        if (rc)
                goto out;
        if (raw.config) {
                rc = kx_config_load(&cli->cfg, raw.config, raw.context, true, err);
        } else if ((path = kx_config_default_path())) {
                rc = kx_config_load(&cli->cfg, path, raw.context, false, err);
                if (!rc && raw.context && !cli->cfg.context)
                        rc = kx_err_set(err, KX_ERR_CONFIG, "no context \"%s\": %s does not exist",
                                        raw.context, path);
        } else if (raw.context) {
                rc = kx_err_set(err, KX_ERR_CONFIG, "--context given but no config file");
        }
        if (rc)
                goto out;
        if (raw.brokers)
                kx_config_set_str(&cli->cfg.bootstrap, raw.brokers);
        for (int i = 0; i < raw.prop_cnt && !rc; i++)
                rc = kx_config_set_prop_arg(&cli->cfg, raw.props[i], err);
        if (raw.operator_name)
                kx_config_set_str(&cli->cfg.operator_name, raw.operator_name);
        if (raw.state_dir)
                kx_config_set_str(&cli->cfg.state_dir, raw.state_dir);
        if (raw.connect)
                kx_config_set_str(&cli->cfg.connect_url, raw.connect);
        if (raw.registry)
                kx_config_set_str(&cli->cfg.registry_url, raw.registry);
        if (raw.mm2_source)
                kx_config_set_str(&cli->cfg.mm2_source, raw.mm2_source);
        if (raw.prometheus)
                kx_config_set_str(&cli->cfg.prometheus_url, raw.prometheus);
        cli->cfg.read_only = cli->cfg.read_only || raw.read_only;
out:
        free(path);
        free(raw.props);
        return rc;
}

void kx_cli_done(struct kx_cli *cli)
{
        kx_config_done(&cli->cfg);
        free(cli->args);
        cli->args = NULL;
}
