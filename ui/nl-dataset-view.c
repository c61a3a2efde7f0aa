/* nl-dataset-view.c: the editable training table.
 *
 * A GtkColumnView over the NlDatasetModel (a GListModel of NlRow). Columns are
 * built from the dataset's columns each time they change; cells come from a
 * GtkSignalListItemFactory per column: setup makes the widget once, bind
 * connects it to its row and unbind disconnects everything bind connected.
 * Every edit goes through the model, which validates it; a refused edit rings
 * the bell, is explained below the table and the cell shows the model's value
 * again.
 *
 * Rows can be selected together (GtkMultiSelection); "row-selected" reports
 * the first of them, the sample the window shows. Ctrl+C copies the selected
 * rows as tab-separated text and Ctrl+V appends rows from such text, as
 * spreadsheets exchange them. The Columns popover chooses the label and the
 * inputs; the Problems popover lists what the last import found.
 */

#include "nl-dataset-view.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "nl-row.h"

typedef enum
{
  CELL_TEXT,        /* a text or numeric cell: GtkEditableLabel */
  CELL_CLASS,       /* the label, with both classes known: GtkDropDown */
  CELL_NORMALIZED,  /* what the network sees: GtkLabel */
  CELL_STATUS,      /* why the row is left out: GtkImage */
} CellKind;

/* What a column shows; owned by its factory. */
typedef struct
{
  NlDatasetView *view;
  CellKind       kind;
  guint          index;   /* the dataset column, or the input for CELL_NORMALIZED */
  char          *title;
  gboolean       numeric;
} ColumnInfo;

/* One cell widget and what its bind connected; owned by the widget. */
typedef struct
{
  ColumnInfo    *info;
  GtkListItem   *item;
  GtkWidget     *widget;
  NlRow         *row;
  gconstpointer  last_row;   /* compared, never dereferenced */
  gulong         row_changed_id;
  gulong         row_notify_id;
  gulong         model_changed_id;
  gboolean       updating;
} Cell;

struct _NlDatasetView
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkWidget          *column_view;
  GtkWidget          *message_label;
  GtkWidget          *columns_popover;
  GtkWidget          *columns_grid;
  GtkWidget          *problems_button;
  GtkWidget          *problems_label;

  NlDatasetModel     *model;
  GtkMultiSelection  *selection;
  gulong              columns_changed_id;
  guint               rebuild_id;
  gboolean            filling_columns;

  /* The cells bound to a row right now. */
  GPtrArray          *cells;

  gint                selected_row;
  gint                current_sample;
};

G_DEFINE_FINAL_TYPE (NlDatasetView, nl_dataset_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

enum {
  ROW_SELECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GQuark cell_quark;

/* Helpers */

/* A class name as shown; a label column may not have its second class yet. */
static const char *
class_display_name (const char *name)
{
  return name != NULL ? name : "";
}

/* An error, or NULL to hide the message. */
static void
show_message (NlDatasetView *self,
              const char    *message)
{
  gtk_widget_add_css_class (self->message_label, "error");
  gtk_label_set_text (GTK_LABEL (self->message_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->message_label, message != NULL);
}

/* What an action did ("Pasted 3 rows"). */
static void
show_info (NlDatasetView *self,
           const char    *message)
{
  show_message (self, message);
  gtk_widget_remove_css_class (self->message_label, "error");
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
static void
select_row (NlDatasetView *self,
            guint          row)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->selection == NULL)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (selected) != 1 || !gtk_bitset_contains (selected, row))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), row, TRUE);
}

/* Working in a cell selects its row, unless the row is already part of the
 * selection, which then stays as it is. */
static void
focus_row (NlDatasetView *self,
           guint          row)
{
  if (self->selection != NULL
      && !gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), row))
    select_row (self, row);
}

/* GtkColumnView has no scroll_to before GTK 4.12; its list view has the
 * action. */
