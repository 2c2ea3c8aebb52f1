#!/usr/bin/env python3
"""The message kernel's yardstick: the same feed-forward network in Brian2, timed in synaptic events per CPU second.

Docs/performance.md ("The message-level kernel") compares NeuroFail's kernel, where every neuron and synapse is a
process and every value a message, with Brian2, the simulator a computational neuroscientist would reach for. The
network is the one of that comparison: 10 inputs, three hidden layers of 500 ReLU neurons, 10 outputs (510,000
synapses, weights N(0, 1/fan-in), seed 1), and 100 inferences.

Brian2 has no value-carrying messages, so each neuron fires on every time step (threshold 'True') and each synapse
adds w * r_pre to its target (on_pre), where r is the neuron's value from the step before; a reset then sets
r = max(v, 0) and v = bias. Values move one layer per step, so inferences are pipelined: step t brings input t into
the first layer while input t - 1 reaches the second. Every step delivers one event on every synapse: 100 inferences
(plus 4 steps to drain the pipeline) are 104 * 510,000 = 53,040,000 synaptic events.

Install (PyPI): pip install "brian2==2.9.0" "numpy<2.3"    (Brian2 2.9 does not run on NumPy 2.3's ndarray)
Run:            python3 Benchmarks/brian2/feedforward.py [numpy|cython|cpp_standalone] [INFERENCES]
Prints one JSON line: the target, the events, the CPU and wall seconds of the timed run (compilation and a one-step
warm-up excluded for the runtime targets; for cpp_standalone the binary's own run, as Brian2's profiling reports it).
"""
import json
import os
import sys
import tempfile
import time

import numpy as np
from brian2 import Network, NeuronGroup, Synapses, TimedArray, defaultclock, device, ms, prefs, set_device

target = sys.argv[1] if len(sys.argv) > 1 else "cython"
inferences = int(sys.argv[2]) if len(sys.argv) > 2 else 100
widths = [10, 500, 500, 500, 10]
if target == "cpp_standalone":
    set_device("cpp_standalone", directory=tempfile.mkdtemp(prefix="brian2-feedforward-"))
else:
    prefs.codegen.target = target
defaultclock.dt = 1 * ms
rng = np.random.default_rng(1)
steps = inferences + len(widths) - 1

inputs = TimedArray(rng.uniform(0, 1, size=(steps, widths[0])), dt=defaultclock.dt)
layers = [NeuronGroup(widths[0], "r = inputs(t, i) : 1", threshold="True", reset="", name="layer0")]
for l, n in enumerate(widths[1:], start=1):
    hidden = l < len(widths) - 1
    group = NeuronGroup(n, "v : 1\nr : 1\nb : 1", threshold="True",
                        reset=("r = v * int(v > 0)" if hidden else "r = v") + "\nv = b", name=f"layer{l}")
    group.b = rng.normal(0, 0.1, size=n)
    group.v = group.b
    layers.append(group)
synapses = []
for l in range(1, len(widths)):
    s = Synapses(layers[l - 1], layers[l], "w : 1", on_pre="v_post += w * r_pre", name=f"matrix{l}")
    s.connect()  # all to all
    s.w = rng.normal(0, 1 / np.sqrt(widths[l - 1]), size=widths[l - 1] * widths[l])
    synapses.append(s)
count = sum(len(s) for s in synapses)
network = Network(*layers, *synapses)

if target == "cpp_standalone":
    network.run(steps * defaultclock.dt, profile=True)
    wall = time.perf_counter()
    cpu0 = os.times()
    device.build(run=True)
    cpu1 = os.times()
    seconds = device._last_run_time
    cpu = (cpu1.children_user + cpu1.children_system) - (cpu0.children_user + cpu0.children_system)
    wall = time.perf_counter() - wall
else:
    network.run(defaultclock.dt)  # compile and warm up
    cpu0, wall0 = time.process_time(), time.perf_counter()
    network.run(steps * defaultclock.dt)
    cpu, seconds = time.process_time() - cpu0, time.perf_counter() - wall0
    wall = seconds
events = count * steps
print(json.dumps({"target": target, "synapses": count, "steps": steps, "synapticEvents": events,
                  "cpuSeconds": cpu, "wallSeconds": wall, "runSeconds": seconds,
                  "eventsPerCPUSecond": events / cpu if cpu > 0 else None}))
