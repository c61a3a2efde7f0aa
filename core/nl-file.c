/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-file.c: whole-file reads and atomic replacement.
 *
 * A save writes a temporary file in the directory of its target (a rename
 * is atomic only within one file system), fsync()s it, renames it over the
 * target and then fsync()s the directory, so the rename itself survives a
 * crash. The temporary file is created with O_EXCL, never reusing a file
 * that is already there, and with mode 0666 so the umask applies as it would
 * to any new file (mkstemp()'s 0600 would not).
 *
 * Saving to a symbolic link saves to the file it points to (the link stays
 * a link), and the temporary file goes beside that file. Only regular files
 * are read or replaced: a folder, a named pipe (whose open() would wait for
 * a writer for ever), a device (/dev/zero never ends) or a socket is
 * refused with a message before it is opened for reading, and is never
 * replaced by a save.
 *
 * A save that is killed leaves its temporary file behind. Each save removes
 * those of its target whose process is gone (the name holds the pid:
 * "NAME.<pid>-<n>.tmp"); a temporary file of a process that is still
 * running is never touched.
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
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include "nl-i18n.h"

#define READ_CHUNK ((size_t) 65536)

/* The message for a path that is there but is not a regular file, for
 * opening (@saving 0) or saving. */
static NlStatus
not_regular_error (NlError    *error,
                   const char *path,
                   mode_t      mode,
                   int         saving)
{
#define REFUSE(open_text, save_text) \
  return saving ? nl_error_set (error, NL_ERR_IO, 0, 0, save_text, path) \
                : nl_error_set (error, NL_ERR_IO, 0, 0, open_text, path)
  if (S_ISDIR (mode))
    REFUSE (_("Could not open “%s”: it is a folder, not a file"),
            _("Could not save “%s”: it is a folder, not a file"));
  if (S_ISFIFO (mode))
    REFUSE (_("Could not open “%s”: it is a named pipe, not a file"),
            _("Could not save “%s”: it is a named pipe, not a file"));
  if (S_ISCHR (mode) || S_ISBLK (mode))
    REFUSE (_("Could not open “%s”: it is a device, not a file"),
            _("Could not save “%s”: it is a device, not a file"));
  REFUSE (_("Could not open “%s”: it is not a regular file"),
          _("Could not save “%s”: it is not a regular file"));
#undef REFUSE
}

static NlStatus
too_large_error (NlError    *error,
                 const char *path,
                 size_t      max_size)
{
  return nl_error_set (error, NL_ERR_IO, 0, 0,
                       _("\"%s\" is too large to open (more than %zu MB)"),
                       path, max_size / (1024 * 1024));
}

int
nl_file_open_regular (const char *path,
                      NlError    *error)
{
  struct stat st;
  int fd;

  if (path == NULL)
    {
      nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No file name"));
      return -1;
    }
  /* What is not a regular file is refused before it is opened at all:
   * opening some devices does something. */
  if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      not_regular_error (error, path, st.st_mode, 0);
      return -1;
    }
  /* O_NONBLOCK so that a named pipe put there since cannot block the open;
   * fstat() then refuses it. It changes nothing for a regular file. */
  fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      nl_error_set (error, NL_ERR_IO, 0, 0, _("Could not open \"%s\": %s"), path,
                    strerror (errno));
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      nl_error_set (error, NL_ERR_IO, 0, 0, _("Could not read \"%s\": %s"), path,
                    strerror (errno));
      close (fd);
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      not_regular_error (error, path, st.st_mode, 0);
      close (fd);
      return -1;
    }
  return fd;
}

