/* ms-error.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-error"

#include "config.h"

#include "ms-error.h"

G_DEFINE_QUARK (ms-error-quark, ms_error)
