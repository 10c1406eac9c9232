/* job_runner.h - run a recorded replay job from the command line: in the
 * foreground (a progress line on a terminal; Ctrl-C stops it resumable), or
 * detached (fork + setsid, stdio to a log under the state dir), so it keeps
 * going when the console exits or the SSH link drops. */
#ifndef TUI_JOB_RUNNER_H
#define TUI_JOB_RUNNER_H

#include "cli.h"

/* Run job id to its end in this process. Returns 0 only when the job ended
 * verified; 1 otherwise (the reason on stderr); 2 for state-store errors. */
int tui_job_foreground(struct kx_cli *cli, const char *id);

/* Start job id in a new session and return at once: prints the job id, the
 * runner's pid and its log path. Returns 0 when the runner started. */
int tui_job_detach(struct kx_cli *cli, const char *id);

#endif