static void
scroll_to_row (NlDatasetView *self,
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

  if (index == G_MAXUINT)
    return;
  /* Translators: the accessible name of a cell, like "Row 2, Weight (lb)". */
  name = g_strdup_printf (_("Row %u, %s"), index + 1, cell->info->title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell->widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
cell_update (Cell *cell)
{
  NlDatasetView *self = cell->info->view;
  NlRow *row = cell->row;

  /* Between a change of columns and the rebuild, old columns may be bound to
   * new rows that do not have them; they are about to go. */
  if (self->rebuild_id != 0)
    return;

  cell->updating = TRUE;
  switch (cell->info->kind)
    {
    case CELL_TEXT:
      /* Never clobber what the person is typing. */
      if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell->widget)))
        gtk_editable_set_text (GTK_EDITABLE (cell->widget), nl_row_get_text (row, cell->info->index));
      break;

    case CELL_CLASS:
      {
        double value = nl_row_get_value (row, cell->info->index);
        guint position = isnan (value) ? GTK_INVALID_LIST_POSITION : (guint) value;

        gtk_drop_down_set_selected (GTK_DROP_DOWN (cell->widget), position);
      }
      break;

    case CELL_NORMALIZED:
      {
        double value = NAN;
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        /* A column whose input is gone until the rebuild shows nothing. */
        if (cell->info->index < nl_dataset_model_get_n_inputs (self->model))
          value = nl_row_get_normalized (row, cell->info->index);

        if (isnan (value))
          gtk_label_set_text (GTK_LABEL (cell->widget), "—");
        else
          {
            /* Shown, not stored: in the reader's own way of writing numbers,
             * so that 25.000 does not read as twenty-five thousand. */
            g_snprintf (buf, sizeof buf, "%.3f", value);
            gtk_label_set_text (GTK_LABEL (cell->widget), buf);
          }
      }
      break;

    case CELL_STATUS:
      {
        const char *problem = nl_row_get_problem (row);
        gboolean current = self->current_sample >= 0
                           && (guint) self->current_sample == nl_row_get_index (row);
        const char *icon = NULL;
        const char *tip = NULL;
        g_autofree char *where = NULL;

        if (problem != NULL)
          {
            const NlDataset *ds = nl_dataset_model_get_dataset (self->model);
            guint index = nl_row_get_index (row);

            icon = "dialog-warning-symbolic";
            tip = problem;
            /* An imported row also says where it came from. */
            if (index < ds->n_rows && ds->row_line != NULL && ds->row_line[index] > 0)
              {
                /* Translators: a row's problem, then the file line it came from. */
                where = g_strdup_printf (_("%s (line %zu of the file)"), problem, ds->row_line[index]);
                tip = where;
              }
          }
        else if (current)
          {
            icon = "go-next-symbolic";
            tip = _("The sample shown in the network diagram");
          }
        gtk_image_set_from_icon_name (GTK_IMAGE (cell->widget), icon);
        gtk_widget_set_tooltip_text (cell->widget, tip);
        gtk_accessible_update_property (GTK_ACCESSIBLE (cell->widget),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        tip != NULL ? tip : _("Usable"),
                                        -1);
      }
      break;

    default:
      g_assert_not_reached ();
    }
  cell->updating = FALSE;
}

static void
row_changed_cb (NlRow *row,
                guint  column,
                Cell  *cell)
{
  if (cell->info->kind == CELL_TEXT || cell->info->kind == CELL_CLASS)
    {
      if (column != G_MAXUINT && column != cell->info->index)
        return;
    }
  cell_update (cell);
}

static void
row_notify_cb (NlRow      *row,
               GParamSpec *pspec,
               Cell       *cell)
{
  cell_update_accessible (cell);
  if (cell->info->kind == CELL_STATUS || cell->info->kind == CELL_NORMALIZED)
    cell_update (cell);
}

/* Standardisation makes every row's normalised values depend on every edit. */
static void
model_changed_cb (NlDatasetModel *model,
                  Cell           *cell)
{
  cell_update (cell);
}

static void
commit_text (Cell       *cell,
             const char *text)
{
  NlDatasetView *self = cell->info->view;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (text, nl_row_get_text (cell->row, cell->info->index)) == 0)
    return;

  if (nl_row_set_text (cell->row, cell->info->index, text, &error))
    {
      show_message (self, NULL);
      return;
    }

  gtk_widget_error_bell (cell->widget);
  show_message (self, error->message);
  /* The model kept its last good value; show it again. */
  cell_update (cell);
}

