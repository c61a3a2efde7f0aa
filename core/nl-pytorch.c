/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-pytorch.c: writing a trained network as a PyTorch script.
 *
 * The script is for a learner to read and go on with, so it uses PyTorch
 * the usual way (nn.Linear layers, torch.optim, the functional losses, a
 * loop over batches) and writes only the one loss and the one optimizer
 * the run used, each with a line on how it matches NeuronLab's rule.
 * Everything is float64, as in NeuronLab, so its predictions agree with
 * the app's to about 1e-15 relative (PyTorch adds the products in its own
 * order; nl-python.c's NumPy script reproduces NeuronLab's order exactly),
 * and one epoch of per-sample SGD gives NeuronLab's weights as closely.
 *
 * Regularisation is a penalty added to the loss, L1 * sum |w| + L2 / 2 *
 * sum w^2 over the weights: its gradient is exactly the terms NeuronLab
 * adds (L1 * sign(w) + L2 * w, nothing on the biases), it reads as the
 * objective NeuronLab's contract defines, and it works the same for every
 * optimizer. torch.optim's weight_decay would decay the biases too and has
 * no L1; AdamW's decoupled decay is another rule.
 *
 * The shuffle, when on, is PyTorch's torch.randperm from SHUFFLE_SEED, a
 * new order every epoch as in NeuronLab, but not NeuronLab's sequence of
 * orders. The optimizer takes NeuronLab's memory (velocities, Adam's steps
 * and moments) into its state, so training goes on where NeuronLab's run
 * stopped, as NeuronLab's own next run would.
 */
#include "nl-pytorch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl-file.h"
#include "nl-i18n.h"
#include "nl-python-private.h"
#include "nl-task.h"

static const char *script_imports =
  "\n"
  "import math\n"
  "import re\n"
  "import sys\n"
  "\n"
  "import torch\n"
  "import torch.nn.functional as F\n"
  "from torch import nn\n"
  "\n"
  "# NeuronLab computes in double precision; so does everything here.\n"
  "DTYPE = torch.float64\n";

/* The class, up to the layers' nn.Linear lines (see write_network()). */
static const char *script_network =
  "\n"
  "\n"
  "ACTIVATIONS = {\n"
  "    \"sigmoid\": torch.sigmoid,\n"
  "    \"tanh\": torch.tanh,\n"
  "    \"relu\": torch.relu,\n"
  "    \"linear\": lambda z: z,\n"
  "    \"softmax\": lambda z: torch.softmax(z, dim=-1),\n"
  "}\n"
  "\n"
  "\n"
  "class Network(nn.Module):\n"
  "    \"\"\"The network as NeuronLab has it: fully connected layers, each with its\n"
  "    activation, starting from NeuronLab's trained parameters.\"\"\"\n"
  "\n"
  "    def __init__(self):\n"
  "        super().__init__()\n"
  "        self.layers = nn.ModuleList([\n";

/* After the layers' nn.Linear lines. */
static const char *script_network_tail =
  "        ])\n"
  "        self.activations = [activation for _, _, activation in LAYERS]\n"
  "        with torch.no_grad():\n"
  "            for layer, (weights, biases, _) in zip(self.layers, LAYERS):\n"
  "                layer.weight.copy_(torch.tensor(weights, dtype=DTYPE))\n"
  "                layer.bias.copy_(torch.tensor(biases, dtype=DTYPE))\n"
  "\n"
  "    def logits(self, x):\n"
  "        \"\"\"The output layer's weighted sums, before its activation.\"\"\"\n"
  "        for layer, activation in zip(self.layers[:-1], self.activations[:-1]):\n"
  "            x = ACTIVATIONS[activation](layer(x))\n"
  "        return self.layers[-1](x)\n"
  "\n"
  "    def forward(self, x):\n"
  "        \"\"\"The outputs for a row (or rows) of normalised inputs.\"\"\"\n"
  "        return ACTIVATIONS[self.activations[-1]](self.logits(x))\n"
  "\n"
  "    def neuronlab_parameters(self):\n"
  "        \"\"\"The parameters in NeuronLab's order: the weights layer by layer,\n"
  "        neuron by neuron, then the biases.\"\"\"\n"
  "        weights = [v for layer in self.layers for v in layer.weight.flatten().tolist()]\n"
  "        return weights + [v for layer in self.layers for v in layer.bias.tolist()]\n"
  "\n"
  "\n"
  "MODEL = Network()\n";

