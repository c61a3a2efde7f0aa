/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-dataset-view.c: the editable training table.
 *
 * A GtkColumnView over the NlDatasetModel (a GListModel of NlRow). Columns are
 * built from the dataset's columns each time they change; cells come from a
 * GtkSignalListItemFactory per column: setup makes the widget once, bind
 * connects it to its row and unbind disconnects everything bind connected.
 * Text, number and label cells are GtkEntry widgets, shown flat and read-only
 * until edited; how they are edited, from the keyboard and the pointer, is in
 * nl-dataset-view-edit.c. Every edit goes through the model, which keeps what
 * was typed: a value its column cannot read is shown in the error style, its
 * row says why in the Status column, and the bell rings with a message.
 *
 * Rows can be selected together (GtkMultiSelection); "row-selected" reports
 * the first of them, the sample the window shows. Copy, paste and export are
 * in nl-dataset-view-copy.c. The Columns popover chooses the inputs and the
 * label or the target; the Problems popover lists what the last import found. Messages
 * go out through the "message" signal (the window shows them as
 * notifications), so the table never changes size to say something.
 */

#include "nl-dataset-view.h"
#include "nl-dataset-view-private.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "nl-number.h"
#include "nl-row.h"

G_DEFINE_FINAL_TYPE (NlDatasetView, nl_dataset_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

enum {
  ROW_SELECTED,
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GQuark cell_quark;

/* Helpers */

/* Says @message (NULL: the last message is over, as after a good edit). */
void
_nl_dataset_view_show_message (NlDatasetView *self,
                               const char    *message,
                               gboolean       is_error)
{
  g_free (self->message);
  self->message = g_strdup (message);
  if (message != NULL)
    g_signal_emit (self, signals[MESSAGE], 0, message, is_error);
}

/* The first selected row, or G_MAXUINT. */
static guint
first_selected (NlDatasetView *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->selection == NULL)
    return G_MAXUINT;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return gtk_bitset_is_empty (selected) ? G_MAXUINT : gtk_bitset_get_minimum (selected);
}

/* Selects @row alone. */
void
_nl_dataset_view_select_row (NlDatasetView *self,
                             guint          row)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->selection == NULL)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (selected) != 1 || !gtk_bitset_contains (selected, row))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), row, TRUE);
}

/* GtkColumnView has no scroll_to before GTK 4.12; its list view has the
 * action, which makes the row's widgets at once. */
void
_nl_dataset_view_scroll_to_row (NlDatasetView *self,
                                guint          row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (self->column_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", row);
        break;
      }
}

Cell *
_nl_dataset_view_find_cell (NlDatasetView *self,
                            guint          row,
                            guint          column)
{
  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);

      if (cell->entry != NULL && cell->info->index == column
          && nl_row_get_index (cell->row) == row)
        return cell;
    }
  return NULL;
}

static void
update_actions (NlDatasetView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dataset.add-row", self->model != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dataset.remove-row",
                                 self->model != NULL && self->selected_row >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dataset.copy-rows",
                                 self->model != NULL && self->selected_row >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dataset.paste-rows", self->model != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dataset.export-csv", self->model != NULL);
}

/* Cells */

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  g_assert (cell->row == NULL);
  g_free (cell);
}

