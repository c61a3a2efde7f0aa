/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-python.c: writing a trained network as a standalone Python script.
 *
 * Every number is written with the fewest digits that read back to the same
 * bits (the project writer's formatter), and the script adds each neuron's
 * products in the order layer_sums() in nl-net.c adds them, with Python's
 * own floats, and calls the same libm exp() and tanh(). Its probabilities
 * therefore match the core's, not only to a tolerance.
 *
 * The script follows the table's task: for two classes predict() is the
 * probability of the positive class, as it always was (the text of such a
 * script has not changed); for more, predict() gives every class's
 * probability under the core's softmax and classify() the top class; for a
 * target, predict() is the number in the target's own units.
 */
#include "nl-python.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl-file.h"
#include "nl-i18n.h"
#include "nl-project-private.h"
#include "nl-task.h"
#include "nl-utf8.h"

/* @text as a double-quoted Python string literal that reads back to it. */
static void
put_string (FILE       *f,
            const char *text)
{
  const unsigned char *p = (const unsigned char *) (text != NULL ? text : "");
  const unsigned char *end = p + strlen ((const char *) p);

  fputc ('"', f);
  while (*p != '\0')
    {
      size_t n = nl_utf8_length (p, end);

      if (*p == '"' || *p == '\\')
        fprintf (f, "\\%c", *p);
      else if (*p == '\n')
        fputs ("\\n", f);
      else if (*p == '\t')
        fputs ("\\t", f);
      else if (n == 0 || *p < 0x20 || *p == 0x7F)
        fprintf (f, "\\x%02x", *p);
      else
        {
          fwrite (p, 1, n, f);
          p += n;
          continue;
        }
      p++;
    }
  fputc ('"', f);
}

/* @text in a comment: control characters become spaces and bytes that are
 * not UTF-8 question marks, so the comment stays one valid line. */
static void
put_comment_text (FILE       *f,
                  const char *text)
{
  const unsigned char *p = (const unsigned char *) (text != NULL ? text : "");
  const unsigned char *end = p + strlen ((const char *) p);

  while (*p != '\0')
    {
      size_t n = nl_utf8_length (p, end);

      if (n == 0)
        {
          fputc ('?', f);
          p++;
        }
      else if (*p < 0x20 || *p == 0x7F)
        {
          fputc (' ', f);
          p++;
        }
      else
        {
          fwrite (p, 1, n, f);
          p += n;
        }
    }
}

/* A list of numbers as np.array rows are written: "[a, b, c]", broken
 * before a number that would go past column 79, continuing at @indent. */
static void
put_doubles (FILE         *f,
             const double *v,
             size_t        n,
             size_t        indent)
{
  size_t column = indent + 1;

  fputc ('[', f);
  for (size_t i = 0; i < n; i++)
    {
      char buf[64];
      size_t len;

      _nl_project_format_double (v[i], buf, sizeof buf);
      len = strlen (buf);
      if (i > 0)
        {
          if (column + 2 + len + 2 > 79)
            {
              fprintf (f, ",\n%*s", (int) indent + 1, "");
              column = indent + 1;
            }
          else
            {
              fputs (", ", f);
              column += 2;
            }
        }
      fputs (buf, f);
      column += len;
    }
  fputc (']', f);
}

static const char *script_functions =
  "\n"
  "\n"
  "# The activation functions, computed as NeuronLab computes them (the same\n"
  "# C library's exp and tanh).\n"
  "def sigmoid(z):\n"
  "    try:\n"
  "        e = math.exp(-z)\n"
  "    except OverflowError:\n"
  "        return 0.0  # C's exp gives inf there, and 1 / (1 + inf) is 0\n"
  "    return 1.0 / (1.0 + e)\n"
  "\n"
  "\n"
  "def tanh(z):\n"
  "    return math.tanh(z)\n"
  "\n"
  "\n"
  "def relu(z):\n"
  "    return z if z > 0.0 else 0.0\n"
  "\n"
  "\n"
  "def linear(z):\n"
  "    return z\n"
  "\n"
  "\n"
  "ACTIVATIONS = {\"sigmoid\": sigmoid, \"tanh\": tanh, \"relu\": relu, \"linear\": linear}\n";

/* For a multi-class network: the core's softmax (nl-net.c), in its order. */
static const char *script_softmax =
  "\n"
  "\n"
  "def softmax(z):\n"
  "    \"\"\"exp(z[j] - max(z)) / the sum of them, as NeuronLab computes it: shifted\n"
  "    by the largest value, so exp() cannot overflow, and added in order.\"\"\"\n"
  "    top = z[0]\n"
  "    for v in z[1:]:\n"
  "        top = v if v > top else top\n"
  "    e = [math.exp(v - top) for v in z]\n"
  "    total = 0.0\n"
  "    for v in e:\n"
  "        total += v\n"
  "    return [v / total for v in e]\n";

static const char *script_neuron_sum =
  "\n"
  "\n"
  "def neuron_sum(weights, inputs, bias):\n"
  "    \"\"\"sum_k weights[k] * inputs[k] + bias, added in NeuronLab's order.\n"
  "\n"
  "    Floating-point addition is not associative, so the order matters in the\n"
  "    last bits: four partial sums take the products of the inputs k with\n"
  "    k % 4 == 0, 1, 2, 3 in blocks of four, the products left over go into\n"
  "    the first, and the four are added pairwise. (np.dot may add in another\n"
  "    order and differ by a few units in the last place.)\n"
  "    \"\"\"\n"
  "    n = len(inputs)\n"
  "    n4 = n - n % 4\n"
  "    s = [0.0, 0.0, 0.0, 0.0]\n"
  "    for k in range(n4):\n"
  "        s[k % 4] += weights[k] * inputs[k]\n"
  "    for k in range(n4, n):\n"
  "        s[0] += weights[k] * inputs[k]\n"
  "    return ((s[0] + s[1]) + (s[2] + s[3])) + bias\n";

/* predict() and classify() of each task (NlTaskKind order). */
static const char *const script_predict[NL_N_TASKS] = {
  [NL_TASK_BINARY] =
  "\n"
  "\n"
  "def predict(raw_inputs):\n"
  "    \"\"\"The probability of CLASSES[1] for one row of raw input values.\"\"\"\n"
  "    if len(raw_inputs) != len(INPUT_NAMES):\n"
  "        raise ValueError(\"%d values are needed, one per input: %s\"\n"
  "                         % (len(INPUT_NAMES), \", \".join(INPUT_NAMES)))\n"
  "    values = [(float(v) - shift) / scale\n"
  "              for v, shift, scale in zip(raw_inputs, SHIFT.tolist(), SCALE.tolist())]\n"
  "    for weights, biases, activation in LAYERS:\n"
  "        f = ACTIVATIONS[activation]\n"
  "        values = [f(neuron_sum(row, values, bias))\n"
  "                  for row, bias in zip(weights.tolist(), biases.tolist())]\n"
  "    return values[0]\n"
  "\n"
  "\n"
  "def classify(raw_inputs):\n"
  "    \"\"\"The class NeuronLab shows: CLASSES[1] when predict() >= 0.5.\"\"\"\n"
  "    return CLASSES[1] if predict(raw_inputs) >= 0.5 else CLASSES[0]\n",

  [NL_TASK_MULTICLASS] =
  "\n"
  "\n"
  "def predict(raw_inputs):\n"
  "    \"\"\"The probability of each of CLASSES for one row of raw input values.\"\"\"\n"
  "    if len(raw_inputs) != len(INPUT_NAMES):\n"
  "        raise ValueError(\"%d values are needed, one per input: %s\"\n"
  "                         % (len(INPUT_NAMES), \", \".join(INPUT_NAMES)))\n"
  "    values = [(float(v) - shift) / scale\n"
  "              for v, shift, scale in zip(raw_inputs, SHIFT.tolist(), SCALE.tolist())]\n"
  "    for weights, biases, activation in LAYERS:\n"
  "        sums = [neuron_sum(row, values, bias)\n"
  "                for row, bias in zip(weights.tolist(), biases.tolist())]\n"
  "        if activation == \"softmax\":\n"
  "            values = softmax(sums)\n"
  "        else:\n"
  "            values = [ACTIVATIONS[activation](z) for z in sums]\n"
  "    return values\n"
  "\n"
  "\n"
  "def classify(raw_inputs):\n"
  "    \"\"\"The class NeuronLab shows and its probability: the most probable\n"
  "    class, the first of equal ones.\"\"\"\n"
  "    p = predict(raw_inputs)\n"
  "    best = 0\n"
  "    for k in range(1, len(p)):\n"
  "        if p[k] > p[best]:\n"
  "            best = k\n"
  "    return CLASSES[best], p[best]\n",

  [NL_TASK_REGRESSION] =
  "\n"
  "\n"
  "def predict(raw_inputs):\n"
  "    \"\"\"The target, in its own units, for one row of raw input values.\"\"\"\n"
  "    if len(raw_inputs) != len(INPUT_NAMES):\n"
  "        raise ValueError(\"%d values are needed, one per input: %s\"\n"
  "                         % (len(INPUT_NAMES), \", \".join(INPUT_NAMES)))\n"
  "    values = [(float(v) - shift) / scale\n"
  "              for v, shift, scale in zip(raw_inputs, SHIFT.tolist(), SCALE.tolist())]\n"
  "    for weights, biases, activation in LAYERS:\n"
  "        f = ACTIVATIONS[activation]\n"
  "        values = [f(neuron_sum(row, values, bias))\n"
  "                  for row, bias in zip(weights.tolist(), biases.tolist())]\n"
  "    return values[0] * TARGET_SCALE + TARGET_SHIFT\n",
};

static const char *script_parse_row =
  "\n"
  "\n"
  "# A number as NeuronLab reads one: a point for decimals, whatever the locale.\n"
  "NUMBER = re.compile(r\"[ \\t]*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?[ \\t]*\\Z\")\n"
  "\n"
  "\n"
  "def parse_row(text):\n"
  "    parts = text.split(\",\")\n"
  "    if len(parts) != len(INPUT_NAMES):\n"
  "        raise ValueError(\"\\u201c%s\\u201d needs %d comma-separated values, one per input\"\n"
  "                         % (text, len(INPUT_NAMES)))\n"
  "    row = []\n"
  "    for part, name in zip(parts, INPUT_NAMES):\n"
  "        value = float(part) if NUMBER.match(part) else math.nan\n"
  "        if not math.isfinite(value):\n"
  "            raise ValueError(\"\\u201c%s\\u201d: \\u201c%s\\u201d is not a number (%s)\"\n"
  "                             % (text, part, name))\n"
  "        row.append(value)\n"
  "    return row\n"
  "\n"
  "\n"
  "def main(argv):\n"
  "    exact = \"--exact\" in argv[1:]\n"
  "    rows = [a for a in argv[1:] if a != \"--exact\"]\n"
  "    if not rows or \"--help\" in rows or \"-h\" in rows:\n"
  "        print(\"Usage: python3 %s [--exact] V1,V2,... [V1,V2,... ...]\" % argv[0],\n"
  "              file=sys.stderr)\n"
  "        return 2\n"
  "    for text in rows:\n"
  "        try:\n";

/* The body of main()'s loop of each task: the lines neuronlab-cli predict
 * prints. */
static const char *const script_main[NL_N_TASKS] = {
  [NL_TASK_BINARY] =
  "            p = predict(parse_row(text))\n"
  "        except ValueError as e:\n"
  "            print(\"%s: %s\" % (argv[0], e), file=sys.stderr)\n"
  "            return 1\n"
  "        label = CLASSES[1] if p >= 0.5 else CLASSES[0]\n"
  "        if exact:\n"
  "            print(\"predict %s: %r %s\" % (text, p, label))\n"
  "        else:\n"
  "            print(\"predict %s: %.3f %s\" % (text, p, label))\n",

  [NL_TASK_MULTICLASS] =
  "            label, p = classify(parse_row(text))\n"
  "        except ValueError as e:\n"
  "            print(\"%s: %s\" % (argv[0], e), file=sys.stderr)\n"
  "            return 1\n"
  "        if exact:\n"
  "            print(\"predict %s: %r %s\" % (text, p, label))\n"
  "        else:\n"
  "            print(\"predict %s: %.3f %s\" % (text, p, label))\n",

  [NL_TASK_REGRESSION] =
  "            value = predict(parse_row(text))\n"
  "        except ValueError as e:\n"
  "            print(\"%s: %s\" % (argv[0], e), file=sys.stderr)\n"
  "            return 1\n"
  "        if exact:\n"
  "            print(\"predict %s: %r\" % (text, value))\n"
  "        else:\n"
  "            print(\"predict %s: %.6g\" % (text, value))\n",
};

static const char *script_end =
  "    return 0\n"
  "\n"
  "\n"
  "if __name__ == \"__main__\":\n"
  "    sys.exit(main(sys.argv))\n";

static NlStatus
check (const NlNet     *net,
       const NlDataset *ds,
       NlError         *error)
{
  const NlColumn *label;
  NlTask task;

  if (net == NULL || ds == NULL)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s",
                         _("There is no network or no table to export"));
  label = ds->label_column >= 0 && (size_t) ds->label_column < ds->n_columns
          ? &ds->columns[ds->label_column] : NULL;
  if (label == NULL || (label->kind != NL_COLUMN_TARGET
                        && (label->kind != NL_COLUMN_LABEL || label->n_classes < 2)))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s",
                         _("The table has no label column with classes, nor a target"));
  for (size_t k = 0; label->kind == NL_COLUMN_LABEL && k < label->n_classes; k++)
    if (label->classes[k] == NULL)
      return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s",
                           _("The table has no label column with two classes"));
  /* Only the size: the script computes any output activation, and older
   * projects may have a binary output of tanh or ReLU. */
  nl_dataset_task (ds, &task);
  if (nl_net_n_outputs (net) != nl_task_n_outputs (&task))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The network's output layer does not fit the table's task (%s)"),
                         nl_task_name (task.kind));
  if (nl_dataset_n_inputs (ds) != nl_net_n_inputs (net))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The network has %zu inputs but the table %zu input columns"),
                         nl_net_n_inputs (net), nl_dataset_n_inputs (ds));
  if (!nl_net_is_finite (net))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s",
                         _("The network has a parameter that is not a number"));
  return NL_OK;
}