/* The Network class: its layers written out, one nn.Linear(inputs,
 * neurons) each, so that the architecture reads in the class. */
static void
write_network (FILE        *f,
               const NlNet *net)
{
  fputs (script_network, f);
  for (size_t l = 1; l < net->n_layers; l++)
    fprintf (f, "            nn.Linear(%zu, %zu, dtype=DTYPE),%*s# %s, %s\n",
             net->sizes[l - 1], net->sizes[l],
             net->sizes[l - 1] < 10 && net->sizes[l] < 10 ? 2 : 1, "",
             l + 1 == net->n_layers ? "output" : "hidden",
             nl_activation_name (net->activation[l]));
  fputs (script_network_tail, f);
}

/* data_loss(): the one that matches NeuronLab's loss for the output layer
 * and loss function at hand, by case (see write_loss()). */
static const char *script_loss_mse_one =
  "\n"
  "\n"
  "def data_loss(model, x, y):\n"
  "    \"\"\"NeuronLab's loss, MSE: the mean over the rows of (y - p)^2.\"\"\"\n"
  "    return F.mse_loss(model(x)[:, 0], y)\n";

static const char *script_loss_bce_sigmoid =
  "\n"
  "\n"
  "def data_loss(model, x, y):\n"
  "    \"\"\"NeuronLab's loss, cross-entropy: the mean over the rows of\n"
  "    -(y log p + (1 - y) log(1 - p)). Computed from the output's sum z, so\n"
  "    that its gradient is p - y exactly, as NeuronLab's. (NeuronLab keeps p\n"
  "    within [1e-12, 1 - 1e-12] for the loss's value.)\"\"\"\n"
  "    return F.binary_cross_entropy_with_logits(model.logits(x)[:, 0], y)\n";

static const char *script_loss_bce_other =
  "\n"
  "\n"
  "def data_loss(model, x, y):\n"
  "    \"\"\"NeuronLab's loss, cross-entropy on an output that is not a sigmoid:\n"
  "    the mean over the rows of -(y log p + (1 - y) log(1 - p)), p kept within\n"
  "    [1e-12, 1 - 1e-12] as NeuronLab keeps it.\"\"\"\n"
  "    p = model(x)[:, 0].clamp(1e-12, 1.0 - 1e-12)\n"
  "    return -(y * torch.log(p) + (1.0 - y) * torch.log(1.0 - p)).mean()\n";

static const char *script_loss_cross_entropy =
  "\n"
  "\n"
  "def data_loss(model, x, y):\n"
  "    \"\"\"NeuronLab's loss, cross-entropy: the mean over the rows of -log p of\n"
  "    the true class. Computed from the softmax's sums, so that its gradient is\n"
  "    p - y exactly, as NeuronLab's. (NeuronLab keeps p at 1e-12 or more for\n"
  "    the loss's value.)\"\"\"\n"
  "    return F.cross_entropy(model.logits(x), y)\n";

static const char *script_loss_mse_classes =
  "\n"
  "\n"
  "def data_loss(model, x, y):\n"
  "    \"\"\"NeuronLab's loss, MSE: the mean over the rows and outputs of (y - p)^2,\n"
  "    the target one-hot.\"\"\"\n"
  "    return F.mse_loss(model(x), F.one_hot(y, len(CLASSES)).to(DTYPE))\n";

