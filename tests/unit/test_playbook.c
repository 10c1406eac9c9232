/* test_playbook.c - playbooks as data: the built-in five load, mistakes
 * name file, line and field, good files survive bad ones, a team file
 * replaces a built-in by id, and triggers fire on a snapshot
 * (core/playbook.c, core/check.c). */
#include "../lib/testlib.h"
#include "../../core/playbook.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void make_dir(void)
{
        snprintf(dir, sizeof(dir), "/tmp/klaxon-pb-XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void put(const char *name, const char *text)
{
        char path[128];
        FILE *fp;

        snprintf(path, sizeof(path), "%s/%s", dir, name);
        fp = fopen(path, "w");
        ck_assert_ptr_nonnull(fp);
        fputs(text, fp);
        fclose(fp);
}

static void remove_dir(void)
{
        char cmd[128];

        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_builtins_load_clean)
{
        static const char *const ids[] = {"broker-outage", "data-corruption", "consumer-lag-explosion",
                                          "schema-rollback", "mirrormaker-desync"};
        struct kx_playbook_set set;

        kx_playbooks_load("/nonexistent", &set);
        ck_assert_msg(set.error_cnt == 0, "%s", set.error_cnt ? set.errors[0] : "");
        ck_assert_int_eq(set.cnt, 5);
        for (int i = 0; i < 5; i++) {
                const struct kx_playbook *pb = kx_playbook_find(&set, ids[i]);

                ck_assert_msg(pb != NULL, "missing %s", ids[i]);
                ck_assert_int_gt(pb->step_cnt, 2);
                ck_assert_int_gt(pb->trigger_cnt, 0);
                ck_assert_ptr_nonnull(pb->recovery_target);
        }
        kx_playbooks_free(&set);
}
END_TEST

static const char good[] =
        "id: team-thing\ntitle: Team thing\nsymptom: s\ntriggers: [brokers_all_up]\n"
        "steps:\n  - title: one\n    check: no_under_replicated\n";

START_TEST(test_mistakes_name_file_line_field)
{
        struct kx_playbook_set set;
        char want[128];

        make_dir();
        put("a-good.yaml", good);
        put("b-broken.yaml", "id: x\ntitle: [unclosed\n");
        put("c-unknown-check.yaml", "id: y\ntitle: Y\nsymptom: s\ntriggers: [brokers_all_up]\n"
                                    "steps:\n  - title: t\n    check: disk_is_fine\n");
        put("d-missing.yaml", "id: z\ntitle: Z\ntriggers: [brokers_all_up]\nsteps:\n  - title: t\n");
        put("e-typo.yaml", "id: w\ntitle: W\nsymptom: s\ntriggers: [brokers_all_up]\n"
                           "steps:\n  - title: t\n    chekc: brokers_all_up\n");
        put("f-action.yaml", "id: v\ntitle: V\nsymptom: s\ntriggers: [brokers_all_up]\n"
                             "steps:\n  - title: t\n    action: rm-rf\n");
        kx_playbooks_load(dir, &set);
        ck_assert_int_eq(set.cnt, 6); /* five built in plus the good one */
        ck_assert_ptr_nonnull(kx_playbook_find(&set, "team-thing"));
        ck_assert_int_eq(set.error_cnt, 5);
        snprintf(want, sizeof(want), "%s/b-broken.yaml:", dir);
        ck_assert_msg(strstr(set.errors[0], want), "%s", set.errors[0]);
        snprintf(want, sizeof(want), "%s/c-unknown-check.yaml:7:", dir);
        ck_assert_msg(strstr(set.errors[1], want) && strstr(set.errors[1], "steps[0].check") &&
                              strstr(set.errors[1], "disk_is_fine"),
                      "%s", set.errors[1]);
        ck_assert_msg(strstr(set.errors[2], "\"symptom\": missing"), "%s", set.errors[2]);
        snprintf(want, sizeof(want), "%s/e-typo.yaml:7:", dir);
        ck_assert_msg(strstr(set.errors[3], want) && strstr(set.errors[3], "chekc"), "%s", set.errors[3]);
        ck_assert_msg(strstr(set.errors[4], "rm-rf"), "%s", set.errors[4]);
        kx_playbooks_free(&set);
        remove_dir();
}
END_TEST

START_TEST(test_team_file_replaces_builtin_by_id)
{
        struct kx_playbook_set set;
        const struct kx_playbook *pb;

        make_dir();
        put("ours.yaml", "id: broker-outage\ntitle: Our broker outage\nsymptom: s\n"
                         "triggers: [brokers_all_up]\nsteps:\n  - title: call Bob\n");
        kx_playbooks_load(dir, &set);
        ck_assert_int_eq(set.cnt, 5);
        pb = kx_playbook_find(&set, "broker-outage");
        ck_assert_str_eq(pb->title, "Our broker outage");
        ck_assert_int_eq(pb->step_cnt, 1);
        kx_playbooks_free(&set);
        remove_dir();
}
END_TEST

START_TEST(test_triggers_fire_with_context)
{
        struct kx_playbook_set set;
        struct kx_snapshot *snap = kx_snapshot_new();
        struct kx_incident_ctx ctx;
        const struct kx_playbook *pb;
        char detail[256];
        int32_t reps[1] = {3};

        kx_playbooks_load("/nonexistent", &set);
        snap->broker_cnt = 2;
        snap->brokers = kx_arena_alloc(&snap->arena, 2 * sizeof(*snap->brokers));
        snap->brokers[0] = (struct kx_broker){.id = 1, .up = true};
        snap->brokers[1] = (struct kx_broker){.id = 3, .up = true};
        snap->topic_cnt = 1;
        snap->topics = kx_arena_alloc(&snap->arena, sizeof(*snap->topics));
        snap->topics[0].name = "orders";
        snap->topics[0].partition_cnt = 1;
        snap->topics[0].partitions = kx_arena_alloc(&snap->arena, sizeof(struct kx_partition));
        snap->topics[0].partitions[0] = (struct kx_partition){.replicas = reps, .replica_cnt = 1,
                                                              .isr = reps, .isr_cnt = 1, .leader = 3};
        ck_assert_ptr_null(kx_playbook_triggered(&set, snap, &ctx, detail, sizeof(detail)));
        snap->brokers[1].up = false;
        snap->topics[0].partitions[0].offline = true;
        pb = kx_playbook_triggered(&set, snap, &ctx, detail, sizeof(detail));
        ck_assert_ptr_nonnull(pb);
        ck_assert_str_eq(pb->id, "broker-outage");
        ck_assert_int_eq(ctx.broker, 3);
        ck_assert_msg(strstr(detail, "broker 3 is down"), "%s", detail);
        kx_snapshot_unref(snap);
        kx_playbooks_free(&set);
}
END_TEST

/* A stuck group with members points at a poison record (data corruption);
 * a group nobody consumes points at the lag runbook. */
START_TEST(test_group_triggers_pick_the_right_playbook)
{
        struct kx_playbook_set set;
        struct kx_snapshot *snap = kx_snapshot_new();
        struct kx_incident_ctx ctx;
        const struct kx_playbook *pb;
        char detail[256];

        kx_playbooks_load("/nonexistent", &set);
        snap->group_cnt = 1;
        snap->groups = kx_arena_alloc(&snap->arena, sizeof(*snap->groups));
        snap->groups[0] = (struct kx_group){.group = "billing", .state = "Stable", .members = 2,
                                            .lag = 50, .status = KX_LAG_STALL};
        pb = kx_playbook_triggered(&set, snap, &ctx, detail, sizeof(detail));
        ck_assert_ptr_nonnull(pb);
        ck_assert_str_eq(pb->id, "data-corruption");
        ck_assert_str_eq(ctx.group, "billing");
        snap->groups[0].status = KX_LAG_STOP;
        snap->groups[0].members = 0;
        pb = kx_playbook_triggered(&set, snap, &ctx, detail, sizeof(detail));
        ck_assert_ptr_nonnull(pb);
        ck_assert_str_eq(pb->id, "consumer-lag-explosion");
        snap->groups[0].status = KX_LAG_OK;
        ck_assert_ptr_null(kx_playbook_triggered(&set, snap, &ctx, detail, sizeof(detail)));
        kx_snapshot_unref(snap);
        kx_playbooks_free(&set);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("playbook");
        TCase *tc = tcase_create("load");

        tcase_add_test(tc, test_builtins_load_clean);
        tcase_add_test(tc, test_mistakes_name_file_line_field);
        tcase_add_test(tc, test_team_file_replaces_builtin_by_id);
        tcase_add_test(tc, test_triggers_fire_with_context);
        tcase_add_test(tc, test_group_triggers_pick_the_right_playbook);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
