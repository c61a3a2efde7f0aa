/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-class-bars.h: a bar for each class, for the predict form.
 *
 * One line per class of a multi-class label: the class's name, a bar as long
 * as the probability the network gives it, drawn in the class's colour (the
 * colour the other views give it, nl_theme_class_color()), and the
 * percentage. Each bar is a meter for assistive technologies, named after
 * its class, its value the percentage ("versicolor", "93.1%").
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NL_TYPE_CLASS_BARS (nl_class_bars_get_type ())

G_DECLARE_FINAL_TYPE (NlClassBars, nl_class_bars, NL, CLASS_BARS, GtkWidget)

GtkWidget  *nl_class_bars_new               (void);

/* One bar per name (@n_classes of them), all empty; the lines are built
 * again only when the names change. */
void        nl_class_bars_set_classes       (NlClassBars        *self,
                                             const char * const *names,
                                             guint               n_classes);
/* The probability of each class (as many as the classes), or NULL for no
 * answer: the bars empty, the percentages a dash. */
void        nl_class_bars_set_probabilities (NlClassBars        *self,
                                             const double       *probabilities);

guint       nl_class_bars_get_n_classes     (NlClassBars        *self);
/* The bar of class @index: its accessible name is the class, its value the
 * percentage. */
GtkWidget  *nl_class_bars_get_bar           (NlClassBars        *self,
                                             guint               index);
/* The percentage shown beside bar @index ("93.1%"). */
const char *nl_class_bars_get_percent_text  (NlClassBars        *self,
                                             guint               index);

/* A probability as the predict form shows it: one decimal, never 100.0% nor
 * 0.0% for what a softmax or a sigmoid only comes close to. */
char       *nl_class_bars_format_percent    (double              probability);

G_END_DECLS