static void
write_header (FILE            *f,
              const NlNet     *net,
              const NlDataset *ds,
              const NlTask    *task)
{
  const NlColumn *label = &ds->columns[ds->label_column];
  size_t n_inputs = nl_net_n_inputs (net);
  size_t last = net->n_layers - 1;
  size_t n_outputs = nl_net_n_outputs (net);

  fprintf (f, "#!/usr/bin/env python3\n"
           "# A neural network trained in NeuronLab, as a standalone Python script.\n"
           "#\n"
           "# Generated by NeuronLab. predict() gives the %s NeuronLab gives\n"
           "# for the same raw values: it normalises them as the table does, then feeds\n"
           "# them forward through the trained weights, adding in NeuronLab's order.\n"
           "#\n", task->kind == NL_TASK_REGRESSION ? "numbers" : "probabilities");
  fprintf (f, "# Architecture: %zu input%s", n_inputs, n_inputs == 1 ? "" : "s");
  for (size_t l = 1; l < last; l++)
    fprintf (f, " -> %zu %s", net->sizes[l], nl_activation_name (net->activation[l]));
  fprintf (f, " -> %zu output%s, %s\n", n_outputs, n_outputs == 1 ? "" : "s",
           nl_activation_name (net->activation[last]));
  fputs ("# Inputs: ", f);
  for (size_t i = 0; i < n_inputs; i++)
    {
      if (i > 0)
        fputs (", ", f);
      put_comment_text (f, ds->columns[nl_dataset_input_column (ds, i)].name);
    }
  switch (task->kind)
    {
    case NL_TASK_MULTICLASS:
      fputs ("\n# Output: the probability that ", f);
      put_comment_text (f, label->name);
      fputs (" is each of its classes, one an output: ", f);
      for (size_t k = 0; k < label->n_classes; k++)
        {
          if (k > 0)
            fputs (", ", f);
          put_comment_text (f, label->classes[k]);
        }
      fputs ("\n"
             "#\n"
             "# Usage: python3 SCRIPT.py V1,V2,... [V1,V2,... ...]   one line per row, as\n"
             "#        neuronlab-cli predict prints it: the top class and its probability;\n"
             "#        --exact prints the probabilities with every digit. Or import it and\n"
             "#        call predict() or classify().\n", f);
      break;
    case NL_TASK_REGRESSION:
      fputs ("\n# Output: ", f);
      put_comment_text (f, label->name);
      fputs (", in its own units (the network's output is it standardised)\n"
             "#\n"
             "# Usage: python3 SCRIPT.py V1,V2,... [V1,V2,... ...]   one line per row, as\n"
             "#        neuronlab-cli predict prints it; --exact prints the numbers with\n"
             "#        every digit. Or import it and call predict().\n", f);
      break;
    case NL_TASK_BINARY:
    case NL_N_TASKS:
    default:
      fputs ("\n# Output: the probability that ", f);
      put_comment_text (f, label->name);
      fputs (" is ", f);
      put_comment_text (f, label->classes[1]);
      fputs (" (otherwise ", f);
      put_comment_text (f, label->classes[0]);
      fputs (")\n"
             "#\n"
             "# Usage: python3 SCRIPT.py V1,V2,... [V1,V2,... ...]   one line per row, as\n"
             "#        neuronlab-cli predict prints it; --exact prints the probabilities\n"
             "#        with every digit. Or import it and call predict() or classify().\n", f);
      break;
    }
  fputs ("\n"
         "import math\n"
         "import re\n"
         "import sys\n"
         "\n"
         "import numpy as np\n", f);
}

