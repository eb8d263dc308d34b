/* ms-cli.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void ms_cli_print_json (JsonBuilder *builder);

int ms_cli_agents     (int argc, char **argv);
int ms_cli_frameworks (int argc, char **argv);
int ms_cli_tasks      (int argc, char **argv);
int ms_cli_state      (int argc, char **argv);
int ms_cli_events     (int argc, char **argv);
int ms_cli_audit      (int argc, char **argv);

G_END_DECLS
