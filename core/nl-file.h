/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-file.h: whole-file reads and atomic replacement, shared by the core's
 * file formats (CSV tables, project files).
 */
#pragma once

#include <stddef.h>

#include "nl-error.h"

/* Opens @path for reading when it is a regular file (following links);
 * a folder, a named pipe, a device or a socket is refused with NL_ERR_IO and
 * a message that says which, without blocking and, when it is one already,
 * without opening it. Returns the descriptor, or -1 with @error set.
 *
 * Every NL_ERR_IO message of this file names the file; a caller adds
 * nothing around it. */
int      nl_file_open_regular  (const char *path,
                                NlError    *error);

/* Reads the whole of @path into a new buffer (freed with free()), with a NUL
 * after the last byte that *length does not count. Only a regular file is
 * read (see nl_file_open_regular()); one larger than @max_size bytes is
 * refused with NL_ERR_IO and a message saying so, before it is read. */
NlStatus nl_file_read          (const char *path,
                                size_t      max_size,
                                char      **data,
                                size_t     *length,
                                NlError    *error);

/* Writes @data to a new file next to @path, flushes it to the disk and
 * renames it over @path, so that a crash or a full disk leaves either the old
 * file or the new one, whole, never a mixture. An existing file keeps its
 * permissions. A symbolic link at @path stays one: the file it points to is
 * replaced. What is there and not a regular file (a folder, a named pipe, a
 * device) is refused with NL_ERR_IO and never replaced. Temporary files
 * that killed saves of the same file left behind are removed, unless their
 * process still runs. */
NlStatus nl_file_write_atomic  (const char *path,
                                const char *data,
                                size_t      length,
                                NlError    *error);
