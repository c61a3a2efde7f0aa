/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-file.c: the core's file reads and atomic saves (core/nl-file.c), and
 * the project writer's size limit, which must agree with the reader's. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "nl-csv.h"
#include "nl-file.h"
#include "nl-history.h"
#include "nl-project.h"
#include "nl-project-private.h"
#include "nl-rng.h"

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static guint
count_files (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  g_dir_close (d);
  return n;
}

static void
remove_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_dir_close (d);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A named pipe is refused at once, never waited on; so is a device (which
 * would never end) and a folder; each message says which it is. The CSV
 * reader refuses them as the project reader does. */
static void
test_read_not_regular (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-file-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "f.neuronlab", NULL);
  g_autofree char *fifo_csv = g_build_filename (dir, "f.csv", NULL);
  NlProject project;
  NlError error;
  char *data = NULL;
  size_t length;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (mkfifo (fifo_csv, 0600), ==, 0);

  /* Without the check these would block until a writer came: guard the
   * test with an alarm rather than hang. */
  alarm (20);
  nl_error_clear (&error);
  g_assert_cmpint (nl_project_read_file (fifo, &project, &error), ==, NL_ERR_IO);
  g_assert_nonnull (strstr (error.message, "f.neuronlab"));
  g_assert_nonnull (strstr (error.message, "named pipe"));
  g_assert_null (project.dataset);

  nl_error_clear (&error);
  g_assert_null (nl_csv_read_file (fifo_csv, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_IO);
  g_assert_nonnull (strstr (error.message, "named pipe"));

  nl_error_clear (&error);
  g_assert_cmpint (nl_file_read ("/dev/zero", 1024 * 1024 * 1024, &data, &length, &error), ==,
                   NL_ERR_IO);
  g_assert_null (data);
  g_assert_nonnull (strstr (error.message, "device"));

  nl_error_clear (&error);
  g_assert_cmpint (nl_project_read_file (dir, &project, &error), ==, NL_ERR_IO);
  g_assert_nonnull (strstr (error.message, "folder"));
  alarm (0);

  remove_dir (dir);
}

/* Saving through a symbolic link replaces the file it points to, and the
 * link stays a link; a named pipe or a device is refused and left as it
 * was. */