/* @values is scratch space for one number per input. */
static void
write_constants (FILE            *f,
                 const NlNet     *net,
                 const NlDataset *ds,
                 const NlTask    *task,
                 double          *values)
{
  const NlColumn *label = &ds->columns[ds->label_column];
  size_t n_inputs = nl_net_n_inputs (net);

  fputs ("\n"
         "# The input columns, in the order predict() takes their raw values.\n"
         "INPUT_NAMES = [", f);
  for (size_t i = 0; i < n_inputs; i++)
    {
      if (i > 0)
        fputs (", ", f);
      put_string (f, ds->columns[nl_dataset_input_column (ds, i)].name);
    }
  fputs ("]\n"
         "\n"
         "# Each raw input v goes into the network as (v - SHIFT[i]) / SCALE[i].\n", f);
  for (size_t i = 0; i < n_inputs; i++)
    values[i] = ds->columns[nl_dataset_input_column (ds, i)].shift;
  fputs ("SHIFT = np.array(", f);
  put_doubles (f, values, n_inputs, 16);
  fputs (", dtype=np.float64)\n", f);
  for (size_t i = 0; i < n_inputs; i++)
    {
      double scale = ds->columns[nl_dataset_input_column (ds, i)].scale;

      /* As nl_dataset_normalize(): a scale of 0 divides by 1. */
      values[i] = scale != 0.0 ? scale : 1.0;
    }
  fputs ("SCALE = np.array(", f);
  put_doubles (f, values, n_inputs, 16);
  fputs (", dtype=np.float64)\n", f);

  if (task->kind == NL_TASK_REGRESSION)
    {
      char buf[64];

      /* As nl_task_decode_value(): output * scale + shift. */
      fputs ("\n"
             "# predict() gives the network's output * TARGET_SCALE + TARGET_SHIFT, the\n"
             "# target in its own units.\n"
             "TARGET_SHIFT = ", f);
      _nl_project_format_double (label->shift, buf, sizeof buf);
      fputs (buf, f);
      fputs ("\nTARGET_SCALE = ", f);
      _nl_project_format_double (label->scale, buf, sizeof buf);
      fputs (buf, f);
      fputs ("\n", f);
    }
  else
    {
      fputs (task->kind == NL_TASK_MULTICLASS
             ? "\n"
               "# The label's classes, one an output: predict() gives their probabilities.\n"
               "CLASSES = ["
             : "\n"
               "# The label's classes: predict() is the probability of CLASSES[1].\n"
               "CLASSES = [", f);
      for (size_t k = 0; k < label->n_classes; k++)
        {
          if (k > 0)
            fputs (", ", f);
          put_string (f, label->classes[k]);
        }
      fputs ("]\n", f);
    }

  for (size_t l = 1; l < net->n_layers; l++)
    {
      size_t n_in = net->sizes[l - 1];
      const char *what = l + 1 == net->n_layers ? "the output" : "hidden";

      fprintf (f, "\n"
               "# Layer %zu, %s: %zu neuron%s, %s. Row j of W%zu holds neuron j's weights\n"
               "# over the %zu value%s of the layer below; B%zu holds the biases.\n",
               l, what, net->sizes[l], net->sizes[l] == 1 ? "" : "s",
               nl_activation_name (net->activation[l]), l,
               n_in, n_in == 1 ? "" : "s", l);
      fprintf (f, "W%zu = np.array([\n", l);
      for (size_t j = 0; j < net->sizes[l]; j++)
        {
          fputs ("    ", f);
          put_doubles (f, net->params + nl_net_weight_index (net, l, j, 0), n_in, 4);
          fputs (",\n", f);
        }
      fputs ("], dtype=np.float64)\n", f);
      fprintf (f, "B%zu = np.array(", l);
      put_doubles (f, net->params + nl_net_bias_index (net, l, 0), net->sizes[l], 13);
      fputs (", dtype=np.float64)\n", f);
    }

  fputs ("\n"
         "# The layers from the first hidden one to the output.\n"
         "LAYERS = [\n", f);
  for (size_t l = 1; l < net->n_layers; l++)
    fprintf (f, "    (W%zu, B%zu, \"%s\"),\n", l, l, nl_activation_name (net->activation[l]));
  fputs ("]\n", f);
}

