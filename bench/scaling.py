"""Benchmark: how the forward pass's cost grows, NumPy from scratch against Keras, on the CPU.

For SimpleRNN, LSTM and GRU (``reset_after=True``) it times, as timesteps grow (and, for the
LSTM, as batch and units grow):

- ``numpy``: the reference solution in ``solutions/`` (one ``x_t @ kernel`` per step);
- ``numpy_projected``: the same solution with every input projected by ONE matmul before the
  time loop, the lesson every framework applies (only ``h_tm1 @ recurrent_kernel`` is left
  inside the loop). The step functions themselves are reused unchanged: they are handed the
  projected inputs and a kernel whose ``@`` returns its left operand, so no gate math is
  copied here;
- ``numpy_fused`` (LSTM only, the headline size only): how close plain NumPy can get, and a
  lesson, not the solution (``solutions/`` stays readable): one matmul per step for all four
  gates (``[x_t, h] @ [kernel; recurrent_kernel]``), every buffer allocated once and written
  in place (``out=``), and the candidate's tanh folded into the gates' one sigmoid
  (``tanh(x) = 2 sigmoid(2x) - 1``, the factor 2 put into the weights once). Timed beside the
  reference and ``keras_function`` in one round-robin, with the step's matmul alone (T of them,
  nothing else) as the ceiling any step-by-step method meets (``closest_numpy_lstm``);
- ``keras_eager``: ``keras.layers.<Layer>`` called eagerly, op by op;
- ``keras_function``: the same layer inside ``tf.function`` (Keras's fast path; the one-off
  tracing is timed apart as ``trace_s``).

Every library runs on one thread (``RNNLAB_BENCH_THREADS``, default 1; ``0`` keeps each
library's default), so NumPy's BLAS and TensorFlow do not fight over the cores, and each time
is the CPU time of the process (``time.process_time``), the best of ``--repeat`` calls taken
round-robin across methods: on a machine shared with other work, the wall clock also counts
the time spent waiting for a core, which measures the other work, not the code. The median
CPU time and the best wall time are kept too. The matmul throughput is one core's.
For every kind and method it fits
``time = a + b * timesteps`` (and the exponent of ``time ~ timesteps ** k``: 1 means linear),
and it measures this machine's matmul throughput (FLOPs per second of one large float32
``np.matmul``) in the same run, so each method's matmul work can be put against the physical
limit. Every method's output is checked against Keras's before anything is timed.

``--quick``: tiny sizes, one repeat. Writes ``bench/results/scaling.json``
(``--quick``: ``bench/results/quick/scaling.json``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

# Before NumPy loads its BLAS, which reads these once: one thread each (see the docstring).
THREADS = int(os.environ.get("RNNLAB_BENCH_THREADS", "1"))
if THREADS > 0:
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(THREADS)

import numpy as np  # noqa: E402
from benchlib import ROOT, clocked, load, median_of, write_results  # noqa: E402

from rnnlab import layouts  # noqa: E402
from rnnlab.grader.checks import cases  # noqa: E402
from rnnlab.impl import load_impl  # noqa: E402

LAYERS = {"simple_rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
MODULES = {"simple_rnn": "e02_simple_rnn", "lstm": "e03_lstm", "gru": "e04_gru"}
METHODS = ("numpy", "numpy_projected", "keras_eager", "keras_function")


class AlreadyProjected:
    """A stand-in kernel for inputs already multiplied by the real one: ``x @ it`` is ``x``.

    ``__array_ufunc__ = None`` makes NumPy's ``@`` defer to :meth:`__rmatmul__`.
    """

    __array_ufunc__ = None

    def __rmatmul__(self, x_t: np.ndarray) -> np.ndarray:
        return x_t


def numpy_forward(kind: str, weights: layouts.RecurrentWeights) -> Callable[[np.ndarray], Any]:
    """The reference solution's sequence function for ``kind``, weights bound."""
    run = getattr(load_impl(MODULES[kind], ROOT / "solutions"), kind)
    return lambda inputs: run(inputs, *weights.as_tuple())


