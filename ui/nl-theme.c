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
