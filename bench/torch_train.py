#!/usr/bin/python3
"""The peer of bench_train.cpp: the same two models in PyTorch, a plain loop
over pre-loaded tensors, batch 128, on Fashion-MNIST.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_train.py mlp 5 1 [seed=1] [init]

Arguments: mlp|cnn|both, epochs, torch threads, seed (torch.manual_seed: weights,
shuffling, dropout), init: "torch" (default; PyTorch's own: weights
kaiming_uniform(a=sqrt(5)) and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in)), which
is U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for both) or "glorot" (tunet's and Keras's:
weights xavier_uniform, biases 0). Prints the same "RESULT" lines as bench_train
(epoch seconds, test accuracy, inference samples/s at batch 1000).
"""
import gzip
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

DATA = os.environ.get("TUNET_DATA_DIR", "/usr/share/datasets") + "/fashion-mnist"


def idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load():
    x = torch.from_numpy(idx("train-images-idx3-ubyte.gz").astype(np.float32) / 255)
    y = torch.from_numpy(idx("train-labels-idx1-ubyte.gz").astype(np.int64))
    xt = torch.from_numpy(idx("t10k-images-idx3-ubyte.gz").astype(np.float32) / 255)
    yt = torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz").astype(np.int64))
    return x, y, xt, yt


def mlp():
    model = nn.Sequential(nn.Dropout(0.2), nn.Linear(784, 100), nn.ReLU(), nn.Dropout(0.2),
                          nn.Linear(100, 10))
    # Keras's RMSprop: rho 0.9, eps 1e-7 (PyTorch's alpha is Keras's rho).
    return model, torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)


def cnn():
    model = nn.Sequential(nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(16, 36, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(36 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    return model, torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)


def glorot(model):
    for layer in model:
        if isinstance(layer, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)


def run(name, build, x, y, xt, yt, epochs, seed, init):
    torch.manual_seed(seed)
    model, opt = build()
    if init == "glorot":
        glorot(model)
    loss_fn = nn.CrossEntropyLoss()
    n = x.shape[0]
    times = []
    for epoch in range(epochs):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(n)
        for b in range(0, n, 128):
            idx_b = order[b:b + 128]
            opt.zero_grad()
            loss = loss_fn(model(x[idx_b]), y[idx_b])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
        print(f"epoch {epoch + 1}: {times[-1]:.3f} s  loss {loss.item():.4f}", flush=True)
    model.eval()
    with torch.no_grad():
        correct = sum((model(xt[b:b + 1000]).argmax(1) == yt[b:b + 1000]).sum().item()
                      for b in range(0, xt.shape[0], 1000))
        best = 1e30
        for _ in range(10):  # best of ten, as bench_train
            start = time.perf_counter()
            for b in range(0, xt.shape[0], 1000):
                model(xt[b:b + 1000])
            best = min(best, time.perf_counter() - start)
    accuracy = correct / xt.shape[0]
    infer = xt.shape[0] / best
    print(f"test accuracy {accuracy:.4f}, inference {infer:.0f} samples/s (batch 1000)")
    print(f"RESULT torch {name} epochs " + " ".join(f"{t:.4f}" for t in times) +
          f" accuracy {accuracy:.4f} infer {infer:.0f}", flush=True)


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "both"
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    init = sys.argv[5] if len(sys.argv) > 5 else "torch"
    if init not in ("torch", "glorot"):
        sys.exit(f"torch_train.py: init is torch or glorot, not '{init}'")
    torch.set_num_threads(threads)
    print(f"torch {torch.__version__}, {threads} thread(s), OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, seed {seed}, {init} init")
    x, y, xt, yt = load()
    if which in ("mlp", "both"):
        run("mlp", mlp, x.reshape(-1, 784), y, xt.reshape(-1, 784), yt, epochs, seed, init)
    if which in ("cnn", "both"):
        run("cnn", cnn, x.reshape(-1, 1, 28, 28), y, xt.reshape(-1, 1, 28, 28), yt, epochs, seed, init)


if __name__ == "__main__":
    main()