static void
cell_update_accessible (Cell *cell)
{
  g_autofree char *name = NULL;
  guint index = nl_row_get_index (cell->row);
  GtkWidget *named = cell->entry != NULL ? cell->entry : cell->widget;

  if (index == G_MAXUINT || cell->info->kind == CELL_STATUS)
    return;
  /* Translators: the accessible name of a cell, like "Row 2, Weight (lb)". */
  name = g_strdup_printf (_("Row %u, %s"), index + 1, cell->info->title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (named),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  if (cell->button != NULL)
    {
      /* Translators: the label's menu button in a row, like "Choose the
       * class of Row 2, Gender". */
      g_autofree char *choose = g_strdup_printf (_("Choose the class of %s"), name);

      gtk_accessible_update_property (GTK_ACCESSIBLE (cell->button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, choose,
                                      -1);
    }
}

static void
set_css_class (GtkWidget  *widget,
               const char *name,
               gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

/* What a text or label cell shows: the text as typed, a number with the
 * person's decimal separator (the file keeps a point). */
static char *
dup_display_text (Cell *cell)
{
  const char *text = nl_row_get_text (cell->row, cell->info->index);

  if (cell->info->numeric)
    return nl_number_to_display (text);
  return g_strdup (text);
}

static void
update_entry (Cell *cell)
{
  NlRow *row = cell->row;
  guint column = cell->info->index;
  gboolean valid = nl_row_get_cell_valid (row, column);
  gboolean plausible = nl_row_get_cell_plausible (row, column);

  /* Never clobber what the person is typing. */
  if (!_nl_dataset_view_cell_is_editing (cell))
    {
      g_autofree char *text = dup_display_text (cell);

      if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (cell->entry))) != 0)
        {
          cell->updating = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (cell->entry), text);
          cell->updating = FALSE;
        }
    }
  set_css_class (cell->entry, "error", !valid);
  set_css_class (cell->entry, "warning", valid && !plausible);
  gtk_accessible_update_state (GTK_ACCESSIBLE (cell->entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
}

static void
update_status (Cell *cell)
{
  NlDatasetView *self = cell->info->view;
  NlRow *row = cell->row;
  const char *problem = nl_row_get_problem (row);
  const char *warning = nl_row_get_warning (row);
  gboolean current = self->current_sample >= 0
                     && (guint) self->current_sample == nl_row_get_index (row);
  const char *icon = NULL;
  g_autofree char *where = NULL;
  g_autofree char *tip = NULL;

  if (problem != NULL)
    {
      const NlDataset *ds = nl_dataset_model_get_dataset (self->model);
      guint index = nl_row_get_index (row);

      icon = "dialog-error-symbolic";
      /* An imported row also says where it came from. */
      if (index < ds->n_rows && ds->row_line != NULL && ds->row_line[index] > 0)
        /* Translators: a row's problem, then the file line it came from. */
        where = g_strdup_printf (_("%s (line %zu of the file)"), problem, ds->row_line[index]);
      tip = g_strdup (where != NULL ? where : problem);
      if (warning != NULL)
        {
          g_autofree char *both = g_strconcat (tip, "\n", warning, NULL);

          g_free (tip);
          tip = g_steal_pointer (&both);
        }
    }
  else if (warning != NULL)
    {
      icon = "dialog-warning-symbolic";
      tip = g_strdup (warning);
    }
  else if (current)
    {
      icon = "go-next-symbolic";
      tip = g_strdup (_("The sample shown in the network diagram"));
    }
  gtk_image_set_from_icon_name (GTK_IMAGE (cell->widget), icon);
  set_css_class (cell->widget, "error", problem != NULL);
  set_css_class (cell->widget, "warning", problem == NULL && warning != NULL);
  /* Setting a tooltip makes GTK look for one under the pointer: only when
   * it changes. */
  if (g_strcmp0 (tip, gtk_widget_get_tooltip_text (cell->widget)) != 0)
    gtk_widget_set_tooltip_text (cell->widget, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell->widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tip != NULL ? tip : _("Usable"),
                                  -1);
}

static void
update_normalized (Cell *cell)
{
  NlDatasetView *self = cell->info->view;
  double value = NAN;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* A column whose input is gone until the rebuild shows nothing. */
  if (cell->info->index < nl_dataset_model_get_n_inputs (self->model))
    value = nl_row_get_normalized (cell->row, cell->info->index);

  if (isnan (value))
    gtk_label_set_text (GTK_LABEL (cell->widget), "—");
  else
    {
      /* Shown, not stored: printf writes the reader's own decimal
       * separator (LC_NUMERIC), so that 25.000 does not read as twenty-five
       * thousand in German. */
      g_snprintf (buf, sizeof buf, "%.3f", value);
      gtk_label_set_text (GTK_LABEL (cell->widget), buf);
    }
}

void
_nl_dataset_view_cell_update (Cell *cell)
{
  NlDatasetView *self = cell->info->view;

  /* Between a change of columns and the rebuild, old columns may be bound to
   * new rows that do not have them; they are about to go. */
  if (self->rebuild_id != 0 || cell->row == NULL || nl_row_get_model (cell->row) == NULL)
    return;

  switch (cell->info->kind)
    {
    case CELL_TEXT:
    case CELL_CLASS:
      update_entry (cell);
      break;
    case CELL_NORMALIZED:
      update_normalized (cell);
      break;
    case CELL_STATUS:
      update_status (cell);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
row_changed_cb (NlRow *row,
                guint  column,
                Cell  *cell)
{
  /* Another cell of the row changed: this one shows the same. */
  if (cell->entry != NULL && column != G_MAXUINT && column != cell->info->index)
    return;
  _nl_dataset_view_cell_update (cell);
}

static void
row_notify_cb (NlRow      *row,
               GParamSpec *pspec,
               Cell       *cell)
{
  if (g_str_equal (pspec->name, "index"))
    cell_update_accessible (cell);
  _nl_dataset_view_cell_update (cell);
}

/* Standardisation makes every row's normalised values depend on every edit,
 * and plausibility every row's numbers. */
static void
model_changed_cb (NlDatasetModel *model,
                  Cell           *cell)
{
  _nl_dataset_view_cell_update (cell);
}

static GtkWidget *
create_cell_widget (Cell *cell)
{
  ColumnInfo *info = cell->info;
  GtkWidget *widget = NULL;

  switch (info->kind)
    {
    case CELL_TEXT:
    case CELL_CLASS:
      _nl_dataset_view_setup_entry (cell);
      widget = cell->widget;
      break;

    case CELL_NORMALIZED:
      widget = gtk_label_new ("—");
      gtk_label_set_xalign (GTK_LABEL (widget), 1.0);
      gtk_widget_add_css_class (widget, "numeric");
      gtk_widget_add_css_class (widget, "dim-label");
      break;

    case CELL_STATUS:
      widget = gtk_image_new ();
      gtk_widget_set_halign (widget, GTK_ALIGN_CENTER);
      break;

    default:
      g_assert_not_reached ();
    }

  return widget;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          ColumnInfo               *info)
{
  Cell *cell = g_new0 (Cell, 1);

  cell->info = info;
  cell->item = item;
  cell->widget = create_cell_widget (cell);
  g_object_set_qdata_full (G_OBJECT (cell->widget), cell_quark, cell, cell_free);
  if (cell->entry == NULL)
    gtk_list_item_set_activatable (item, TRUE);
  gtk_list_item_set_child (item, cell->widget);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         ColumnInfo               *info)
{
  NlDatasetView *self = info->view;
  Cell *cell = g_object_get_qdata (G_OBJECT (gtk_list_item_get_child (item)), cell_quark);

  /* GTK 4.8 unbinds and binds a row's cells again whenever its selection
   * changes; nothing here may depend on the widget's past. */
  cell->row = g_object_ref (gtk_list_item_get_item (item));
  cell->row_changed_id = g_signal_connect (cell->row, "changed", G_CALLBACK (row_changed_cb), cell);
  cell->row_notify_id = g_signal_connect (cell->row, "notify", G_CALLBACK (row_notify_cb), cell);
  if (info->kind == CELL_NORMALIZED || info->numeric)
    cell->model_changed_id = g_signal_connect (self->model, "changed",
                                               G_CALLBACK (model_changed_cb), cell);
  g_ptr_array_add (self->cells, cell);

  cell_update_accessible (cell);
  if (cell->entry != NULL)
    _nl_dataset_view_cell_bound (cell);
  _nl_dataset_view_cell_update (cell);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ColumnInfo               *info)
{
  NlDatasetView *self = info->view;
  Cell *cell = g_object_get_qdata (G_OBJECT (gtk_list_item_get_child (item)), cell_quark);

  if (cell->row == NULL)
    return;

  g_clear_signal_handler (&cell->row_changed_id, cell->row);
  g_clear_signal_handler (&cell->row_notify_id, cell->row);
  if (cell->model_changed_id != 0)
    {
      if (self->model != NULL)
        g_signal_handler_disconnect (self->model, cell->model_changed_id);
      cell->model_changed_id = 0;
    }
  g_ptr_array_remove_fast (self->cells, cell);
  g_clear_object (&cell->row);
}

static void
column_info_free (gpointer data)
{
  ColumnInfo *info = data;

  g_free (info->title);
  g_free (info);
}

static void
add_column (NlDatasetView *self,
            CellKind       kind,
            guint          index,
            const char    *title,
            gboolean       numeric)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  ColumnInfo *info = g_new0 (ColumnInfo, 1);

  info->view = self;
  info->kind = kind;
  info->index = index;
  info->title = g_strdup (title);
  info->numeric = numeric;
  g_object_set_data_full (G_OBJECT (factory), "nl-column-info", info, column_info_free);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), info);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), info);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), info);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, kind != CELL_STATUS);
  if (kind == CELL_TEXT && !numeric)
    gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (self->column_view), column);

  if (kind == CELL_TEXT || kind == CELL_CLASS)
    g_array_append_val (self->edit_columns, index);
}

