/* action_connector_restart.h - restart a Kafka Connect connector and its
 * tasks through Connect's REST API; verify waits until the connector and
 * every task are RUNNING again. */
#ifndef KX_ACTION_CONNECTOR_RESTART_H
#define KX_ACTION_CONNECTOR_RESTART_H

#include "action.h"

/* A new restart action for connector name on the worker at connect_url.
 * only_failed restarts only FAILED instances. Strings are copied. */
struct kx_action *kx_action_connector_restart(const char *connect_url, const char *name,
                                              bool only_failed);

#endif
