/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-raster.c: antialiased segments drawn straight into an image's pixels
 * (see nl-raster.h). */
#include "nl-raster.h"

#include <math.h>

/* Draws the segment (@ax, @ay) → (@bx, @by), @width wide with butt ends,
 * antialiased, into @data (ARGB32, @stride in pixels, @width_px x
 * @height_px), all in device pixels.
 *
 * Thousands of long, thin, crossing edges are what cairo's general
 * rasteriser is slowest at (tens of microseconds each); this walks the
 * segment along its major axis instead, one pixel column (or row) at a time,
 * and covers the pixels across it by how much of each the band of the line
 * overlaps there: the area coverage cairo would give, up to the slant within
 * one pixel. The ends are under the neurons. */
void
nl_raster_segment (guint32 *data,
                   int      stride,
                   int      width_px,
                   int      height_px,
                   double   ax,
                   double   ay,
                   double   bx,
                   double   by,
                   double   width,
                   guint32  color)
{
  double dx = bx - ax;
  double dy = by - ay;
  gboolean steep = fabs (dy) > fabs (dx);
  double u0 = steep ? ay : ax, v0 = steep ? ax : ay;
  double u1 = steep ? by : bx, v1 = steep ? bx : by;
  int u_size = steep ? height_px : width_px;
  int v_size = steep ? width_px : height_px;
  gsize step = steep ? 1 : (gsize) stride;
  double du, slope, half, len = hypot (dx, dy);
  gint64 slope_fx, half_fx, centre_fx, limit;
  int i0, i1;

  if (!(len > 0) || !isfinite (len))
    return;
  if (u1 < u0)
    {
      double t;

      t = u0; u0 = u1; u1 = t;
      t = v0; v0 = v1; v1 = t;
    }
  du = u1 - u0;
  slope = (v1 - v0) / du;
  /* The band's extent across the major axis. */
  half = width / 2 * len / du;

  i0 = (int) MAX (floor (u0), 0.0);
  i1 = (int) MIN (ceil (u1), (double) u_size);
  if (i0 >= i1)
    return;

  /* Across the major axis in 16.16 fixed point, coverage in 1/256ths. */
  slope_fx = (gint64) llround (slope * 65536);
  half_fx = (gint64) llround (half * 65536);
  centre_fx = (gint64) llround ((v0 + (i0 + 0.5 - u0) * slope) * 65536);
  limit = (gint64) v_size << 8;

  for (int i = i0; i < i1; i++, centre_fx += slope_fx)
    {
      guint32 *line = steep ? data + (gsize) i * stride : data + i;
      gint64 top_fx = MAX (centre_fx - half_fx, 0);
      gint64 bottom_fx = MAX (centre_fx + half_fx, 0);
      gint64 top = top_fx >> 8;
      gint64 bottom = MIN (bottom_fx >> 8, limit);
      guint32 along = 256;
      int j0, j1;

      /* The end columns are partly covered along the segment. */
      if (i == i0 || i == i1 - 1)
        along = (guint32) CLAMP ((MIN (u1, i + 1.0) - MAX (u0, (double) i)) * 256 + 0.5, 0, 256);
      if (bottom <= top || along == 0)
        continue;

      j0 = (int) (top >> 8);
      j1 = (int) (bottom >> 8);
      if (j0 == j1)
        {
          nl_raster_blend (line + j0 * step, color, (guint32) (bottom - top) * along >> 8);
          continue;
        }
      nl_raster_blend (line + j0 * step, color, (256 - (guint32) (top & 255)) * along >> 8);
      for (int j = j0 + 1; j < j1; j++)
        nl_raster_blend (line + j * step, color, along);
      if ((bottom & 255) != 0)
        nl_raster_blend (line + j1 * step, color, (guint32) (bottom & 255) * along >> 8);
    }
}

