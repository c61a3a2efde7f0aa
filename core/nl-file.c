/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-file.c: whole-file reads and atomic replacement.
 *
 * A save writes a temporary file in the directory of its target (a rename
 * is atomic only within one file system), fsync()s it, renames it over the
 * target and then fsync()s the directory, so the rename itself survives a
 * crash. The temporary file is created with O_EXCL, never reusing a file
 * that is already there, and with mode 0666 so the umask applies as it would
 * to any new file (mkstemp()'s 0600 would not).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include "nl-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nl-i18n.h"

#define READ_CHUNK ((size_t) 65536)

NlStatus
nl_file_read (const char  *path,
              size_t       max_size,
              char       **data_out,
              size_t      *length_out,
              NlError     *error)
{
  char *data = NULL;
  size_t length = 0, alloc = 0;
  NlStatus status;
  int fd;

  *data_out = NULL;
  *length_out = 0;
  if (path == NULL)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No file name"));
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return nl_error_set (error, NL_ERR_IO, 0, 0, _("Could not open \"%s\": %s"), path,
                         strerror (errno));
  for (;;)
    {
      ssize_t n;

      /* One byte is always kept free for the final NUL. */
      if (alloc - length < 2)
        {
          size_t want = alloc < READ_CHUNK ? READ_CHUNK : alloc;
          char *grown;

          if (length > max_size)
            {
              status = nl_error_set (error, NL_ERR_IO, 0, 0,
                                     _("\"%s\" is too large to open (more than %zu MB)"),
                                     path, max_size / (1024 * 1024));
              goto fail;
            }
          if (alloc > SIZE_MAX - want)
            {
              errno = ENOMEM;
              goto fail_errno;
            }
          grown = realloc (data, alloc + want);
          if (grown == NULL)
            {
              status = nl_error_nomem (error);
              goto fail;
            }
          data = grown;
          alloc += want;
        }
      n = read (fd, data + length, alloc - length - 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail_errno;
      if (n == 0)
        break;
      length += (size_t) n;
    }
  if (length > max_size)
    {
      status = nl_error_set (error, NL_ERR_IO, 0, 0,
                             _("\"%s\" is too large to open (more than %zu MB)"), path,
                             max_size / (1024 * 1024));
      goto fail;
    }
  close (fd);
  data[length] = '\0';
  *data_out = data;
  *length_out = length;
  return NL_OK;

fail_errno:
  status = nl_error_set (error, NL_ERR_IO, 0, 0, _("Could not read \"%s\": %s"), path,
                         strerror (errno));
fail:
  close (fd);
  free (data);
  return status;
}

static int
write_all (int         fd,
           const char *data,
           size_t      length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return 0;
      data += n;
      length -= (size_t) n;
    }
  return 1;
}

/* Creates a new file next to @path, named after it. */
static int
open_temporary (const char *path,
                char      **tmp_out)
{
  size_t size = strlen (path) + 64;
  char *tmp = malloc (size);

  *tmp_out = NULL;
  if (tmp == NULL)
    {
      errno = ENOMEM;
      return -1;
    }
  for (unsigned attempt = 0; attempt < 100; attempt++)
    {
      int fd;

      snprintf (tmp, size, "%s.%ld-%u.tmp", path, (long) getpid (), attempt);
      fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd >= 0)
        {
          *tmp_out = tmp;
          return fd;
        }
      if (errno != EEXIST)
        break;
    }
  free (tmp);
  return -1;
}

/* Best effort: some file systems cannot sync a directory, and the file
 * itself is already safe by then. */
static void
sync_directory (const char *path)
{
  const char *slash = strrchr (path, '/');
  char *dir;
  int fd;

  if (slash == NULL)
    dir = strdup (".");
  else if (slash == path)
    dir = strdup ("/");
  else
    dir = strndup (path, (size_t) (slash - path));
  if (dir == NULL)
    return;
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      (void) fsync (fd);
      close (fd);
    }
  free (dir);
}

NlStatus
nl_file_write_atomic (const char *path,
                      const char *data,
                      size_t      length,
                      NlError    *error)
{
  struct stat st;
  char *tmp = NULL;
  int fd, saved_errno;

  if (path == NULL || (data == NULL && length > 0))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("Nothing to write"));

  fd = open_temporary (path, &tmp);
  if (fd < 0)
    goto io_error;
  /* Replacing a file keeps its permissions. */
  if (stat (path, &st) == 0 && S_ISREG (st.st_mode))
    (void) fchmod (fd, st.st_mode & 07777);
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      unlink (tmp);
      errno = saved_errno;
      goto io_error;
    }
  if (close (fd) != 0 || rename (tmp, path) != 0)
    {
      saved_errno = errno;
      unlink (tmp);
      errno = saved_errno;
      goto io_error;
    }
  sync_directory (path);
  free (tmp);
  return NL_OK;

io_error:
  saved_errno = errno;
  free (tmp);
  return nl_error_set (error, NL_ERR_IO, 0, 0, _("Could not write “%s”: %s"), path,
                       strerror (saved_errno != 0 ? saved_errno : EIO));
}
