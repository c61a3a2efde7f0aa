/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-export.c: writing a cairo drawing to a PNG, SVG or PDF file, and the
 * Export dialog and context menu the drawing widgets share.
 *
 * Each format is cairo's own surface, written into memory through its
 * stream interface and then to the file in one atomic replace, so a failed
 * or cancelled export never leaves half a file where a good one was.
 */

#include "nl-export.h"

#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <glib/gi18n-lib.h>

/* cairo's limit for an image surface's side. */
#define MAX_IMAGE_SIDE 32767

G_DEFINE_QUARK (nl-export-error-quark, nl_export_error)

static const struct
{
  NlExportFormat  format;
  const char     *name;
  const char     *mime_type;
  const char     *label;      /* the context menu's item */
  const char     *filter;     /* the Save dialog's filter */
} formats[] = {
  { NL_EXPORT_FORMAT_PNG, "png", "image/png", N_("Export as _PNG…"), N_("PNG image") },
  { NL_EXPORT_FORMAT_SVG, "svg", "image/svg+xml", N_("Export as _SVG…"), N_("SVG drawing") },
  { NL_EXPORT_FORMAT_PDF, "pdf", "application/pdf", N_("Export as P_DF…"), N_("PDF document") },
};

static int
format_index (NlExportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return (int) i;
  return -1;
}

NlExportFormat
nl_export_format_guess (const char *basename)
{
  const char *dot;

  if (basename == NULL || (dot = strrchr (basename, '.')) == NULL)
    return NL_EXPORT_FORMAT_AUTO;

  return nl_export_format_from_string (dot + 1);
}

const char *
nl_export_format_to_string (NlExportFormat format)
{
  int i = format_index (format);

  return i >= 0 ? formats[i].name : NULL;
}

NlExportFormat
nl_export_format_from_string (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (name, formats[i].name) == 0)
      return formats[i].format;
  return NL_EXPORT_FORMAT_AUTO;
}

