#!/usr/bin/env python3
"""Writes the ONNX models the import tests read, made by real exporters, with onnxruntime's outputs on them.

Usage: make_models.py OUTDIR

For every model NAME it writes NAME.onnx. For the models NeuroFail must accept it also writes NAME.inputs.csv
(inputs, one per line) and NAME.expected.json ({"outputs": rows from onnxruntime, "argmax": per row, "kind":
"probabilities" | "log-probabilities" | "scores"}); the Swift tests check `neurofail predict` against them. The models
it must refuse are listed in refused.json with the words the error must contain. Everything is seeded: the same
packages give the same files.

Needs numpy, scikit-learn, onnx, onnxruntime and skl2onnx (the Swift tests skip with one line when any is missing).
"""
import json
import os
import sys
import warnings

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from skl2onnx import to_onnx
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor

warnings.filterwarnings("ignore", category=ConvergenceWarning)
OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(2027)


def save(name, model, inputs=None, output=None, kind="scores"):
    """Saves the model; with inputs, runs onnxruntime on them and saves inputs and expected outputs."""
    path = os.path.join(OUT, name + ".onnx")
    onnx.save(model, path)
    if inputs is None:
        return
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    feed = {session.get_inputs()[0].name: inputs}
    names = [o.name for o in session.get_outputs()]
    result = session.run([output or names[0]], feed)[0]
    if isinstance(result, list):  # a ZipMap: one {class: probability} per input
        keys = sorted(result[0])
        result = np.array([[row[k] for k in keys] for row in result])
    result = np.asarray(result, dtype=np.float64)
    # One input per line, flattened in C order (channel-major, row-major): the chip's input order.
    flat = inputs.reshape(len(inputs), -1).astype(np.float64)
    np.savetxt(os.path.join(OUT, name + ".inputs.csv"), flat, delimiter=",", fmt="%.17g")
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump({"outputs": result.tolist(), "argmax": result.argmax(axis=1).tolist(), "kind": kind}, f)


def data(n, d, classes):
    x = rng.random((n, d)).astype(np.float32)
    y = (np.floor(x.sum(axis=1) * classes / d * 1.7)).astype(int) % classes
    return x, y


# scikit-learn MLPs through skl2onnx: ReLU (default ZipMap output), tanh and logistic hidden layers, a regressor,
# and a float64 export (DoubleTensorType all through).
x, y = data(200, 5, 3)
probe = rng.random((25, 5)).astype(np.float32)
clf = MLPClassifier(hidden_layer_sizes=(8, 6), activation="relu", max_iter=300, random_state=1).fit(x, y)
save("sklearn-relu", to_onnx(clf, x[:1]), probe, "output_probability", "probabilities")
clf = MLPClassifier(hidden_layer_sizes=(7,), activation="tanh", max_iter=300, random_state=2).fit(x, y)
save("sklearn-tanh", to_onnx(clf, x[:1], options={"zipmap": False}), probe, "probabilities", "probabilities")
clf = MLPClassifier(hidden_layer_sizes=(6, 5), activation="logistic", max_iter=300, random_state=3).fit(x, y)
save("sklearn-logistic", to_onnx(clf, x[:1], options={"zipmap": False}), probe, "probabilities", "probabilities")
# One output: skl2onnx reshapes a regressor's output to [-1, 1], which folds several outputs into the batch.
reg = MLPRegressor(hidden_layer_sizes=(9,), activation="relu", max_iter=300, random_state=4).fit(x, x.sum(1))
save("sklearn-regressor", to_onnx(reg, x[:1]), probe, "variable", "scores")
x64 = x.astype(np.float64)
clf = MLPClassifier(hidden_layer_sizes=(8,), activation="tanh", max_iter=300, random_state=5).fit(x64, y)
save("sklearn-float64", to_onnx(clf, x64[:1], options={"zipmap": False}), probe.astype(np.float64), "probabilities", "probabilities")


def weights(*shape):
    return rng.normal(0, 0.6, shape).astype(np.float32)


def model(nodes, inputs, outputs, initializers, opset=13, name="graph"):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializers)
    m = helper.make_model(graph, opset_imports=[helper.make_operatorsetid("", opset)], producer_name="onnx.helper")
    onnx.checker.check_model(m)
    return m