static const char *script_loss_bce_classes =
  "\n"
  "\n"
  "def data_loss(model, x, y):\n"
  "    \"\"\"NeuronLab's loss, cross-entropy on outputs that are not a softmax: the\n"
  "    sum over the outputs of -(y log p + (1 - y) log(1 - p)), the target\n"
  "    one-hot and p kept within [1e-12, 1 - 1e-12], averaged over the rows.\"\"\"\n"
  "    p = model(x).clamp(1e-12, 1.0 - 1e-12)\n"
  "    y = F.one_hot(y, len(CLASSES)).to(DTYPE)\n"
  "    return -(y * torch.log(p) + (1.0 - y) * torch.log(1.0 - p)).sum(dim=1).mean()\n";

static const char *script_penalty =
  "\n"
  "\n"
  "def penalty(model):\n"
  "    \"\"\"The regularisation NeuronLab adds to the objective: L1 * sum |w| +\n"
  "    L2 / 2 * sum w^2 over the weights, never the biases. Its gradient is\n"
  "    L1 * sign(w) + L2 * w, the terms NeuronLab adds to each weight's\n"
  "    gradient. (torch.optim's weight_decay would decay the biases too, and\n"
  "    has no L1.) The losses printed are the data's alone, as NeuronLab's.\"\"\"\n"
  "    total = 0.0\n"
  "    for layer in model.layers:\n"
  "        total = total + L1 * layer.weight.abs().sum() + L2 / 2 * layer.weight.pow(2).sum()\n"
  "    return total\n";

static const char *const script_optimizer[NL_N_OPTIMIZERS] = {
  [NL_OPTIMIZER_SGD] =
  "\n"
  "\n"
  "def make_optimizer(model):\n"
  "    \"\"\"Plain SGD, as NeuronLab's: p -= LEARNING_RATE * g.\"\"\"\n"
  "    return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)\n",

  [NL_OPTIMIZER_MOMENTUM] =
  "\n"
  "\n"
  "def make_optimizer(model):\n"
  "    \"\"\"SGD with momentum. PyTorch's rule is NeuronLab's: v = MOMENTUM v + g,\n"
  "    p -= LEARNING_RATE * v, v starting at zero (with dampening 0).\"\"\"\n"
  "    return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM,\n"
  "                           dampening=0)\n",

  [NL_OPTIMIZER_ADAM] =
  "\n"
  "\n"
  "def make_optimizer(model):\n"
  "    \"\"\"Adam, as NeuronLab's: at step t, m = BETA1 m + (1 - BETA1) g,\n"
  "    v = BETA2 v + (1 - BETA2) g^2, p -= LEARNING_RATE * m_hat / (sqrt(v_hat)\n"
  "    + EPSILON) with m_hat = m / (1 - BETA1^t), v_hat = v / (1 - BETA2^t).\"\"\"\n"
  "    return torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(BETA1, BETA2),\n"
  "                            eps=EPSILON)\n",
};

/* load_memory(): NeuronLab's memory into the optimizer's state, as each
 * torch.optim optimizer keeps it, or nothing. */
static const char *script_load_memory[NL_N_OPTIMIZERS] = {
  [NL_OPTIMIZER_SGD] =
  "\n"
  "\n"
  "def load_memory(model, optimizer):\n"
  "    \"\"\"Plain SGD keeps no memory.\"\"\"\n",

  [NL_OPTIMIZER_MOMENTUM] =
  "\n"
  "\n"
  "def load_memory(model, optimizer):\n"
  "    \"\"\"Gives the optimizer NeuronLab's velocities, as torch.optim.SGD keeps\n"
  "    them (its \"momentum_buffer\"); without them it starts from zero.\"\"\"\n"
  "    if FIRST is None:\n"
  "        return\n"
  "    for layer, (weights, biases) in zip(model.layers, FIRST):\n"
  "        optimizer.state[layer.weight][\"momentum_buffer\"] = torch.tensor(weights, dtype=DTYPE)\n"
  "        optimizer.state[layer.bias][\"momentum_buffer\"] = torch.tensor(biases, dtype=DTYPE)\n",

  [NL_OPTIMIZER_ADAM] =
  "\n"
  "\n"
  "def load_memory(model, optimizer):\n"
  "    \"\"\"Gives the optimizer NeuronLab's memory as torch.optim.Adam keeps it: the\n"
  "    steps taken (\"step\") and each parameter's m (\"exp_avg\") and v\n"
  "    (\"exp_avg_sq\"); without them it starts from zero.\"\"\"\n"
  "    if FIRST is None:\n"
  "        return\n"
  "    for layer, first, second in zip(model.layers, FIRST, SECOND):\n"
  "        for p, m, v in ((layer.weight, first[0], second[0]), (layer.bias, first[1], second[1])):\n"
  "            optimizer.state[p][\"step\"] = torch.tensor(float(STEPS))\n"
  "            optimizer.state[p][\"exp_avg\"] = torch.tensor(m, dtype=DTYPE)\n"
  "            optimizer.state[p][\"exp_avg_sq\"] = torch.tensor(v, dtype=DTYPE)\n",
};

