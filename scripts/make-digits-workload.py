#!/usr/bin/env python3
"""Writes Scenarios/workloads/optdigits-14x14.csv: the labelled workload the default mission flies.

The repository cannot carry the MNIST digits the satellite chip was trained on, so this workload is made from a data
set it may ship: the UCI optical-recognition digits (Alpaydin & Kaynak 1998, CC BY 4.0) as scikit-learn bundles them
(`sklearn.datasets.load_digits`, 1,797 8x8 images with 17 grey levels). Each image is put into the chip's MNIST-style
frame: cropped to its ink, scaled (cubic) so that its longer side is 18 pixels of a 28x28 canvas, centred by its
centre of mass as MNIST's digits are, then 2x2-average-pooled to the chip's 14x14 (196 inputs in [0, 1]). The first
1,000 images are written, one per line: 196 numbers (4 decimals) then the label 0-9.

The satellite chip classifies 77% of them correctly (about 97% of real MNIST digits): they are digits it has never seen,
drawn differently, so they are harder, but their labels are real. Docs/scenarios.md says why this workload and
budget. Needs numpy, scipy and scikit-learn (the .venv that .ci/run makes has them).

    .venv/bin/python3 scripts/make-digits-workload.py [OUT.csv]
"""
import sys

import numpy as np
from scipy.ndimage import center_of_mass, shift, zoom
from sklearn.datasets import load_digits


def to_chip_frame(image):
    ink = image / 16.0
    rows = np.where(ink.sum(1) > 0.05)[0]
    cols = np.where(ink.sum(0) > 0.05)[0]
    ink = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    scaled = np.clip(zoom(ink, 18 / max(ink.shape), order=3), 0, 1)
    canvas = np.zeros((28, 28))
    h, w = scaled.shape
    canvas[14 - h // 2:14 - h // 2 + h, 14 - w // 2:14 - w // 2 + w] = scaled
    cy, cx = center_of_mass(canvas)
    canvas = np.clip(shift(canvas, (14 - cy, 14 - cx), order=1), 0, 1)
    return canvas.reshape(14, 2, 14, 2).mean(axis=(1, 3)).ravel()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "Scenarios/workloads/optdigits-14x14.csv"
    digits = load_digits()
    with open(out, "w") as f:
        f.write("# optdigits (UCI, CC BY 4.0) in the satellite chip's 14x14 MNIST frame: 196 pixels in [0,1], then the label; made by scripts/make-digits-workload.py\n")
        for image, label in list(zip(digits.images, digits.target))[:1000]:
            pixels = ",".join(("%.4f" % v).rstrip("0").rstrip(".") for v in to_chip_frame(image))
            f.write(f"{pixels},{label}\n")


if __name__ == "__main__":
    main()