static void
editing_changed_cb (GtkEditableLabel *label,
                    GParamSpec       *pspec,
                    Cell             *cell)
{
  g_autofree char *text = NULL;

  if (cell->row == NULL || nl_row_get_model (cell->row) == NULL)
    return;

  if (gtk_editable_label_get_editing (label))
    {
      /* Clicking a cell edits it at once, and its row is the one worked on. */
      focus_row (cell->info->view, nl_row_get_index (cell->row));
      return;
    }

  /* The model's signals may rewrite the label while committing. */
  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (label)));
  commit_text (cell, text);
}

static void
class_selected_cb (GtkDropDown *drop_down,
                   GParamSpec  *pspec,
                   Cell        *cell)
{
  NlDatasetModel *model;
  guint selected;

  if (cell->updating || cell->row == NULL || (model = nl_row_get_model (cell->row)) == NULL)
    return;

  selected = gtk_drop_down_get_selected (drop_down);
  if (selected > 1)
    return;
  select_row (cell->info->view, nl_row_get_index (cell->row));
  commit_text (cell, nl_dataset_model_get_class_name (model, selected));
}

static gboolean
keep_alive_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* GtkEditableLabel (GTK 4.8) reacts to losing the focus 100 ms later, from a
 * timeout it does not remove when it is destroyed; a cell whose row is
 * removed right then would be. Holding the cell a little longer lets that
 * timeout run on a live widget. */
static void
cell_focus_leave_cb (GtkEventControllerFocus *controller,
                     Cell                    *cell)
{
  g_timeout_add_full (G_PRIORITY_DEFAULT, 250, keep_alive_cb,
                      g_object_ref (cell->widget), g_object_unref);
}

static void
cell_focus_enter_cb (GtkEventControllerFocus *controller,
                     Cell                    *cell)
{
  if (cell->row != NULL && nl_row_get_index (cell->row) != G_MAXUINT)
    focus_row (cell->info->view, nl_row_get_index (cell->row));
}

static GtkWidget *
create_cell_widget (ColumnInfo *info)
{
  NlDatasetModel *model = info->view->model;
  GtkWidget *widget = NULL;

  switch (info->kind)
    {
    case CELL_TEXT:
      {
        GtkEventController *shortcuts = gtk_shortcut_controller_new ();

        widget = gtk_editable_label_new ("");
        if (info->numeric)
          gtk_editable_set_alignment (GTK_EDITABLE (widget), 1.0);
        gtk_editable_set_width_chars (GTK_EDITABLE (widget), info->numeric ? 6 : 10);
        /* Enter starts editing already; F2 is the other usual key. */
        gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                              gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F2, 0),
                                                                gtk_named_action_new ("editing.start")));
        gtk_widget_add_controller (widget, shortcuts);
      }
      break;

    case CELL_CLASS:
      {
        const char *names[3] = {
          class_display_name (nl_dataset_model_get_class_name (model, 0)),
          class_display_name (nl_dataset_model_get_class_name (model, 1)),
          NULL,
        };

        widget = gtk_drop_down_new_from_strings (names);
        gtk_widget_add_css_class (widget, "flat");
      }
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
  cell->widget = create_cell_widget (info);
  g_object_set_qdata_full (G_OBJECT (cell->widget), cell_quark, cell, cell_free);

  if (info->kind == CELL_TEXT)
    g_signal_connect (cell->widget, "notify::editing", G_CALLBACK (editing_changed_cb), cell);
  else if (info->kind == CELL_CLASS)
    g_signal_connect (cell->widget, "notify::selected", G_CALLBACK (class_selected_cb), cell);

  if (info->kind == CELL_TEXT || info->kind == CELL_CLASS)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect (focus, "enter", G_CALLBACK (cell_focus_enter_cb), cell);
      if (info->kind == CELL_TEXT)
        g_signal_connect (focus, "leave", G_CALLBACK (cell_focus_leave_cb), cell);
      gtk_widget_add_controller (cell->widget, focus);
    }
  else
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
  NlRow *row = gtk_list_item_get_item (item);

  /* GTK 4.8 rebinds a row's cells when its selection changes: an edit in
   * progress then goes on. A cell reused for another row drops it. */
  if (info->kind == CELL_TEXT && row != cell->last_row)
    gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (cell->widget), FALSE);

  cell->row = g_object_ref (row);
  cell->row_changed_id = g_signal_connect (cell->row, "changed", G_CALLBACK (row_changed_cb), cell);
  if (info->kind == CELL_STATUS)
    cell->row_notify_id = g_signal_connect (cell->row, "notify::problem",
                                            G_CALLBACK (row_notify_cb), cell);
  else
    cell->row_notify_id = g_signal_connect (cell->row, "notify::index",
                                            G_CALLBACK (row_notify_cb), cell);
  if (info->kind == CELL_NORMALIZED)
    cell->model_changed_id = g_signal_connect (self->model, "changed",
                                               G_CALLBACK (model_changed_cb), cell);
  g_ptr_array_add (self->cells, cell);

  cell_update_accessible (cell);
  cell_update (cell);
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
  cell->last_row = cell->row;
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
        add_column (self, CELL_TEXT, c, name, kind == NL_COLUMN_NUMERIC);
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