static const char *script_train =
  "\n"
  "\n"
  "# The shuffles' generator, one for the whole session.\n"
  "GENERATOR = torch.Generator().manual_seed(SHUFFLE_SEED)\n"
  "\n"
  "\n"
  "def train(model, epochs):\n"
  "    \"\"\"Trains the model EPOCHS more epochs on TRAIN_X as NeuronLab does:\n"
  "    BATCH_SIZE rows a step, the gradient the mean over the batch's rows, in\n"
  "    the table's order (or, with SHUFFLE, a new order every epoch, drawn by\n"
  "    PyTorch: not the orders NeuronLab draws). The optimizer goes on from\n"
  "    NeuronLab's memory, as NeuronLab's next run would. Prints the loss over\n"
  "    the training rows (and the test rows) after each epoch, as NeuronLab\n"
  "    reports it.\"\"\"\n"
  "    # One optimizer a model, kept from call to call so that its memory goes on.\n"
  "    if not hasattr(model, \"optimizer\"):\n"
  "        model.optimizer = make_optimizer(model)\n"
  "        load_memory(model, model.optimizer)\n"
  "    optimizer = model.optimizer\n"
  "    n = len(TRAIN_X)\n"
  "    for epoch in range(1, epochs + 1):\n"
  "        order = torch.randperm(n, generator=GENERATOR) if SHUFFLE else torch.arange(n)\n"
  "        for start in range(0, n, BATCH_SIZE):\n"
  "            rows = order[start:start + BATCH_SIZE]\n"
  "            optimizer.zero_grad()\n"
  "            loss = data_loss(model, TRAIN_X[rows], TRAIN_Y[rows])\n"
  "            if L1 != 0.0 or L2 != 0.0:\n"
  "                loss = loss + penalty(model)\n"
  "            loss.backward()\n"
  "            optimizer.step()\n"
  "        with torch.no_grad():\n"
  "            line = \"Epoch %d loss: %.6f\" % (epoch, data_loss(model, TRAIN_X, TRAIN_Y).item())\n"
  "            if len(TEST_X) > 0:\n"
  "                line += \" test loss: %.6f\" % data_loss(model, TEST_X, TEST_Y).item()\n"
  "        print(line)\n"
  "\n"
  "\n"
  "def normalise(raw_inputs):\n"
  "    \"\"\"A row of raw input values as the network takes it.\"\"\"\n"
  "    if len(raw_inputs) != len(INPUT_NAMES):\n"
  "        raise ValueError(\"%d values are needed, one per input: %s\"\n"
  "                         % (len(INPUT_NAMES), \", \".join(INPUT_NAMES)))\n"
  "    return (torch.tensor([float(v) for v in raw_inputs], dtype=DTYPE) - SHIFT) / SCALE\n";

/* predict() and classify() of each task (NlTaskKind order): what the NumPy
 * script's give. */
