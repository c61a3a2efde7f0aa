/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-raster.h: drawing antialiased lines and rings straight into the pixels
 * of an ARGB32 image, for the network diagram's big networks.
 *
 * Thousands of long, thin, crossing edges and hundreds of small circles are
 * what cairo's general rasteriser is slowest at; these walk only the pixels
 * they cover. Colours are opaque, premultiplied ARGB32 (see
 * nl_raster_argb32()); coverage is in 1/256ths.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Blends the opaque premultiplied ARGB32 @color over *@pixel with
 * @coverage out of 256. */
static inline void
nl_raster_blend (guint32 *pixel,
                 guint32  color,
                 guint32  coverage)
{
  guint32 d = *pixel;
  guint32 keep = 256 - coverage;
  guint32 rb, ag;

  if (coverage == 0)
    return;
  /* Two channels at a time, eight bits apart. */
  rb = (((color & 0xff00ff) * coverage + (d & 0xff00ff) * keep) >> 8) & 0xff00ff;
  ag = ((((color >> 8) & 0xff00ff) * coverage + ((d >> 8) & 0xff00ff) * keep) >> 8) & 0xff00ff;

  *pixel = rb | (ag << 8);
}

/* @c as an opaque ARGB32 pixel. */
static inline guint32
nl_raster_argb32 (const GdkRGBA *c)
{
  return 0xff000000u |
         (guint32) (CLAMP (c->red, 0.0, 1.0) * 255 + 0.5) << 16 |
         (guint32) (CLAMP (c->green, 0.0, 1.0) * 255 + 0.5) << 8 |
         (guint32) (CLAMP (c->blue, 0.0, 1.0) * 255 + 0.5);
}

/* Coverage (out of 256) of a pixel whose centre is at distance @d from the
 * centre of a ring between radii @inner and @outer (a disc for @inner < 0). */
static inline guint32
nl_raster_ring_coverage (double d,
                         double inner,
                         double outer)
{
  double c = MIN (d - inner, outer - d) + 0.5;

  return (guint32) (CLAMP (c, 0.0, 1.0) * 256 + 0.5);
}

/* Draws the segment (@ax, @ay) → (@bx, @by), @width wide with butt ends,
 * antialiased, into @data (ARGB32, @stride in pixels, @width_px x
 * @height_px), all in device pixels. */
void nl_raster_segment (guint32 *data,
                        int      stride,
                        int      width_px,
                        int      height_px,
                        double   ax,
                        double   ay,
                        double   bx,
                        double   by,
                        double   width,
                        guint32  color);

G_END_DECLS