static void
remove_columns (NlDatasetView *self)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (self->column_view));

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (GTK_COLUMN_VIEW (self->column_view), column);
    }
  g_array_set_size (self->edit_columns, 0);
}

/* A column title reads as the column's name, but is named "Weight (lb)
 * column" for assistive technologies: the field called "Weight (lb)" is the
 * predict form's, and a screen reader or a test looking for it by name
 * should not land on a header. */
static void
name_column_titles (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0')
        {
          /* Translators: the accessible name of a table column's title. */
          g_autofree char *name = g_strdup_printf (_("%s column"),
                                                   gtk_label_get_text (GTK_LABEL (child)));

          gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                          -1);
        }
      name_column_titles (child);
    }
}

static void
build_columns (NlDatasetView *self)
{
  guint n_columns;
  guint n_inputs;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  /* The cell being edited is about to go: what it holds is kept first. */
  nl_dataset_view_commit_edit (self);
  remove_columns (self);
  if (self->model == NULL)
    return;

  /* First, so that a row's problem shows however wide the table is. */
  add_column (self, CELL_STATUS, 0, _("Status"), FALSE);

  n_columns = nl_dataset_model_get_n_columns (self->model);
  for (guint c = 0; c < n_columns; c++)
    {
      const char *name = nl_dataset_model_get_column_name (self->model, c);
      NlColumnKind kind = nl_dataset_model_get_column_kind (self->model, c);
      gboolean both_classes = nl_dataset_model_get_class_name (self->model, 0) != NULL
                              && nl_dataset_model_get_class_name (self->model, 1) != NULL;

      /* Until the label holds two classes, the second is typed. */
      if (kind == NL_COLUMN_LABEL && both_classes)
        add_column (self, CELL_CLASS, c, name, FALSE);
      else
        add_column (self, CELL_TEXT, c, name,
                    kind == NL_COLUMN_NUMERIC || kind == NL_COLUMN_TARGET);
    }

  n_inputs = nl_dataset_model_get_n_inputs (self->model);
  for (guint i = 0; i < n_inputs; i++)
    {
      /* Translators: the title of the column with the values the network
       * sees for input i, like "x1 (normalised)". */
      g_autofree char *title = g_strdup_printf (_("x%u (normalised)"), i + 1);

      add_column (self, CELL_NORMALIZED, i, title, TRUE);
    }

  /* The titles are the first child of the column view: its header. */
  name_column_titles (gtk_widget_get_first_child (self->column_view));
}