static const char *const script_predict[NL_N_TASKS] = {
  [NL_TASK_BINARY] =
  "\n"
  "\n"
  "def predict(raw_inputs):\n"
  "    \"\"\"The probability of CLASSES[1] for one row of raw input values.\"\"\"\n"
  "    with torch.no_grad():\n"
  "        return MODEL(normalise(raw_inputs))[0].item()\n"
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
  "    with torch.no_grad():\n"
  "        return MODEL(normalise(raw_inputs)).tolist()\n"
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
  "    with torch.no_grad():\n"
  "        return MODEL(normalise(raw_inputs))[0].item() * TARGET_SCALE + TARGET_SHIFT\n",
};

static const char *script_main_head =
  "\n"
  "\n"
  "USAGE = \"\"\"Usage: python3 %s [--train EPOCHS] [--parameters] [--exact] [V1,V2,... ...]\n"
  "  V1,V2,...        predict for these raw input values, one line each, as\n"
  "                   neuronlab-cli predict prints it (--exact: every digit)\n"
  "  --train EPOCHS   first train EPOCHS more epochs on the rows above,\n"
  "                   printing the loss after each\n"
  "  --parameters     print the parameters (after training) in NeuronLab's\n"
  "                   order\"\"\"\n"
  "\n"
  "\n"
  "def main(argv):\n"
  "    exact = parameters = False\n"
  "    epochs = 0\n"
  "    rows = []\n"
  "    args = iter(argv[1:])\n"
  "    for arg in args:\n"
  "        if arg == \"--exact\":\n"
  "            exact = True\n"
  "        elif arg == \"--parameters\":\n"
  "            parameters = True\n"
  "        elif arg == \"--train\":\n"
  "            value = next(args, \"\")\n"
  "            if not value.isdigit():\n"
  "                print(\"%s: --train takes a whole number of epochs, not \\u201c%s\\u201d\"\n"
  "                      % (argv[0], value), file=sys.stderr)\n"
  "                return 2\n"
  "            epochs = int(value)\n"
  "        elif arg in (\"--help\", \"-h\"):\n"
  "            print(USAGE % argv[0])\n"
  "            return 0\n"
  "        else:\n"
  "            rows.append(arg)\n"
  "    if not rows and not epochs and not parameters:\n"
  "        print(USAGE % argv[0], file=sys.stderr)\n"
  "        return 2\n"
  "    if epochs > 0 and len(TRAIN_X) == 0:\n"
  "        print(\"%s: there are no rows to train on\" % argv[0], file=sys.stderr)\n"
  "        return 1\n"
  "    if epochs > 0:\n"
  "        train(MODEL, epochs)\n"
  "    if parameters:\n"
  "        print(\"parameters:\", \" \".join(repr(v) for v in MODEL.neuronlab_parameters()))\n"
  "    for text in rows:\n"
  "        try:\n";

static const char *script_end =
  "    return 0\n"
  "\n"
  "\n"
  "if __name__ == \"__main__\":\n"
  "    sys.exit(main(sys.argv))\n";

static void
write_header (FILE            *f,
              const NlNet     *net,
              const NlDataset *ds,
              const NlTask    *task)
{
  fputs ("#!/usr/bin/env python3\n"
         "# A neural network trained in NeuronLab, as a PyTorch script.\n"
         "#\n"
         "# Generated by NeuronLab: the same network as a torch.nn.Module in float64\n"
         "# with its trained weights, the table's normalisation, the training\n"
         "# settings as a torch.optim optimizer and a loss, the rows NeuronLab trains\n"
         "# on and a training loop over them, to carry on in PyTorch where NeuronLab\n"
         "# stopped.\n"
         "#\n", f);
  _nl_python_put_description (f, net, ds, task);
  fputs ("#\n"
         "# Usage: python3 SCRIPT.py V1,V2,... [V1,V2,... ...]   one line per row, as\n"
         "#        neuronlab-cli predict prints it; --exact prints every digit.\n"
         "#        python3 SCRIPT.py --train EPOCHS [V1,V2,... ...]   trains EPOCHS\n"
         "#        more epochs first, printing the loss after each; --parameters\n"
         "#        prints the parameters in NeuronLab's order. Or import it: MODEL is\n"
         "#        the network, train(MODEL, EPOCHS) trains it, predict() predicts.\n", f);
  fputs (script_imports, f);
}

