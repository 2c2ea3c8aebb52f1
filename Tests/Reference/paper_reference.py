#!/usr/bin/env python3
"""A plain, independent reading of the paper's definitions, used by the Swift tests as a cross-check.

El Mhamdi, Guerraoui, Rouault, "On the Robustness of a Neural Network" (SRDS 2017), with the project's own
definitions where the paper leaves a choice (Docs/theory.md):

  * forward pass (Eq. 1-3): y0 = x, y_l = phi_l(W_l y_(l-1) + b_l) for hidden layers l = 1..L,
    F(x) = W_(L+1) y_L + b_(L+1) (linear readout); the bias is added once.
  * activations, each hidden layer its own K_l: relu_K(s) = K max(0, s), sigmoid_K(s) = 1 / (1 + e^(-4 K s)).
  * failures (Def. 2): a crashed neuron sends nothing, its receivers count 0; a crashed synapse delivers nothing.
  * Omega(x) = ||F(x) - F_fail(x)|| (L-inf over outputs by default, or L1, L2). Over every crash set with the
    given counts and every input: Omega_av is the mean, Omega_mav the mean over inputs of the largest Omega over
    crash sets, Omega_max the largest of all. (The paper calls the last two "Omega_max" and "Omega_min".)
  * C_0 = max(|a|, |b|) for the input box [a, b]^d; C_l for l >= 1 by interval propagation of the box through the
    fault-free chip, except that a sigmoid layer reports its range bound 1.
  * Erf (Eq. 4, one K per layer) plus the synapse extension of Docs/theory.md section 2:
        D_l = w_(L+1) * prod_(l' = l+1..L) (N_l' - f_l') K_l' w_l'
        Erf = sum_l C_l f_l D_l + sum_l s_l K_l w_l C_(l-1) D_l + s_(L+1) w_(L+1) C_L
    with w_l = max |W_l| (Erf) or mean |W_l| (Erf_av), times M for L1 and sqrt(M) for L2.
    With crashes "anywhere" (a total f over all hidden layers), Erf is the largest over every placement.

Everything is computed the slow way: every crash set is enumerated with itertools, every forward pass is a
fresh matrix product. It is meant to be read and believed, not to be fast; keep the chips small.

usage: paper_reference.py CHIP.json [--inputs X.csv] [--neurons f1,..,fL | --anywhere f]
                          [--synapses s1,..,s(L+1)] [--norm linf|l1|l2]
prints one JSON object: outputBounds (C_1..C_L), erf, erfAverage, and with --inputs: configurations, inputs,
omegaAverage, omegaMaxAverage, omegaMax, omegaStd.
"""
import argparse
import itertools
import json
import math
import sys

import numpy as np


class Hidden:
    """One hidden layer: weights (N_l x N_(l-1)), bias (N_l), its activation and K."""

    def __init__(self, weights, bias, function, k):
        self.weights = np.array(weights, dtype=float)
        self.bias = np.array(bias, dtype=float)
        self.function = function
        self.k = float(k)

    def activate(self, s):
        if self.function == "relu":
            return self.k * np.maximum(s, 0.0)
        if self.function == "sigmoid":
            return 1.0 / (1.0 + np.exp(-4.0 * self.k * s))
        raise SystemExit(f"paper_reference.py: unsupported activation {self.function!r}")


class Chip:
    def __init__(self, path):
        with open(path, encoding="utf-8-sig") as f:
            doc = json.load(f)
        default = doc.get("activation")
        self.hidden = []
        for layer in doc["layers"]:
            act = layer.get("activation", default)
            self.hidden.append(Hidden(layer["weights"], layer["bias"], act["function"], act["lipschitz"]))
        self.readout_weights = np.array(doc["readout"]["weights"], dtype=float)
        self.readout_bias = np.array(doc["readout"]["bias"], dtype=float)
        box = doc.get("inputDomain", {"lower": 0.0, "upper": 1.0})
        self.lower, self.upper = float(box["lower"]), float(box["upper"])
        self.inputs = int(doc["inputs"])

    @property
    def widths(self):
        return [layer.weights.shape[0] for layer in self.hidden]

    def matrices(self):
        """W_1..W_L then the readout W_(L+1)."""
        return [layer.weights for layer in self.hidden] + [self.readout_weights]

    def run(self, x, dead_neurons, dead_synapses):
        """Outputs for inputs x (rows). dead_neurons[l]: crashed neuron indices of hidden layer l (0-based);
        dead_synapses[m]: crashed (target, source) pairs of matrix m, the readout last."""
        y = x
        for l, layer in enumerate(self.hidden):
            w = layer.weights.copy()
            for target, source in dead_synapses[l]:
                w[target, source] = 0.0  # delivers nothing
            y = layer.activate(y @ w.T + layer.bias)
            for i in dead_neurons[l]:
                y[:, i] = 0.0  # sends nothing: receivers count 0
        w = self.readout_weights.copy()
        for target, source in dead_synapses[-1]:
            w[target, source] = 0.0
        return y @ w.T + self.readout_bias


def deviation(nominal, faulty, norm):
    d = np.abs(nominal - faulty)
    if norm == "linf":
        return d.max(axis=1)
    if norm == "l1":
        return d.sum(axis=1)
    return np.sqrt((d * d).sum(axis=1))


