/* stop.c - one stop flag for every thread, set by SIGINT/SIGTERM. */
#include "traffic.h"

#include <signal.h>
#include <string.h>
#include <time.h>

static atomic_bool stop_flag;

static void on_signal(int sig)
{
        (void)sig;
        atomic_store(&stop_flag, true);
}

void tr_signals_install(void)
{
        struct sigaction sa;

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        sa.sa_handler = SIG_IGN;
        sigaction(SIGPIPE, &sa, NULL);
}

void tr_stop_request(void)
{
        atomic_store(&stop_flag, true);
}

bool tr_stopping(void)
{
        return atomic_load(&stop_flag);
}

bool tr_sleep_ms(int64_t ms)
{
        while (ms > 0 && !tr_stopping()) {
                int64_t step = ms < 100 ? ms : 100;
                struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)step * 1000000L};

                nanosleep(&ts, NULL);
                ms -= step;
        }
        return !tr_stopping();
}