/* The script's constants are plain lists (LAYERS), made tensors when
 * the module is built; the normalisation is tensors at once. */
static const NlScriptArrays torch_arrays = {
  "torch.tensor(", ", dtype=DTYPE)", 19, "[\n", "]\n", "", "", 5,
};

/* NAME_X and NAME_Y: @m's rows, normalised, and their targets as the
 * loss takes them (see write_data()). */
static void
write_rows (FILE           *f,
            const char     *name,
            const NlMatrix *m,
            size_t          n_inputs,
            const NlTask   *task)
{
  if (m == NULL || m->n_rows == 0)
    {
      fprintf (f, "%s_X = torch.empty((0, %zu), dtype=DTYPE)\n", name, n_inputs);
      fprintf (f, "%s_Y = torch.empty((0,), dtype=%s)\n", name,
               task->kind == NL_TASK_MULTICLASS ? "torch.long" : "DTYPE");
      return;
    }
  fprintf (f, "%s_X = torch.tensor([\n", name);
  for (size_t r = 0; r < m->n_rows; r++)
    {
      fputs ("    ", f);
      _nl_python_put_doubles (f, m->x + r * m->n_inputs, m->n_inputs, 4);
      fputs (",\n", f);
    }
  fputs ("], dtype=DTYPE)\n", f);
  if (task->kind == NL_TASK_MULTICLASS)
    {
      /* Class indices, as many to a line as fit in 79 columns. */
      size_t column = (size_t) fprintf (f, "%s_Y = torch.tensor([", name);

      for (size_t r = 0; r < m->n_rows; r++)
        {
          char buf[32];
          size_t len = (size_t) snprintf (buf, sizeof buf, "%lu", (unsigned long) m->y[r]);

          if (r > 0 && column + 2 + len > 77)
            {
              fputs (",\n    ", f);
              column = 4;
            }
          else if (r > 0)
            {
              fputs (", ", f);
              column += 2;
            }
          fputs (buf, f);
          column += len;
        }
      fputs ("], dtype=torch.long)\n", f);
    }
  else
    {
      fprintf (f, "%s_Y = torch.tensor(", name);
      _nl_python_put_doubles (f, m->y, m->n_rows, strlen (name) + 15);
      fputs (", dtype=DTYPE)\n", f);
    }
}

/* The rows the loop trains on and the test rows, split as NeuronLab splits
 * them. A table with no row to train on gives none, and the script says so
 * when asked to train. */
static NlStatus
write_data (FILE              *f,
            const NlNet       *net,
            const NlDataset   *ds,
            const NlRunPolicy *policy,
            const NlTask      *task,
            NlError           *error)
{
  NlMatrix all = { 0 }, train = { 0 }, test = { 0 };
  NlError ignored = { 0 };
  size_t n_inputs = nl_net_n_inputs (net);
  int have_rows;

  have_rows = nl_dataset_to_matrix (ds, &all, &ignored) == NL_OK && all.n_rows > 0;
  if (have_rows && policy != NULL && policy->test_percent > 0)
    {
      if (nl_run_split (policy, &all, &train, &test, error) != NL_OK)
        {
          nl_matrix_clear (&all);
          return error != NULL ? error->status : NL_ERR_INVALID;
        }
    }
  else if (have_rows)
    {
      train = all;
      memset (&all, 0, sizeof all);
    }

  fputs ("\n"
         "# The rows NeuronLab trains on, normalised as above, in the table's order.\n", f);
  switch (task->kind)
    {
    case NL_TASK_MULTICLASS:
      fputs ("# TRAIN_Y holds each row's class, an index into CLASSES.", f);
      break;
    case NL_TASK_REGRESSION:
      fputs ("# TRAIN_Y holds each row's target, standardised: (target - TARGET_SHIFT) /\n"
             "# TARGET_SCALE.", f);
      break;
    case NL_TASK_BINARY:
    case NL_N_TASKS:
    default:
      fputs ("# TRAIN_Y holds each row's class: 1.0 for CLASSES[1], 0.0 for CLASSES[0].", f);
      break;
    }
  if (test.n_rows > 0)
    fprintf (f, "\n# TEST_X and TEST_Y hold the %zu test rows, held out of training.\n", test.n_rows);
  else
    fputs ("\n# There are no test rows.\n", f);
  write_rows (f, "TRAIN", &train, n_inputs, task);
  write_rows (f, "TEST", &test, n_inputs, task);

  nl_matrix_clear (&test);
  nl_matrix_clear (&train);
  nl_matrix_clear (&all);
  return NL_OK;
}

