/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-project-private.h: the project writer's internals that other core files
 * share. Not part of the core's API.
 */
#pragma once

#include <stddef.h>

/* Writes @v with the fewest digits (at most 17) that read back to the very
 * same bits, in the C locale whatever the process's: "0.1", "135", "1e-300";
 * "nan", "inf" and "-inf" for values that are not finite. */
void _nl_project_format_double (double  v,
                                char   *buf,
                                size_t  size);
