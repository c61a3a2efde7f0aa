/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-theme.c: the colours the drawings take from the theme. */
#include "nl-theme.h"

void
nl_theme_colors_get (GtkWidget     *widget,
                     NlThemeColors *colors)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  double luma;

  gtk_style_context_get_color (context, &colors->fg);
  luma = 0.2126 * colors->fg.red + 0.7152 * colors->fg.green + 0.0722 * colors->fg.blue;
  colors->dark = luma > 0.5;

  if (!gtk_style_context_lookup_color (context, "view_bg_color", &colors->bg)
      && !gtk_style_context_lookup_color (context, "window_bg_color", &colors->bg)
      && !gtk_style_context_lookup_color (context, "theme_base_color", &colors->bg))
    colors->bg = colors->dark ? (GdkRGBA) { 0.14, 0.14, 0.14, 1 } : (GdkRGBA) { 1, 1, 1, 1 };

  /* GNOME palette blue and orange: told apart with any colour vision, and
   * the lighter shades keep their contrast on a dark background (the theme's
   * own accent is too dark there for a thin line). */
  gdk_rgba_parse (&colors->positive, colors->dark ? "#62a0ea" : "#1c71d8");
  gdk_rgba_parse (&colors->negative, colors->dark ? "#ffa348" : "#e66100");
}

void
nl_theme_class_color (const NlThemeColors *colors,
                      guint                index,
                      guint                n_classes,
                      GdkRGBA             *color)
{
  /* Blue, orange, green, purple, red, brown, yellow, and their other
   * shades: the GNOME palette's 3 (light theme) and 1 (dark theme). */
  static const char * const light[] = {
    "#1c71d8", "#e66100", "#26a269", "#813d9c", "#c01c28", "#865e3c", "#e5a50a",
    "#62a0ea", "#ffa348", "#57e389", "#c061cb", "#f66151", "#b5835a", "#f8e45c",
  };
  static const char * const dark[] = {
    "#62a0ea", "#ffa348", "#57e389", "#c061cb", "#f66151", "#b5835a", "#f8e45c",
    "#1c71d8", "#e66100", "#26a269", "#813d9c", "#c01c28", "#865e3c", "#e5a50a",
  };

  if (n_classes <= 2)
    {
      *color = index == 0 ? colors->negative : colors->positive;
      return;
    }
  gdk_rgba_parse (color, (colors->dark ? dark : light)[index % G_N_ELEMENTS (light)]);
}

void
nl_theme_append_focus_ring (GtkWidget     *widget,
                            GtkSnapshot   *snapshot,
                            const GdkRGBA *accent)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color = { accent->red, accent->green, accent->blue, 0.5 };
  const GdkRGBA border[4] = { color, color, color, color };
  const float widths[4] = { 2, 2, 2, 2 };
  GskRoundedRect ring;

  if (!gtk_widget_has_visible_focus (widget) || width <= 2 || height <= 2)
    return;
  gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (1, 1, width - 2, height - 2), 6);
  gtk_snapshot_append_border (snapshot, &ring, widths, border);
}