/* The Problems button shows what the last import found, when it found any. */
static void
update_problems (NlDatasetView *self)
{
  GPtrArray *problems = self->model != NULL ? nl_dataset_model_get_problems (self->model) : NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *tip = NULL;

  if (problems == NULL || problems->len == 0)
    {
      gtk_widget_set_visible (self->problems_button, FALSE);
      gtk_label_set_text (GTK_LABEL (self->problems_label), "");
      return;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (problems, i));
    }
  gtk_label_set_text (GTK_LABEL (self->problems_label), text->str);
  tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u problem in the imported file; those rows are kept but left out of training",
                                      "%u problems in the imported file; those rows are kept but left out of training",
                                      problems->len),
                         problems->len);
  gtk_widget_set_tooltip_text (self->problems_button, tip);
  gtk_widget_set_visible (self->problems_button, TRUE);
}

/* The Columns popover: one line per column, with its name, "Input" for a
 * numeric column and "Label" (one of a group) for a column that can be the
 * label. Filled each time it opens and after each change it makes, so that
 * it follows the table. */

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
      show_message (self, _("The network needs at least one input"));
      self->filling_columns = TRUE;
      gtk_check_button_set_active (button, TRUE);
      self->filling_columns = FALSE;
      return;
    }
  show_message (self, NULL);
  nl_dataset_model_set_column_is_input (self->model, column, active);
}

static void
label_toggled_cb (GtkCheckButton *button,
                  NlDatasetView  *self)
{
  g_autoptr(GError) error = NULL;
  guint column = widget_column (GTK_WIDGET (button));

  if (self->filling_columns || self->model == NULL || !gtk_check_button_get_active (button))
    return;
  if (nl_dataset_model_set_label_column (self->model, column, &error))
    {
      show_message (self, NULL);
      return;
    }
  gtk_widget_error_bell (GTK_WIDGET (button));
  show_message (self, error->message);
  /* Put the group back as the model has it, once out of this handler. */
  schedule_rebuild (self);
}