/* data_loss() for the output layer and loss at hand. */
static const char *
loss_function (const NlNet          *net,
               const NlTrainOptions *options)
{
  NlActivation output = net->activation[net->n_layers - 1];

  if (nl_net_n_outputs (net) == 1)
    {
      if (options->loss != NL_LOSS_BCE)
        return script_loss_mse_one;
      return output == NL_ACTIVATION_SIGMOID ? script_loss_bce_sigmoid : script_loss_bce_other;
    }
  if (options->loss != NL_LOSS_BCE)
    return script_loss_mse_classes;
  return output == NL_ACTIVATION_SOFTMAX ? script_loss_cross_entropy : script_loss_bce_classes;
}

NlStatus
nl_pytorch_write (const NlNet             *net,
                  const NlDataset         *ds,
                  const NlTrainOptions    *options,
                  const NlOptimizerMemory *memory,
                  const NlRunPolicy       *policy,
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
  NlOptimizer optimizer;

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
  optimizer = options->optimizer;

  /* _nl_python_check() made sure the network has at least one input. */
  values = calloc (nl_net_n_inputs (net), sizeof *values);
  f = values != NULL ? open_memstream (&text, &length) : NULL;
  if (f == NULL)
    {
      free (values);
      return nl_error_nomem (error);
    }
  nl_dataset_task (ds, &task);
  write_header (f, net, ds, &task);
  _nl_python_put_constants (f, net, ds, &task, &torch_arrays, values);
  _nl_python_put_settings (f, options, &task);
  if (optimizer != NL_OPTIMIZER_SGD && !_nl_python_put_memory (f, net, options, memory))
    fputs ("\n"
           "# The optimizer's memory: none yet, the optimizer starts from zero.\n"
           "STEPS = 0\n"
           "FIRST = SECOND = None\n", f);
  else if (optimizer == NL_OPTIMIZER_MOMENTUM)
    fputs ("SECOND = None\n", f);
  status = write_data (f, net, ds, policy, &task, error);
  write_network (f, net);
  fputs (loss_function (net, options), f);
  fputs (script_penalty, f);
  fputs (script_optimizer[optimizer], f);
  fputs (script_load_memory[optimizer], f);
  fputs (script_train, f);
  fputs (script_predict[task.kind], f);
  fputs (_nl_python_parse_row, f);
  fputs (script_main_head, f);
  fputs (_nl_python_main_body[task.kind], f);
  fputs (script_end, f);
  failed = ferror (f);
  free (values);
  if (fclose (f) != 0 || failed || status != NL_OK)
    {
      free (text);
      return status != NL_OK ? status : nl_error_nomem (error);
    }

  *out_text = text;
  return NL_OK;
}

NlStatus
nl_pytorch_write_file (const NlNet             *net,
                       const NlDataset         *ds,
                       const NlTrainOptions    *options,
                       const NlOptimizerMemory *memory,
                       const NlRunPolicy       *policy,
                       const char              *path,
                       NlError                 *error)
{
  char *text = NULL;
  NlStatus status;

  if ((status = nl_pytorch_write (net, ds, options, memory, policy, &text, error)) != NL_OK)
    return status;
  status = nl_file_write_atomic (path, text, strlen (text), error);
  free (text);
  return status;
}
