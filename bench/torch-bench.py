#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# torch-bench.py: the reference point for `neuronlab-cli bench --batch N`:
# the same data, the same starting weights, the same network and the same
# mini-batch SGD, trained by PyTorch on the CPU in one thread, in float64.
#
#   torch-bench.py DATA LAYERS N EPOCHS BATCH
#
# DATA is what bench-data writes for LAYERS, N and the seed. Prints one line,
# `impl=pytorch samples_per_s=... final_mse=... cpu_samples_per_s=...`, in
# the form neuronlab-cli bench prints, so bench/run can put them side by
# side. What makes the two comparable:
# - sigmoid on every layer (neuronlab-cli bench's network), nn.Linear layers
#   holding neuronlab's starting weights (row j of a layer's weight matrix is
#   neuron j's weights, as in net->params);
# - the loss is MSELoss (the batch's mean of (y - y_pred)^2 for one output,
#   which is neuronlab's MSE and its mean gradient over the batch);
# - optim.SGD at learning rate 0.1 (neuronlab's default), no momentum, the
#   batches in table order (neuronlab-cli bench does not shuffle), the last
#   batch of an epoch smaller;
# - only the epochs are timed; final_mse is over all the rows after them.
import sys
import time

import numpy as np
import torch


def main():
    if len(sys.argv) != 6:
        sys.stderr.write("Usage: torch-bench.py DATA LAYERS N EPOCHS BATCH\n")
        return 2
    path = sys.argv[1]
    sizes = [int(s) for s in sys.argv[2].split(",")]
    n, epochs, batch = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    torch.set_num_threads(1)

    raw = np.fromfile(path, dtype=np.float64)
    n_in = sizes[0]
    x = torch.from_numpy(raw[:n * n_in].reshape(n, n_in).copy())
    y = torch.from_numpy(raw[n * n_in:n * n_in + n].reshape(n, 1).copy())
    params = raw[n * n_in + n:]
    n_weights = sum(sizes[i] * sizes[i - 1] for i in range(1, len(sizes)))

    layers = []
    w_at, b_at = 0, n_weights
    for i in range(1, len(sizes)):
        lin = torch.nn.Linear(sizes[i - 1], sizes[i]).double()
        with torch.no_grad():
            count = sizes[i] * sizes[i - 1]
            lin.weight.copy_(torch.from_numpy(params[w_at:w_at + count].reshape(sizes[i], sizes[i - 1]).copy()))
            lin.bias.copy_(torch.from_numpy(params[b_at:b_at + sizes[i]].copy()))
        w_at += count
        b_at += sizes[i]
        layers += [lin, torch.nn.Sigmoid()]
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = torch.nn.MSELoss()

    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(epochs):
        for i in range(0, n, batch):
            optimizer.zero_grad()
            loss = loss_fn(model(x[i:i + batch]), y[i:i + batch])
            loss.backward()
            optimizer.step()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    with torch.no_grad():
        final = float(((model(x) - y) ** 2).mean())
    print("impl=pytorch samples_per_s=%.0f final_mse=%.6f cpu_samples_per_s=%.0f"
          % (n * epochs / wall, final, n * epochs / cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main())
