/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-class-bars.c: a bar for each class (see nl-class-bars.h).
 *
 * A grid of three columns built from the class names: a label, a drawing
 * area and a label. The bars are drawn rather than GtkLevelBar, which takes
 * its colour from the theme: here each class keeps the colour the decision
 * boundary and the diagram give it, read from the theme when drawn so that
 * a dark theme gets the lighter shades. The answer changes many times a
 * second while training; only the bars' values change then, never the
 * lines. Past six classes the lines take two columns, in reading order down
 * the first column, then the second.
 */
#include "config.h"

#include "nl-class-bars.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "nl-theme.h"

struct _NlClassBars
{
  GtkWidget  parent_instance;

  GtkWidget *grid;

  GStrv      names;
  GPtrArray *bars;          /* GtkDrawingArea, one per class */
  GPtrArray *percents;      /* GtkLabel, one per class */
  GArray    *probabilities; /* double, NAN for no answer */
};

G_DEFINE_FINAL_TYPE (NlClassBars, nl_class_bars, GTK_TYPE_WIDGET)

#define BAR_HEIGHT 10
/* More classes than this take two columns. */
#define MAX_ROWS   6

char *
nl_class_bars_format_percent (double probability)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (probability))
    return g_strdup ("—");
  /* Shown, not stored: printf writes the reader's own decimal separator. A
   * softmax never gives a class all or nothing, even when a double rounds
   * it so. */
  if (round (1000.0 * probability) >= 1000.0)
    {
      g_snprintf (number, sizeof number, "%.1f", 99.9);
      /* Translators: a class's probability above 99.9%, like "> 99.9%". */
      return g_strdup_printf (_("> %s%%"), number);
    }
  if (round (1000.0 * probability) <= 0.0)
    {
      g_snprintf (number, sizeof number, "%.1f", 0.1);
      /* Translators: a class's probability below 0.1%, like "< 0.1%". */
      return g_strdup_printf (_("< %s%%"), number);
    }
  g_snprintf (number, sizeof number, "%.1f", 100.0 * probability);
  /* Translators: a class's probability, like "93.1%". */
  return g_strdup_printf (_("%s%%"), number);
}

static void
draw_bar (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        data)
{
  NlClassBars *self = data;
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "nl-class"));
  double p = index < self->probabilities->len
             ? g_array_index (self->probabilities, double, index) : NAN;
  NlThemeColors colors;
  GdkRGBA color;
  double radius = height / 2.0;

  if (width <= 0 || height <= 0)
    return;
  nl_theme_colors_get (GTK_WIDGET (area), &colors);

  /* The trough, as a level bar's: the whole width, faint. */
  cairo_new_sub_path (cr);
  cairo_arc (cr, radius, radius, radius, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, width - radius, radius, radius, 3 * G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, colors.fg.red, colors.fg.green, colors.fg.blue, 0.12);
  cairo_fill (cr);

  if (isnan (p) || p <= 0.0)
    return;
  nl_theme_class_color (&colors, index, self->bars->len, &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_rectangle (cr, 0, 0, MAX (1.0, width * MIN (p, 1.0)), height);
  cairo_clip (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, radius, radius, radius, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, width - radius, radius, radius, 3 * G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
clear_lines (NlClassBars *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  g_ptr_array_set_size (self->bars, 0);
  g_ptr_array_set_size (self->percents, 0);
  g_array_set_size (self->probabilities, 0);
}

static void
update_values (NlClassBars *self)
{
  for (guint k = 0; k < self->bars->len; k++)
    {
      double p = g_array_index (self->probabilities, double, k);
      g_autofree char *percent = nl_class_bars_format_percent (p);
      GtkWidget *bar = g_ptr_array_index (self->bars, k);

      gtk_label_set_text (g_ptr_array_index (self->percents, k), percent);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                      isnan (p) ? 0.0 : 100.0 * p,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, percent,
                                      -1);
      gtk_widget_queue_draw (bar);
    }
}

/* GObject */

static void
nl_class_bars_dispose (GObject *object)
{
  NlClassBars *self = NL_CLASS_BARS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), NL_TYPE_CLASS_BARS);

  G_OBJECT_CLASS (nl_class_bars_parent_class)->dispose (object);
}

static void
nl_class_bars_finalize (GObject *object)
{
  NlClassBars *self = NL_CLASS_BARS (object);

  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->bars, g_ptr_array_unref);
  g_clear_pointer (&self->percents, g_ptr_array_unref);
  g_clear_pointer (&self->probabilities, g_array_unref);

  G_OBJECT_CLASS (nl_class_bars_parent_class)->finalize (object);
}

