#!/usr/bin/env python3
"""Writes a random sparse ReLU chip as a neurofail.chip/1 JSON file ("type": "sparse" hidden layers, a dense readout).

Used to measure the bounds on sparse chips (Docs/performance.md, "Bounds on sparse chips"): each hidden neuron reads
`--fan-in` distinct units of the layer before, drawn uniformly; weights N(0, (1/sqrt(fan-in))^2), biases N(0, 0.1^2),
readout weights N(0, (1/sqrt(width))^2). Deterministic for a seed. Standard library only.

    python3 scripts/make-sparse-chip.py --inputs 100 --layers 4 --width 20000 --fan-in 50 --outputs 10 --out chip.json
"""
import argparse
import json
import random
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--inputs", type=int, default=100)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--width", type=int, default=20000)
    p.add_argument("--fan-in", type=int, default=50)
    p.add_argument("--outputs", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    if min(a.inputs, a.layers, a.width, a.fan_in, a.outputs) < 1 or a.fan_in > min(a.inputs, a.width):
        sys.exit("make-sparse-chip.py: every count must be >= 1 and --fan-in at most --inputs and --width")
    rng = random.Random(a.seed)
    std = a.fan_in ** -0.5
    with open(a.out, "w") as f:
        f.write('{"format": "neurofail.chip/1", "name": "sparse-%dx%d-k%d", "inputs": %d,\n'
                % (a.layers, a.width, a.fan_in, a.inputs))
        f.write(' "inputDomain": {"lower": 0, "upper": 1}, "activation": {"function": "relu", "lipschitz": 1},\n')
        f.write(' "layers": [\n')
        fed = a.inputs
        for layer in range(a.layers):
            sources = [sorted(rng.sample(range(fed), a.fan_in)) for _ in range(a.width)]
            weights = [[round(rng.gauss(0, std), 6) for _ in row] for row in sources]
            bias = [round(rng.gauss(0, 0.1), 6) for _ in range(a.width)]
            f.write('  {"type": "sparse", "sources": %s,\n   "weights": %s,\n   "bias": %s}%s\n'
                    % (json.dumps(sources), json.dumps(weights), json.dumps(bias), "," if layer < a.layers - 1 else ""))
            fed = a.width
        readout = [[round(rng.gauss(0, fed ** -0.5), 6) for _ in range(fed)] for _ in range(a.outputs)]
        f.write(' ],\n "readout": {"weights": %s, "bias": %s}}\n' % (json.dumps(readout), json.dumps([0] * a.outputs)))


if __name__ == "__main__":
    main()
