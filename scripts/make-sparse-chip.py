#!/usr/bin/env python3
"""Writes a random sparse ReLU chip in the chip format ("type": "sparse" layers) for mission benchmarks.

    python3 scripts/make-sparse-chip.py --layers 8 --width 4096 --fan-in 100 --inputs 196 --outputs 10 \
        --seed 1 > /tmp/sparse-8x4096.json

Each neuron draws `fan-in` distinct sources uniformly (all of them when the layer before is narrower), weights
N(0, 2/fan-in) (He), bias 0; the readout is dense. Only the Python standard library; the same seed gives the same
file. Docs/performance.md (missions on sparse chips) uses it.
"""
import argparse
import json
import math
import random
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--layers", type=int, default=8)
    p.add_argument("--width", type=int, default=4096)
    p.add_argument("--fan-in", type=int, default=100)
    p.add_argument("--inputs", type=int, default=196)
    p.add_argument("--outputs", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    if min(a.layers, a.width, a.fan_in, a.inputs, a.outputs) < 1:
        sys.exit("make-sparse-chip.py: --layers, --width, --fan-in, --inputs and --outputs must be >= 1")
    rng = random.Random(a.seed)
    layers = []
    previous = a.inputs
    for _ in range(a.layers):
        k = min(a.fan_in, previous)
        std = math.sqrt(2 / k)
        sources = [sorted(rng.sample(range(previous), k)) for _ in range(a.width)]
        weights = [[round(rng.gauss(0, std), 6) for _ in row] for row in sources]
        layers.append({"type": "sparse", "sources": sources, "weights": weights, "bias": [0] * a.width})
        previous = a.width
    std = math.sqrt(1 / previous)
    readout = {
        "weights": [[round(rng.gauss(0, std), 6) for _ in range(previous)] for _ in range(a.outputs)],
        "bias": [0] * a.outputs,
    }
    chip = {
        "format": "neurofail.chip/1",
        "name": f"sparse-{a.layers}x{a.width}-k{a.fan_in}",
        "inputs": a.inputs,
        "inputDomain": {"lower": 0, "upper": 1},
        "activation": {"function": "relu", "lipschitz": 1},
        "layers": layers,
        "readout": readout,
    }
    json.dump(chip, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