static void
fill_columns_popover (NlDatasetView *self)
{
  GtkGrid *grid = GTK_GRID (self->columns_grid);
  GtkWidget *child;
  GtkCheckButton *group = NULL;
  guint n_columns;
  int label_column;

  while ((child = gtk_widget_get_first_child (self->columns_grid)) != NULL)
    gtk_grid_remove (grid, child);
  if (self->model == NULL)
    return;

  self->filling_columns = TRUE;
  n_columns = nl_dataset_model_get_n_columns (self->model);
  label_column = nl_dataset_model_get_label_column (self->model);
  for (guint c = 0; c < n_columns; c++)
    {
      const char *name = nl_dataset_model_get_column_name (self->model, c);
      NlColumnKind kind = nl_dataset_model_get_column_kind (self->model, c);
      GtkWidget *name_label = gtk_label_new (name);
      GtkWidget *label_button;

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

      label_button = gtk_check_button_new_with_label (_("Label"));
      g_object_set_data (G_OBJECT (label_button), "nl-column", GUINT_TO_POINTER (c + 1));
      if (group == NULL)
        group = GTK_CHECK_BUTTON (label_button);
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (label_button), group);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (label_button), (int) c == label_column);
      gtk_widget_set_sensitive (label_button,
                                nl_dataset_model_get_column_can_be_label (self->model, c));
      if (!gtk_widget_get_sensitive (label_button))
        gtk_widget_set_tooltip_text (label_button, _("The label needs a column with at most two different values"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (label_button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, name,
                                      -1);
      g_signal_connect (label_button, "toggled", G_CALLBACK (label_toggled_cb), self);
      gtk_grid_attach (grid, label_button, 2, (int) c, 1, 1);
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

  self->rebuild_id = 0;
  build_columns (self);
  update_problems (self);
  if (gtk_widget_get_visible (self->columns_popover))
    fill_columns_popover (self);
  /* The window forgets its sample when the columns change; the selection
   * stays, so say again which row it is. */
  if (self->selected_row >= 0)
    g_signal_emit (self, signals[ROW_SELECTED], 0, self->selected_row);
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

static void
add_row_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);
  guint row;

  if (self->model == NULL)
    return;
  row = nl_dataset_model_add_row (self->model);
  select_row (self, row);
  scroll_to_row (self, row);
}

/* The selected rows, in order. */
static GArray *
dup_selected_rows (NlDatasetView *self)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint row;

  if (self->selection == NULL)
    return rows;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &row);
       more;
       more = gtk_bitset_iter_next (&iter, &row))
    g_array_append_val (rows, row);
  return rows;
}

static void
remove_row_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);
  g_autoptr(GArray) rows = NULL;
  guint row;
  guint n_rows;

  if (self->model == NULL || self->selected_row < 0)
    return;
  rows = dup_selected_rows (self);
  if (rows->len == 0)
    return;
  row = g_array_index (rows, guint, 0);
  /* From the last, so that the indices of the others hold. */
  for (guint i = rows->len; i > 0; i--)
    nl_dataset_model_remove_row (self->model, g_array_index (rows, guint, i - 1));
  show_message (self, NULL);

  /* Keep a row selected, so Remove Row can be pressed again. */
  n_rows = nl_dataset_model_get_n_rows (self->model);
  if (n_rows > 0)
    select_row (self, MIN (row, n_rows - 1));
}

static void
copy_rows_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);
  g_autoptr(GArray) rows = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;

  if (self->model == NULL)
    return;
  rows = dup_selected_rows (self);
  if (rows->len == 0)
    {
      gtk_widget_error_bell (widget);
      show_message (self, _("Select the rows to copy first"));
      return;
    }
  text = nl_dataset_model_dup_rows_text (self->model, (const guint *) rows->data, rows->len);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Copied %u row",
                                          "Copied %u rows",
                                          rows->len),
                             rows->len);
  show_info (self, message);
}

static void
paste_text_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(NlDatasetView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  guint first;
  guint added;
  guint dropped = 0;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source_object), result, &error);
  /* The view may have lost its table meanwhile. */
  if (self->model == NULL)
    return;
  if (text == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      show_message (self, _("Nothing to paste: the clipboard holds no text"));
      return;
    }

  first = nl_dataset_model_get_n_rows (self->model);
  added = nl_dataset_model_append_text (self->model, text, &dropped);
  if (added == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      show_message (self, _("Nothing to paste: the clipboard holds no rows"));
      return;
    }

  gtk_selection_model_select_range (GTK_SELECTION_MODEL (self->selection), first, added, TRUE);
  scroll_to_row (self, first);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Pasted %u row at the end of the table",
                                          "Pasted %u rows at the end of the table",
                                          added),
                             added);
  if (dropped > 0)
    {
      g_autofree char *extra = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u value beyond the last column was left out",
                                                             "%u values beyond the last column were left out",
                                                             dropped),
                                                dropped);

      g_autofree char *pasted = g_steal_pointer (&message);

      /* Translators: "Pasted 3 rows at the end of the table; 2 values
       * beyond the last column were left out". */
      message = g_strdup_printf (_("%s; %s"), pasted, extra);
    }
  show_info (self, message);
}

