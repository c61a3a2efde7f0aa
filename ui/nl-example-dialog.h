/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-example-dialog.h: File > New from Example, the choice of a data set to
 * start from.
 *
 * A small modal window over the one it was opened from: a Data set
 * drop-down (core/nl-examples.h) with a sentence about the chosen set, and
 * for a generated set its Noise (%), Points and Seed. Create (or Enter)
 * opens a new window on that table with the settings that suit it
 * (nl_document_open_example()); Cancel (or Escape) closes it.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NL_TYPE_EXAMPLE_DIALOG (nl_example_dialog_get_type ())

G_DECLARE_FINAL_TYPE (NlExampleDialog, nl_example_dialog, NL, EXAMPLE_DIALOG, GtkWindow)

/* Modal and transient for @parent, in @parent's application. */
NlExampleDialog *nl_example_dialog_new (GtkWindow *parent);

G_END_DECLS
