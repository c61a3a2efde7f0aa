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
 *
 * After predict() comes train(): the run's settings as constants and
 * NeuronLab's update rule (nl-train.h) written out in NumPy, one row's
 * gradients at a time, added in the batch's order and divided by its size,
 * each parameter moved as update_one() in nl-train.c moves it, with the
 * optimizer's memory the project keeps. It is written to be read, not to
 * be fast, and reaches the core's parameters bit for bit on the tests'
 * networks (its forward pass uses np's products, so in general to the last
 * bits).
 *
 * What the PyTorch script (nl-pytorch.c) shares with this one is in
 * nl-python-private.h.
 */
#include "nl-python.h"
#include "nl-python-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl-file.h"
#include "nl-i18n.h"
#include "nl-project-private.h"
#include "nl-task.h"
#include "nl-utf8.h"

void
_nl_python_put_string (FILE       *f,
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

void
_nl_python_put_comment_text (FILE       *f,
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

void
_nl_python_put_double (FILE   *f,
                       double  v)
{
  char buf[64];

  _nl_project_format_double (v, buf, sizeof buf);
  fputs (buf, f);
}

void
_nl_python_put_doubles (FILE         *f,
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

/* train() and what it needs, written after predict(): the same for every
 * task but target_vector() (script_target_vector) and the words on targets
 * in train()'s documentation. */
static const char *script_train_head =
  "\n"
  "\n"
  "# Training further: NeuronLab's update rule, written out with NumPy so that it\n"
  "# can be read. (predict() above does not use these functions.)\n"
  "\n"
  "\n"
  "def normalise(raw_inputs):\n"
  "    \"\"\"A row of raw input values as the network takes it.\"\"\"\n"
  "    return np.array([(float(v) - shift) / scale\n"
  "                     for v, shift, scale in zip(raw_inputs, SHIFT.tolist(), SCALE.tolist())])\n"
  "\n"
  "\n"
  "def activate(activation, z):\n"
  "    \"\"\"An activation of a layer's sums z.\"\"\"\n"
  "    if activation == \"sigmoid\":\n"
  "        with np.errstate(over=\"ignore\"):\n"
  "            return 1.0 / (1.0 + np.exp(-z))\n"
  "    if activation == \"tanh\":\n"
  "        return np.tanh(z)\n"
  "    if activation == \"relu\":\n"
  "        return np.where(z > 0.0, z, 0.0)\n"
  "    if activation == \"softmax\":\n"
  "        e = np.exp(z - np.max(z))\n"
  "        return e / np.sum(e)\n"
  "    return z\n"
  "\n"
  "\n"
  "def derivative(activation, a):\n"
  "    \"\"\"f'(z) of an activation, from its output a = f(z).\"\"\"\n"
  "    if activation == \"sigmoid\":\n"
  "        return a * (1.0 - a)\n"
  "    if activation == \"tanh\":\n"
  "        return 1.0 - a * a\n"
  "    if activation == \"relu\":\n"
  "        return np.where(a > 0.0, 1.0, 0.0)\n"
  "    return np.ones_like(a)\n"
  "\n"
  "\n"
  "def forward(x):\n"
  "    \"\"\"The outputs of every layer for one normalised row x, the inputs first.\"\"\"\n"
  "    outputs = [x]\n"
  "    for weights, biases, activation in LAYERS:\n"
  "        outputs.append(activate(activation, weights @ outputs[-1] + biases))\n"
  "    return outputs\n"
  "\n"
  "\n"
  "def output_delta(p, y):\n"
  "    \"\"\"dLoss/dz for the output layer's sums, for one row: p is its outputs, y\n"
  "    its target as the network sees it (one number, or one-hot over CLASSES).\"\"\"\n"
  "    activation = LAYERS[-1][2]\n"
  "    if LOSS == \"bce\" and (activation == \"softmax\"\n"
  "                          or (activation == \"sigmoid\" and 1e-12 < p[0] < 1.0 - 1e-12)):\n"
  "        return p - y\n"
  "    if LOSS == \"bce\":\n"
  "        q = np.clip(p, 1e-12, 1.0 - 1e-12)\n"
  "        return (-(y / q) + (1.0 - y) / (1.0 - q)) * derivative(activation, p)\n"
  "    g = -2.0 * (y - p) / len(p)  # dLoss/dp of MSE, the mean over the outputs\n"
  "    if activation == \"softmax\":\n"
  "        return p * (g - np.dot(g, p))\n"
  "    return g * derivative(activation, p)\n"
  "\n"
  "\n"
  "def sample_loss(p, y):\n"
  "    \"\"\"The loss of one row, as NeuronLab computes it.\"\"\"\n"
  "    if LOSS == \"bce\" and LAYERS[-1][2] == \"softmax\":\n"
  "        return -math.log(max(float(np.dot(p, y)), 1e-12))\n"
  "    if LOSS == \"bce\":\n"
  "        q = np.clip(p, 1e-12, 1.0 - 1e-12)\n"
  "        return float(np.sum(-(y * np.log(q) + (1.0 - y) * np.log(1.0 - q))))\n"
  "    return float(np.mean((y - p) ** 2))\n"
  "\n"
  "\n"
  "def gradients(x, y):\n"
  "    \"\"\"dLoss/dW and dLoss/dB of each layer for one row: backpropagation.\"\"\"\n"
  "    outputs = forward(x)\n"
  "    delta = output_delta(outputs[-1], y)\n"
  "    grads = [None] * len(LAYERS)\n"
  "    for l in range(len(LAYERS) - 1, -1, -1):\n"
  "        grads[l] = (np.outer(delta, outputs[l]), delta)\n"
  "        if l > 0:\n"
  "            delta = (LAYERS[l][0].T @ delta) * derivative(LAYERS[l - 1][2], outputs[l])\n"
  "    return grads\n"
  "\n";

/* After the optimizer's memory (write_memory()). */
static const char *script_train_update =
  "\n"
  "# The shuffles' generator, one for the whole session.\n"
  "RNG = np.random.default_rng(SHUFFLE_SEED)\n"
  "\n"
  "\n"
  "def update(p, g, is_weight, first, second, t):\n"
  "    \"\"\"One step of NeuronLab's update rule for the parameters p (in place),\n"
  "    given g, the mean of their gradients over the batch.\"\"\"\n"
  "    if is_weight:\n"
  "        g = g + L1 * np.sign(p) + L2 * p\n"
  "    if OPTIMIZER == \"momentum\":\n"
  "        first *= MOMENTUM\n"
  "        first += g                        # v = MOMENTUM v + g\n"
  "        step = LEARNING_RATE * first\n"
  "    elif OPTIMIZER == \"adam\":\n"
  "        first *= BETA1\n"
  "        first += (1.0 - BETA1) * g        # m = BETA1 m + (1 - BETA1) g\n"
  "        second *= BETA2\n"
  "        second += (1.0 - BETA2) * (g * g)   # v = BETA2 v + (1 - BETA2) g^2\n"
  "        m_hat = first / (1.0 - BETA1 ** t)\n"
  "        v_hat = second / (1.0 - BETA2 ** t)\n"
  "        step = LEARNING_RATE * m_hat / (np.sqrt(v_hat) + EPSILON)\n"
  "    else:\n"
  "        step = LEARNING_RATE * g\n"
  "    p -= step\n"
  "\n"
  "\n"
  "def train(rows, targets, epochs=1):\n"
  "    \"\"\"Trains the network further as NeuronLab does, on rows of raw input\n"
  "    values and their targets (";

static const char *const script_train_targets[NL_N_TASKS] = {
  [NL_TASK_BINARY] =
  "class names in CLASSES",
  [NL_TASK_MULTICLASS] =
  "class names in CLASSES",
  [NL_TASK_REGRESSION] =
  "numbers in the target's units",
};

static const char *script_train_tail =
  "): EPOCHS passes over the rows,\n"
  "    BATCH_SIZE rows a step. Returns the loss over all the rows after each\n"
  "    pass; predict() then uses the new weights.\"\"\"\n"
  "    global STEPS\n"
  "    xs = [normalise(row) for row in rows]\n"
  "    ys = [target_vector(t) for t in targets]\n"
  "    order = list(range(len(xs)))\n"
  "    losses = []\n"
  "    for _ in range(epochs):\n"
  "        if SHUFFLE:\n"
  "            RNG.shuffle(order)  # NumPy's generator: not the orders NeuronLab draws\n"
  "        for start in range(0, len(order), BATCH_SIZE):\n"
  "            batch = order[start:start + BATCH_SIZE]\n"
  "            total = None\n"
  "            for i in batch:  # the rows' gradients added in the batch's order\n"
  "                grads = gradients(xs[i], ys[i])\n"
  "                total = grads if total is None else [\n"
  "                    (tw + gw, tb + gb) for (tw, tb), (gw, gb) in zip(total, grads)]\n"
  "            STEPS += 1\n"
  "            for (w, b, _), (gw, gb), (fw, fb), (sw, sb) in zip(LAYERS, total, FIRST, SECOND):\n"
  "                update(w, gw / len(batch), True, fw, sw, STEPS)\n"
  "                update(b, gb / len(batch), False, fb, sb, STEPS)\n"
  "        losses.append(sum(sample_loss(forward(x)[-1], y) for x, y in zip(xs, ys)) / len(xs))\n"
  "    return losses\n";

static const char *const script_target_vector[NL_N_TASKS] = {
  [NL_TASK_BINARY] =
  "\n"
  "\n"
  "def target_vector(target):\n"
  "    \"\"\"A row's class (a name in CLASSES, or its index) as the network's target.\"\"\"\n"
  "    k = CLASSES.index(target) if target in CLASSES else int(target)\n"
  "    return np.array([float(k)])\n",

  [NL_TASK_MULTICLASS] =
  "\n"
  "\n"
  "def target_vector(target):\n"
  "    \"\"\"A row's class (a name in CLASSES, or its index) as the network's target:\n"
  "    one-hot.\"\"\"\n"
  "    k = CLASSES.index(target) if target in CLASSES else int(target)\n"
  "    y = np.zeros(len(CLASSES))\n"
  "    y[k] = 1.0\n"
  "    return y\n",

  [NL_TASK_REGRESSION] =
  "\n"
  "\n"
  "def target_vector(target):\n"
  "    \"\"\"A row's target, in its own units, as the network's: standardised.\"\"\"\n"
  "    return np.array([(float(target) - TARGET_SHIFT) / TARGET_SCALE])\n",
};

const char *const _nl_python_parse_row =
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
  "    return row\n";

static const char *script_main_head =
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
const char *const _nl_python_main_body[NL_N_TASKS] = {
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

NlStatus
_nl_python_check (const NlNet     *net,
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

void
_nl_python_put_description (FILE            *f,
                            const NlNet     *net,
                            const NlDataset *ds,
                            const NlTask    *task)
{
  const NlColumn *label = &ds->columns[ds->label_column];
  size_t n_inputs = nl_net_n_inputs (net);
  size_t last = net->n_layers - 1;
  size_t n_outputs = nl_net_n_outputs (net);

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
      _nl_python_put_comment_text (f, ds->columns[nl_dataset_input_column (ds, i)].name);
    }
  switch (task->kind)
    {
    case NL_TASK_MULTICLASS:
      fputs ("\n# Output: the probability that ", f);
      _nl_python_put_comment_text (f, label->name);
      fputs (" is each of its classes, one an output: ", f);
      for (size_t k = 0; k < label->n_classes; k++)
        {
          if (k > 0)
            fputs (", ", f);
          _nl_python_put_comment_text (f, label->classes[k]);
        }
      fputs ("\n", f);
      break;
    case NL_TASK_REGRESSION:
      fputs ("\n# Output: ", f);
      _nl_python_put_comment_text (f, label->name);
      fputs (", in its own units (the network's output is it standardised)\n", f);
      break;
    case NL_TASK_BINARY:
    case NL_N_TASKS:
    default:
      fputs ("\n# Output: the probability that ", f);
      _nl_python_put_comment_text (f, label->name);
      fputs (" is ", f);
      _nl_python_put_comment_text (f, label->classes[1]);
      fputs (" (otherwise ", f);
      _nl_python_put_comment_text (f, label->classes[0]);
      fputs (")\n", f);
      break;
    }
}

/* How to run the script, for each task. */
static const char *const script_usage[NL_N_TASKS] = {
  [NL_TASK_BINARY] =
  "#\n"
  "# Usage: python3 SCRIPT.py V1,V2,... [V1,V2,... ...]   one line per row, as\n"
  "#        neuronlab-cli predict prints it; --exact prints the probabilities\n"
  "#        with every digit. Or import it and call predict() or classify(),\n"
  "#        and train() to train it further.\n",

  [NL_TASK_MULTICLASS] =
  "#\n"
  "# Usage: python3 SCRIPT.py V1,V2,... [V1,V2,... ...]   one line per row, as\n"
  "#        neuronlab-cli predict prints it: the top class and its probability;\n"
  "#        --exact prints the probabilities with every digit. Or import it and\n"
  "#        call predict() or classify(), and train() to train it further.\n",

  [NL_TASK_REGRESSION] =
  "#\n"
  "# Usage: python3 SCRIPT.py V1,V2,... [V1,V2,... ...]   one line per row, as\n"
  "#        neuronlab-cli predict prints it; --exact prints the numbers with\n"
  "#        every digit. Or import it and call predict(), and train() to train\n"
  "#        it further.\n",
};

static void
write_header (FILE            *f,
              const NlNet     *net,
              const NlDataset *ds,
              const NlTask    *task)
{
  fprintf (f, "#!/usr/bin/env python3\n"
           "# A neural network trained in NeuronLab, as a standalone Python script.\n"
           "#\n"
           "# Generated by NeuronLab. predict() gives the %s NeuronLab gives\n"
           "# for the same raw values: it normalises them as the table does, then feeds\n"
           "# them forward through the trained weights, adding in NeuronLab's order.\n"
           "# train() trains it further with NeuronLab's settings and update rule.\n"
           "#\n", task->kind == NL_TASK_REGRESSION ? "numbers" : "probabilities");
  _nl_python_put_description (f, net, ds, task);
  fputs (script_usage[task->kind], f);
  fputs ("\n"
         "import math\n"
         "import re\n"
         "import sys\n"
         "\n"
         "import numpy as np\n", f);
}

/* One "NAME = value" line of the settings, its comment aligned. */
static void
put_setting (FILE       *f,
             const char *name,
             double      value,
             const char *comment)
{
  char buf[64];
  int n;

  _nl_project_format_double (value, buf, sizeof buf);
  /* A rate written "1" is still a float in the script. */
  if (strpbrk (buf, ".eni") == NULL)
    strcat (buf, ".0");
  n = fprintf (f, "%s = %s", name, buf);
  if (comment != NULL)
    fprintf (f, "%*s# %s", n < 24 ? 24 - n : 1, "", comment);
  fputc ('\n', f);
}

void
_nl_python_put_settings (FILE                 *f,
                         const NlTrainOptions *options,
                         const NlTask         *task)
{
  const char *loss_comment;
  int n;

  if (options->loss == NL_LOSS_BCE)
    loss_comment = task->kind == NL_TASK_MULTICLASS
                   ? "cross-entropy: the mean over the rows of -log p[true class]"
                   : "cross-entropy: the mean of -(y log p + (1 - y) log(1 - p))";
  else
    loss_comment = "the mean over the rows (and outputs) of (y - p)^2";
  fputs ("\n"
         "# How NeuronLab trained the network: the settings of its run, which the\n"
         "# training below uses. Each step's gradient g is the mean over the batch's\n"
         "# rows of dLoss/dp, plus L1 * sign(p) + L2 * p for a weight (not a bias).\n", f);
  n = fprintf (f, "LOSS = \"%s\"", nl_loss_name (options->loss));
  fprintf (f, "%*s# %s\n", n < 24 ? 24 - n : 1, "", loss_comment);
  n = fprintf (f, "OPTIMIZER = \"%s\"", nl_optimizer_name (options->optimizer));
  fprintf (f, "%*s# %s\n", n < 24 ? 24 - n : 1, "",
           options->optimizer == NL_OPTIMIZER_ADAM ? "Adam, with BETA1, BETA2 and EPSILON"
           : options->optimizer == NL_OPTIMIZER_MOMENTUM ? "SGD with momentum: v = MOMENTUM v + g"
           : "SGD: p -= LEARNING_RATE * g");
  put_setting (f, "LEARNING_RATE", options->learning_rate, NULL);
  put_setting (f, "MOMENTUM", options->momentum, "mu, for \"momentum\"");
  put_setting (f, "BETA1", options->beta1, "for \"adam\"");
  put_setting (f, "BETA2", options->beta2, "for \"adam\"");
  put_setting (f, "EPSILON", options->epsilon, "for \"adam\"");
  n = fprintf (f, "BATCH_SIZE = %zu", options->batch_size);
  fprintf (f, "%*s# %s\n", n < 24 ? 24 - n : 1, "",
           options->batch_size == 1 ? "rows a step: one, the tutorial's per-sample SGD"
                                    : "rows a step (the last of an epoch may have fewer)");
  put_setting (f, "L1", options->l1, "regularisation rates, on the weights only");
  put_setting (f, "L2", options->l2, NULL);
  n = fprintf (f, "SHUFFLE = %s", options->shuffle ? "True" : "False");
  fprintf (f, "%*s# %s\n", n < 24 ? 24 - n : 1, "",
           "a new order of the rows every epoch, or the table's");
  fprintf (f, "SHUFFLE_SEED = %llu\n", (unsigned long long) options->shuffle_seed);
}

/* One layer's share of @values (one per parameter, NULL: zeros) as the
 * Python literal "([[w...], ...], [b...])", its rows at @indent. */
static void
put_layer_values (FILE         *f,
                  const NlNet  *net,
                  size_t        l,
                  const double *values,
                  size_t        indent)
{
  size_t n_in = net->sizes[l - 1], n = net->sizes[l];
  double *zeros = NULL;

  if (values == NULL)
    {
      zeros = calloc (net->n_params, sizeof *zeros);
      values = zeros;
      if (zeros == NULL)
        {
          /* The caller sees the stream's error. */
          fputs ("<out of memory>", f);
          return;
        }
    }
  fputs ("([\n", f);
  for (size_t j = 0; j < n; j++)
    {
      fprintf (f, "%*s", (int) indent + 4, "");
      _nl_python_put_doubles (f, values + nl_net_weight_index (net, l, j, 0), n_in, indent + 4);
      fputs (",\n", f);
    }
  fprintf (f, "%*s], ", (int) indent, "");
  _nl_python_put_doubles (f, values + nl_net_bias_index (net, l, 0), n, indent + 3);
  fputs (")", f);
  free (zeros);
}

int
_nl_python_put_memory (FILE                    *f,
                       const NlNet             *net,
                       const NlTrainOptions    *options,
                       const NlOptimizerMemory *memory)
{
  int adam = options->optimizer == NL_OPTIMIZER_ADAM;

  if (memory == NULL || memory->first == NULL || memory->steps == 0
      || options->optimizer == NL_OPTIMIZER_SGD)
    return 0;
  fputs (adam ? "\n"
                "# The optimizer's memory where NeuronLab's run left it, to go on from:\n"
                "# the steps taken (Adam's t) and, for each layer's weights and biases,\n"
                "# their first moments m (FIRST) and second moments v (SECOND).\n"
              : "\n"
                "# The optimizer's memory where NeuronLab's run left it, to go on from:\n"
                "# the steps taken and, for each layer's weights and biases, their\n"
                "# velocities (FIRST).\n", f);
  fprintf (f, "STEPS = %llu\n"
           "FIRST = [\n", (unsigned long long) memory->steps);
  for (size_t l = 1; l < net->n_layers; l++)
    {
      fputs ("    ", f);
      put_layer_values (f, net, l, memory->first, 4);
      fputs (",\n", f);
    }
  fputs ("]\n", f);
  if (adam)
    {
      fputs ("SECOND = [\n", f);
      for (size_t l = 1; l < net->n_layers; l++)
        {
          fputs ("    ", f);
          put_layer_values (f, net, l, memory->second, 4);
          fputs (",\n", f);
        }
      fputs ("]\n", f);
    }
  return 1;
}

/* The NumPy script's memory: NeuronLab's, as arrays, or zeros. */
static void
write_memory (FILE                    *f,
              const NlNet             *net,
              const NlTrainOptions    *options,
              const NlOptimizerMemory *memory)
{
  if (_nl_python_put_memory (f, net, options, memory))
    {
      fputs ("FIRST = [(np.array(w), np.array(b)) for w, b in FIRST]\n", f);
      if (options->optimizer == NL_OPTIMIZER_ADAM)
        fputs ("SECOND = [(np.array(w), np.array(b)) for w, b in SECOND]\n", f);
      else
        fputs ("SECOND = [(np.zeros_like(w), np.zeros_like(b)) for w, b, _ in LAYERS]\n", f);
      return;
    }
  fputs ("\n"
         "# The optimizer's memory, from zero: the steps taken (Adam's t) and, for each\n"
         "# layer's weights and biases, their velocity (momentum) or first moment m\n"
         "# (Adam), and Adam's second moment v.\n"
         "STEPS = 0\n"
         "FIRST = [(np.zeros_like(w), np.zeros_like(b)) for w, b, _ in LAYERS]\n"
         "SECOND = [(np.zeros_like(w), np.zeros_like(b)) for w, b, _ in LAYERS]\n", f);
}

const NlScriptArrays _nl_python_numpy_arrays = {
  "np.array(", ", dtype=np.float64)", 16, "np.array([\n", "], dtype=np.float64)\n",
  "np.array(", ", dtype=np.float64)", 13,
};

void
_nl_python_put_constants (FILE                 *f,
                          const NlNet          *net,
                          const NlDataset      *ds,
                          const NlTask         *task,
                          const NlScriptArrays *arrays,
                          double               *values)
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
      _nl_python_put_string (f, ds->columns[nl_dataset_input_column (ds, i)].name);
    }
  fputs ("]\n"
         "\n"
         "# Each raw input v goes into the network as (v - SHIFT[i]) / SCALE[i].\n", f);
  for (size_t i = 0; i < n_inputs; i++)
    values[i] = ds->columns[nl_dataset_input_column (ds, i)].shift;
  fprintf (f, "SHIFT = %s", arrays->vector_open);
  _nl_python_put_doubles (f, values, n_inputs, arrays->vector_indent);
  fprintf (f, "%s\n", arrays->vector_close);
  for (size_t i = 0; i < n_inputs; i++)
    {
      double scale = ds->columns[nl_dataset_input_column (ds, i)].scale;

      /* As nl_dataset_normalize(): a scale of 0 divides by 1. */
      values[i] = scale != 0.0 ? scale : 1.0;
    }
  fprintf (f, "SCALE = %s", arrays->vector_open);
  _nl_python_put_doubles (f, values, n_inputs, arrays->vector_indent);
  fprintf (f, "%s\n", arrays->vector_close);

  if (task->kind == NL_TASK_REGRESSION)
    {
      /* As nl_task_decode_value(): output * scale + shift. */
      fputs ("\n"
             "# predict() gives the network's output * TARGET_SCALE + TARGET_SHIFT, the\n"
             "# target in its own units; the network learns (target - TARGET_SHIFT) /\n"
             "# TARGET_SCALE.\n"
             "TARGET_SHIFT = ", f);
      _nl_python_put_double (f, label->shift);
      fputs ("\nTARGET_SCALE = ", f);
      _nl_python_put_double (f, label->scale);
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
          _nl_python_put_string (f, label->classes[k]);
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
      fprintf (f, "W%zu = %s", l, arrays->matrix_open);
      for (size_t j = 0; j < net->sizes[l]; j++)
        {
          fputs ("    ", f);
          _nl_python_put_doubles (f, net->params + nl_net_weight_index (net, l, j, 0), n_in, 4);
          fputs (",\n", f);
        }
      fputs (arrays->matrix_close, f);
      fprintf (f, "B%zu = %s", l, arrays->bias_open);
      _nl_python_put_doubles (f, net->params + nl_net_bias_index (net, l, 0), net->sizes[l],
                              arrays->bias_indent);
      fprintf (f, "%s\n", arrays->bias_close);
    }

  fputs ("\n"
         "# The layers from the first hidden one to the output.\n"
         "LAYERS = [\n", f);
  for (size_t l = 1; l < net->n_layers; l++)
    fprintf (f, "    (W%zu, B%zu, \"%s\"),\n", l, l, nl_activation_name (net->activation[l]));
  fputs ("]\n", f);
}

NlStatus
nl_python_write (const NlNet             *net,
                 const NlDataset         *ds,
                 const NlTrainOptions    *options,
                 const NlOptimizerMemory *memory,
                 char                   **out_text,
                 NlError                 *error)
{
  NlTrainOptions defaults;
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
  if ((status = _nl_python_check (net, ds, error)) != NL_OK)
    return status;
  if (options == NULL)
    {
      nl_train_options_init (&defaults);
      options = &defaults;
    }
  else if ((status = nl_train_options_check (options, error)) != NL_OK)
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
  _nl_python_put_constants (f, net, ds, &task, &_nl_python_numpy_arrays, values);
  _nl_python_put_settings (f, options, &task);
  fputs (script_neuron_sum, f);
  fputs (script_predict[task.kind], f);
  fputs (script_train_head, f);
  write_memory (f, net, options, memory);
  fputs (script_train_update, f);
  fputs (script_train_targets[task.kind], f);
  fputs (script_train_tail, f);
  fputs (script_target_vector[task.kind], f);
  fputs (_nl_python_parse_row, f);
  fputs (script_main_head, f);
  fputs (_nl_python_main_body[task.kind], f);
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
nl_python_write_file (const NlNet             *net,
                      const NlDataset         *ds,
                      const NlTrainOptions    *options,
                      const NlOptimizerMemory *memory,
                      const char              *path,
                      NlError                 *error)
{
  char *text = NULL;
  NlStatus status;

  if ((status = nl_python_write (net, ds, options, memory, &text, error)) != NL_OK)
    return status;
  status = nl_file_write_atomic (path, text, strlen (text), error);
  free (text);
  return status;
}
