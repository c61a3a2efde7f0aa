/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-window-export.c: the window's Export Network as Python and as
 * PyTorch: the network, the table's normalisation, the trainer's settings
 * and its optimizer's memory written as a script by the core
 * (core/nl-python.h, core/nl-pytorch.h), to a file chosen in a Save dialog.
 * The rest of the window is in nl-window.c; what the two share is in
 * nl-window-private.h. */
#include "config.h"

#include "nl-window-private.h"

#include <glib/gi18n.h>

#include "nl-python.h"
#include "nl-pytorch.h"

/* The trainer's optimizer memory, one value per parameter, for a script to
 * go on from: FALSE when it keeps none. @first and @second are filled with
 * g_new (free them). */
static gboolean
get_optimizer_memory (NlWindow  *self,
                      gsize      n_params,
                      guint64   *steps,
                      double   **first,
                      double   **second)
{
  *first = NULL;
  *second = NULL;
  if (!nl_trainer_get_optimizer_state (self->trainer, 0, steps, NULL, NULL))
    return FALSE;
  *first = g_new (double, n_params);
  *second = g_new (double, n_params);
  for (gsize i = 0; i < n_params; i++)
    nl_trainer_get_optimizer_state (self->trainer, i, NULL, *first + i, *second + i);
  return TRUE;
}

/* Writes the network as a NumPy script or, with @pytorch, a PyTorch one,
 * with the trainer's settings and optimizer memory; problems are shown in
 * the window. */
static gboolean
export_script (NlWindow *self,
               GFile    *file,
               gboolean  pytorch)
{
  g_autofree char *path = g_file_get_path (file);
  const NlNet *net = nl_network_model_get_net (self->network);
  const NlDataset *ds = nl_dataset_model_get_dataset (self->dataset);
  g_autofree double *first = NULL;
  g_autofree double *second = NULL;
  NlOptimizerMemory memory = { 0 };
  NlTrainOptions options;
  NlRunPolicy policy;
  NlError error = { 0 };
  NlStatus status = NL_ERR_INVALID;

  nl_trainer_get_options (self->trainer, &options);
  if (get_optimizer_memory (self, net->n_params, &memory.steps, &first, &second))
    {
      memory.first = first;
      memory.second = second;
    }
  nl_run_policy_init (&policy);
  policy.test_percent = nl_trainer_get_test_percent (self->trainer);
  policy.split_seed = nl_trainer_get_split_seed (self->trainer);
  if (path != NULL)
    status = pytorch ? nl_pytorch_write_file (net, ds, &options, &memory, &policy, path, &error)
                     : nl_python_write_file (net, ds, &options, &memory, path, &error);
  if (status != NL_OK)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *message = NULL;

      /* The core's I/O messages name the file already (nl-file.h). */
      if (path != NULL && error.status == NL_ERR_IO)
        message = g_strdup (error.message);
      else
        message = g_strdup_printf (_("Could not export “%s”: %s"), name,
                                   path == NULL ? _("only local files can be written")
                                                : error.message);

      gtk_widget_error_bell (GTK_WIDGET (self));
      _nl_window_show_notification (self, message);
      return FALSE;
    }
  return TRUE;
}

/* Writes the network as a standalone NumPy script that predicts what the
 * window predicts (core/nl-python.h). */
gboolean
nl_window_export_python (NlWindow *self,
                         GFile    *file)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);

  return export_script (self, file, FALSE);
}

/* Writes the network, its settings and its rows as a PyTorch script
 * (core/nl-pytorch.h). */
gboolean
nl_window_export_pytorch (NlWindow *self,
                          GFile    *file)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);

  return export_script (self, file, TRUE);
}

static void
export_python_chosen (NlWindow *self,
                      GFile    *file)
{
  if (file != NULL)
    nl_window_export_python (self, file);
}

static void
export_pytorch_chosen (NlWindow *self,
                       GFile    *file)
{
  if (file != NULL)
    nl_window_export_pytorch (self, file);
}

/* Export Network as Python or as PyTorch: a Save dialog proposing a name
 * after the work (an untitled one's network is "network.py"). */
void
_nl_window_export_script_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  gboolean pytorch = g_str_equal (action_name, "win.export-pytorch");
  g_autofree char *short_name = nl_document_dup_short_name (self->document);
  g_autofree char *name = g_strdup_printf ("%s%s.py",
                                           nl_document_get_folder (self->document) != NULL
                                           ? short_name : "network",
                                           pytorch ? "-pytorch" : "");
  GtkFileChooser *chooser =
    _nl_window_new_file_chooser (self, pytorch ? _("Export Network as PyTorch")
                                               : _("Export Network as Python"),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                 pytorch ? export_pytorch_chosen : export_python_chosen);

  gtk_file_chooser_set_current_name (chooser, name);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