def output_bounds(chip):
    """[C_0, C_1, ..., C_L]."""
    bounds = [max(abs(chip.lower), abs(chip.upper))]
    lo = np.full(chip.inputs, chip.lower)
    hi = np.full(chip.inputs, chip.upper)
    for layer in chip.hidden:
        new_lo, new_hi = [], []
        for row, b in zip(layer.weights, layer.bias):
            low = b + sum(w * (lo[j] if w >= 0 else hi[j]) for j, w in enumerate(row))
            high = b + sum(w * (hi[j] if w >= 0 else lo[j]) for j, w in enumerate(row))
            new_lo.append(low)
            new_hi.append(high)
        lo = layer.activate(np.array(new_lo))  # monotone, so the ends map to the ends
        hi = layer.activate(np.array(new_hi))
        if layer.function == "sigmoid":
            bounds.append(1.0)
        else:
            bounds.append(float(max(np.abs(lo).max(), np.abs(hi).max())))
    return bounds


def erf(chip, neurons, synapses, statistic, norm):
    """Eq. 4 with the synapse terms; statistic is max or mean of |w| per matrix."""
    L = len(chip.hidden)
    w = [float(statistic(np.abs(m))) for m in chip.matrices()]  # w[l-1] is w^(l); w[L] the readout's
    c = output_bounds(chip)  # c[l] is C_l
    n = chip.widths
    k = [layer.k for layer in chip.hidden]

    def downstream(l):  # D_l for 1-based hidden layer l
        d = w[L]
        for lp in range(l + 1, L + 1):
            d *= (n[lp - 1] - neurons[lp - 1]) * k[lp - 1] * w[lp - 1]
        return d

    total = 0.0
    for l in range(1, L + 1):
        total += c[l] * neurons[l - 1] * downstream(l)
        total += synapses[l - 1] * k[l - 1] * w[l - 1] * c[l - 1] * downstream(l)
    total += synapses[L] * w[L] * c[L]
    m = chip.readout_weights.shape[0]
    return total * {"linf": 1.0, "l1": m, "l2": math.sqrt(m)}[norm]


def placements(widths, total):
    """Every (f_1..f_L) with 0 <= f_l <= N_l summing to total."""
    return [f for f in itertools.product(*[range(n + 1) for n in widths]) if sum(f) == total]


def crash_sets(chip, neurons, synapses, anywhere):
    """Every crash set with the given counts, as (dead_neurons, dead_synapses)."""
    pairs = [list(itertools.product(range(m.shape[0]), range(m.shape[1]))) for m in chip.matrices()]
    synapse_choices = [itertools.combinations(p, s) for p, s in zip(pairs, synapses)]
    if anywhere is None:
        neuron_choices = [itertools.combinations(range(n), f) for n, f in zip(chip.widths, neurons)]
        for choice in itertools.product(*neuron_choices, *synapse_choices):
            yield list(choice[: len(neurons)]), list(choice[len(neurons):])
        return
    everyone = [(l, i) for l, n in enumerate(chip.widths) for i in range(n)]
    synapse_sets = list(itertools.product(*synapse_choices))
    for chosen in itertools.combinations(everyone, anywhere):
        dead = [[i for (layer, i) in chosen if layer == l] for l in range(len(chip.widths))]
        for syn in synapse_sets:
            yield dead, list(syn)


def omega(chip, x, neurons, synapses, anywhere, norm):
    L = len(chip.hidden)
    nominal = chip.run(x, [[]] * L, [[]] * (L + 1))
    rows = [deviation(nominal, chip.run(x, dead, syn), norm) for dead, syn in crash_sets(chip, neurons, synapses, anywhere)]
    table = np.array(rows)  # crash sets x inputs
    values = table.ravel()
    mean = math.fsum(values) / values.size
    return {
        "configurations": table.shape[0],
        "inputs": table.shape[1],
        "omegaAverage": mean,
        "omegaMaxAverage": math.fsum(table.max(axis=0)) / table.shape[1],
        "omegaMax": float(values.max()),
        "omegaStd": math.sqrt(math.fsum((values - mean) ** 2) / values.size),  # population, two-pass
    }


def counts(text, length, what):
    values = [int(v) for v in text.split(",")]
    if len(values) != length:
        raise SystemExit(f"paper_reference.py: {what} needs {length} counts, got {text!r}")
    return values


def main(argv):
    parser = argparse.ArgumentParser(description="Plain reference for Omega and Erf (see the module docstring).")
    parser.add_argument("chip")
    parser.add_argument("--inputs")
    parser.add_argument("--neurons")
    parser.add_argument("--anywhere", type=int)
    parser.add_argument("--synapses")
    parser.add_argument("--norm", default="linf", choices=["linf", "l1", "l2"])
    args = parser.parse_args(argv)

    chip = Chip(args.chip)
    L = len(chip.hidden)
    neurons = counts(args.neurons, L, "--neurons") if args.neurons else [0] * L
    synapses = counts(args.synapses, L + 1, "--synapses") if args.synapses else [0] * (L + 1)
    result = {"outputBounds": output_bounds(chip)[1:]}
    if args.anywhere is None:
        result["erf"] = erf(chip, neurons, synapses, np.max, args.norm)
        result["erfAverage"] = erf(chip, neurons, synapses, np.mean, args.norm)
    else:
        every = placements(chip.widths, args.anywhere)
        result["erf"] = max(erf(chip, list(f), synapses, np.max, args.norm) for f in every)
        result["erfAverage"] = max(erf(chip, list(f), synapses, np.mean, args.norm) for f in every)
    if args.inputs:
        with open(args.inputs, encoding="utf-8-sig") as f:
            x = np.array([[float(v) for v in line.split(",")] for line in f if line.strip()], dtype=float)
        result.update(omega(chip, x, neurons, synapses, args.anywhere, args.norm))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
