#!/usr/bin/env python3
"""The NumPy program a user would write instead of NeuroFail: exhaustive Omega, vectorised over the inputs.

It is the baseline of Docs/performance.md. For every crash set (every choice of f_l crashed neurons in each hidden
layer, itertools.product of itertools.combinations) it zeroes the crashed neurons' outputs and runs the chip again,
as matrix products over all inputs at once, starting from the first layer that has a crash (the layers before it
do not change, so their outputs are computed once). It prints the same statistics as `neurofail omega --json` plus
the campaign's time and rate, where a run is one (crash set, input) pair, the paper's unit.

Chip: neurofail.chip/1 (Docs/chip-format.md), relu_K(s) = K max(0, s), sigmoid_K(s) = 1 / (1 + e^(-4 K s)).
usage: numpy_baseline.py CHIP.json f1,..,fL INPUTS.csv
"""
import itertools
import json
import sys
import time

import numpy as np


def load_chip(path):
    with open(path, encoding="utf-8-sig") as f:
        doc = json.load(f)
    layers = []
    for layer in doc["layers"]:
        act = layer.get("activation", doc.get("activation"))
        layers.append((np.asarray(layer["weights"], dtype=np.float64), np.asarray(layer["bias"], dtype=np.float64),
                       act["function"], float(act["lipschitz"])))
    readout = (np.asarray(doc["readout"]["weights"], dtype=np.float64),
               np.asarray(doc["readout"]["bias"], dtype=np.float64))
    return layers, readout


def layer_output(layer, y):
    weights, bias, function, k = layer
    s = y @ weights.T + bias
    if function == "relu":
        return k * np.maximum(s, 0.0)
    return 1.0 / (1.0 + np.exp(-4.0 * k * s))


def main():
    layers, (w_out, b_out) = load_chip(sys.argv[1])
    counts = [int(v) for v in sys.argv[2].split(",")]
    if len(counts) != len(layers):
        raise SystemExit(f"numpy_baseline.py: expected {len(layers)} counts, got {sys.argv[2]!r}")
    x = np.loadtxt(sys.argv[3], delimiter=",", ndmin=2, encoding="utf-8-sig")

    start = time.perf_counter()
    crashed_layers = [l for l, f in enumerate(counts) if f > 0]
    first = crashed_layers[0] if crashed_layers else len(layers)
    prefix = x
    for layer in layers[:first]:
        prefix = layer_output(layer, prefix)
    nominal = prefix
    for layer in layers[first:]:
        nominal = layer_output(layer, nominal)
    nominal = nominal @ w_out.T + b_out

    choices = [itertools.combinations(range(layer[0].shape[0]), f) for layer, f in zip(layers, counts)]
    sets = 0
    total = 0.0
    per_input_max = np.zeros(len(x))
    for crash_set in itertools.product(*choices):
        y = prefix
        for l in range(first, len(layers)):
            y = layer_output(layers[l], y)
            if crash_set[l]:
                y[:, list(crash_set[l])] = 0.0
        deviation = np.abs(y @ w_out.T + b_out - nominal).max(axis=1)
        sets += 1
        total += deviation.sum()
        np.maximum(per_input_max, deviation, out=per_input_max)
    seconds = time.perf_counter() - start

    runs = sets * len(x)
    print(json.dumps({
        "configurations": sets, "inputs": len(x), "omegaAverage": total / runs,
        "omegaMaxAverage": float(per_input_max.mean()), "omegaMax": float(per_input_max.max()),
        "seconds": seconds, "runsPerSecond": runs / seconds,
    }))


if __name__ == "__main__":
    main()