/* The Problems button shows what the last import found, when it found any:
 * first how the file was read (notes, which leave no row out), then the
 * problems that leave rows out of training. */
static void
update_problems (NlDatasetView *self)
{
  GPtrArray *problems = self->model != NULL ? nl_dataset_model_get_problems (self->model) : NULL;
  GPtrArray *notes = self->model != NULL ? nl_dataset_model_get_notes (self->model) : NULL;
  guint n_problems = problems != NULL ? problems->len : 0;
  guint n_notes = notes != NULL ? notes->len : 0;
  g_autoptr(GString) text = NULL;
  g_autofree char *tip = NULL;

  if (n_problems + n_notes == 0)
    {
      gtk_widget_set_visible (self->problems_button, FALSE);
      gtk_label_set_text (GTK_LABEL (self->problems_label), "");
      return;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < n_notes + n_problems; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, i < n_notes ? g_ptr_array_index (notes, i)
                                         : g_ptr_array_index (problems, i - n_notes));
    }
  gtk_label_set_text (GTK_LABEL (self->problems_label), text->str);
  if (n_problems > 0)
    tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u problem in the imported file; those rows are kept but left out of training",
                                        "%u problems in the imported file; those rows are kept but left out of training",
                                        n_problems),
                           n_problems);
  else
    tip = g_strdup (_("How the imported file was read"));
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->problems_button),
                             /* Translators: the button that lists how an
                              * imported file was read, when no row of it
                              * has a problem. */
                             n_problems > 0 ? _("Problems") : _("File Notes"));
  gtk_widget_set_tooltip_text (self->problems_button, tip);
  gtk_widget_set_visible (self->problems_button, TRUE);
}