double
nl_export_get_scale (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  double x_scale = 1, y_scale = 1;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return NL_EXPORT_PNG_SCALE;

  cairo_surface_get_device_scale (target, &x_scale, &y_scale);
  return x_scale;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
nl_export_draw_to_bytes (NlExportFormat     format,
                         int                width,
                         int                height,
                         NlExportDrawFunc   draw,
                         gpointer           user_data,
                         GError           **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (draw != NULL, NULL);
  g_return_val_if_fail (format_index (format) >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (width <= 0 || height <= 0 ||
      (format == NL_EXPORT_FORMAT_PNG &&
       MAX (width, height) > MAX_IMAGE_SIDE / NL_EXPORT_PNG_SCALE))
    {
      g_set_error (error, NL_EXPORT_ERROR, NL_EXPORT_ERROR_SIZE,
                   _("Cannot export an image of %d × %d"), width, height);
      return NULL;
    }

  bytes = g_byte_array_new ();

  switch (format)
    {
    case NL_EXPORT_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            width * NL_EXPORT_PNG_SCALE,
                                            height * NL_EXPORT_PNG_SCALE);
      cairo_surface_set_device_scale (surface, NL_EXPORT_PNG_SCALE, NL_EXPORT_PNG_SCALE);
      break;

    case NL_EXPORT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_cb, bytes, width, height);
      /* A pixel is a pixel: width="800px", not 800pt. */
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;

    case NL_EXPORT_FORMAT_PDF:
      /* One unit a point, as a PDF measures its pages. */
      surface = cairo_pdf_surface_create_for_stream (append_cb, bytes, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "NeuronLab");
      break;

    case NL_EXPORT_FORMAT_AUTO:
    default:
      g_assert_not_reached ();
    }

  cr = cairo_create (surface);
  draw (cr, width, height, user_data);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (format == NL_EXPORT_FORMAT_PNG)
    {
      cairo_surface_flush (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_write_to_png_stream (surface, append_cb, bytes);
    }
  else
    {
      /* Finishing writes out what the vector surface still holds. */
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, NL_EXPORT_ERROR, NL_EXPORT_ERROR_DRAW,
                   _("Could not draw the image: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

gboolean
nl_export_draw_to_file (GFile             *file,
                        NlExportFormat     format,
                        int                width,
                        int                height,
                        NlExportDrawFunc   draw,
                        gpointer           user_data,
                        GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == NL_EXPORT_FORMAT_AUTO)
    {
      g_autofree char *basename = g_file_get_basename (file);

      format = nl_export_format_guess (basename);
      if (format == NL_EXPORT_FORMAT_AUTO)
        {
          g_set_error (error, NL_EXPORT_ERROR, NL_EXPORT_ERROR_FORMAT,
                       _("Cannot tell the format of “%s”: name it .png, .svg or .pdf"),
                       basename);
          return FALSE;
        }
    }

  bytes = nl_export_draw_to_bytes (format, width, height, draw, user_data, error);
  if (bytes == NULL)
    return FALSE;

  /* Written to a temporary file beside it and renamed over it, for a local
   * file. */
  return g_file_replace_contents (file,
                                  g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, NULL, error);
}

static GMenuModel *
menu_new (const char *action)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(formats[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, action,
                                               g_variant_new_string (formats[i].name));
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

static void
popup_menu (GtkWidget   *widget,
            GtkWidget  **menu,
            const char  *action,
            double       x,
            double       y)
{
  if (*menu == NULL)
    {
      g_autoptr(GMenuModel) model = menu_new (action);

      *menu = gtk_popover_menu_new_from_model (model);
      gtk_popover_set_has_arrow (GTK_POPOVER (*menu), FALSE);
      gtk_widget_set_halign (*menu, GTK_ALIGN_START);
      gtk_widget_set_parent (*menu, widget);
    }

  if (x < 0)
    {
      x = gtk_widget_get_width (widget) / 2.0;
      y = gtk_widget_get_height (widget) / 2.0;
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (*menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (*menu));
}

typedef struct
{
  GtkWidget         *widget;
  NlExportFormat     format;
  NlExportWidgetFunc export_func;
} DialogData;

static void
dialog_data_free (DialogData *data)
{
  g_clear_object (&data->widget);
  g_free (data);
}

static void
show_error (GtkWidget    *widget,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR,
                                   GTK_BUTTONS_CLOSE,
                                   "%s", _("Could not export the image"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dialog_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    DialogData      *data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (file != NULL && !data->export_func (data->widget, file, data->format, &error))
        show_error (data->widget, error);
    }

  gtk_native_dialog_destroy (dialog);
  dialog_data_free (data);
  /* The reference run_dialog() left for the dialog's lifetime. */
  g_object_unref (dialog);
}

static void
run_dialog (GtkWidget          *widget,
            NlExportFormat      format,
            const char         *stem,
            NlExportWidgetFunc  export_func)
{
  GtkRoot *root;
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *name = NULL;
  DialogData *data;
  int i = format_index (format);

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (i >= 0);
  g_return_if_fail (export_func != NULL);

  root = gtk_widget_get_root (widget);
  dialog = gtk_file_chooser_native_new (_("Export Image"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _(formats[i].filter));
  gtk_file_filter_add_mime_type (filter, formats[i].mime_type);
  gtk_file_filter_add_suffix (filter, formats[i].name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  name = g_strconcat (stem, ".", formats[i].name, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);

  data = g_new0 (DialogData, 1);
  data->widget = g_object_ref (widget);
  data->format = format;
  data->export_func = export_func;
  g_signal_connect (dialog, "response", G_CALLBACK (dialog_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* What nl_export_class_install() keeps for a class, for its lifetime. */
typedef struct
{
  char               *action;
  const char         *stem;
  NlExportWidgetFunc  export_func;
  glong               menu_offset;
} ClassData;

static GQuark
class_data_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("nl-export-class-data");
  return quark;
}

static ClassData *
get_class_data (GtkWidget *widget)
{
  return g_type_get_qdata (G_OBJECT_TYPE (widget), class_data_quark ());
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ClassData *data = get_class_data (widget);
  NlExportFormat format = nl_export_format_from_string (g_variant_get_string (parameter, NULL));

  if (format == NL_EXPORT_FORMAT_AUTO)
    return;
  run_dialog (widget, format, _(data->stem), data->export_func);
}

static void
popup_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ClassData *data = get_class_data (widget);

  popup_menu (widget, G_STRUCT_MEMBER_P (widget, data->menu_offset), data->action, -1, -1);
}

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkWidget       *widget)
{
  ClassData *data = get_class_data (widget);

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu (widget, G_STRUCT_MEMBER_P (widget, data->menu_offset), data->action, x, y);
}

void
nl_export_class_install (GtkWidgetClass    *widget_class,
                         const char        *action,
                         const char        *stem,
                         NlExportWidgetFunc export_func,
                         glong              menu_offset)
{
  ClassData *data;

  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));
  g_return_if_fail (action != NULL && stem != NULL && export_func != NULL);

  data = g_new0 (ClassData, 1);
  data->action = g_strdup (action);
  data->stem = stem;
  data->export_func = export_func;
  data->menu_offset = menu_offset;
  g_type_set_qdata (G_TYPE_FROM_CLASS (widget_class), class_data_quark (), data);

  gtk_widget_class_install_action (widget_class, action, "s", export_action_cb);
  gtk_widget_class_install_action (widget_class, "menu.popup", NULL, popup_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "menu.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "menu.popup", NULL);
}

void
nl_export_init_widget (GtkWidget *widget)
{
  GtkGesture *secondary;

  g_return_if_fail (get_class_data (widget) != NULL);

  /* Reachable from the keyboard, for its context menu. */
  gtk_widget_set_focusable (widget, TRUE);

  secondary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (secondary_pressed_cb), widget);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (secondary));
}
