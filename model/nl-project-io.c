/* nl-project-io.c: saving and opening project files with the models, through
 * the core's reader and writer (core/nl-project.c). */
#include "nl-project-io.h"

#include <glib/gi18n.h>
#include <math.h>

#include "nl-file.h"
#include "nl-model-error.h"
#include "nl-project.h"

static NlModelError
code_from_core (NlStatus status)
{
  switch (status)
    {
    case NL_ERR_NOMEM:
      return NL_MODEL_ERROR_NO_MEMORY;
    case NL_ERR_PARSE:
      return NL_MODEL_ERROR_PARSE;
    case NL_OK:
    case NL_ERR_INVALID:
    case NL_ERR_IO:
    case NL_ERR_DIVERGED:
    default:
      return NL_MODEL_ERROR_INVALID;
    }
}

gboolean
nl_project_io_save (NlDatasetModel  *dataset,
                    NlNetworkModel  *network,
                    NlTrainer       *trainer,
                    GFile           *file,
                    GError         **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  const double *history, *test_history;
  NlProject project;
  NlError err;
  char *text;
  size_t length;
  guint n_history, n_test_history;
  gboolean ok = TRUE;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (dataset), FALSE);
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (network), FALSE);
  g_return_val_if_fail (NL_IS_TRAINER (trainer), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The project borrows the models' own data: writing it only reads. */
  history = nl_trainer_get_history (trainer, &n_history);
  test_history = nl_trainer_get_test_history (trainer, &n_test_history);
  nl_project_init (&project);
  project.dataset = (NlDataset *) nl_dataset_model_get_dataset (dataset);
  project.net = (NlNet *) nl_network_model_get_net (network);
  project.activation = nl_network_model_get_activation (network);
  project.options.learning_rate = nl_trainer_get_learning_rate (trainer);
  project.options.loss = nl_trainer_get_loss_function (trainer);
  project.options.shuffle = nl_trainer_get_shuffle (trainer);
  project.options.shuffle_seed = nl_network_model_get_seed (network);
  project.epochs_per_run = nl_trainer_get_epochs (trainer);
  project.seed = nl_network_model_get_seed (network);
  project.init = nl_network_model_get_init (network);
  project.test_percent = nl_trainer_get_test_percent (trainer);
  project.split_seed = nl_trainer_get_split_seed (trainer);
  project.target_loss = nl_trainer_get_target_loss (trainer);
  project.early_stopping = nl_trainer_get_early_stopping (trainer);
  /* The history has a value for every epoch the trainer counts, and the
   * test history runs parallel to it. */
  g_warn_if_fail (n_test_history == n_history);
  project.epoch = n_history;
  project.loss = nl_trainer_get_loss (trainer);
  project.accuracy = nl_trainer_get_accuracy (trainer);
  project.test_loss = nl_trainer_get_test_loss (trainer);
  project.test_accuracy = nl_trainer_get_test_accuracy (trainer);
  project.history = (double *) history;
  project.test_history = n_test_history == n_history ? (double *) test_history : NULL;
  project.n_history = n_history;

  name = g_file_get_parse_name (file);
  nl_error_clear (&err);
  text = nl_project_write_buffer (&project, &length, &err);
  if (text == NULL)
    {
      g_set_error (error, NL_MODEL_ERROR, code_from_core (err.status),
                   _("Could not save “%s”: %s"), name, err.message);
      return FALSE;
    }

  path = g_file_get_path (file);
  if (path != NULL)
    {
      if (nl_file_write_atomic (path, text, length, &err) != NL_OK)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, err.message);
          ok = FALSE;
        }
    }
  else
    ok = g_file_replace_contents (file, text, length, NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, NULL, error);
  free (text);
  return ok;
}

gboolean
nl_project_io_load (NlDatasetModel  *dataset,
                    NlNetworkModel  *network,
                    NlTrainer       *trainer,
                    GFile           *file,
                    GError         **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;
  NlProject project;
  NlError err;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (dataset), FALSE);
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (network), FALSE);
  g_return_val_if_fail (NL_IS_TRAINER (trainer), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return FALSE;

  name = g_file_get_parse_name (file);
  nl_error_clear (&err);
  if (nl_project_read_buffer (contents, length, &project, &err) != NL_OK)
    {
      g_set_error (error, NL_MODEL_ERROR, code_from_core (err.status),
                   _("Could not open “%s”: %s"), name, err.message);
      return FALSE;
    }

  /* Everything is checked before the first model changes. */
  if (!nl_network_model_check_net (project.net, error))
    {
      g_prefix_error (error, _("Could not open “%s”: "), name);
      nl_project_clear (&project);
      return FALSE;
    }
  if (project.n_history > G_MAXUINT)
    {
      g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID,
                   _("Could not open “%s”: its loss history is too long"), name);
      nl_project_clear (&project);
      return FALSE;
    }

  /* Any run in progress goes first, so that nothing it still posts lands on
   * the opened project. */
  nl_trainer_restore (trainer, 0, NAN, NAN, NAN, NAN, NULL, NULL, 0);
  nl_dataset_model_set_dataset (dataset, g_steal_pointer (&project.dataset));
  if (!nl_network_model_restore (network, project.net, project.activation, project.seed,
                                 project.init, error))
    g_assert_not_reached (); /* checked above */
  nl_trainer_set_learning_rate (trainer, project.options.learning_rate);
  if (project.epochs_per_run > 0)
    nl_trainer_set_epochs (trainer, project.epochs_per_run);
  nl_trainer_set_loss_function (trainer, project.options.loss);
  nl_trainer_set_shuffle (trainer, project.options.shuffle);
  nl_trainer_set_test_percent (trainer, project.test_percent);
  nl_trainer_set_split_seed (trainer, project.split_seed);
  nl_trainer_set_target_loss (trainer, project.target_loss);
  nl_trainer_set_early_stopping (trainer, project.early_stopping);
  nl_trainer_restore (trainer, project.epoch, project.loss, project.accuracy, project.test_loss,
                      project.test_accuracy, project.history, project.test_history,
                      (guint) project.n_history);
  nl_project_clear (&project);
  return TRUE;
}