static void
paste_rows_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);

  if (self->model == NULL)
    return;
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL,
                                 paste_text_cb, g_object_ref (self));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(NlDatasetView) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->model != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *basename = g_file_get_basename (file);

      /* A name typed without an extension gets the usual one. */
      if (basename != NULL && strchr (basename, '.') == NULL)
        {
          g_autofree char *named = g_strconcat (basename, ".csv", NULL);
          g_autoptr(GFile) parent = g_file_get_parent (file);

          if (parent != NULL)
            {
              g_clear_object (&file);
              file = g_file_get_child (parent, named);
            }
        }
      nl_dataset_view_export_csv_to_file (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  nl_dataset_view_export_csv (NL_DATASET_VIEW (widget), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-dataset-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, box);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, column_view);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, message_label);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, columns_popover);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, columns_grid);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, problems_button);
  gtk_widget_class_bind_template_child (widget_class, NlDatasetView, problems_label);
  gtk_widget_class_bind_template_callback (widget_class, columns_popover_show_cb);

  gtk_widget_class_install_action (widget_class, "dataset.add-row", NULL, add_row_action);
  gtk_widget_class_install_action (widget_class, "dataset.remove-row", NULL, remove_row_action);
  gtk_widget_class_install_action (widget_class, "dataset.copy-rows", NULL, copy_rows_action);
  gtk_widget_class_install_action (widget_class, "dataset.paste-rows", NULL, paste_rows_action);
  gtk_widget_class_install_action (widget_class, "dataset.export-csv", NULL, export_csv_action);

  /* A cell being edited handles these keys itself, for its own text. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "dataset.copy-rows", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK,
                                       "dataset.paste-rows", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "datasetview");

  cell_quark = g_quark_from_static_string ("nl-dataset-view-cell");
}

static void
nl_dataset_view_init (NlDatasetView *self)
{
  self->cells = g_ptr_array_new ();
  self->selected_row = -1;
  self->current_sample = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
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

  show_message (self, NULL);
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
    select_row (self, (guint) row);
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
        cell_update (cell);
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

  if (!gtk_widget_get_visible (self->message_label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->message_label));
}

GtkWidget *
nl_dataset_view_get_cell_widget (NlDatasetView *self,
                                 guint          row,
                                 guint          column)
{
  g_return_val_if_fail (NL_IS_DATASET_VIEW (self), NULL);

  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);

      if ((cell->info->kind == CELL_TEXT || cell->info->kind == CELL_CLASS)
          && cell->info->index == column
          && nl_row_get_index (cell->row) == row)
        return cell->widget;
    }
  return NULL;
}

void
nl_dataset_view_export_csv (NlDatasetView *self,
                            GtkWindow     *parent)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) csv = NULL;
  g_autoptr(GtkFileFilter) all = NULL;

  g_return_if_fail (NL_IS_DATASET_VIEW (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  if (self->model == NULL)
    return;

  native = gtk_file_chooser_native_new (_("Export Table as CSV"), parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  csv = gtk_file_filter_new ();
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), csv);
  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  /* Translators: the file name an exported table is offered under. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("table.csv"));

  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

gboolean
nl_dataset_view_export_csv_to_file (NlDatasetView *self,
                                    GFile         *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (NL_IS_DATASET_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->model == NULL)
    return FALSE;
  name = g_file_get_parse_name (file);
  if (!nl_dataset_model_save_csv (self->model, file, &error))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      message = g_strdup_printf (_("Could not export the table: %s"), error->message);
      show_message (self, message);
      return FALSE;
    }
  message = g_strdup_printf (_("Exported the table to “%s”"), name);
  show_info (self, message);
  return TRUE;
}
