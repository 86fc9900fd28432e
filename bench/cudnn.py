"""Benchmark: the study note's cuDNN warning, priced.

Keras runs an LSTM or GRU on NVIDIA's fused cuDNN kernel only when the layer keeps cuDNN's
defaults (tanh, sigmoid, no unroll, ``use_bias=True``, and for the GRU ``reset_after=True``);
any other setting falls back to a generic kernel that runs the time loop step by step. This
script times, at B64 T200 F128 U256 by default:

- ``lstm_cudnn`` (``LSTM(use_bias=True)``) against ``lstm_generic`` (``use_bias=False``, the
  note's case);
- ``gru_reset_after`` (``GRU(reset_after=True)``, cuDNN) against ``gru_reset_before``
  (``reset_after=False``, generic);
- ``simple_rnn`` (never cuDNN);
- with the torch backend, ``torch.nn.LSTM`` too, as the floor;

each forward only and forward + backward (the gradient of ``sum(outputs)`` with respect to the
weights), median of ``--repeat`` calls after two warm-up calls, every call synchronised with
the device before the clock stops (``ms``; ``cpu_ms`` is this process's CPU time, the steadier
figure of a CPU run on a shared machine).

``--backend tensorflow|torch|jax`` (default ``$KERAS_BACKEND``, else tensorflow) picks Keras's
backend: on a GPU machine with PyTorch but no TensorFlow, ``--backend torch`` runs with the
pure-Python keras wheel alone. Each run writes ``bench/results/cudnn-<machine>-<backend>.json``
(:func:`result_name`): ``<machine>`` is the GPU's model (``NVIDIA H200`` gives ``h200``), or
``cpu`` without a GPU (where no layer uses cuDNN; the file says ``"gpu": null``), so runs on
several machines and backends sit side by side and none replaces another. ``--quick``: tiny
sizes, two repeats, written under ``bench/results/quick/``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
from benchlib import clocked, gpu_slug, load, write_results

CONFIGS: dict[str, tuple[str, dict[str, Any]]] = {
    "lstm_cudnn": ("LSTM", {"use_bias": True}),
    "lstm_generic": ("LSTM", {"use_bias": False}),
    "gru_reset_after": ("GRU", {"reset_after": True}),
    "gru_reset_before": ("GRU", {"reset_after": False}),
    "simple_rnn": ("SimpleRNN", {}),
}
BACKENDS = ("tensorflow", "torch", "jax")
PAIRS = (("lstm_generic", "lstm_cudnn"), ("gru_reset_before", "gru_reset_after"))


def result_name(gpu: str | None, backend: str) -> str:
    """``cudnn-<machine>-<backend>``: the results file of one machine and backend.

    ``<machine>`` is :func:`benchlib.gpu_slug` of ``gpu`` (``NVIDIA H200`` gives ``h200``),
    ``cpu`` when ``gpu`` is None.
    """
    if backend not in BACKENDS:
        raise ValueError(
            f"Received an invalid value for argument `backend`: expected one of "
            f"{', '.join(BACKENDS)}. Received: {backend!r}."
        )
    return f"cudnn-{gpu_slug(gpu)}-{backend}"


def gpu_name(backend: str) -> str | None:
    """The GPU Keras's backend will use, or None on a CPU-only machine."""
    if backend == "torch":
        import torch

        return torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    if backend == "jax":
        import jax

        gpus = [d for d in jax.devices() if d.platform == "gpu"]
        return gpus[0].device_kind if gpus else None
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return None
    return tf.config.experimental.get_device_details(gpus[0]).get("device_name", gpus[0].name)


