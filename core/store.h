/* store.h - klaxon's own state: one sqlite database under the state dir.
 *
 * The state dir is --state-dir, else $XDG_STATE_HOME/klaxon, else
 * ~/.local/state/klaxon; it is created (0700) on first use. The database
 * (klaxon.db, WAL mode) holds the audit log, and later jobs and incidents.
 * Schema changes go through numbered migrations. One handle per thread.
 */
#ifndef KX_STORE_H
#define KX_STORE_H

#include "config.h"
#include "err.h"

#include <sqlite3.h>

struct kx_store {
        sqlite3 *db;
        char *path;
};

/* Resolve the state dir for cfg into buf and create it. KX_ERR_STATE with
 * the path and reason on failure. */
int kx_state_dir(const struct kx_config *cfg, char *buf, size_t size, struct kx_err *err);

/* Open (creating and migrating) the database in cfg's state dir. */
int kx_store_open(const struct kx_config *cfg, struct kx_store *store, struct kx_err *err);

/* Open a database at an explicit path (tests). */
int kx_store_open_path(const char *path, struct kx_store *store, struct kx_err *err);

void kx_store_close(struct kx_store *store);

/* Run one SQL statement with no result; KX_ERR_STATE with sqlite's message. */
int kx_store_exec(struct kx_store *store, const char *sql, struct kx_err *err);

#endif
