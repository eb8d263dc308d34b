/* ms-atom.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *ms_atom_new     (const char *string);
const char *ms_atom_ref     (const char *atom);
void        ms_atom_release (const char *atom);
const char *ms_atom_lookup  (const char *string);

G_END_DECLS