def runners(backend: str, layer: Any, inputs: Any) -> dict[str, Callable[[], Any]]:
    """``forward`` and ``forward_backward`` calls of ``layer`` that wait for the device."""
    if backend == "torch":
        import torch

        def sync(value: Any) -> Any:
            if torch.cuda.is_available():
                torch.cuda.synchronize()
            return value

        def forward() -> Any:
            with torch.no_grad():
                return sync(layer(inputs, training=False))

        def forward_backward() -> Any:  # gradients pile up in .grad: harmless for timing
            outputs = layer(inputs, training=False)
            outputs.sum().backward()
            return sync(outputs)

        return {"forward": forward, "forward_backward": forward_backward}
    if backend == "jax":
        import jax

        trainable = [v.value for v in layer.trainable_variables]
        fixed = [v.value for v in layer.non_trainable_variables]

        def loss(weights: list[Any]) -> Any:
            outputs, _ = layer.stateless_call(weights, fixed, inputs)
            return outputs.sum()

        call = jax.jit(lambda w: layer.stateless_call(w, fixed, inputs)[0])
        gradient = jax.jit(jax.grad(loss))
        return {
            "forward": lambda: jax.block_until_ready(call(trainable)),
            "forward_backward": lambda: jax.block_until_ready(gradient(trainable)),
        }
    import tensorflow as tf

    def tf_forward_backward() -> Any:
        with tf.GradientTape() as tape:
            total = tf.reduce_sum(layer(inputs, training=False))
        return [g.numpy() for g in tape.gradient(total, layer.trainable_variables)]

    return {
        "forward": lambda: layer(inputs, training=False).numpy(),  # .numpy() waits for the GPU
        "forward_backward": tf_forward_backward,
    }


def torch_lstm_runners(features: int, units: int, inputs: Any) -> dict[str, Callable[[], Any]]:
    """``torch.nn.LSTM`` on the same data: what the fused kernel costs without Keras around it."""
    import torch

    device = inputs.device
    lstm = torch.nn.LSTM(features, units, batch_first=True).to(device)

    def sync(value: Any) -> Any:
        if device.type == "cuda":
            torch.cuda.synchronize()
        return value

    def forward() -> Any:
        with torch.no_grad():
            return sync(lstm(inputs)[0])

    def forward_backward() -> Any:
        lstm.zero_grad()
        outputs = lstm(inputs)[0]
        outputs.sum().backward()
        return sync(outputs)

    return {"forward": forward, "forward_backward": forward_backward}


def median_ms(call: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``repeat`` calls, after two warm-up calls.

    The wall clock is what a GPU run reports (every call waits for the device); the CPU time
    of this process is the steadier measure of a CPU run on a machine shared with other work.
    """
    call()
    call()  # kernels chosen, functions traced
    walls, cpus = zip(*(clocked(call) for _ in range(repeat)))
    return round(float(np.median(walls)) * 1e3, 3), round(float(np.median(cpus)) * 1e3, 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, two repeats")
    parser.add_argument("--repeat", type=int, help="timed calls per figure (default 10)")
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default=os.environ.get("KERAS_BACKEND", "tensorflow"),
        help="Keras backend (default $KERAS_BACKEND, else tensorflow)",
    )
    args = parser.parse_args()
    repeat = args.repeat or (2 if args.quick else 10)
    load_before = load()
    os.environ["KERAS_BACKEND"] = args.backend  # must be set before Keras is imported
    import keras

    sizes = (
        {"batch": 4, "timesteps": 10, "features": 8, "units": 16}
        if args.quick
        else {"batch": 64, "timesteps": 200, "features": 128, "units": 256}
    )
    gpu = gpu_name(args.backend)
    keras.utils.set_random_seed(0)
    data = np.random.default_rng(0).uniform(-1, 1, (sizes["batch"], sizes["timesteps"], 128))
    inputs = keras.ops.convert_to_tensor(data[..., : sizes["features"]].astype(np.float32))

    calls: dict[str, dict[str, Callable[[], Any]]] = {}
    for name, (layer_name, options) in CONFIGS.items():
        layer = getattr(keras.layers, layer_name)(sizes["units"], **options)
        layer.build(tuple(inputs.shape))
        calls[name] = runners(args.backend, layer, inputs)
    if args.backend == "torch":
        calls["torch_nn_lstm"] = torch_lstm_runners(sizes["features"], sizes["units"], inputs)
    ms: dict[str, dict[str, float]] = {name: {} for name in calls}
    cpu_ms: dict[str, dict[str, float]] = {name: {} for name in calls}
    for name, modes in calls.items():
        for mode, run in modes.items():
            ms[name][mode], cpu_ms[name][mode] = median_ms(run, repeat)
    speedups = {
        f"{fast}_vs_{slow}": {mode: round(ms[slow][mode] / ms[fast][mode], 2) for mode in ms[fast]}
        for slow, fast in PAIRS
    }
    result = {
        "backend": args.backend,
        "gpu": gpu,
        "device": gpu or "CPU (no GPU: no layer can use cuDNN here)",
        "repeat": repeat,
        "sizes": sizes,
        "ms": ms,
        "cpu_ms": cpu_ms,
        "speedup": speedups,
    }
    write_results(result_name(gpu, args.backend), result, quick=args.quick, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