NlStatus
nl_python_write (const NlNet     *net,
                 const NlDataset *ds,
                 char           **out_text,
                 NlError         *error)
{
  char *text = NULL;
  size_t length = 0;
  double *values;
  FILE *f;
  int failed;
  NlStatus status;
  NlTask task;

  if (out_text == NULL)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("Nowhere to write the script"));
  *out_text = NULL;
  if ((status = check (net, ds, error)) != NL_OK)
    return status;

  /* check() made sure the network has at least one input. */
  values = calloc (nl_net_n_inputs (net), sizeof *values);
  f = values != NULL ? open_memstream (&text, &length) : NULL;
  if (f == NULL)
    {
      free (values);
      return nl_error_nomem (error);
    }
  nl_dataset_task (ds, &task);
  write_header (f, net, ds, &task);
  fputs (script_functions, f);
  if (task.kind == NL_TASK_MULTICLASS)
    fputs (script_softmax, f);
  write_constants (f, net, ds, &task, values);
  fputs (script_neuron_sum, f);
  fputs (script_predict[task.kind], f);
  fputs (script_parse_row, f);
  fputs (script_main[task.kind], f);
  fputs (script_end, f);
  failed = ferror (f);
  free (values);
  if (fclose (f) != 0 || failed)
    {
      free (text);
      return nl_error_nomem (error);
    }

  *out_text = text;
  return NL_OK;
}

NlStatus
nl_python_write_file (const NlNet     *net,
                      const NlDataset *ds,
                      const char      *path,
                      NlError         *error)
{
  char *text = NULL;
  NlStatus status;

  if ((status = nl_python_write (net, ds, &text, error)) != NL_OK)
    return status;
  status = nl_file_write_atomic (path, text, strlen (text), error);
  free (text);
  return status;
}
