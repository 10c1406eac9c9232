/* test_kscram.c - the SCRAM client against RFC 7677's SCRAM-SHA-256
 * example exchange (user "user", password "pencil"): the client-final
 * message and the server signature check must match the RFC byte for byte,
 * and a wrong signature, a foreign nonce or a hostile iteration count must
 * be refused. */
#include "../../core/kscram.h"

#include "../lib/testlib.h"

#include <check.h>
#include <string.h>

#define CNONCE "rOprNGfwEbeRWgbNEkqO"
#define SFIRST "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
#define CFINAL "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0," \
               "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define SFINAL "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

START_TEST(test_rfc7677_exchange)
{
        struct kx_scram s;
        struct kx_err err;
        char out[600];

        ck_assert_int_eq(kx_scram_start(&s, "SCRAM-SHA-256", "user", CNONCE, out, sizeof(out), &err), 0);
        ck_assert_str_eq(out, "n,,n=user,r=" CNONCE);
        ck_assert_int_eq(kx_scram_final(&s, SFIRST, strlen(SFIRST), "pencil", out, sizeof(out), &err), 0);
        ck_assert_str_eq(out, CFINAL);
        ck_assert_int_eq(kx_scram_verify(&s, SFINAL, strlen(SFINAL), &err), 0);
        ck_assert_int_eq(kx_scram_verify(&s, "v=AAAA", 6, &err), KX_ERR_KAFKA);
        ck_assert(strstr(err.msg, "signature"));
        ck_assert_int_eq(kx_scram_verify(&s, "e=invalid-proof", 15, &err), KX_ERR_KAFKA);
        ck_assert(strstr(err.msg, "invalid-proof"));
        kx_scram_done(&s);
}
END_TEST

START_TEST(test_wrong_password_changes_proof)
{
        struct kx_scram s;
        struct kx_err err;
        char out[600];

        kx_scram_start(&s, "SCRAM-SHA-256", "user", CNONCE, out, sizeof(out), &err);
        ck_assert_int_eq(kx_scram_final(&s, SFIRST, strlen(SFIRST), "pencil2", out, sizeof(out), &err), 0);
        ck_assert_str_ne(out, CFINAL);
        ck_assert(!strstr(out, "pencil"));
        ck_assert_int_eq(kx_scram_verify(&s, SFINAL, strlen(SFINAL), &err), KX_ERR_KAFKA);
        kx_scram_done(&s);
}
END_TEST

START_TEST(test_refusals)
{
        struct kx_scram s;
        struct kx_err err;
        char out[600];
        const char *foreign = "r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        const char *same = "r=" CNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        const char *huge = "r=" CNONCE "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=20000";
        const char *nosalt = "r=" CNONCE "x,i=4096";

        ck_assert_int_eq(kx_scram_start(&s, "SCRAM-SHA-1", "u", CNONCE, out, sizeof(out), &err), KX_ERR_CONFIG);
        kx_scram_start(&s, "SCRAM-SHA-512", "a,b=c", CNONCE, out, sizeof(out), &err);
        ck_assert_str_eq(out, "n,,n=a=2Cb=3Dc,r=" CNONCE);
        ck_assert_int_eq(kx_scram_final(&s, foreign, strlen(foreign), "p", out, sizeof(out), &err), KX_ERR_KAFKA);
        ck_assert_int_eq(kx_scram_final(&s, same, strlen(same), "p", out, sizeof(out), &err), KX_ERR_KAFKA);
        ck_assert_int_eq(kx_scram_final(&s, huge, strlen(huge), "p", out, sizeof(out), &err), KX_ERR_KAFKA);
        ck_assert(strstr(err.msg, "iteration"));
        ck_assert_int_eq(kx_scram_final(&s, nosalt, strlen(nosalt), "p", out, sizeof(out), &err), KX_ERR_KAFKA);
        kx_scram_done(&s);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("kscram");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, test_rfc7677_exchange);
        tcase_add_test(tc, test_wrong_password_changes_proof);
        tcase_add_test(tc, test_refusals);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
