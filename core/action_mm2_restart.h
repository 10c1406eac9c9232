/* action_mm2_restart.h - bring MirrorMaker 2's connectors back: every MM2
 * connector on the worker (MirrorSource, MirrorCheckpoint,
 * MirrorHeartbeat) that is PAUSED is resumed, every other one is restarted
 * with its tasks. Verify waits until each connector and all its tasks run. */
#ifndef KX_ACTION_MM2_RESTART_H
#define KX_ACTION_MM2_RESTART_H

#include "action.h"

/* A new action on the Connect worker at connect_url (copied). */
struct kx_action *kx_action_mm2_restart(const char *connect_url);

#endif
