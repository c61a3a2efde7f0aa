/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-export.h: writing a cairo drawing to a PNG, SVG or PDF file, and the
 * Export dialog and context menu the drawing widgets share.
 *
 * The file half needs cairo and GIO only, so the tests can export the loss
 * plot's drawing without a display. */
#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  NL_EXPORT_FORMAT_AUTO,   /* guessed from the file name's extension */
  NL_EXPORT_FORMAT_PNG,
  NL_EXPORT_FORMAT_SVG,
  NL_EXPORT_FORMAT_PDF,
} NlExportFormat;

#define NL_EXPORT_ERROR (nl_export_error_quark ())

typedef enum
{
  NL_EXPORT_ERROR_FORMAT = 1,  /* no format given and none known by that extension */
  NL_EXPORT_ERROR_SIZE,        /* a size that is not positive, or too large */
  NL_EXPORT_ERROR_DRAW,        /* cairo failed while drawing or encoding */
} NlExportError;

/* PNG files have this many pixels per unit of the drawing (an 800 x 500
 * drawing makes a 1600 x 1000 image), so they stay sharp on a HiDPI screen
 * and in print. SVG and PDF files measure the drawing's units as pixels and
 * points respectively; drawings that decimate per device pixel should do so
 * at this resolution there too (see nl_export_get_scale()). */
#define NL_EXPORT_PNG_SCALE 2

/* Draws into (0, 0, @width, @height) of @cr, in the drawing's units. */
typedef void (*NlExportDrawFunc) (cairo_t  *cr,
                                  int       width,
                                  int       height,
                                  gpointer  user_data);

GQuark          nl_export_error_quark        (void);

/* The format of @basename by its extension (".png", ".svg", ".pdf", any
 * case), or NL_EXPORT_FORMAT_AUTO for none of these. */
NlExportFormat  nl_export_format_guess       (const char       *basename);
/* "png", "svg", "pdf" (the export actions' parameter), or NULL. */
const char     *nl_export_format_to_string   (NlExportFormat    format);
NlExportFormat  nl_export_format_from_string (const char       *name);

/* The device pixels per unit that @cr draws at: NL_EXPORT_PNG_SCALE for PNG
 * and vector files alike. */
double          nl_export_get_scale          (cairo_t          *cr);

/* Draws with @draw onto a cairo surface of @format (not AUTO) and returns
 * the encoded file, or NULL with @error set. Vector formats stay vector:
 * the surface is cairo's own SVG or PDF surface. */
GBytes         *nl_export_draw_to_bytes      (NlExportFormat    format,
                                              int               width,
                                              int               height,
                                              NlExportDrawFunc  draw,
                                              gpointer          user_data,
                                              GError          **error);

/* As nl_export_draw_to_bytes(), then replaces @file with the result
 * atomically (g_file_replace_contents()): a failed export leaves an older
 * file as it was. @format AUTO guesses from @file's name. */
gboolean        nl_export_draw_to_file       (GFile            *file,
                                              NlExportFormat    format,
                                              int               width,
                                              int               height,
                                              NlExportDrawFunc  draw,
                                              gpointer          user_data,
                                              GError          **error);

/* Writes @widget's drawing to @file: nl_loss_plot_export() and the like. */
typedef gboolean (*NlExportWidgetFunc) (GtkWidget       *widget,
                                        GFile           *file,
                                        NlExportFormat   format,
                                        GError         **error);

/* Gives a drawing widget class its Export context menu: the action
 * @action (such as "plot.export", parameter "png", "svg" or "pdf") asks for
 * a file with a native Save dialog proposing @stem ("loss", an untranslated
 * N_() string, translated when the dialog opens) with the format's
 * extension, exports with @export_func and tells of a failure in a message
 * dialog; "menu.popup", bound to Shift+F10 and the Menu key, pops the menu
 * up. @menu_offset is G_STRUCT_OFFSET() of the instance's GtkWidget *menu,
 * which holds the popover once shown; the widget unparents it when disposed
 * (and presents it in size_allocate). Call from class_init. */
void            nl_export_class_install      (GtkWidgetClass    *widget_class,
                                              const char        *action,
                                              const char        *stem,
                                              NlExportWidgetFunc export_func,
                                              glong              menu_offset);

/* Makes @widget, of a class given nl_export_class_install(), focusable and
 * pops its menu up on a right click. Call from init. */
void            nl_export_init_widget        (GtkWidget         *widget);

G_END_DECLS
