/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-boundary-view.c: the network's decision boundary, a heatmap of its
 * output over the plane of two inputs, with the table's rows drawn on it;
 * or the same map of one hidden neuron's output.
 *
 * The output is sampled on a coarse grid (one sample per 4 x 4 device
 * pixels, at most 160 x 120), mapped through a soft diverging ramp (class 0
 * the theme's orange, class 1 its blue, 0.5 the background) into a small
 * image that cairo scales up with a bilinear filter. The 0.5 contour is
 * traced on the same grid (marching squares) and the rows go on top, filled
 * with their true class. A hidden neuron's map uses a scale that suits its
 * activation, and a contour only where its activation has a middle that
 * means something (see nl-heatmap.h, shared with the diagram's thumbnails).
 *
 * Training hands the view new parameters up to ten times a second, and the
 * grid of a big network (six hidden layers of 64) costs far more than a
 * frame, so the grid is never computed on the main thread: the view copies
 * the parameters (cheap), and when it next draws and its heatmap is out of
 * date it starts one GTask worker on its own copy of everything the worker
 * needs. At most one worker runs; meanwhile the last finished heatmap is
 * drawn, placed by the extent it was computed for. A finished heatmap is
 * kept unless its content is stale (the axes, held inputs, neuron, network
 * shape or colours changed since: a serial tells); older parameters are
 * still shown, as they are newer than what is on screen, and the next draw
 * starts another worker for the latest ones.
 *
 * The points are drawn into a cached image layer (at most one circle per
 * device pixel and class), so a table of 100,000 rows costs nothing while
 * the heatmap moves.
 *
 * The map follows the task (nl-task.h). Binary: the output's [0, 1] as
 * above. Multi-class: each region in its top class's colour, pale where the
 * network is unsure (its probability near 1 / K) and at the ramp's full
 * strength where it is sure, the borders between the classes traced, the
 * rows in their class's colour and a legend of the K classes. Regression:
 * the predicted value in the target's units on a diverging scale from the
 * lowest target of the rows to the highest, the rows filled with their own
 * target on the same scale, and a colour bar in the target's units.
 */

#include "nl-boundary-view.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "nl-heatmap.h"
#include "nl-plot-ticks.h"
#include "nl-task.h"
#include "nl-theme.h"

#define EXPORT_WIDTH     800
#define EXPORT_HEIGHT    600
#define MARGIN_LEFT      54.0
#define MARGIN_RIGHT     12.0
#define MARGIN_TOP       28.0
#define MARGIN_BOTTOM    40.0
#define GRID_PIXELS      4     /* device pixels per sample, each way */
#define MAX_GRID_W       160
#define MAX_GRID_H       120
#define EXTENT_MARGIN    0.15
/* The axes' scales may differ by at most this factor ("square-ish"). */
#define MAX_ASPECT       2.0
#define POINT_RADIUS     4.0
#define LEGEND_BAR_WIDTH 80.0
/* A line of the legend, when the classes need more than one. */
#define LEGEND_LINE      18.0
/* The room the classes leave for a colour bar on their first line. */
#define LEGEND_BAR_ROOM  230.0

/* What the map shows. */
typedef enum
{
  MAP_OUTPUT,    /* the one output, [0, 1]: the binary decision map */
  MAP_HIDDEN,    /* a hidden neuron */
  MAP_CLASSES,   /* the top class of K and its probability */
  MAP_TARGET,    /* the predicted target, in its units */
} MapKind;

/* Where things go at one size. */
typedef struct
{
  int    width;
  int    height;
  int    scale;
  double px;       /* the plot rectangle, widget units */
  double py;
  double pw;
  double ph;
  double x0;       /* its normalised extent */
  double x1;
  double y0;
  double y1;
  int    gw;       /* the grid */
  int    gh;
  guint  legend_lines;
} Layout;

/* Everything a worker needs, its own copies. */
typedef struct
{
  NlNet         *net;
  double        *x;          /* the input vector, others held */
  guint          input_x;
  guint          input_y;
  MapKind        kind;
  guint          layer;      /* the neuron shown */
  guint          unit;
  guint          n_classes;  /* MAP_CLASSES: their colours, RGB each */
  double         class_colors[3 * NL_MAX_CLASSES];
  double         target_shift;
  double         target_scale;
  NlHeatmapScale value_scale; /* MAP_TARGET: the colour scale */
  double         x0, x1, y0, y1;
  int            gw;
  int            gh;
  NlHeatmapRamp  ramp;
  guint64        params_serial;
  guint64        content_serial;
} Job;

/* A finished heatmap: sample (i, j) is at the centre of cell i of gw
 * across [x0, x1], and of row j of gh down from y1 to y0. */
typedef struct
{
  cairo_surface_t *image;
  float           *values;     /* what the map shows: MAP_CLASSES the top
                                * probability, MAP_TARGET the target */
  float           *outputs;    /* MAP_CLASSES: n_classes a sample */
  guint            n_classes;
  MapKind          kind;
  int              gw;
  int              gh;
  double           x0, x1, y0, y1;
  NlHeatmapScale   scale;
  guint64          params_serial;
  guint64          content_serial;
  double           ms;
} Heatmap;

struct _NlBoundaryView
{
  GtkWidget     parent_instance;

  NlNet        *net;
  NlWork       *work;
  double       *held;          /* n_inputs: the input vector with others held */

  guint         input_x;
  guint         input_y;
  double       *others;
  guint         n_others;
  char         *x_name;
  char         *y_name;

  /* The neuron shown: layer 0 for the network's output, which stays the
   * output whatever the architecture becomes. */
  guint         unit_layer;
  guint         unit_index;

  double       *points;
  double       *labels;
  guint         n_points;
  guint         points_serial;
  gboolean      have_bounds;
  double        bx0, bx1, by0, by1;
  GPtrArray    *class_names;   /* of char *, NULL for a number */

  /* What the output means; for regression the target's name and the
   * decoding of the output into its units, and the range of the rows'
   * targets, which the colour scale spans. */
  NlTask        task;
  char         *target_name;
  double        target_shift;
  double        target_scale;
  gboolean      have_target_range;
  double        target_lo, target_hi;

  NlHeatmapRamp ramp;
  gboolean      ramp_valid;

  guint64       params_serial;
  guint64       content_serial;
  Heatmap      *heatmap;
  gboolean      running;
  GCancellable *cancellable;

  /* The points as last drawn. */
  cairo_surface_t *points_surface;
  Layout        points_layout;
  guint         points_layer_serial;
  NlHeatmapRamp points_ramp;

  GtkWidget    *menu;
};

G_DEFINE_FINAL_TYPE (NlBoundaryView, nl_boundary_view, GTK_TYPE_WIDGET)

static void
heatmap_free (gpointer data)
{
  Heatmap *hm = data;

  if (hm == NULL)
    return;
  g_clear_pointer (&hm->image, cairo_surface_destroy);
  g_free (hm->values);
  g_free (hm->outputs);
  g_free (hm);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  nl_net_free (job->net);
  g_free (job->x);
  g_free (job);
}

/* The layer of the neuron shown, in the network as it is. */
static guint
shown_layer (NlBoundaryView *self)
{
  return self->unit_layer != 0 ? self->unit_layer : (guint) self->net->n_layers - 1;
}

/* Whether a hidden neuron is shown rather than the network's output. */
static gboolean
showing_hidden (NlBoundaryView *self)
{
  return self->net != NULL && self->unit_layer != 0;
}

/* Whether the rows' labels are classes of more than two. */
static gboolean
multiclass_task (NlBoundaryView *self)
{
  return self->task.kind == NL_TASK_MULTICLASS && self->task.n_classes >= 3;
}

/* What the map shows: a hidden neuron, or the output as the task reads it
 * when the network's output layer is the task's (while a new table's task
 * reaches the network they may differ for a moment: then the one output's
 * [0, 1] map). */
static MapKind
map_kind (NlBoundaryView *self)
{
  if (showing_hidden (self))
    return MAP_HIDDEN;
  if (self->net != NULL && multiclass_task (self)
      && nl_net_n_outputs (self->net) == self->task.n_classes)
    return MAP_CLASSES;
  if (self->net != NULL && self->task.kind == NL_TASK_REGRESSION
      && nl_net_n_outputs (self->net) == 1)
    return MAP_TARGET;
  return MAP_OUTPUT;
}

/* The colour scale of a map of the target: the rows' targets from lowest
 * to highest, diverging about their middle; without rows, @values'. */
static void
target_scale_init (NlBoundaryView *self,
                   NlHeatmapScale *scale,
                   const float    *values,
                   gsize           n_values)
{
  double lo = INFINITY, hi = -INFINITY;

  if (self->have_target_range)
    {
      lo = self->target_lo;
      hi = self->target_hi;
    }
  else
    for (gsize k = 0; k < n_values; k++)
      if (isfinite (values[k]))
        {
          lo = MIN (lo, values[k]);
          hi = MAX (hi, values[k]);
        }
  if (!isfinite (lo) || !isfinite (hi))
    {
      lo = self->target_shift - self->target_scale;
      hi = self->target_shift + self->target_scale;
    }
  /* One target value for every row still needs a range. */
  if (!(hi - lo > 1e-12 * MAX (fabs (lo), 1.0)))
    {
      double half = MAX (fabs (lo) * 0.1, 0.5);

      lo -= half;
      hi += half;
    }
  *scale = (NlHeatmapScale) { lo, hi, TRUE, FALSE, NAN };
}

/* The colour of class @k of the rows' task, as RGB. */
static void
class_rgb (NlBoundaryView      *self,
           const NlThemeColors *colors,
           guint                k,
           double               rgb[3])
{
  GdkRGBA c;

  nl_theme_class_color (colors, k, multiclass_task (self) ? (guint) self->task.n_classes : 2, &c);
  rgb[0] = c.red;
  rgb[1] = c.green;
  rgb[2] = c.blue;
}

static gboolean
axes_valid (NlBoundaryView *self)
{
  return self->net != NULL &&
         self->input_x != self->input_y &&
         self->input_x < nl_net_n_inputs (self->net) &&
         self->input_y < nl_net_n_inputs (self->net);
}

/* The input vector with the others held, into self->held. */
static void
update_held (NlBoundaryView *self)
{
  if (self->net == NULL)
    return;
  for (gsize i = 0; i < nl_net_n_inputs (self->net); i++)
    self->held[i] = i < self->n_others && self->others != NULL && isfinite (self->others[i])
                    ? self->others[i] : 0.0;
}

/* The worker's loop, also run synchronously for exports. NULL when
 * cancelled. */
static Heatmap *
run_job (Job          *job,
         GCancellable *cancellable)
{
  Heatmap *hm = g_new0 (Heatmap, 1);
  NlWork *work = nl_work_new (job->net);
  gint64 start = g_get_monotonic_time ();
  gsize n = (gsize) job->gw * job->gh;

  hm->gw = job->gw;
  hm->gh = job->gh;
  hm->x0 = job->x0;
  hm->x1 = job->x1;
  hm->y0 = job->y0;
  hm->y1 = job->y1;
  hm->params_serial = job->params_serial;
  hm->content_serial = job->content_serial;
  hm->kind = job->kind;
  hm->values = g_new (float, n);

  if (job->kind == MAP_CLASSES)
    {
      guint k = job->n_classes;

      hm->n_classes = k;
      hm->outputs = g_new (float, n * k);
      if (!nl_heatmap_sample_outputs (job->net, work, job->x, job->input_x, job->input_y,
                                      job->x0, job->x1, job->y0, job->y1,
                                      job->gw, job->gh, hm->outputs, cancellable))
        goto cancelled;
      for (gsize s = 0; s < n; s++)
        {
          float top = hm->outputs[s * k];

          for (guint c = 1; c < k; c++)
            top = MAX (top, hm->outputs[s * k + c]);
          hm->values[s] = top;
        }
      hm->scale = (NlHeatmapScale) { 1.0 / k, 1.0, FALSE, FALSE, NAN };
      hm->image = nl_heatmap_class_image (&job->ramp, job->class_colors, k, hm->outputs,
                                          job->gw, job->gh);
    }
  else
    {
      if (!nl_heatmap_sample (job->net, work, job->x, job->input_x, job->input_y,
                              job->layer, job->unit, job->x0, job->x1, job->y0, job->y1,
                              job->gw, job->gh, hm->values, cancellable))
        goto cancelled;

      if (job->kind == MAP_TARGET)
        {
          for (gsize s = 0; s < n; s++)
            hm->values[s] = (float) nl_task_decode_value (hm->values[s], job->target_shift,
                                                          job->target_scale);
          hm->scale = job->value_scale;
        }
      else
        /* The colours wait for every value: an unbounded activation's
         * scale is the range of the whole grid. */
        nl_heatmap_scale_init (&hm->scale, job->net, job->layer, hm->values, n);
      hm->image = nl_heatmap_image (&job->ramp, &hm->scale, hm->values, job->gw, job->gh);
    }
  nl_work_free (work);
  hm->ms = (g_get_monotonic_time () - start) / 1000.0;

  return hm;

cancelled:
  nl_work_free (work);
  heatmap_free (hm);
  return NULL;
}

static Job *
job_new (NlBoundaryView      *self,
         const Layout        *layout,
         const NlThemeColors *colors)
{
  Job *job = g_new0 (Job, 1);

  job->net = nl_net_copy (self->net);
  job->x = g_memdup2 (self->held, nl_net_n_inputs (self->net) * sizeof (double));
  job->input_x = self->input_x;
  job->input_y = self->input_y;
  job->kind = map_kind (self);
  job->layer = shown_layer (self);
  job->unit = self->unit_index;
  if (job->kind == MAP_CLASSES)
    {
      job->n_classes = (guint) self->task.n_classes;
      for (guint k = 0; k < job->n_classes; k++)
        class_rgb (self, colors, k, job->class_colors + 3 * k);
    }
  job->target_shift = self->target_shift;
  job->target_scale = self->target_scale;
  if (job->kind == MAP_TARGET)
    target_scale_init (self, &job->value_scale, NULL, 0);
  job->x0 = layout->x0;
  job->x1 = layout->x1;
  job->y0 = layout->y0;
  job->y1 = layout->y1;
  job->gw = layout->gw;
  job->gh = layout->gh;
  job->ramp = self->ramp;
  job->params_serial = self->params_serial;
  job->content_serial = self->content_serial;

  return job;
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Heatmap *hm = run_job (task_data, cancellable);

  if (hm == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  else
    g_task_return_pointer (task, hm, heatmap_free);
}

static void start_job (NlBoundaryView      *self,
                       const Layout        *layout,
                       const NlThemeColors *colors);

static Heatmap *
heatmap_finish (GAsyncResult  *result,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == start_job, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
job_done_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(GError) error = NULL;
  Heatmap *hm = heatmap_finish (result, &error);
  NlBoundaryView *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);

  if (self == NULL)
    {
      heatmap_free (hm);
      return;
    }

  self->running = FALSE;
  if (hm != NULL &&
      hm->content_serial == self->content_serial &&
      (self->heatmap == NULL || self->heatmap->content_serial != self->content_serial ||
       hm->params_serial >= self->heatmap->params_serial))
    {
      heatmap_free (self->heatmap);
      self->heatmap = hm;
    }
  else
    heatmap_free (hm);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_unref (self);
}

static void
start_job (NlBoundaryView      *self,
           const Layout        *layout,
           const NlThemeColors *colors)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  task = g_task_new (NULL, self->cancellable, job_done_cb, ref);
  g_task_set_source_tag (task, start_job);
  g_task_set_name (task, "[neuronlab] boundary heatmap");
  g_task_set_task_data (task, job_new (self, layout, colors), job_free);
  g_task_run_in_thread (task, job_thread);
  self->running = TRUE;
}

/* The normalised extent of a plot @pw x @ph units: the rows' bounds with a
 * margin, the shorter side widened so the axes' scales stay close. */
static void
compute_extent (NlBoundaryView *self,
                double          pw,
                double          ph,
                double         *x0,
                double         *x1,
                double         *y0,
                double         *y1)
{
  double rx, ry, ux, uy, cx, cy;

  if (self->have_bounds)
    {
      *x0 = self->bx0;
      *x1 = self->bx1;
      *y0 = self->by0;
      *y1 = self->by1;
    }
  else
    {
      *x0 = *y0 = -2.0;
      *x1 = *y1 = 2.0;
    }

  rx = *x1 - *x0;
  ry = *y1 - *y0;
  if (rx < 1e-9)
    rx = MAX (ry, 1.0);
  if (ry < 1e-9)
    ry = MAX (rx, 1.0);
  cx = (*x0 + *x1) / 2;
  cy = (*y0 + *y1) / 2;
  rx *= 1 + 2 * EXTENT_MARGIN;
  ry *= 1 + 2 * EXTENT_MARGIN;

  ux = rx / pw;
  uy = ry / ph;
  if (ux > uy * MAX_ASPECT)
    ry = ux / MAX_ASPECT * ph;
  else if (uy > ux * MAX_ASPECT)
    rx = uy / MAX_ASPECT * pw;

  *x0 = cx - rx / 2;
  *x1 = cx + rx / 2;
  *y0 = cy - ry / 2;
  *y1 = cy + ry / 2;
}

static guint legend_lines (NlBoundaryView *self,
                           double          pw);

static void
layout_compute (NlBoundaryView *self,
                int             width,
                int             height,
                int             scale,
                Layout         *l)
{
  l->width = width;
  l->height = height;
  l->scale = MAX (scale, 1);
  l->px = MARGIN_LEFT;
  l->pw = MAX (width - MARGIN_LEFT - MARGIN_RIGHT, 1.0);
  l->legend_lines = legend_lines (self, l->pw);
  l->py = MARGIN_TOP + (l->legend_lines - 1) * LEGEND_LINE;
  l->ph = MAX (height - l->py - MARGIN_BOTTOM, 1.0);
  compute_extent (self, l->pw, l->ph, &l->x0, &l->x1, &l->y0, &l->y1);

  l->gw = CLAMP ((int) ceil (l->pw * l->scale / GRID_PIXELS), 2, MAX_GRID_W);
  l->gh = CLAMP ((int) ceil (l->ph * l->scale / GRID_PIXELS), 2, MAX_GRID_H);
}

static inline double
to_x (const Layout *l,
      double        nx)
{
  return l->px + (nx - l->x0) / (l->x1 - l->x0) * l->pw;
}

static inline double
to_y (const Layout *l,
      double        ny)
{
  return l->py + (l->y1 - ny) / (l->y1 - l->y0) * l->ph;
}

static gboolean
heatmap_current (NlBoundaryView *self,
                 const Layout   *l)
{
  Heatmap *hm = self->heatmap;

  return hm != NULL &&
         hm->content_serial == self->content_serial &&
         hm->params_serial == self->params_serial &&
         hm->gw == l->gw && hm->gh == l->gh &&
         hm->x0 == l->x0 && hm->x1 == l->x1 &&
         hm->y0 == l->y0 && hm->y1 == l->y1;
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *c,
            double         alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

static void
draw_heatmap (cairo_t       *cr,
              const Layout  *l,
              const Heatmap *hm,
              const GdkRGBA *fg)
{
  double hx0 = to_x (l, hm->x0), hx1 = to_x (l, hm->x1);
  double hy1 = to_y (l, hm->y1), hy0 = to_y (l, hm->y0);

  cairo_save (cr);
  cairo_rectangle (cr, l->px, l->py, l->pw, l->ph);
  cairo_clip (cr);

  nl_heatmap_paint (cr, hm->image, hx0, hy1, hx1 - hx0, hy0 - hy1);
  if (hm->kind == MAP_CLASSES || hm->scale.has_level)
    {
      if (hm->kind == MAP_CLASSES)
        nl_heatmap_class_borders_path (cr, hm->outputs, hm->n_classes, hm->gw, hm->gh,
                                       hx0, hy1, hx1 - hx0, hy0 - hy1);
      else
        nl_heatmap_contour_path (cr, hm->values, hm->gw, hm->gh, hm->scale.level,
                                 hx0, hy1, hx1 - hx0, hy0 - hy1);
      set_source (cr, fg, 0.75);
      cairo_set_line_width (cr, 1.5);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

/* The group of point @p: its class, n_groups - 1 for none (a hollow
 * point), 0 for every row of a regression (each its own colour). */
static guint
point_group (NlBoundaryView *self,
             guint           p,
             guint           n_groups)
{
  double label = self->labels != NULL ? self->labels[p] : NAN;

  if (!isfinite (label))
    return n_groups - 1;
  if (self->task.kind == NL_TASK_REGRESSION)
    return 0;
  if (multiclass_task (self))
    return label >= 0 && label < n_groups - 1 ? (guint) label : n_groups - 1;
  return label >= 0.5 ? 1 : 0;
}

/* The rows, at most one circle per device pixel and class (or, for a
 * regression, per device pixel). */
static void
draw_points (NlBoundaryView      *self,
             cairo_t             *cr,
             const Layout        *l,
             const NlThemeColors *colors)
{
  int dw = l->width * l->scale, dh = l->height * l->scale;
  g_autofree guint8 *seen = NULL;
  gboolean regression = self->task.kind == NL_TASK_REGRESSION;
  guint n_groups = (regression ? 1 : multiclass_task (self) ? (guint) self->task.n_classes : 2) + 1;
  NlHeatmapRamp ramp;
  NlHeatmapScale value_scale;

  if (self->n_points == 0)
    return;
  seen = g_malloc0 ((gsize) MAX (dw, 1) * MAX (dh, 1));
  nl_heatmap_ramp_init (&ramp, colors);
  if (regression)
    target_scale_init (self, &value_scale, NULL, 0);

  cairo_save (cr);
  cairo_rectangle (cr, l->px, l->py, l->pw, l->ph);
  cairo_clip (cr);
  cairo_set_line_width (cr, 1.2);

  /* Group by group, so each class fills and strokes as one path; a device
   * pixel is marked with the group that last drew there. */
  for (guint k = 0; k < n_groups; k++)
    {
      gboolean any = FALSE;
      gboolean hollow = k == n_groups - 1;

      for (guint p = 0; p < self->n_points; p++)
        {
          double nx = self->points[2 * p], ny = self->points[2 * p + 1];
          double x, y;
          int dx, dy;

          if (point_group (self, p, n_groups) != k || !isfinite (nx) || !isfinite (ny))
            continue;
          x = to_x (l, nx);
          y = to_y (l, ny);
          dx = (int) floor (x * l->scale);
          dy = (int) floor (y * l->scale);
          if (dx >= 0 && dy >= 0 && dx < dw && dy < dh)
            {
              guint8 *s = &seen[(gsize) dy * dw + dx];

              if (*s == k + 1)
                continue;
              *s = (guint8) (k + 1);
            }
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, POINT_RADIUS, 0, 2 * G_PI);
          if (regression && !hollow)
            {
              /* Each row in the colour of its own target. */
              guint32 pixel = nl_heatmap_point_pixel (&ramp, &value_scale, self->labels[p]);

              cairo_set_source_rgb (cr, ((pixel >> 16) & 0xff) / 255.0,
                                    ((pixel >> 8) & 0xff) / 255.0, (pixel & 0xff) / 255.0);
              cairo_fill_preserve (cr);
              set_source (cr, &colors->fg, 0.85);
              cairo_stroke (cr);
              continue;
            }
          any = TRUE;
        }
      if (!any)
        continue;
      if (!hollow)
        {
          double rgb[3];

          class_rgb (self, colors, k, rgb);
          cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
          cairo_fill_preserve (cr);
        }
      set_source (cr, &colors->fg, 0.85);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

static void
draw_points_cached (NlBoundaryView      *self,
                    cairo_t             *cr,
                    const Layout        *l,
                    const NlThemeColors *colors)
{
  Layout *pl = &self->points_layout;
  NlHeatmapRamp ramp;

  nl_heatmap_ramp_init (&ramp, colors);
  if (self->points_surface == NULL ||
      self->points_layer_serial != self->points_serial ||
      !nl_heatmap_ramp_equal (&ramp, &self->points_ramp) ||
      pl->width != l->width || pl->height != l->height || pl->scale != l->scale ||
      pl->py != l->py || pl->ph != l->ph ||
      pl->x0 != l->x0 || pl->x1 != l->x1 || pl->y0 != l->y0 || pl->y1 != l->y1)
    {
      cairo_t *pcr;

      g_clear_pointer (&self->points_surface, cairo_surface_destroy);
      self->points_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         l->width * l->scale,
                                                         l->height * l->scale);
      cairo_surface_set_device_scale (self->points_surface, l->scale, l->scale);
      pcr = cairo_create (self->points_surface);
      draw_points (self, pcr, l, colors);
      cairo_destroy (pcr);

      *pl = *l;
      self->points_ramp = ramp;
      self->points_layer_serial = self->points_serial;
    }

  cairo_set_source_surface (cr, self->points_surface, 0, 0);
  cairo_paint (cr);
}

static void
show_text (cairo_t        *cr,
           PangoLayout    *layout,
           const char     *text,
           double          x,
           double          y,
           double          xalign,
           double          yalign)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - xalign * w, y - yalign * h);
  pango_cairo_show_layout (cr, layout);
}

char *
nl_boundary_view_dup_caption (NlBoundaryView *self)
{
  char name[32];

  g_return_val_if_fail (NL_IS_BOUNDARY_VIEW (self), NULL);

  if (!showing_hidden (self))
    {
      if (self->task.kind == NL_TASK_REGRESSION && self->target_name != NULL)
        return g_strdup (self->target_name);
      if (multiclass_task (self))
        /* Translators: the legend of the heatmap's colours when it shows
         * each region's most likely class. */
        return g_strdup (_("Most likely class"));
      /* Translators: the legend of the heatmap's colours. */
      return g_strdup (_("Output"));
    }

  nl_net_unit_name (self->net, self->unit_layer, self->unit_index, name, sizeof name);
  /* Translators: the legend of the heatmap's colours when it shows one
   * hidden neuron's output; %s is the neuron's name, like "h1". */
  return g_strdup_printf (_("Output of %s"), name);
}

/* A value at an end of the legend's scale: "0", "1", "-1", "3.27"; a
 * target's in its units, whole from 100 up ("3470", not "3.47e+03"). */
static char *
format_range_end (double   value,
                  gboolean target)
{
  if (target && fabs (value) >= 100 && fabs (value) < 1e7)
    return g_strdup_printf ("%.0f", value);
  /* No "-0" for a value rounded to nothing. */
  if (fabs (value) < 5e-4)
    value = 0.0;
  return g_strdup_printf ("%.3g", value);
}

static guint
n_legend_classes (NlBoundaryView *self)
{
  if (self->task.kind == NL_TASK_REGRESSION)
    return 0;
  return multiclass_task (self) ? (guint) self->task.n_classes : 2;
}

static const char *
class_name (NlBoundaryView *self,
            guint           k,
            char            buf[16])
{
  const char *name = k < self->class_names->len ? g_ptr_array_index (self->class_names, k) : NULL;

  if (name != NULL)
    return name;
  g_snprintf (buf, 16, "%u", k);
  return buf;
}

/* Whether the map shows a colour bar on the legend's first line: not for
 * the classes, which the class legend explains. */
static gboolean
legend_has_bar (NlBoundaryView *self)
{
  return map_kind (self) != MAP_CLASSES;
}

/* Lays the class legend out from @x0 to @x1: the line of each class (from
 * 0) into @line, if not NULL; returns the lines it takes. Two classes take
 * one line or none, where they do not fit, as the binary legend always
 * has; more wrap onto as many lines as they need. */
static guint
layout_classes (NlBoundaryView *self,
                PangoLayout    *layout,
                double          x0,
                double          x1,
                double         *xs,
                guint          *line)
{
  guint n = n_legend_classes (self);
  double x = x0;
  guint lines = n > 0 ? 1 : 0;

  for (guint k = 0; k < n; k++)
    {
      char buf[16];
      int w, h;
      double item;

      pango_layout_set_text (layout, class_name (self, k, buf), -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      item = POINT_RADIUS * 2 + 3 + w;
      if (x + item > x1 && x > x0)
        {
          /* Past the first line, the whole width is the classes'. */
          if (n <= 2)
            return 0;
          lines++;
          x = x0;
        }
      if (xs != NULL)
        xs[k] = x;
      if (line != NULL)
        line[k] = lines - 1;
      x += item + 12;
    }
  return lines;
}

/* A layout in the legend's small font; unref it. */
static PangoLayout *
small_layout (PangoContext *context)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *small;

  small = pango_font_description_copy (pango_context_get_font_description (context));
  pango_font_description_set_size (small, pango_font_description_get_size (small) * 0.85);
  pango_layout_set_font_description (layout, small);
  pango_font_description_free (small);
  return layout;
}

/* How many lines the legend takes above a plot @pw wide. */
static guint
legend_lines (NlBoundaryView *self,
              double          pw)
{
  PangoLayout *layout;
  guint lines;

  if (!multiclass_task (self))
    return 1;
  layout = small_layout (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  lines = layout_classes (self, layout, 0, pw - (legend_has_bar (self) ? LEGEND_BAR_ROOM : 0),
                          NULL, NULL);
  g_object_unref (layout);
  return MAX (lines, 1);
}

/* The legend, above the plot: the rows' classes on the left; on the right
 * what the heatmap shows and its scale, from the low end to the high one,
 * marked where the contour is (none for the classes, which their legend
 * explains). */
static void
draw_legend (NlBoundaryView       *self,
             cairo_t              *cr,
             const Layout         *l,
             const NlThemeColors  *colors,
             PangoLayout          *layout,
             const NlHeatmapScale *scale)
{
  double y = MARGIN_TOP / 2;
  double x = l->px + l->pw;
  guint n = n_legend_classes (self);
  double xs[NL_MAX_CLASSES];
  guint line[NL_MAX_CLASSES];
  int w, h;

  if (legend_has_bar (self))
    {
      g_autofree char *lo_text = format_range_end (scale->lo, map_kind (self) == MAP_TARGET);
      g_autofree char *hi_text = format_range_end (scale->hi, map_kind (self) == MAP_TARGET);
      g_autofree char *caption = nl_boundary_view_dup_caption (self);
      cairo_pattern_t *gradient;
      NlHeatmapRamp ramp;
      double bar_x;

      nl_heatmap_ramp_init (&ramp, colors);
      set_source (cr, &colors->fg, 0.8);
      show_text (cr, layout, hi_text, x, y, 1, 0.5);
      pango_layout_get_pixel_size (layout, &w, &h);
      bar_x = x - w - 4 - LEGEND_BAR_WIDTH;
      gradient = cairo_pattern_create_linear (bar_x, 0, bar_x + LEGEND_BAR_WIDTH, 0);
      for (int k = 0; k <= 4; k++)
        {
          guint32 p = nl_heatmap_pixel (&ramp, scale, scale->lo + k / 4.0 * (scale->hi - scale->lo));

          cairo_pattern_add_color_stop_rgb (gradient, k / 4.0,
                                            ((p >> 16) & 0xff) / 255.0,
                                            ((p >> 8) & 0xff) / 255.0,
                                            (p & 0xff) / 255.0);
        }
      cairo_rectangle (cr, bar_x, y - 5, LEGEND_BAR_WIDTH, 10);
      cairo_set_source (cr, gradient);
      cairo_fill_preserve (cr);
      cairo_pattern_destroy (gradient);
      set_source (cr, &colors->fg, 0.4);
      cairo_stroke (cr);
      if (scale->has_level && scale->hi > scale->lo)
        {
          double t = (scale->level - scale->lo) / (scale->hi - scale->lo);

          set_source (cr, &colors->fg, 0.75);
          cairo_set_line_width (cr, 1.5);
          cairo_move_to (cr, bar_x + LEGEND_BAR_WIDTH * t, y - 7);
          cairo_line_to (cr, bar_x + LEGEND_BAR_WIDTH * t, y + 7);
          cairo_stroke (cr);
          cairo_set_line_width (cr, 1.0);
        }
      set_source (cr, &colors->fg, 0.8);
      show_text (cr, layout, lo_text, bar_x - 4, y, 1, 0.5);
      pango_layout_get_pixel_size (layout, &w, &h);
      x = bar_x - 4 - w - 6;
      show_text (cr, layout, caption, x, y, 1, 0.5);
      pango_layout_get_pixel_size (layout, &w, &h);
      x -= w + 16;
    }

  /* The classes of the rows, by the table's names for them: two where they
   * fit beside the scale; more on as many lines as they need, the first
   * leaving the scale its room, as legend_lines() counts them. */
  if (n == 0)
    return;
  if (multiclass_task (self))
    x = l->px + l->pw - (legend_has_bar (self) ? LEGEND_BAR_ROOM : 0);
  if (layout_classes (self, layout, l->px + 1, x, xs, line) == 0)
    return;
  for (guint k = 0; k < n; k++)
    {
      char buf[16];
      double rgb[3];
      double cx = xs[k] + POINT_RADIUS, cy = y + line[k] * LEGEND_LINE;

      cairo_new_sub_path (cr);
      cairo_arc (cr, cx, cy, POINT_RADIUS, 0, 2 * G_PI);
      class_rgb (self, colors, k, rgb);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_fill_preserve (cr);
      set_source (cr, &colors->fg, 0.85);
      cairo_stroke (cr);
      show_text (cr, layout, class_name (self, k, buf), cx + POINT_RADIUS + 3, cy, 0, 0.5);
    }
}

static void
draw_axes (NlBoundaryView       *self,
           cairo_t              *cr,
           const Layout         *l,
           const NlThemeColors  *colors,
           PangoContext         *context,
           const NlHeatmapScale *scale)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *small;
  g_autofree char *x_label = NULL;
  g_autofree char *y_label = NULL;
  double ticks[32];
  double step;
  guint n;

  small = pango_font_description_copy (pango_context_get_font_description (context));
  pango_font_description_set_size (small, pango_font_description_get_size (small) * 0.85);
  pango_layout_set_font_description (layout, small);

  /* The frame. */
  set_source (cr, &colors->fg, 0.5);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, l->px + 0.5, l->py + 0.5, l->pw - 1, l->ph - 1);
  cairo_stroke (cr);

  /* Ticks, in normalised units. */
  step = nl_plot_nice_step ((l->x1 - l->x0) / MAX (l->pw / 70.0, 1.0));
  n = nl_plot_linear_ticks (l->x0, l->x1, step, ticks, G_N_ELEMENTS (ticks));
  for (guint i = 0; i < n; i++)
    {
      double x = round (to_x (l, ticks[i])) + 0.5;
      g_autofree char *text = nl_plot_format_linear (ticks[i], step);

      set_source (cr, &colors->fg, 0.5);
      cairo_move_to (cr, x, l->py + l->ph);
      cairo_line_to (cr, x, l->py + l->ph + 4);
      cairo_stroke (cr);
      set_source (cr, &colors->fg, 0.8);
      show_text (cr, layout, text, x, l->py + l->ph + 5, 0.5, 0);
    }
  step = nl_plot_nice_step ((l->y1 - l->y0) / MAX (l->ph / 45.0, 1.0));
  n = nl_plot_linear_ticks (l->y0, l->y1, step, ticks, G_N_ELEMENTS (ticks));
  for (guint i = 0; i < n; i++)
    {
      double y = round (to_y (l, ticks[i])) + 0.5;
      g_autofree char *text = nl_plot_format_linear (ticks[i], step);

      set_source (cr, &colors->fg, 0.5);
      cairo_move_to (cr, l->px - 4, y);
      cairo_line_to (cr, l->px, y);
      cairo_stroke (cr);
      set_source (cr, &colors->fg, 0.8);
      show_text (cr, layout, text, l->px - 6, y, 1, 0.5);
    }

  /* The axes' names. */
  /* Translators: an axis of the decision boundary: the input's name, in
   * the units the network sees. */
  x_label = g_strdup_printf (_("%s (normalised)"), self->x_name);
  y_label = g_strdup_printf (_("%s (normalised)"), self->y_name);
  pango_layout_set_font_description (layout, NULL);
  set_source (cr, &colors->fg, 1.0);
  show_text (cr, layout, x_label, l->px + l->pw / 2, l->height - 2, 0.5, 1);
  cairo_save (cr);
  cairo_translate (cr, 2, l->py + l->ph / 2);
  cairo_rotate (cr, -G_PI / 2);
  show_text (cr, layout, y_label, 0, 0, 0.5, 0);
  cairo_restore (cr);

  pango_layout_set_font_description (layout, small);
  draw_legend (self, cr, l, colors, layout, scale);

  pango_font_description_free (small);
  g_object_unref (layout);
}

/* The whole drawing; @points_cached for the screen, vector points for files. */
static void
draw_all (NlBoundaryView      *self,
          cairo_t             *cr,
          const Layout        *l,
          const NlThemeColors *colors,
          const Heatmap       *hm,
          PangoContext        *context,
          gboolean             points_cached)
{
  /* The legend reads the scale of the heatmap drawn; until there is one,
   * the activation's own. */
  NlHeatmapScale scale = { 0.0, 1.0, TRUE, TRUE, 0.5 };

  if (hm != NULL)
    scale = hm->scale;
  else if (map_kind (self) == MAP_TARGET)
    target_scale_init (self, &scale, NULL, 0);
  else if (self->net != NULL)
    nl_heatmap_scale_init (&scale, self->net, shown_layer (self), NULL, 0);

  if (hm != NULL)
    draw_heatmap (cr, l, hm, &colors->fg);
  else if (self->net != NULL && !axes_valid (self))
    {
      PangoLayout *layout = pango_layout_new (context);

      set_source (cr, &colors->fg, 0.7);
      show_text (cr, layout, _("Choose two different inputs"),
                 l->px + l->pw / 2, l->py + l->ph / 2, 0.5, 0.5);
      g_object_unref (layout);
    }

  if (points_cached)
    draw_points_cached (self, cr, l, colors);
  else
    draw_points (self, cr, l, colors);

  draw_axes (self, cr, l, colors, context, &scale);
}

/* Notices theme changes: the heatmap's colours are baked into its image. */
static void
update_ramp (NlBoundaryView      *self,
             const NlThemeColors *colors)
{
  NlHeatmapRamp ramp;

  nl_heatmap_ramp_init (&ramp, colors);
  if (!self->ramp_valid || !nl_heatmap_ramp_equal (&ramp, &self->ramp))
    {
      self->ramp = ramp;
      self->ramp_valid = TRUE;
      self->content_serial++;
    }
}

static void
nl_boundary_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  NlBoundaryView *self = NL_BOUNDARY_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  NlThemeColors colors;
  Layout l;
  const Heatmap *hm;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  nl_theme_colors_get (widget, &colors);
  update_ramp (self, &colors);
  layout_compute (self, width, height, gtk_widget_get_scale_factor (widget), &l);

  if (axes_valid (self) && !self->running && !heatmap_current (self, &l))
    start_job (self, &l, &colors);

  hm = self->heatmap;
  if (hm != NULL && (hm->content_serial != self->content_serial || !axes_valid (self)))
    hm = NULL;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_all (self, cr, &l, &colors, hm, gtk_widget_get_pango_context (widget), TRUE);
  cairo_destroy (cr);

  nl_theme_append_focus_ring (widget, snapshot, &colors.positive);
}