static void
nl_class_bars_class_init (NlClassBarsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_class_bars_dispose;
  object_class->finalize = nl_class_bars_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-class-bars.ui");
  gtk_widget_class_bind_template_child (widget_class, NlClassBars, grid);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "classbars");
}

static void
nl_class_bars_init (NlClassBars *self)
{
  self->bars = g_ptr_array_new ();
  self->percents = g_ptr_array_new ();
  self->probabilities = g_array_new (FALSE, FALSE, sizeof (double));

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
nl_class_bars_new (void)
{
  return g_object_new (NL_TYPE_CLASS_BARS, NULL);
}

void
nl_class_bars_set_classes (NlClassBars        *self,
                           const char * const *names,
                           guint               n_classes)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) new_names = NULL;
  guint rows;

  g_return_if_fail (NL_IS_CLASS_BARS (self));
  g_return_if_fail (names != NULL || n_classes == 0);

  for (guint k = 0; k < n_classes; k++)
    g_strv_builder_add (builder, names[k] != NULL ? names[k] : "");
  new_names = g_strv_builder_end (builder);
  if (self->names != NULL && g_strv_equal ((const char * const *) self->names,
                                           (const char * const *) new_names))
    return;

  clear_lines (self);
  /* Many classes take two columns, so that the form stays short enough to
   * leave the table some rows. */
  rows = n_classes > MAX_ROWS ? (n_classes + 1) / 2 : MAX (n_classes, 1);
  for (guint k = 0; k < n_classes; k++)
    {
      GtkWidget *name = gtk_label_new (new_names[k]);
      GtkWidget *bar;
      GtkWidget *percent = gtk_label_new ("—");
      double no_answer = NAN;

      gtk_label_set_xalign (GTK_LABEL (name), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 20);
      /* A meter for assistive technologies: the class, and its percentage. */
      bar = g_object_new (GTK_TYPE_DRAWING_AREA,
                          "accessible-role", GTK_ACCESSIBLE_ROLE_METER,
                          "content-height", BAR_HEIGHT,
                          "hexpand", TRUE,
                          "valign", GTK_ALIGN_CENTER,
                          NULL);
      g_object_set_data (G_OBJECT (bar), "nl-class", GUINT_TO_POINTER (k));
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (bar), draw_bar, self, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, new_names[k],
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                      -1);
      gtk_label_set_xalign (GTK_LABEL (percent), 1.0);
      gtk_label_set_width_chars (GTK_LABEL (percent), 7);
      gtk_widget_add_css_class (percent, "numeric");

      gtk_grid_attach (GTK_GRID (self->grid), name, 3 * (int) (k / rows), (int) (k % rows), 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), bar, 3 * (int) (k / rows) + 1, (int) (k % rows), 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), percent, 3 * (int) (k / rows) + 2, (int) (k % rows), 1, 1);
      g_ptr_array_add (self->bars, bar);
      g_ptr_array_add (self->percents, percent);
      g_array_append_val (self->probabilities, no_answer);
    }
  g_strfreev (self->names);
  self->names = g_steal_pointer (&new_names);
  update_values (self);
}

void
nl_class_bars_set_probabilities (NlClassBars  *self,
                                 const double *probabilities)
{
  g_return_if_fail (NL_IS_CLASS_BARS (self));

  for (guint k = 0; k < self->probabilities->len; k++)
    g_array_index (self->probabilities, double, k) = probabilities != NULL ? probabilities[k] : NAN;
  update_values (self);
}

guint
nl_class_bars_get_n_classes (NlClassBars *self)
{
  g_return_val_if_fail (NL_IS_CLASS_BARS (self), 0);

  return self->bars->len;
}

GtkWidget *
nl_class_bars_get_bar (NlClassBars *self,
                       guint        index)
{
  g_return_val_if_fail (NL_IS_CLASS_BARS (self), NULL);
  g_return_val_if_fail (index < self->bars->len, NULL);

  return g_ptr_array_index (self->bars, index);
}

const char *
nl_class_bars_get_percent_text (NlClassBars *self,
                                guint        index)
{
  g_return_val_if_fail (NL_IS_CLASS_BARS (self), NULL);
  g_return_val_if_fail (index < self->percents->len, NULL);

  return gtk_label_get_text (g_ptr_array_index (self->percents, index));
}