NlStatus
nl_file_read (const char  *path,
              size_t       max_size,
              char       **data_out,
              size_t      *length_out,
              NlError     *error)
{
  char *data = NULL;
  size_t length = 0, alloc = 0;
  struct stat st;
  NlStatus status;
  int fd;

  *data_out = NULL;
  *length_out = 0;
  fd = nl_file_open_regular (path, error);
  if (fd < 0)
    return error != NULL ? error->status : NL_ERR_IO;
  if (fstat (fd, &st) != 0)
    goto fail_errno;
  if (st.st_size > 0 && (uintmax_t) st.st_size > max_size)
    {
      status = too_large_error (error, path, max_size);
      goto fail;
    }
  /* The size is known: one allocation of it (and the NUL), grown only if
   * the file grows while it is read. */
  alloc = (size_t) st.st_size + 2;
  for (;;)
    {
      ssize_t n;

      /* One byte is always kept free for the final NUL. */
      if (alloc - length < 2 || data == NULL)
        {
          size_t want = data == NULL ? alloc : alloc < READ_CHUNK ? READ_CHUNK : alloc;
          size_t new_alloc = data == NULL ? alloc : alloc + want;
          char *grown;

          if (length > max_size)
            {
              status = too_large_error (error, path, max_size);
              goto fail;
            }
          if (data != NULL && alloc > SIZE_MAX - want)
            {
              errno = ENOMEM;
              goto fail_errno;
            }
          grown = realloc (data, new_alloc);
          if (grown == NULL)
            {
              status = nl_error_nomem (error);
              goto fail;
            }
          data = grown;
          alloc = new_alloc;
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
      status = too_large_error (error, path, max_size);
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

/* The file a save to @path replaces: @path itself, or what the symbolic
 * link at @path points to, followed to the end (a dangling link gives the
 * path it names, where the new file goes). A new string, or NULL with errno
 * set (ELOOP for a cycle). */
static char *
resolve_links (const char *path)
{
  char *current = strdup (path);

  for (int depth = 0; current != NULL; depth++)
    {
      char target[PATH_MAX];
      struct stat st;
      ssize_t n;
      char *next;

      if (lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return current;
      if (depth >= 40)
        {
          free (current);
          errno = ELOOP;
          return NULL;
        }
      n = readlink (current, target, sizeof target - 1);
      if (n < 0)
        {
          int saved_errno = errno;

          free (current);
          errno = saved_errno;
          return NULL;
        }
      target[n] = '\0';
      if (target[0] == '/' || strrchr (current, '/') == NULL)
        next = strdup (target);
      else
        {
          /* A relative target is relative to the link's folder. */
          size_t dir_len = (size_t) (strrchr (current, '/') - current) + 1;

          next = malloc (dir_len + (size_t) n + 1);
          if (next != NULL)
            {
              memcpy (next, current, dir_len);
              memcpy (next + dir_len, target, (size_t) n + 1);
            }
        }
      free (current);
      current = next;
    }
  errno = ENOMEM;
  return NULL;
}

/* Whether @name is "BASE.<pid>-<n>.tmp", one of open_temporary()'s names for
 * a file called BASE; *pid is then the pid. */
static int
is_temporary_of (const char *name,
                 const char *base,
                 long       *pid)
{
  size_t base_len = strlen (base);
  const char *p;
  char *end;

  if (strncmp (name, base, base_len) != 0 || name[base_len] != '.')
    return 0;
  p = name + base_len + 1;
  if (*p < '1' || *p > '9')
    return 0;
  errno = 0;
  *pid = strtol (p, &end, 10);
  if (errno != 0 || *pid <= 0 || *end != '-')
    return 0;
  p = end + 1;
  if (*p < '0' || *p > '9')
    return 0;
  while (*p >= '0' && *p <= '9')
    p++;
  return strcmp (p, ".tmp") == 0;
}

/* Removes the temporary files that saves of @path left when their process
 * was killed: those whose process no longer runs. Best effort. */
static void
remove_stale_temporaries (const char *path)
{
  const char *slash = strrchr (path, '/');
  const char *base = slash != NULL ? slash + 1 : path;
  char *dir;
  DIR *d;
  int dir_fd;
  struct dirent *entry;

  if (slash == NULL)
    dir = strdup (".");
  else if (slash == path)
    dir = strdup ("/");
  else
    dir = strndup (path, (size_t) (slash - path));
  if (dir == NULL)
    return;
  d = opendir (dir);
  free (dir);
  if (d == NULL)
    return;
  dir_fd = dirfd (d);
  while ((entry = readdir (d)) != NULL)
    {
      struct stat st;
      long pid;

      if (!is_temporary_of (entry->d_name, base, &pid) || pid == (long) getpid ())
        continue;
      /* ESRCH: no such process. EPERM means it runs, as another user. */
      if (kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;
      if (fstatat (dir_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0
          || !S_ISREG (st.st_mode) || st.st_uid != getuid ())
        continue;
      (void) unlinkat (dir_fd, entry->d_name, 0);
    }
  closedir (d);
}

NlStatus
nl_file_write_atomic (const char *path,
                      const char *data,
                      size_t      length,
                      NlError    *error)
{
  struct stat st;
  char *tmp = NULL, *target;
  int fd, saved_errno;
  NlStatus status;

  if (path == NULL || (data == NULL && length > 0))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("Nothing to write"));

  /* A link stays a link: its target is what is replaced. */
  target = resolve_links (path);
  if (target == NULL)
    return nl_error_set (error, NL_ERR_IO, 0, 0, _("Could not write “%s”: %s"), path,
                         strerror (errno));
  if (stat (target, &st) == 0 && !S_ISREG (st.st_mode))
    {
      status = not_regular_error (error, path, st.st_mode, 1);
      free (target);
      return status;
    }
  remove_stale_temporaries (target);

  fd = open_temporary (target, &tmp);
  if (fd < 0)
    goto io_error;
  /* Replacing a file keeps its permissions. */
  if (stat (target, &st) == 0 && S_ISREG (st.st_mode))
    (void) fchmod (fd, st.st_mode & 07777);
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      unlink (tmp);
      errno = saved_errno;
      goto io_error;
    }
  if (close (fd) != 0 || rename (tmp, target) != 0)
    {
      saved_errno = errno;
      unlink (tmp);
      errno = saved_errno;
      goto io_error;
    }
  sync_directory (target);
  free (tmp);
  free (target);
  return NL_OK;

io_error:
  saved_errno = errno;
  free (tmp);
  free (target);
  return nl_error_set (error, NL_ERR_IO, 0, 0, _("Could not write “%s”: %s"), path,
                       strerror (saved_errno != 0 ? saved_errno : EIO));
}
