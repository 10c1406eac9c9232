/* cmd_advise.c - `klaxon advise partitions --rate MSGS/s --bytes-rate B/s
 * --consumers N [--type TYPE] [--json] [--policy FILE]`. */
#include "cli.h"
#include "cli_gov.h"
#include "../core/advisor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
        fprintf(stderr, "usage: klaxon advise partitions --rate MSGS/s --bytes-rate BYTES/s --consumers N\n"
                        "         [--type EVENT-TYPE] [--json] [--policy FILE]\n");
        return KX_EXIT_USAGE;
}

static bool number(const char *s, double *out)
{
        char *end;

        *out = strtod(s, &end);
        return end != s && !*end && *out >= 0;
}

int kx_cmd_advise(struct kx_cli *cli)
{
        const char *policy_path = NULL, *type = NULL;
        double rate = -1, bytes = -1, consumers = -1;
        bool json = false;
        struct kx_policy pol;
        struct kx_advice adv;
        struct kx_err err;

        if (cli->arg_cnt < 1 || strcmp(cli->args[0], "partitions"))
                return usage();
        for (int i = 1; i < cli->arg_cnt; i++) {
                const char *a = cli->args[i], *v = i + 1 < cli->arg_cnt ? cli->args[i + 1] : NULL;
                int used = cli_gov_opt(cli->args, cli->arg_cnt, i, &policy_path, &json);
                bool ok = true;

                if (used) {
                        i += used - 1;
                        continue;
                }
                if (!v)
                        return usage();
                if (!strcmp(a, "--rate"))
                        ok = number(v, &rate);
                else if (!strcmp(a, "--bytes-rate"))
                        ok = number(v, &bytes);
                else if (!strcmp(a, "--consumers"))
                        ok = number(v, &consumers) && consumers >= 1;
                else if (!strcmp(a, "--type"))
                        type = v;
                else
                        return usage();
                if (!ok) {
                        fprintf(stderr, "klaxon: advise partitions: bad %s \"%s\"\n", a, v);
                        return KX_EXIT_USAGE;
                }
                i++;
        }
        if (rate < 0 || bytes < 0 || consumers < 1) {
                fprintf(stderr, "klaxon: advise partitions needs --rate, --bytes-rate and --consumers\n");
                return usage();
        }
        if (kx_policy_load(policy_path, &pol, &err))
                return kx_cli_fail(&err);
        if (type && !kx_policy_type(&pol, type)) {
                fprintf(stderr, "klaxon: advise partitions: --type \"%s\" is not a type in %s\n", type, pol.origin);
                kx_policy_free(&pol);
                return KX_EXIT_USAGE;
        }
        kx_advise_partitions(&pol, rate, bytes, (int)consumers, type, &adv);
        if (json) {
                json_t *r = json_array(), *doc;

                for (int i = 0; i < adv.reason_cnt; i++)
                        json_array_append_new(r, json_string(adv.reasons[i]));
                doc = json_pack("{s:i, s:o}", "partitions", adv.partitions, "reasons", r);

                json_dumpf(doc, stdout, JSON_INDENT(2));
                printf("\n");
                json_decref(doc);
        } else {
                printf("recommended: %d partitions\n", adv.partitions);
                for (int i = 0; i < adv.reason_cnt; i++)
                        printf("  - %s\n", adv.reasons[i]);
        }
        kx_policy_free(&pol);
        return KX_EXIT_OK;
}