static void
test_write_through_link (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-file-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *target = g_build_filename (sub, "work.neuronlab", NULL);
  g_autofree char *link = g_build_filename (dir, "link.neuronlab", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.neuronlab", NULL);
  g_autofree char *dangling_target = g_build_filename (sub, "new.neuronlab", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.neuronlab", NULL);
  g_autofree char *text = NULL;
  struct stat st;
  NlError error;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  /* A relative link, as `ln -s sub/work.neuronlab` makes. */
  g_assert_cmpint (symlink ("sub/work.neuronlab", link), ==, 0);

  nl_error_clear (&error);
  g_assert_cmpint (nl_file_write_atomic (link, "new", 3, &error), ==, NL_OK);
  g_assert_cmpint (lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  text = read_text (target);
  g_assert_cmpstr (text, ==, "new");
  /* The temporary file went beside the target, and is gone. */
  g_assert_cmpuint (count_files (sub), ==, 1);

  /* A link to a file not yet there makes it. */
  g_assert_cmpint (symlink (dangling_target, dangling), ==, 0);
  g_assert_cmpint (nl_file_write_atomic (dangling, "made", 4, &error), ==, NL_OK);
  g_assert_cmpint (lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_clear_pointer (&text, g_free);
  text = read_text (dangling_target);
  g_assert_cmpstr (text, ==, "made");

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  nl_error_clear (&error);
  g_assert_cmpint (nl_file_write_atomic (fifo, "x", 1, &error), ==, NL_ERR_IO);
  g_assert_nonnull (strstr (error.message, "pipe.neuronlab"));
  g_assert_nonnull (strstr (error.message, "named pipe"));
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  /* A device: /dev/null stays a device (this only writes when the check
   * is missing, and then fails on the rename for want of permission, or
   * replaces it, which the assertion catches). */
  if (getuid () != 0)
    {
      nl_error_clear (&error);
      g_assert_cmpint (nl_file_write_atomic ("/dev/null", "x", 1, &error), ==, NL_ERR_IO);
      g_assert_nonnull (strstr (error.message, "device"));
    }

  g_assert_cmpint (g_remove (target), ==, 0);
  g_assert_cmpint (g_remove (dangling_target), ==, 0);
  remove_dir (dir);
}

/* The pid of a process that has ended. */
static pid_t
dead_pid (void)
{
  pid_t pid = fork ();
  int status;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return pid;
}

/* A save removes the temporary files that killed saves of the same file
 * left, and never one of a process that is still running. */
static void
test_stale_temporaries (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-file-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "work.neuronlab", NULL);
  g_autofree char *stale = g_strdup_printf ("%s.%ld-0.tmp", path, (long) dead_pid ());
  g_autofree char *stale2 = g_strdup_printf ("%s.%ld-3.tmp", path, (long) dead_pid ());
  g_autofree char *live = g_strdup_printf ("%s.%ld-0.tmp", path, (long) getppid ());
  g_autofree char *other = g_strdup_printf ("%s/other.neuronlab.%ld-0.tmp", dir,
                                            (long) dead_pid ());
  g_autofree char *unrelated = g_build_filename (dir, "work.neuronlab.notes.tmp", NULL);
  NlError error;

  g_assert_true (g_file_set_contents (stale, "half a save", -1, NULL));
  g_assert_true (g_file_set_contents (stale2, "half a save", -1, NULL));
  g_assert_true (g_file_set_contents (live, "a save going on", -1, NULL));
  g_assert_true (g_file_set_contents (other, "another file's", -1, NULL));
  g_assert_true (g_file_set_contents (unrelated, "a person's", -1, NULL));

  nl_error_clear (&error);
  g_assert_cmpint (nl_file_write_atomic (path, "saved", 5, &error), ==, NL_OK);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stale2, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (unrelated, G_FILE_TEST_EXISTS));

  remove_dir (dir);
}

static void
make_project (NlProject *p,
              size_t     epochs)
{
  static const size_t sizes[] = { 2, 2, 1 };
  NlError error;
  NlRng rng;

  nl_project_init (p);
  p->dataset = nl_dataset_new_tutorial ();
  p->net = nl_net_new (3, sizes, NULL, &error);
  g_assert_nonnull (p->net);
  nl_rng_seed (&rng, 7);
  nl_net_init (p->net, NL_INIT_NORMAL, &rng);
  p->options.learning_rate = 0.1;
  p->seed = 7;
  p->epoch = epochs;
  p->history = nl_history_new (0);
  g_assert_nonnull (p->history);
  for (size_t i = 0; i < epochs; i++)
    {
      p->loss = 0.25 / (1.0 + (double) i);
      g_assert_true (nl_history_append (p->history, p->loss));
    }
  p->accuracy = 1;
}

/* What the writer writes, the reader reads: at the limit, the writer
 * refuses exactly what the reader would refuse, with a message, and does not
 * replace the file. The limit is lowered for the test; the real one is the
 * same code with NL_PROJECT_MAX_FILE_SIZE. */
static void
test_size_limit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-file-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "work.neuronlab", NULL);
  NlProject p, q;
  NlError error;
  char *text;
  size_t length, limit;

  make_project (&p, 5000);
  nl_error_clear (&error);
  text = nl_project_write_buffer (&p, &length, &error);
  g_assert_nonnull (text);
  g_assert_true (g_file_set_contents (path, text, (gssize) length, NULL));
  free (text);

  /* Exactly the size: written, and read back. */
  limit = length;
  text = _nl_project_write_buffer_max (&p, limit, NULL, NULL, &length, &error);
  g_assert_nonnull (text);
  g_assert_cmpuint (length, ==, limit);
  free (text);
  g_assert_cmpint (_nl_project_read_file_max (path, limit, &q, &error), ==, NL_OK);
  g_assert_cmpuint (nl_history_epochs (q.history), ==, 5000);
  nl_project_clear (&q);

  /* One byte less: the reader refuses the file, and the writer refuses to
   * write it, saying why. */
  g_assert_cmpint (_nl_project_read_file_max (path, limit - 1, &q, &error), ==, NL_ERR_IO);
  nl_error_clear (&error);
  text = _nl_project_write_buffer_max (&p, limit - 1, NULL, NULL, &length, &error);
  g_assert_null (text);
  g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
  g_assert_nonnull (strstr (error.message, "larger than"));

  nl_project_clear (&p);
  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/file/read-not-regular", test_read_not_regular);
  g_test_add_func ("/core/file/write-through-link", test_write_through_link);
  g_test_add_func ("/core/file/stale-temporaries", test_stale_temporaries);
  g_test_add_func ("/core/file/size-limit", test_size_limit);
  return g_test_run ();
}