/* The Columns popover: one line per column, with its name, "Input" for a
 * numeric column, then "Label" (classes) and "Target" (a number to predict,
 * a regression), one group of radio buttons for the whole table since the
 * network predicts one column. A choice a column cannot take is disabled,
 * and a note at the end of its line says why, visibly: a tooltip alone
 * would hide the reason from the keyboard and from touch. Filled each time
 * it opens and after each change it makes, so that it follows the table. */

static guint
widget_column (GtkWidget *widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "nl-column")) - 1;
}

static void
schedule_rebuild (NlDatasetView *self);

static void
input_toggled_cb (GtkCheckButton *button,
                  NlDatasetView  *self)
{
  guint column = widget_column (GTK_WIDGET (button));
  gboolean active = gtk_check_button_get_active (button);

  if (self->filling_columns || self->model == NULL)
    return;
  if (!active && nl_dataset_model_get_n_inputs (self->model) == 1
      && nl_dataset_model_get_column_is_input (self->model, column))
    {
      gtk_widget_error_bell (GTK_WIDGET (button));
      _nl_dataset_view_show_message (self, _("The network needs at least one input"), TRUE);
      self->filling_columns = TRUE;
      gtk_check_button_set_active (button, TRUE);
      self->filling_columns = FALSE;
      return;
    }
  _nl_dataset_view_show_message (self, NULL, FALSE);
  nl_dataset_model_set_column_is_input (self->model, column, active);
}

/* Label or Target chosen for a column (the button's "nl-role"). */
static void
role_toggled_cb (GtkCheckButton *button,
                 NlDatasetView  *self)
{
  g_autoptr(GError) error = NULL;
  guint column = widget_column (GTK_WIDGET (button));
  NlColumnKind role = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "nl-role"));
  gboolean done;

  if (self->filling_columns || self->model == NULL || !gtk_check_button_get_active (button))
    return;
  if (role == NL_COLUMN_TARGET)
    done = nl_dataset_model_set_target_column (self->model, column, &error);
  else
    done = nl_dataset_model_set_label_column (self->model, column, &error);
  if (done)
    {
      _nl_dataset_view_show_message (self, NULL, FALSE);
      return;
    }
  gtk_widget_error_bell (GTK_WIDGET (button));
  _nl_dataset_view_show_message (self, error->message, TRUE);
  /* Put the group back as the model has it, once out of this handler. */
  schedule_rebuild (self);
}

/* A Label or Target radio button in the popover's line @column, one of
 * the group that *@group starts. */
static GtkWidget *
add_role_button (NlDatasetView   *self,
                 guint            column,
                 NlColumnKind     role,
                 const char      *text,
                 GtkCheckButton **group)
{
  GtkWidget *button = gtk_check_button_new_with_label (text);
  int predicted = nl_dataset_model_get_label_column (self->model);

  g_object_set_data (G_OBJECT (button), "nl-column", GUINT_TO_POINTER (column + 1));
  g_object_set_data (G_OBJECT (button), "nl-role", GUINT_TO_POINTER (role));
  if (*group == NULL)
    *group = GTK_CHECK_BUTTON (button);
  else
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), *group);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button),
                               (int) column == predicted
                               && nl_dataset_model_get_column_kind (self->model, column) == role);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  nl_dataset_model_get_column_name (self->model, column),
                                  -1);
  g_signal_connect (button, "toggled", G_CALLBACK (role_toggled_cb), self);
  gtk_grid_attach (GTK_GRID (self->columns_grid), button, role == NL_COLUMN_TARGET ? 3 : 2,
                   (int) column, 1, 1);
  return button;
}

/* A disabled choice is described by its column's name, as every choice is,
 * and the note that says why. */
