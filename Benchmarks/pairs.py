#!/usr/bin/env python3
"""Times two commands side by side, pair by pair (Docs/performance.md, "Closing the gap, step by step").

usage: python3 Benchmarks/pairs.py N -- COMMAND_A... -- COMMAND_B...

Runs each command once to warm up, then N pairs A, B alternating (so a noisy spell of a shared machine hits both),
and prints the load average, the medians of wall and CPU (user + system of the child) time of each, the medians of
the pair-by-pair ratios A/B, and the first 300 characters of each command's last standard output (to check that both
computed the same thing). Standard library only.
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def run(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, result.stdout


def main():
    if len(sys.argv) < 5 or sys.argv[2] != "--" or "--" not in sys.argv[3:]:
        sys.exit("usage: pairs.py N -- COMMAND_A... -- COMMAND_B...")
    n = int(sys.argv[1])
    rest = sys.argv[2:]
    split = rest.index("--", 1)
    a_command, b_command = rest[1:split], rest[split + 1:]
    run(a_command)
    run(b_command)
    a_runs, b_runs = [], []
    for _ in range(n):
        a_runs.append(run(a_command))
        b_runs.append(run(b_command))
    med = statistics.median

    def ratio(x):
        # Below 0.1 the three decimals hide the figure (0.004 is anything from 1/286 to 1/222): show 1/N too.
        return f"{x:.3f}" + (f" (1/{1 / x:.0f})" if 0 < x < 0.1 else "")

    print(
        f"load {os.getloadavg()[0]:.1f}  A wall {med([x[0] for x in a_runs]):.3f} cpu {med([x[1] for x in a_runs]):.3f}"
        f" | B wall {med([x[0] for x in b_runs]):.3f} cpu {med([x[1] for x in b_runs]):.3f}"
        f" | A/B wall {ratio(med([a[0] / b[0] for a, b in zip(a_runs, b_runs)]))}"
        f" cpu {ratio(med([a[1] / b[1] for a, b in zip(a_runs, b_runs)]))}")
    print("A:", a_runs[-1][2].decode()[:300].strip())
    print("B:", b_runs[-1][2].decode()[:300].strip())


if __name__ == "__main__":
    main()