def projected_forward(kind: str, weights: layouts.RecurrentWeights) -> Callable[[np.ndarray], Any]:
    """The same solution, with all inputs (and the input bias) projected by one matmul first."""
    run = getattr(load_impl(MODULES[kind], ROOT / "solutions"), kind)
    kernel, recurrent_kernel, bias = weights.as_tuple()
    input_bias, step_bias = bias, None
    if kind == "gru":  # reset_after: bias rows are (input, recurrent); only the first moves out
        input_bias, step_bias = bias[0], np.stack([np.zeros_like(bias[0]), bias[1]])

    def forward(inputs: np.ndarray) -> np.ndarray:
        batch, timesteps, features = inputs.shape
        # Time-major, as the frameworks lay it out: each step's rows are then contiguous.
        flat = inputs.transpose(1, 0, 2).reshape(timesteps * batch, features)  # (T * B, F)
        projected = (flat @ kernel + input_bias).reshape(timesteps, batch, -1)  # (T, B, G * U)
        steps = projected.transpose(1, 0, 2)  # (B, T, G * U), a view: [:, t] is contiguous
        return run(steps, AlreadyProjected(), recurrent_kernel, step_bias)

    return forward


def fused_lstm(
    inputs: np.ndarray, kernel: np.ndarray, recurrent_kernel: np.ndarray, bias: np.ndarray
) -> np.ndarray:
    """The LSTM's last hidden state, as fast as this benchmark could make plain NumPy go.

    Same result as ``solutions/e03_lstm.py`` (Keras's gate order ``i, f, c, o``), written for
    speed instead of reading: a benchmark's lesson, never a learner's model answer.

    Parameters
    ----------
    inputs : numpy.ndarray, shape (batch, timesteps, features)
    kernel : numpy.ndarray, shape (features, 4 * units)
    recurrent_kernel : numpy.ndarray, shape (units, 4 * units)
    bias : numpy.ndarray, shape (4 * units,)

    Returns
    -------
    numpy.ndarray, shape (batch, units)
    """
    batch, timesteps, features = inputs.shape
    units = recurrent_kernel.shape[0]
    candidate = slice(2 * units, 3 * units)
    # One matmul per step for every gate: [x_t, h] @ [kernel; recurrent_kernel].
    weights = np.concatenate([kernel, recurrent_kernel]).astype(np.float32)  # (F + U, 4U)
    shift = bias.astype(np.float32)  # (4U,), a copy: scaled below
    # tanh(x) = 2 sigmoid(2x) - 1: the candidate joins the gates' one sigmoid (np.exp is
    # cheaper than np.tanh here), its factor 2 put into the weights once.
    weights[:, candidate] *= 2
    shift[candidate] *= 2
    # Buffers allocated once; h lives inside xh, so writing h fills the next step's input.
    xh = np.zeros((batch, features + units), np.float32)  # (B, F + U)
    h = xh[:, features:]  # (B, U), a view
    z = np.empty((batch, 4 * units), np.float32)  # (B, 4U) all gates
    c = np.zeros((batch, units), np.float32)  # (B, U)
    scratch = np.empty((batch, units), np.float32)  # (B, U)
    i, f, g, o = (z[:, k * units : (k + 1) * units] for k in range(4))  # views into z
    with np.errstate(over="ignore"):  # exp(large) = inf gives sigmoid 0, as it should
        for t in range(timesteps):
            xh[:, :features] = inputs[:, t]
            np.matmul(xh, weights, out=z)
            z += shift
            _sigmoid_in_place(z)
            g *= 2  # candidate: 2 sigmoid(2x) - 1 = tanh(x)
            g -= 1
            c *= f
            np.multiply(i, g, out=scratch)
            c += scratch
            np.multiply(c, 2, out=scratch)  # tanh(c) = 2 sigmoid(2c) - 1
            _sigmoid_in_place(scratch)
            scratch *= 2
            scratch -= 1
            np.multiply(o, scratch, out=h)
    return h.copy()


def _sigmoid_in_place(values: np.ndarray) -> None:
    """``values = 1 / (1 + exp(-values))`` without a new array."""
    np.negative(values, out=values)
    np.exp(values, out=values)
    values += 1
    np.reciprocal(values, out=values)


def step_matmul_seconds(batch: int, timesteps: int, features: int, units: int) -> float:
    """CPU seconds of the fused LSTM's matmuls alone: ``timesteps`` of ``(B, F + U) @ (F + U,
    4U)``, nothing else; the ceiling of any method that multiplies step by step."""
    rng = np.random.default_rng(0)
    xh = rng.standard_normal((batch, features + units), dtype=np.float32)
    weights = rng.standard_normal((features + units, 4 * units), dtype=np.float32)
    z = np.empty((batch, 4 * units), np.float32)

    def steps() -> None:
        for _ in range(timesteps):
            np.matmul(xh, weights, out=z)

    steps()
    return clocked(steps)[1]