static void
describe_disabled (GtkWidget  *button,
                   const char *name,
                   const char *note)
{
  g_autofree char *description = NULL;

  if (gtk_widget_get_sensitive (button))
    return;
  /* Translators: how a screen reader describes a choice the Columns menu
   * disables: the column's name, then why, like "Name: Label: a different
   * value in every row". */
  description = g_strdup_printf (_("%s: %s"), name, note);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
fill_columns_popover (NlDatasetView *self)
{
  GtkGrid *grid = GTK_GRID (self->columns_grid);
  GtkWidget *child;
  GtkCheckButton *group = NULL;
  guint n_columns;

  while ((child = gtk_widget_get_first_child (self->columns_grid)) != NULL)
    gtk_grid_remove (grid, child);
  if (self->model == NULL)
    return;

  self->filling_columns = TRUE;
  n_columns = nl_dataset_model_get_n_columns (self->model);
  for (guint c = 0; c < n_columns; c++)
    {
      const char *name = nl_dataset_model_get_column_name (self->model, c);
      NlColumnKind kind = nl_dataset_model_get_column_kind (self->model, c);
      GtkWidget *name_label = gtk_label_new (name);
      GtkWidget *label_button, *target_button;
      g_autofree char *note = NULL;

      gtk_label_set_xalign (GTK_LABEL (name_label), 0);
      gtk_grid_attach (grid, name_label, 0, (int) c, 1, 1);

      if (kind == NL_COLUMN_NUMERIC)
        {
          GtkWidget *input = gtk_check_button_new_with_label (_("Input"));

          g_object_set_data (G_OBJECT (input), "nl-column", GUINT_TO_POINTER (c + 1));
          gtk_check_button_set_active (GTK_CHECK_BUTTON (input),
                                       nl_dataset_model_get_column_is_input (self->model, c));
          gtk_accessible_update_property (GTK_ACCESSIBLE (input),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, name,
                                          -1);
          g_signal_connect (input, "toggled", G_CALLBACK (input_toggled_cb), self);
          gtk_grid_attach (grid, input, 1, (int) c, 1, 1);
        }

      label_button = add_role_button (self, c, NL_COLUMN_LABEL, _("Label"), &group);
      gtk_widget_set_tooltip_text (label_button, _("Classes to predict"));
      gtk_widget_set_sensitive (label_button,
                                nl_dataset_model_get_column_can_be_label (self->model, c));
      target_button = add_role_button (self, c, NL_COLUMN_TARGET, _("Target"), &group);
      gtk_widget_set_tooltip_text (target_button, _("A number to predict"));
      gtk_widget_set_sensitive (target_button,
                                nl_dataset_model_get_column_can_be_target (self->model, c));

      note = nl_dataset_model_dup_column_role_note (self->model, c);
      if (note != NULL)
        {
          GtkWidget *note_label = gtk_label_new (note);

          gtk_label_set_xalign (GTK_LABEL (note_label), 0);
          gtk_widget_add_css_class (note_label, "dim-label");
          gtk_widget_add_css_class (note_label, "caption");
          gtk_grid_attach (grid, note_label, 4, (int) c, 1, 1);
          /* A screen reader on a disabled choice hears why, too. */
          describe_disabled (label_button, name, note);
          describe_disabled (target_button, name, note);
        }
    }
  self->filling_columns = FALSE;
}

static void
columns_popover_show_cb (NlDatasetView *self)
{
  fill_columns_popover (self);
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  NlDatasetView *self = data;
  gboolean had_focus = _nl_dataset_view_has_cell_focus (self);

  self->rebuild_id = 0;
  build_columns (self);
  update_problems (self);
  if (gtk_widget_get_visible (self->columns_popover))
    fill_columns_popover (self);
  /* The window forgets its sample when the columns change; the selection
   * stays, so say again which row it is. */
  if (self->selected_row >= 0)
    g_signal_emit (self, signals[ROW_SELECTED], 0, self->selected_row);
  /* The keyboard stays where it was. */
  if (had_focus && self->cursor_row != G_MAXUINT)
    _nl_dataset_view_focus_cell (self, self->cursor_row, self->cursor_column, FALSE, EDIT_SELECT_ALL);
  return G_SOURCE_REMOVE;
}

/* The model may say so from inside a cell's handler: rebuild once idle, when
 * no cell is on the stack. */
static void
schedule_rebuild (NlDatasetView *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle_cb, self);
}

static void
columns_changed_cb (NlDatasetModel *model,
                    NlDatasetView  *self)
{
  schedule_rebuild (self);
}