static void
export_draw_cb (cairo_t  *cr,
                int       width,
                int       height,
                gpointer  user_data)
{
  NlBoundaryView *self = user_data;
  NlThemeColors colors;
  Heatmap *hm = NULL;
  Layout l;

  nl_theme_colors_get (GTK_WIDGET (self), &colors);
  update_ramp (self, &colors);
  cairo_set_source_rgb (cr, colors.bg.red, colors.bg.green, colors.bg.blue);
  cairo_paint (cr);

  layout_compute (self, width, height, (int) nl_export_get_scale (cr), &l);
  if (axes_valid (self))
    {
      Job *job = job_new (self, &l, &colors);

      hm = run_job (job, NULL);
      job_free (job);
    }
  draw_all (self, cr, &l, &colors, hm, gtk_widget_get_pango_context (GTK_WIDGET (self)), FALSE);
  heatmap_free (hm);
}

gboolean
nl_boundary_view_export (NlBoundaryView  *self,
                         GFile           *file,
                         NlExportFormat   format,
                         GError         **error)
{
  int width, height;

  g_return_val_if_fail (NL_IS_BOUNDARY_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    {
      width = EXPORT_WIDTH;
      height = EXPORT_HEIGHT;
    }

  return nl_export_draw_to_file (file, format, width, height, export_draw_cb, self, error);
}

static gboolean
export_file_cb (GtkWidget       *widget,
                GFile           *file,
                NlExportFormat   format,
                GError         **error)
{
  return nl_boundary_view_export (NL_BOUNDARY_VIEW (widget), file, format, error);
}

static void
update_description (NlBoundaryView *self)
{
  g_autofree char *description = NULL;

  if (showing_hidden (self))
    {
      char name[32];

      nl_net_unit_name (self->net, self->unit_layer, self->unit_index, name, sizeof name);
      /* Translators: the summary for screen readers of the decision
       * boundary's view when it shows one hidden neuron ("h1"). */
      description = g_strdup_printf (_("The output of neuron %s over %s and %s, with %u rows"),
                                     name, self->x_name, self->y_name, self->n_points);
    }
  else if (self->task.kind == NL_TASK_REGRESSION)
    /* Translators: the summary for screen readers of the decision
     * boundary's view of a regression: %s are the target's name and the
     * two inputs' names. */
    description = g_strdup_printf (_("The predicted %s over %s and %s, with %u rows"),
                                   self->target_name != NULL ? self->target_name : _("value"),
                                   self->x_name, self->y_name, self->n_points);
  else if (multiclass_task (self))
    /* Translators: the summary for screen readers of the decision
     * boundary's view of several classes. */
    description = g_strdup_printf (_("The most likely of %u classes over %s and %s, with %u rows"),
                                   (guint) self->task.n_classes,
                                   self->x_name, self->y_name, self->n_points);
  else
    /* Translators: the decision boundary's summary for screen readers. */
    description = g_strdup_printf (_("The network's output over %s and %s, with %u rows"),
                                   self->x_name, self->y_name, self->n_points);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
nl_boundary_view_dispose (GObject *object)
{
  NlBoundaryView *self = NL_BOUNDARY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->menu, gtk_widget_unparent);

  G_OBJECT_CLASS (nl_boundary_view_parent_class)->dispose (object);
}

static void
nl_boundary_view_finalize (GObject *object)
{
  NlBoundaryView *self = NL_BOUNDARY_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->net, nl_net_free);
  g_clear_pointer (&self->work, nl_work_free);
  g_free (self->held);
  g_free (self->others);
  g_free (self->x_name);
  g_free (self->y_name);
  g_free (self->points);
  g_free (self->labels);
  g_ptr_array_unref (self->class_names);
  g_free (self->target_name);
  heatmap_free (self->heatmap);
  g_clear_pointer (&self->points_surface, cairo_surface_destroy);

  G_OBJECT_CLASS (nl_boundary_view_parent_class)->finalize (object);
}