def keras_forwards(kind: str, weights: layouts.RecurrentWeights) -> dict[str, Callable]:
    """Keras's layer for ``kind`` with ``weights``: eager, and inside ``tf.function``."""
    import keras
    import tensorflow as tf

    units = weights.recurrent_kernel.shape[0]
    layer = getattr(keras.layers, LAYERS[kind])(units)
    layer.build((None, None, weights.kernel.shape[0]))
    layouts.set_recurrent_weights(layer, weights)
    compiled = tf.function(layer)
    return {
        "keras_eager": lambda inputs: layer(inputs).numpy(),
        "keras_function": lambda inputs: compiled(inputs).numpy(),
    }


def weights_for(kind: str, features: int, units: int) -> layouts.RecurrentWeights:
    """Seeded weights at Keras's scale, as the graders make them."""
    case = cases.RecurrentCase(1, 1, features, units)
    return cases.random_weights(kind, case, cases.rng_for(f"bench-{kind}"))


def matmul_flops_per_s(size: int, repeat: int) -> dict[str, float]:
    """FLOPs per second of one ``(size, size) @ (size, size)`` float32 matmul (2 size^3 FLOPs)."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((size, size), dtype=np.float32)
    b = rng.standard_normal((size, size), dtype=np.float32)
    a @ b  # first call pays for thread start-up
    seconds = min(clocked(lambda: a @ b)[1] for _ in range(repeat))  # as everywhere here
    return {"size": size, "seconds": seconds, "flops_per_s": 2 * size**3 / seconds}


def matmul_flops(kind: str, batch: int, timesteps: int, features: int, units: int) -> int:
    """FLOPs of a forward pass's matmuls: ``x_t @ kernel`` and ``h @ recurrent_kernel``."""
    gates = len(layouts.GATES[kind])
    return 2 * batch * timesteps * (features + units) * gates * units


def time_point(
    kind: str, batch: int, timesteps: int, features: int, units: int, repeat: int, methods
) -> dict[str, Any]:
    """Best and median seconds of each method at one size; outputs checked against Keras first."""
    weights = weights_for(kind, features, units)
    rng = np.random.default_rng(timesteps)
    inputs = rng.uniform(-1, 1, (batch, timesteps, features)).astype(np.float32)  # (B, T, F)
    forwards = {
        "numpy": numpy_forward(kind, weights),
        "numpy_projected": projected_forward(kind, weights),
        **keras_forwards(kind, weights),
    }
    if kind == "lstm":
        fused = weights.as_tuple()
        forwards["numpy_fused"] = lambda inputs: fused_lstm(inputs, *fused)
    point: dict[str, Any] = {"batch": batch, "timesteps": timesteps}
    point.update({"features": features, "units": units})
    point["matmul_flops"] = matmul_flops(kind, batch, timesteps, features, units)
    started = time.perf_counter()
    expected = forwards["keras_function"](inputs)  # first call traces the function
    point["trace_s"] = round(time.perf_counter() - started, 4)
    for method in methods:
        np.testing.assert_allclose(forwards[method](inputs), expected, rtol=1e-3, atol=1e-4)
    walls: dict[str, list[float]] = {method: [] for method in methods}
    cpus: dict[str, list[float]] = {method: [] for method in methods}
    for _ in range(repeat):  # round-robin: a burst of load elsewhere hits every method alike
        for method in methods:
            wall, cpu = clocked(lambda m=method: forwards[m](inputs))
            walls[method].append(wall)
            cpus[method].append(cpu)
    point["seconds"] = {m: round(min(t), 7) for m, t in cpus.items()}
    point["median_seconds"] = {m: round(median_of(t, 7), 7) for m, t in cpus.items()}
    point["wall_seconds"] = {m: round(min(t), 7) for m, t in walls.items()}
    return point


def fit_growth(points: list[dict[str, Any]], method: str) -> dict[str, float]:
    """``seconds = a + b * timesteps`` (least squares), its R^2, and the log-log exponent."""
    steps = np.array([p["timesteps"] for p in points], dtype=float)
    seconds = np.array([p["seconds"][method] for p in points], dtype=float)
    slope, intercept = np.polyfit(steps, seconds, 1)
    predicted = intercept + slope * steps
    total = float(np.sum((seconds - seconds.mean()) ** 2))
    r2 = 1.0 - float(np.sum((seconds - predicted) ** 2)) / total if total > 0 else 1.0
    exponent = float(np.polyfit(np.log(steps), np.log(seconds), 1)[0])
    return {
        "ms_per_step": round(slope * 1e3, 4),
        "intercept_ms": round(intercept * 1e3, 3),
        "r2": round(r2, 4),
        "exponent": round(exponent, 3),
    }