static void
selection_changed_cb (GtkSelectionModel *selection,
                      guint              position,
                      guint              n_items,
                      NlDatasetView     *self)
{
  guint first = first_selected (self);
  gint row = first == G_MAXUINT ? -1 : (gint) first;

  if (row == self->selected_row)
    return;
  self->selected_row = row;
  update_actions (self);
  g_signal_emit (self, signals[ROW_SELECTED], 0, row);
}

/* Actions */

/* A new row is shown and its first cell edited, so that typing fills it. */
static void
add_row_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);
  guint row;

  if (self->model == NULL)
    return;
  nl_dataset_view_commit_edit (self);
  row = nl_dataset_model_add_row (self->model);
  _nl_dataset_view_select_row (self, row);
  _nl_dataset_view_scroll_to_row (self, row);
  if (self->edit_columns->len > 0)
    _nl_dataset_view_focus_cell (self, row, g_array_index (self->edit_columns, guint, 0),
                                 TRUE, EDIT_SELECT_ALL);
}

static void
remove_row_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);
  g_autoptr(GArray) rows = NULL;
  gboolean had_focus;
  guint row;
  guint n_rows;

  if (self->model == NULL || self->selected_row < 0)
    return;
  nl_dataset_view_commit_edit (self);
  rows = _nl_dataset_view_dup_selected_rows (self);
  if (rows->len == 0)
    return;
  had_focus = _nl_dataset_view_has_cell_focus (self);
  row = g_array_index (rows, guint, 0);
  /* All at once: one step of undo. */
  nl_dataset_model_remove_rows (self->model, (const guint *) (void *) rows->data, rows->len);
  _nl_dataset_view_show_message (self, NULL, FALSE);

  /* The row after the first one removed is selected, so Remove Row (or
   * Delete) can be pressed again; the keyboard stays in the table. */
  n_rows = nl_dataset_model_get_n_rows (self->model);
  if (n_rows == 0)
    return;
  row = MIN (row, n_rows - 1);
  _nl_dataset_view_select_row (self, row);
  if (had_focus && self->cursor_row != G_MAXUINT)
    _nl_dataset_view_focus_cell (self, row, self->cursor_column, FALSE, EDIT_SELECT_ALL);
}

/* GObject */

static void
nl_dataset_view_dispose (GObject *object)
{
  NlDatasetView *self = NL_DATASET_VIEW (object);

  nl_dataset_view_set_model (self, NULL);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), NL_TYPE_DATASET_VIEW);

  G_OBJECT_CLASS (nl_dataset_view_parent_class)->dispose (object);
}

static void
nl_dataset_view_finalize (GObject *object)
{
  NlDatasetView *self = NL_DATASET_VIEW (object);

  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->edit_columns, g_array_unref);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (nl_dataset_view_parent_class)->finalize (object);
}

static void
nl_dataset_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NlDatasetView *self = NL_DATASET_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_dataset_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  NlDatasetView *self = NL_DATASET_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      nl_dataset_view_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_dataset_view_class_init (NlDatasetViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_dataset_view_dispose;
  object_class->finalize = nl_dataset_view_finalize;
  object_class->get_property = nl_dataset_view_get_property;
  object_class->set_property = nl_dataset_view_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         NL_TYPE_DATASET_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NlDatasetView::row-selected:
   * @row: the selected row, or -1 when none is
   *
   * The selection changed.
   */
  signals[ROW_SELECTED] =
    g_signal_new ("row-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * NlDatasetView::message:
   * @text: what to say, in a sentence
   * @is_error: whether it reports something wrong (the bell has rung)
   *
   * The table has something to say: an edit its column cannot read, what
   * copy, paste and export did. The window shows it as a notification.
   */
  signals[MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-dataset-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, box);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, column_view);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, columns_popover);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, columns_grid);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, problems_button);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, problems_label);
  gtk_widget_class_bind_template_callback (widget_class, columns_popover_show_cb);

  gtk_widget_class_install_action (widget_class, "dataset.add-row", NULL, add_row_action);
  gtk_widget_class_install_action (widget_class, "dataset.remove-row", NULL, remove_row_action);
  _nl_dataset_view_class_init_copy (widget_class);
  _nl_dataset_view_class_init_editing (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "datasetview");

  cell_quark = g_quark_from_static_string ("nl-dataset-view-cell");
}