def tensor(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


probe4 = rng.random((30, 4)).astype(np.float32)

# Gemm with transB (PyTorch's nn.Linear export), alpha and beta, a Softmax output.
w1, b1, w2, b2 = weights(6, 4), weights(6), weights(3, 6), weights(3)
save("gemm-transb", model(
    [helper.make_node("Gemm", ["x", "w1", "b1"], ["h"], name="fc1", transB=1, alpha=0.5, beta=2.0),
     helper.make_node("Relu", ["h"], ["a"], name="relu1"),
     helper.make_node("Gemm", ["a", "w2", "b2"], ["z"], name="fc2", transB=1),
     helper.make_node("Softmax", ["z"], ["p"], name="softmax", axis=1)],
    [tensor("x", ["batch", 4])], [tensor("p", ["batch", 3])],
    [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(b1, "b1"),
     numpy_helper.from_array(w2, "w2"), numpy_helper.from_array(b2, "b2")]), probe4, kind="probabilities")

# MatMul + Add (Keras / tf2onnx style, in x out kernels), LeakyRelu, Clip (min/max inputs), Identity, Flatten, a
# no-op Reshape, a bias from a Constant node, weights in float_data instead of raw_data, LogSoftmax.
k1, c1, k2, c2, k3 = weights(4, 5), weights(5), weights(5, 4), weights(4), weights(4, 2)
save("matmul-add", model(
    [helper.make_node("Flatten", ["x"], ["xf"], name="flatten", axis=1),
     helper.make_node("MatMul", ["xf", "k1"], ["m1"], name="dense1"),
     helper.make_node("Add", ["m1", "c1"], ["s1"], name="bias1"),
     helper.make_node("LeakyRelu", ["s1"], ["a1"], name="leaky", alpha=0.1),
     helper.make_node("Identity", ["a1"], ["i1"], name="identity"),
     helper.make_node("MatMul", ["i1", "k2"], ["m2"], name="dense2"),
     helper.make_node("Constant", [], ["c2"], name="bias2-value", value=numpy_helper.from_array(c2, "c2v")),
     helper.make_node("Add", ["c2", "m2"], ["s2"], name="bias2"),
     helper.make_node("Clip", ["s2", "lo", "hi"], ["a2"], name="clip"),
     helper.make_node("Reshape", ["a2", "shape"], ["r2"], name="reshape"),
     helper.make_node("MatMul", ["r2", "k3"], ["z"], name="dense3"),
     helper.make_node("LogSoftmax", ["z"], ["lp"], name="logsoftmax")],
    [tensor("x", ["N", 4])], [tensor("lp", ["N", 2])],
    [numpy_helper.from_array(k1, "k1"), numpy_helper.from_array(c1, "c1"),
     helper.make_tensor("k2", TensorProto.FLOAT, k2.shape, k2.flatten().tolist()),
     numpy_helper.from_array(np.array(-0.25, np.float32), "lo"), numpy_helper.from_array(np.array(0.75, np.float32), "hi"),
     numpy_helper.from_array(np.array([-1, 4], np.int64), "shape"), numpy_helper.from_array(k3, "k3")]),
    probe4, kind="log-probabilities")

# The smooth and hard sigmoids and tanh in one chain (Sigmoid is ONNX's 1/(1+e^-x): NeuroFail's K = 1/4), a
# HardSigmoid with ONNX's default alpha 0.2 and beta 0.5, and a ReLU written as Clip(min 0); scores out.
g1, h1, g2, h2, g3, h3, g4, h4 = weights(5, 4), weights(5), weights(5, 5), weights(5), weights(4, 5), weights(4), weights(2, 4), weights(2)
save("smooth", model(
    [helper.make_node("Gemm", ["x", "g1", "h1"], ["s1"], name="l1", transB=1),
     helper.make_node("Sigmoid", ["s1"], ["a1"], name="sigmoid"),
     helper.make_node("Gemm", ["a1", "g2", "h2"], ["s2"], name="l2", transB=1),
     helper.make_node("Tanh", ["s2"], ["a2"], name="tanh"),
     helper.make_node("Gemm", ["a2", "g3", "h3"], ["s3"], name="l3", transB=1),
     helper.make_node("HardSigmoid", ["s3"], ["a3"], name="hardsigmoid", alpha=0.3, beta=0.6),
     helper.make_node("Gemm", ["a3", "g4", "h4"], ["s4"], name="l4", transB=1),
     helper.make_node("Clip", ["s4", "zero"], ["a4"], name="relu-as-clip"),
     helper.make_node("MatMul", ["a4", "g5"], ["y"], name="readout")],
    [tensor("x", [None, 4])], [tensor("y", [None, 3])],
    [numpy_helper.from_array(a, n) for a, n in
     [(g1, "g1"), (h1, "h1"), (g2, "g2"), (h2, "h2"), (g3, "g3"), (h3, "h3"), (g4, "g4"), (h4, "h4"),
      (weights(2, 3), "g5"), (np.array(0, np.float32), "zero")]]), probe4)

# Convolutions as PyTorch's Conv2d and Conv1d export them. 2-D: a strided, padded Conv with a bias input, ReLU, a
# second Conv without bias (asymmetric pads) whose bias is an Add of shape [1, C, 1, 1], Tanh, Flatten, Gemm,
# Softmax. 1-D: auto_pad SAME_UPPER with stride 2, LeakyRelu, a Conv with bias, Sigmoid, Flatten, MatMul + Add.
probe_2d = rng.random((25, 1, 6, 6)).astype(np.float32)
save("conv2d", model(
    [helper.make_node("Conv", ["x", "cw1", "cb1"], ["c1"], name="conv1", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
     helper.make_node("Relu", ["c1"], ["a1"], name="relu1"),
     helper.make_node("Conv", ["a1", "cw2"], ["c2"], name="conv2", strides=[1, 1], pads=[0, 1, 0, 1]),
     helper.make_node("Add", ["c2", "cb2"], ["s2"], name="bias2"),
     helper.make_node("Tanh", ["s2"], ["a2"], name="tanh2"),
     helper.make_node("Flatten", ["a2"], ["f"], name="flatten", axis=1),
     helper.make_node("Gemm", ["f", "fw", "fb"], ["z"], name="fc", transB=1),
     helper.make_node("Softmax", ["z"], ["p"], name="softmax", axis=1)],
    [tensor("x", ["N", 1, 6, 6])], [tensor("p", ["N", 4])],
    [numpy_helper.from_array(weights(3, 1, 3, 3), "cw1"), numpy_helper.from_array(weights(3), "cb1"),
     numpy_helper.from_array(weights(2, 3, 2, 2), "cw2"), numpy_helper.from_array(weights(1, 2, 1, 1), "cb2"),
     numpy_helper.from_array(weights(4, 16), "fw"), numpy_helper.from_array(weights(4), "fb")]),
    probe_2d, kind="probabilities")
probe_1d = rng.random((25, 2, 9)).astype(np.float32)
save("conv1d", model(
    [helper.make_node("Conv", ["x", "dw1"], ["c1"], name="conv1", strides=[2], auto_pad="SAME_UPPER"),
     helper.make_node("LeakyRelu", ["c1"], ["a1"], name="leaky1", alpha=0.1),
     helper.make_node("Conv", ["a1", "dw2", "db2"], ["c2"], name="conv2", kernel_shape=[2]),
     helper.make_node("Sigmoid", ["c2"], ["a2"], name="sigmoid2"),
     helper.make_node("Flatten", ["a2"], ["f"], name="flatten", axis=1),
     helper.make_node("MatMul", ["f", "mk"], ["m"], name="dense"),
     helper.make_node("Add", ["m", "mb"], ["y"], name="bias")],
    [tensor("x", ["N", 2, 9])], [tensor("y", ["N", 3])],
    [numpy_helper.from_array(weights(3, 2, 3), "dw1"), numpy_helper.from_array(weights(2, 3, 2), "dw2"),
     numpy_helper.from_array(weights(2), "db2"), numpy_helper.from_array(weights(8, 3), "mk"),
     numpy_helper.from_array(weights(3), "mb")]),
    probe_1d)

# Models NeuroFail must refuse, each with the words its one-line error must contain.
refused = {}
def refuse(name, m, *words):
    save(name, m)
    refused[name] = list(words)

init = [numpy_helper.from_array(weights(3, 4), "w"), numpy_helper.from_array(weights(3), "b"),
        numpy_helper.from_array(weights(2, 3), "v")]
refuse("conv-dilated", model(
    [helper.make_node("Conv", ["x", "k"], ["c"], name="conv1", kernel_shape=[3, 3], dilations=[2, 2]),
     helper.make_node("Relu", ["c"], ["a"], name="relu"),
     helper.make_node("Flatten", ["a"], ["f"], name="flat"),
     helper.make_node("MatMul", ["f", "m"], ["y"], name="fc")],
    [tensor("x", [1, 1, 5, 5])], [tensor("y", [1, 2])],
    [numpy_helper.from_array(weights(2, 1, 3, 3), "k"), numpy_helper.from_array(weights(2, 2), "m")]),
    "node 'conv1' (Conv)", "attribute dilations: [2, 2] is not supported")
refuse("conv-grouped", model(
    [helper.make_node("Conv", ["x", "k"], ["c"], name="conv1", kernel_shape=[3, 3], group=2),
     helper.make_node("Relu", ["c"], ["a"], name="relu"),
     helper.make_node("Flatten", ["a"], ["f"], name="flat"),
     helper.make_node("MatMul", ["f", "m"], ["y"], name="fc")],
    [tensor("x", [1, 2, 5, 5])], [tensor("y", [1, 2])],
    [numpy_helper.from_array(weights(2, 1, 3, 3), "k"), numpy_helper.from_array(weights(18, 2), "m")]),
    "node 'conv1' (Conv)", "attribute group: 2 is not supported")
refuse("branch", model(
    [helper.make_node("Gemm", ["x", "w", "b"], ["h"], name="fc1", transB=1),
     helper.make_node("Relu", ["h"], ["a"], name="relu"),
     helper.make_node("Gemm", ["a", "v"], ["y1"], name="head1", transB=1),
     helper.make_node("Gemm", ["a", "v"], ["y2"], name="head2", transB=1),
     helper.make_node("Add", ["y1", "y2"], ["y"], name="sum")],
    [tensor("x", ["N", 4])], [tensor("y", ["N", 2])], init),
    "value 'a'", "feeds 2 nodes (node 'head1' (Gemm), node 'head2' (Gemm))", "not a chain")
refuse("dynamic", model(
    [helper.make_node("Gemm", ["x", "w", "b"], ["h"], name="fc1", transB=1),
     helper.make_node("Relu", ["h"], ["a"], name="relu"),
     helper.make_node("Gemm", ["a", "v"], ["y"], name="fc2", transB=1)],
    [tensor("x", ["N", "features"])], [tensor("y", ["N", 2])], init),
    "graph.input 'x'", "dimension 1 is 'features', a dynamic shape")
refuse("dynamic-reshape", model(
    [helper.make_node("Shape", ["x"], ["s"], name="shape"),
     helper.make_node("Reshape", ["x", "s"], ["xr"], name="reshape"),
     helper.make_node("Gemm", ["xr", "w", "b"], ["h"], name="fc1", transB=1),
     helper.make_node("Relu", ["h"], ["a"], name="relu"),
     helper.make_node("Gemm", ["a", "v"], ["y"], name="fc2", transB=1)],
    [tensor("x", ["N", 4])], [tensor("y", ["N", 2])], init),
    "node 'shape' (Shape)", "a dynamic shape")
refuse("float16", model(
    [helper.make_node("Cast", ["x"], ["xh"], name="tohalf", to=TensorProto.FLOAT16),
     helper.make_node("MatMul", ["xh", "wh"], ["h"], name="fc1"),
     helper.make_node("Relu", ["h"], ["y"], name="relu")],
    [tensor("x", ["N", 4])], [tensor("y", ["N", 3], TensorProto.FLOAT16)],
    [numpy_helper.from_array(weights(4, 3).astype(np.float16), "wh")]),
    "node 'tohalf' (Cast)", "FLOAT16 (10)")
refuse("float16-input", model(
    [helper.make_node("MatMul", ["x", "wh"], ["h"], name="fc1"),
     helper.make_node("Relu", ["h"], ["a"], name="relu"),
     helper.make_node("MatMul", ["a", "v2"], ["y"], name="fc2")],
    [tensor("x", ["N", 4], TensorProto.FLOAT16)], [tensor("y", ["N", 2], TensorProto.FLOAT16)],
    [numpy_helper.from_array(weights(4, 3).astype(np.float16), "wh"),
     numpy_helper.from_array(weights(3, 2).astype(np.float16), "v2")]),
    "graph.input 'x'", "element type FLOAT16 (10) is not supported")
# A float input and a float16 initializer (the checker does not infer types, as a hand-edited model may not).
refuse("float16-initializer", model(
    [helper.make_node("MatMul", ["x", "wh"], ["h"], name="fc1"),
     helper.make_node("Relu", ["h"], ["a"], name="relu"),
     helper.make_node("MatMul", ["a", "v2"], ["y"], name="fc2")],
    [tensor("x", ["N", 4])], [tensor("y", ["N", 2])],
    [numpy_helper.from_array(weights(4, 3).astype(np.float16), "wh"), numpy_helper.from_array(weights(3, 2), "v2")]),
    "node 'fc1' (MatMul): input 1 'wh'", "data type FLOAT16 (10) is not supported")
refuse("unsupported-op", model(
    [helper.make_node("Gemm", ["x", "w", "b"], ["h"], name="fc1", transB=1),
     helper.make_node("Elu", ["h"], ["a"], name="elu1"),
     helper.make_node("Gemm", ["a", "v"], ["y"], name="fc2", transB=1)],
    [tensor("x", ["N", 4])], [tensor("y", ["N", 2])], init),
    "node 'elu1' (Elu)", "unsupported op Elu")
with open(os.path.join(OUT, "refused.json"), "w") as f:
    json.dump(refused, f, indent=1)
print("wrote", len(os.listdir(OUT)), "files to", OUT)
