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

/* nl_project_write_buffer_full() and nl_project_read_file() with a limit
 * other than NL_PROJECT_MAX_FILE_SIZE, for tests of their agreement: the
 * writer refuses (NL_ERR_INVALID, saying so) exactly the texts longer than
 * @max_size that the reader would refuse, and stops formatting as soon as
 * it knows. */
#include "nl-project.h"

char     *_nl_project_write_buffer_max (const NlProject       *project,
                                        size_t                 max_size,
                                        NlProjectProgressFunc  progress,
                                        void                  *progress_data,
                                        size_t                *length,
                                        NlError               *error);
NlStatus  _nl_project_read_file_max    (const char            *path,
                                        size_t                 max_size,
                                        NlProject             *out,
                                        NlError               *error);