static void
nl_dataset_view_init (NlDatasetView *self)
{
  self->cells = g_ptr_array_new ();
  self->edit_columns = g_array_new (FALSE, FALSE, sizeof (guint));
  self->selected_row = -1;
  self->current_sample = -1;
  self->cursor_row = G_MAXUINT;

  gtk_widget_init_template (GTK_WIDGET (self));
  _nl_dataset_view_init_editing (self);
  update_actions (self);
}

/* Public API */

GtkWidget *
nl_dataset_view_new (void)
{
  return g_object_new (NL_TYPE_DATASET_VIEW, NULL);
}

void
nl_dataset_view_set_model (NlDatasetView  *self,
                           NlDatasetModel *model)
{
  g_return_if_fail (NL_IS_DATASET_VIEW (self));
  g_return_if_fail (model == NULL || NL_IS_DATASET_MODEL (model));

  if (self->model == model)
    return;

  /* What is being typed belongs to the old table. */
  nl_dataset_view_commit_edit (self);
  _nl_dataset_view_forget_edit (self);
  self->cursor_row = G_MAXUINT;

  /* Unbinding every cell first, while the old model is still known. */
  if (self->selection != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
      gtk_column_view_set_model (GTK_COLUMN_VIEW (self->column_view), NULL);
      g_clear_object (&self->selection);
    }
  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->columns_changed_id, self->model);
      g_clear_object (&self->model);
    }

  if (model != NULL)
    {
      self->model = g_object_ref (model);
      self->columns_changed_id = g_signal_connect (model, "columns-changed",
                                                   G_CALLBACK (columns_changed_cb), self);
      self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (model)));
      g_signal_connect (self->selection, "selection-changed",
                        G_CALLBACK (selection_changed_cb), self);
    }

  if (self->column_view != NULL)
    {
      build_columns (self);
      gtk_column_view_set_model (GTK_COLUMN_VIEW (self->column_view),
                                 GTK_SELECTION_MODEL (self->selection));
    }

  _nl_dataset_view_show_message (self, NULL, FALSE);
  update_problems (self);
  if (gtk_widget_get_visible (self->columns_popover))
    fill_columns_popover (self);
  if (self->selected_row != -1)
    {
      self->selected_row = -1;
      g_signal_emit (self, signals[ROW_SELECTED], 0, -1);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

NlDatasetModel *
nl_dataset_view_get_model (NlDatasetView *self)
{
  g_return_val_if_fail (NL_IS_DATASET_VIEW (self), NULL);

  return self->model;
}

gint
nl_dataset_view_get_selected_row (NlDatasetView *self)
{
  g_return_val_if_fail (NL_IS_DATASET_VIEW (self), -1);

  return self->selected_row;
}

void
nl_dataset_view_set_selected_row (NlDatasetView *self,
                                  gint           row)
{
  g_return_if_fail (NL_IS_DATASET_VIEW (self));

  if (self->selection == NULL)
    return;
  if (row < 0)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  else
    _nl_dataset_view_select_row (self, (guint) row);
}

void
nl_dataset_view_set_current_sample (NlDatasetView *self,
                                    gint           row)
{
  g_return_if_fail (NL_IS_DATASET_VIEW (self));

  if (row < 0)
    row = -1;
  if (self->current_sample == row)
    return;
  self->current_sample = row;
  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);

      if (cell->info->kind == CELL_STATUS)
        _nl_dataset_view_cell_update (cell);
    }
}

gint
nl_dataset_view_get_current_sample (NlDatasetView *self)
{
  g_return_val_if_fail (NL_IS_DATASET_VIEW (self), -1);

  return self->current_sample;
}

const char *
nl_dataset_view_get_message (NlDatasetView *self)
{
  g_return_val_if_fail (NL_IS_DATASET_VIEW (self), NULL);

  return self->message;
}

GtkWidget *
nl_dataset_view_get_cell_widget (NlDatasetView *self,
                                 guint          row,
                                 guint          column)
{
  Cell *cell;

  g_return_val_if_fail (NL_IS_DATASET_VIEW (self), NULL);

  cell = _nl_dataset_view_find_cell (self, row, column);
  return cell != NULL ? cell->entry : NULL;
}