static void
nl_boundary_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 420;
    }
  else
    {
      *minimum = 160;
      *natural = 340;
    }
}

static void
nl_boundary_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  NlBoundaryView *self = NL_BOUNDARY_VIEW (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
nl_boundary_view_state_flags_changed (GtkWidget     *widget,
                                      GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (nl_boundary_view_parent_class)->state_flags_changed (widget, previous);

  if ((gtk_widget_get_state_flags (widget) ^ previous) & GTK_STATE_FLAG_FOCUS_VISIBLE)
    gtk_widget_queue_draw (widget);
}

static void
nl_boundary_view_class_init (NlBoundaryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_boundary_view_dispose;
  object_class->finalize = nl_boundary_view_finalize;

  widget_class->snapshot = nl_boundary_view_snapshot;
  widget_class->measure = nl_boundary_view_measure;
  widget_class->size_allocate = nl_boundary_view_size_allocate;
  widget_class->state_flags_changed = nl_boundary_view_state_flags_changed;

  /**
   * NlBoundaryView|boundary.export:
   * @format: "png", "svg" or "pdf"
   *
   * Asks for a file and exports the view to it.
   */
  nl_export_class_install (widget_class, "boundary.export",
                           /* Translators: the file name an exported decision boundary is
                            * offered under, without its extension. */
                           N_("boundary"),
                           export_file_cb, G_STRUCT_OFFSET (NlBoundaryView, menu));

  gtk_widget_class_set_css_name (widget_class, "nl-boundary-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nl_boundary_view_init (NlBoundaryView *self)
{

  self->cancellable = g_cancellable_new ();
  self->input_x = 0;
  self->input_y = 1;
  self->x_name = g_strdup ("x1");
  self->y_name = g_strdup ("x2");
  self->class_names = g_ptr_array_new_with_free_func (g_free);
  nl_task_init (&self->task, NL_TASK_BINARY, 2);
  self->target_shift = 0.0;
  self->target_scale = 1.0;

  nl_export_init_widget (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Decision boundary"),
                                  -1);
  update_description (self);
}

GtkWidget *
nl_boundary_view_new (void)
{
  return g_object_new (NL_TYPE_BOUNDARY_VIEW, NULL);
}

void
nl_boundary_view_set_network (NlBoundaryView *self,
                              const NlNet    *net)
{
  g_return_if_fail (NL_IS_BOUNDARY_VIEW (self));

  if (net == NULL)
    {
      if (self->net == NULL)
        return;
      g_clear_pointer (&self->net, nl_net_free);
      g_clear_pointer (&self->work, nl_work_free);
      g_clear_pointer (&self->held, g_free);
      self->content_serial++;
    }
  else if (self->net != NULL && nl_net_same_shape (self->net, net))
    {
      /* Sizes and activations alike: the parameters only. */
      nl_net_copy_params (self->net, net);
    }
  else
    {
      g_clear_pointer (&self->net, nl_net_free);
      g_clear_pointer (&self->work, nl_work_free);
      g_free (self->held);
      self->net = nl_net_copy (net);
      self->work = nl_work_new (self->net);
      self->held = g_new0 (double, nl_net_n_inputs (self->net));
      update_held (self);
      /* A neuron the new architecture lacks, or one that is now its
       * output: back to the network's output. */
      if (self->unit_layer != 0 &&
          (self->unit_layer + 1 >= self->net->n_layers ||
           !nl_heatmap_unit_exists (self->net, self->unit_layer, self->unit_index)))
        {
          self->unit_layer = 0;
          self->unit_index = 0;
        }
      update_description (self);
      self->content_serial++;
    }

  self->params_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The range of the rows' targets, which a regression's colours span. */
static void
update_target_range (NlBoundaryView *self)
{
  self->have_target_range = FALSE;
  for (guint i = 0; i < self->n_points && self->labels != NULL; i++)
    {
      double v = self->labels[i];

      if (!isfinite (v))
        continue;
      if (!self->have_target_range)
        {
          self->target_lo = self->target_hi = v;
          self->have_target_range = TRUE;
        }
      self->target_lo = MIN (self->target_lo, v);
      self->target_hi = MAX (self->target_hi, v);
    }
}

void
nl_boundary_view_set_points (NlBoundaryView *self,
                             const double   *xy_normalized,
                             const double   *labels,
                             guint           n)
{
  g_return_if_fail (NL_IS_BOUNDARY_VIEW (self));
  g_return_if_fail (n == 0 || xy_normalized != NULL);

  g_clear_pointer (&self->points, g_free);
  g_clear_pointer (&self->labels, g_free);
  self->n_points = n;
  self->have_bounds = FALSE;
  if (n > 0)
    {
      self->points = g_memdup2 (xy_normalized, (gsize) n * 2 * sizeof (double));
      if (labels != NULL)
        self->labels = g_memdup2 (labels, (gsize) n * sizeof (double));
      for (guint i = 0; i < n; i++)
        {
          double x = xy_normalized[2 * i], y = xy_normalized[2 * i + 1];

          if (!isfinite (x) || !isfinite (y))
            continue;
          if (!self->have_bounds)
            {
              self->bx0 = self->bx1 = x;
              self->by0 = self->by1 = y;
              self->have_bounds = TRUE;
            }
          self->bx0 = MIN (self->bx0, x);
          self->bx1 = MAX (self->bx1, x);
          self->by0 = MIN (self->by0, y);
          self->by1 = MAX (self->by1, y);
        }
    }
  {
    gboolean had = self->have_target_range;
    double lo = self->target_lo, hi = self->target_hi;

    update_target_range (self);
    /* A regression's map is coloured on the targets' range. */
    if (self->task.kind == NL_TASK_REGRESSION &&
        (had != self->have_target_range || lo != self->target_lo || hi != self->target_hi))
      self->content_serial++;
  }
  self->points_serial++;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nl_boundary_view_set_axes (NlBoundaryView *self,
                           guint           input_x,
                           guint           input_y,
                           const double   *others,
                           guint           n_others,
                           const char     *x_name,
                           const char     *y_name)
{
  g_return_if_fail (NL_IS_BOUNDARY_VIEW (self));

  self->input_x = input_x;
  self->input_y = input_y;
  g_clear_pointer (&self->others, g_free);
  self->n_others = others != NULL ? n_others : 0;
  if (self->n_others > 0)
    self->others = g_memdup2 (others, (gsize) n_others * sizeof (double));
  g_free (self->x_name);
  g_free (self->y_name);
  self->x_name = x_name != NULL ? g_strdup (x_name) : g_strdup_printf ("x%u", input_x + 1);
  self->y_name = y_name != NULL ? g_strdup (y_name) : g_strdup_printf ("x%u", input_y + 1);
  update_held (self);
  self->content_serial++;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nl_boundary_view_set_unit (NlBoundaryView *self,
                           guint           layer,
                           guint           unit)
{
  g_return_if_fail (NL_IS_BOUNDARY_VIEW (self));

  /* The output layer's one neuron is the network's output. */
  if (self->net != NULL &&
      (layer + 1 >= self->net->n_layers || !nl_heatmap_unit_exists (self->net, layer, unit)))
    layer = 0;
  if (layer == 0)
    unit = 0;
  if (layer == self->unit_layer && unit == self->unit_index)
    return;

  self->unit_layer = layer;
  self->unit_index = unit;
  self->content_serial++;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
nl_boundary_view_get_unit (NlBoundaryView *self,
                           guint          *layer,
                           guint          *unit)
{
  gboolean hidden;

  g_return_val_if_fail (NL_IS_BOUNDARY_VIEW (self), FALSE);

  hidden = showing_hidden (self);
  if (layer != NULL)
    *layer = hidden ? self->unit_layer : self->net != NULL ? (guint) self->net->n_layers - 1 : 0;
  if (unit != NULL)
    *unit = hidden ? self->unit_index : 0;
  return hidden;
}

void
nl_boundary_view_set_class_names (NlBoundaryView *self,
                                  const char     *name0,
                                  const char     *name1)
{
  const char *names[2] = { name0, name1 };

  g_return_if_fail (NL_IS_BOUNDARY_VIEW (self));

  nl_boundary_view_set_classes (self, names, 2);
}

void
nl_boundary_view_set_classes (NlBoundaryView    *self,
                              const char * const *names,
                              guint               n)
{
  gboolean same;

  g_return_if_fail (NL_IS_BOUNDARY_VIEW (self));
  g_return_if_fail (n == 0 || names != NULL);

  same = self->class_names->len == n;
  for (guint k = 0; k < n && same; k++)
    same = g_strcmp0 (names[k], g_ptr_array_index (self->class_names, k)) == 0;
  if (same)
    return;
  g_ptr_array_set_size (self->class_names, 0);
  for (guint k = 0; k < n; k++)
    g_ptr_array_add (self->class_names, g_strdup (names[k]));
  /* The legend's lines, and so the plot's place, may change. */
  self->points_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
nl_boundary_view_get_class_name (NlBoundaryView *self,
                                 guint           index)
{
  static char numbers[NL_MAX_CLASSES][16];

  g_return_val_if_fail (NL_IS_BOUNDARY_VIEW (self), NULL);
  g_return_val_if_fail (index < NL_MAX_CLASSES, NULL);

  if (index < self->class_names->len && g_ptr_array_index (self->class_names, index) != NULL)
    return g_ptr_array_index (self->class_names, index);
  if (numbers[index][0] == '\0')
    g_snprintf (numbers[index], sizeof numbers[index], "%u", index);
  return numbers[index];
}

void
nl_boundary_view_set_task (NlBoundaryView *self,
                           const NlTask   *task)
{
  NlTask binary;

  g_return_if_fail (NL_IS_BOUNDARY_VIEW (self));

  if (task == NULL)
    {
      nl_task_init (&binary, NL_TASK_BINARY, 2);
      task = &binary;
    }
  if (task->kind == self->task.kind && task->n_classes == self->task.n_classes)
    return;
  self->task = *task;
  self->content_serial++;
  self->points_serial++;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nl_boundary_view_set_target (NlBoundaryView *self,
                             const char     *name,
                             double          shift,
                             double          scale)
{
  g_return_if_fail (NL_IS_BOUNDARY_VIEW (self));

  if (g_strcmp0 (name, self->target_name) == 0 &&
      shift == self->target_shift && scale == self->target_scale)
    return;
  g_free (self->target_name);
  self->target_name = g_strdup (name);
  self->target_shift = shift;
  self->target_scale = scale;
  self->content_serial++;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
nl_boundary_view_get_class_at (NlBoundaryView *self,
                               double          nx,
                               double          ny,
                               guint          *klass,
                               double         *probability)
{
  size_t k;

  g_return_val_if_fail (NL_IS_BOUNDARY_VIEW (self), FALSE);

  if (!axes_valid (self) || map_kind (self) != MAP_CLASSES)
    return FALSE;
  self->held[self->input_y] = ny;
  self->held[self->input_x] = nx;
  nl_net_forward (self->net, self->work, self->held);
  k = nl_task_decode_class (&self->task, nl_net_outputs (self->net, self->work), probability);
  if (klass != NULL)
    *klass = (guint) k;
  return TRUE;
}

double
nl_boundary_view_get_output_at (NlBoundaryView *self,
                                double          nx,
                                double          ny)
{
  g_return_val_if_fail (NL_IS_BOUNDARY_VIEW (self), NAN);

  if (!axes_valid (self))
    return NAN;
  /* As the worker does: y first, then x. */
  self->held[self->input_y] = ny;
  self->held[self->input_x] = nx;
  switch (map_kind (self))
    {
    case MAP_CLASSES:
      {
        double p;

        nl_net_forward (self->net, self->work, self->held);
        nl_task_decode_class (&self->task, nl_net_outputs (self->net, self->work), &p);
        return p;
      }

    case MAP_TARGET:
      return nl_task_decode_value (nl_net_forward (self->net, self->work, self->held),
                                   self->target_shift, self->target_scale);

    case MAP_OUTPUT:
    case MAP_HIDDEN:
    default:
      return nl_heatmap_unit_value (self->net, self->work, self->held,
                                    shown_layer (self), self->unit_index);
    }
}

gboolean
nl_boundary_view_get_scale (NlBoundaryView *self,
                            double         *lo,
                            double         *hi,
                            double         *level)
{
  NlHeatmapScale scale;

  g_return_val_if_fail (NL_IS_BOUNDARY_VIEW (self), FALSE);

  if (self->heatmap != NULL && self->heatmap->content_serial == self->content_serial)
    scale = self->heatmap->scale;
  else if (map_kind (self) == MAP_TARGET)
    target_scale_init (self, &scale, NULL, 0);
  else if (map_kind (self) == MAP_CLASSES)
    scale = (NlHeatmapScale) { 1.0 / self->task.n_classes, 1.0, FALSE, FALSE, NAN };
  else if (self->net != NULL)
    nl_heatmap_scale_init (&scale, self->net, shown_layer (self), NULL, 0);
  else
    scale = (NlHeatmapScale) { 0.0, 1.0, TRUE, TRUE, 0.5 };
  if (lo != NULL)
    *lo = scale.lo;
  if (hi != NULL)
    *hi = scale.hi;
  if (level != NULL)
    *level = scale.has_level ? scale.level : NAN;
  return scale.has_level;
}

static gboolean
current_layout (NlBoundaryView *self,
                Layout         *l)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (width <= 0 || height <= 0)
    return FALSE;
  layout_compute (self, width, height, gtk_widget_get_scale_factor (GTK_WIDGET (self)), l);
  return TRUE;
}

gboolean
nl_boundary_view_get_extent (NlBoundaryView *self,
                             double         *x_min,
                             double         *x_max,
                             double         *y_min,
                             double         *y_max)
{
  Layout l;

  g_return_val_if_fail (NL_IS_BOUNDARY_VIEW (self), FALSE);

  if (!current_layout (self, &l))
    return FALSE;
  if (x_min != NULL)
    *x_min = l.x0;
  if (x_max != NULL)
    *x_max = l.x1;
  if (y_min != NULL)
    *y_min = l.y0;
  if (y_max != NULL)
    *y_max = l.y1;
  return TRUE;
}

void
nl_boundary_view_get_square_extent (NlBoundaryView *self,
                                    double         *x_min,
                                    double         *x_max,
                                    double         *y_min,
                                    double         *y_max)
{
  double x0, x1, y0, y1;

  g_return_if_fail (NL_IS_BOUNDARY_VIEW (self));

  compute_extent (self, 1.0, 1.0, &x0, &x1, &y0, &y1);
  /* Square: the longer side for both, about the same centre. */
  {
    double r = MAX (x1 - x0, y1 - y0), cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;

    x0 = cx - r / 2;
    x1 = cx + r / 2;
    y0 = cy - r / 2;
    y1 = cy + r / 2;
  }
  if (x_min != NULL)
    *x_min = x0;
  if (x_max != NULL)
    *x_max = x1;
  if (y_min != NULL)
    *y_min = y0;
  if (y_max != NULL)
    *y_max = y1;
}

gboolean
nl_boundary_view_to_widget (NlBoundaryView *self,
                            double          nx,
                            double          ny,
                            double         *x,
                            double         *y)
{
  Layout l;

  g_return_val_if_fail (NL_IS_BOUNDARY_VIEW (self), FALSE);

  if (!current_layout (self, &l))
    return FALSE;
  *x = to_x (&l, nx);
  *y = to_y (&l, ny);
  return TRUE;
}

gboolean
nl_boundary_view_get_pending (NlBoundaryView *self)
{
  Layout l;

  g_return_val_if_fail (NL_IS_BOUNDARY_VIEW (self), FALSE);

  if (self->running)
    return TRUE;
  if (!axes_valid (self) || !current_layout (self, &l))
    return FALSE;
  return !heatmap_current (self, &l);
}