def closest_numpy_lstm(
    base: dict[str, int], timesteps: int, repeat: int, peak: dict[str, float]
) -> dict[str, Any]:
    """The fused NumPy LSTM beside the reference and Keras in ``tf.function``, one round-robin,
    and the step matmuls alone: each as milliseconds and as a share of the matmul peak."""
    methods = ("numpy", "numpy_fused", "keras_function")
    point = time_point("lstm", timesteps=timesteps, repeat=repeat, methods=methods, **base)
    steps = min(
        step_matmul_seconds(base["batch"], timesteps, base["features"], base["units"])
        for _ in range(repeat)
    )
    seconds = {**point["seconds"], "step_matmuls_alone": steps}
    return {
        "timesteps": timesteps,
        **base,
        "ms": {m: round(s * 1e3, 2) for m, s in seconds.items()},
        "share_of_matmul_peak": {
            m: round(point["matmul_flops"] / s / peak["flops_per_s"], 3) for m, s in seconds.items()
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat")
    parser.add_argument("--repeat", type=int, help="calls per point (default 7; 1 with --quick)")
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.quick else 7)
    load_before = load()
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")  # tf.function is TensorFlow's
    import keras
    import tensorflow as tf

    if THREADS > 0:  # before TensorFlow runs its first operation
        tf.config.threading.set_intra_op_parallelism_threads(THREADS)
        tf.config.threading.set_inter_op_parallelism_threads(THREADS)

    if args.quick:
        base = {"batch": 4, "features": 8, "units": 16}
        steps, batches, widths, peak_size = [5, 10, 20], [1, 4], [8], 256
    else:
        base = {"batch": 64, "features": 128, "units": 256}
        steps, batches, widths = [25, 50, 100, 200, 400], [1, 4, 16, 64, 256], [64, 256, 512]
        peak_size = 2048
    peak = matmul_flops_per_s(peak_size, max(repeat, 3))

    growth: dict[str, Any] = {}
    for kind in LAYERS:
        points = [
            time_point(kind, timesteps=t, repeat=repeat, methods=METHODS, **base) for t in steps
        ]
        growth[kind] = {
            "points": points,
            "fit": {method: fit_growth(points, method) for method in METHODS},
        }
    fixed_t = 100 if not args.quick else 10
    fast = ("numpy", "numpy_projected", "keras_function")  # eager adds nothing new here
    lstm_batch = [
        time_point("lstm", b, fixed_t, base["features"], base["units"], repeat, fast)
        for b in batches
    ]
    lstm_units = [
        time_point("lstm", base["batch"], fixed_t, base["features"], u, repeat, fast)
        for u in widths
    ]

    headline_t = 200 if 200 in steps else steps[-1]
    headline: dict[str, Any] = {"timesteps": headline_t, **base, "layers": {}}
    for kind in LAYERS:
        point = next(p for p in growth[kind]["points"] if p["timesteps"] == headline_t)
        seconds = point["seconds"]
        headline["layers"][kind] = {
            "ms": {m: round(s * 1e3, 2) for m, s in seconds.items()},
            "projection_speedup": round(seconds["numpy"] / seconds["numpy_projected"], 2),
            "projected_vs_keras_function": round(
                seconds["numpy_projected"] / seconds["keras_function"], 2
            ),
            "share_of_matmul_peak": {
                m: round(point["matmul_flops"] / s / peak["flops_per_s"], 3)
                for m, s in seconds.items()
            },
            "matmul_bound_ms": round(point["matmul_flops"] / peak["flops_per_s"] * 1e3, 2),
        }
    result = {
        "repeat": repeat,
        "keras_backend": keras.backend.backend(),
        "threads": THREADS or "library defaults",
        "timing": "CPU seconds of the process, best of repeat calls (median_seconds: their "
        "median; wall_seconds: best wall-clock time)",
        "matmul_peak": {k: (round(v, 5) if k == "seconds" else v) for k, v in peak.items()},
        "headline": headline,
        "growth_in_timesteps": growth,
        "lstm_growth_in_batch": lstm_batch,
        "lstm_growth_in_units": lstm_units,
        "closest_numpy_lstm": closest_numpy_lstm(base, headline_t, repeat, peak),
    }
    write_results("scaling", result, quick=args.quick, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
