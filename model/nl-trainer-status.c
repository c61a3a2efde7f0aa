/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-trainer-status.c: the status line's text (see nl-trainer-status.h).
 *
 * Numbers are shown, not stored: printf writes the reader's own decimal
 * separator (LC_NUMERIC), as the rest of the window does.
 */
#include "config.h"

#include "nl-trainer-status.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

char *
nl_trainer_format_loss (double loss)
{
  if (!isfinite (loss))
    return g_strdup ("—");
  /* Small losses keep two significant digits instead of reading 0.0000. */
  if (loss != 0.0 && fabs (loss) < 0.0001)
    return g_strdup_printf ("%.2e", loss);
  return g_strdup_printf ("%.4f", loss);
}

/* An RMSE in the target's units: three significant digits, without an
 * exponent for large ones (a body mass off by 312 g, not 3.12e+02). */
static char *
format_rmse (double rmse)
{
  int decimals;

  if (!isfinite (rmse))
    return g_strdup ("—");
  if (rmse == 0.0)
    return g_strdup ("0");
  decimals = 2 - (int) floor (log10 (fabs (rmse)));
  if (decimals > 6)
    return g_strdup_printf ("%.2e", rmse);
  return g_strdup_printf ("%.*f", MAX (decimals, 0), rmse);
}

static char *
format_r2 (double r2)
{
  if (!isfinite (r2))
    return g_strdup ("—");
  return g_strdup_printf ("%.2f", r2);
}

char *
nl_trainer_dup_status_text (NlTrainer *self)
{
  guint64 epoch;
  NlTask task;
  NlEvaluation train, test;
  g_autofree char *loss = NULL;
  g_autofree char *test_loss = NULL;
  g_autofree char *text = NULL;
  gboolean has_test;

  g_return_val_if_fail (NL_IS_TRAINER (self), NULL);

  epoch = nl_trainer_get_epoch (self);
  if (epoch == 0)
    return g_strdup (_("Not trained yet"));

  nl_trainer_get_task (self, &task);
  loss = nl_trainer_format_loss (nl_trainer_get_loss (self));
  has_test = isfinite (nl_trainer_get_test_loss (self));
  if (has_test)
    test_loss = nl_trainer_format_loss (nl_trainer_get_test_loss (self));

  if (task.kind != NL_TASK_REGRESSION)
    {
      /* Translators: the status line, e.g. "Epoch 1000 · Loss 0.0021 · Accuracy 100%" */
      text = g_strdup_printf (_("Epoch %" PRIu64 " · Loss %s · Accuracy %.0f%%"),
                              (uint64_t) epoch, loss, 100.0 * nl_trainer_get_accuracy (self));
      if (!has_test)
        return g_steal_pointer (&text);
      /* Translators: appended to the status line when there are test rows. */
      return g_strdup_printf (_("%s · Test loss %s · Test accuracy %.0f%%"), text, test_loss,
                              100.0 * nl_trainer_get_test_accuracy (self));
    }

  nl_trainer_get_evaluation (self, &train, &test);
  {
    g_autofree char *rmse = format_rmse (train.rmse);
    g_autofree char *r2 = format_r2 (train.r2);

    /* Translators: the status line for a regression, e.g. "Epoch 1000 ·
     * Loss 0.0021 · RMSE 12.3 · R² 0.97"; the RMSE is in the target's
     * units. */
    text = g_strdup_printf (_("Epoch %" PRIu64 " · Loss %s · RMSE %s · R² %s"),
                            (uint64_t) epoch, loss, rmse, r2);
  }
  if (!has_test)
    return g_steal_pointer (&text);
  {
    g_autofree char *rmse = format_rmse (test.rmse);
    g_autofree char *r2 = format_r2 (test.r2);

    /* Translators: appended to the status line of a regression when there
     * are test rows. */
    return g_strdup_printf (_("%s · Test loss %s · Test RMSE %s · Test R² %s"), text, test_loss,
                            rmse, r2);
  }
}
