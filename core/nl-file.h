/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-file.h: whole-file reads and atomic replacement, shared by the core's
 * file formats (CSV tables, project files).
 */
#pragma once

#include <stddef.h>

#include "nl-error.h"

/* Reads the whole of @path into a new buffer (freed with free()), with a NUL
 * after the last byte that *length does not count. Files larger than
 * @max_size bytes are refused with NL_ERR_IO and a message saying so. */
NlStatus nl_file_read          (const char *path,
                                size_t      max_size,
                                char      **data,
                                size_t     *length,
                                NlError    *error);

/* Writes @data to a new file next to @path, flushes it to the disk and
 * renames it over @path, so that a crash or a full disk leaves either the old
 * file or the new one, whole, never a mixture. An existing file keeps its
 * permissions. */
NlStatus nl_file_write_atomic  (const char *path,
                                const char *data,
                                size_t      length,
                                NlError    *error);
