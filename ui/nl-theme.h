/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-theme.h: the colours the drawings take from the theme.
 *
 * The diagram and the plot draw with cairo, so they read the theme's colours
 * themselves; this keeps them consistent with each other and readable on
 * light and dark themes alike. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GdkRGBA  fg;         /* the widget's text colour */
  GdkRGBA  bg;         /* the background the drawing sits on */
  GdkRGBA  positive;   /* positive weights, and the plot's curve */
  GdkRGBA  negative;   /* negative weights */
  gboolean dark;       /* light text on a dark background */
} NlThemeColors;

void nl_theme_colors_get (GtkWidget     *widget,
                          NlThemeColors *colors);

/* The colour of class @index of @n_classes, the same in every view (the
 * decision boundary, the diagram's outputs, the predict form's bars). Two
 * classes are the binary pair: class 0 @colors->negative, class 1
 * @colors->positive, as the weights. More are GNOME palette hues in an order
 * that keeps neighbours apart, lighter on a dark background; past the
 * palette they repeat. */
void nl_theme_class_color (const NlThemeColors *colors,
                           guint                index,
                           guint                n_classes,
                           GdkRGBA             *color);

/* Draws a keyboard user's focus around a drawing widget when GTK shows focus
 * (gtk_widget_has_visible_focus), as GTK's own widgets draw it: a 2 px
 * rounded ring in @accent at half strength. */
void nl_theme_append_focus_ring (GtkWidget     *widget,
                                 GtkSnapshot   *snapshot,
                                 const GdkRGBA *accent);

G_END_DECLS
