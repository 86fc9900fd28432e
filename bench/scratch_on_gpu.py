"""Benchmark: the reference solutions, unchanged, on a GPU through CuPy; against fused cuDNN.

``solutions/e02_simple_rnn.py``, ``e03_lstm.py`` and ``e04_gru.py`` are loaded twice: once as
they are (NumPy, on the CPU) and once with ``sys.modules["numpy"]`` set to ``cupy`` while the
module is imported, so their ``import numpy as np`` gets CuPy and every array operation of
their time loop runs on the GPU, one kernel launch per operation. Both run forward with
``return_sequences=True`` at B64 T200 F128 U256, median of ``--repeat`` calls (20; the CPU:
``--cpu-repeat``, 5) after two warm-ups, every GPU call synchronised before the clock stops;
the GPU's outputs are compared with the CPU's (``max_abs_diff_gpu_vs_cpu``). Where PyTorch sees
the GPU, ``torch.nn.LSTM`` and ``torch.nn.GRU`` (cuDNN's fused RNN each) are timed on the
same sizes as the floor.

It needs CuPy and a CUDA GPU; without either it says so in one line and exits with status 1,
writing nothing. Writes ``bench/results/scratch-on-gpu-<gpu>.json`` (``h200`` for an NVIDIA
H200; ``--quick``: tiny sizes, two repeats, under ``bench/results/quick/``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import numpy as np
from benchlib import ROOT, gpu_slug, load, write_results

from rnnlab.grader.checks import cases
from rnnlab.impl import load_impl

MODULES = {"simple_rnn": "e02_simple_rnn", "lstm": "e03_lstm", "gru": "e04_gru"}
TORCH_LAYERS = {"lstm": "LSTM", "gru": "GRU"}


class Refusal(Exception):
    """What this machine lacks for the benchmark, as the one line the script prints."""


def find_gpu() -> tuple[ModuleType, str]:
    """CuPy and the name of the GPU it will use; :class:`Refusal` if either is missing."""
    try:
        import cupy
    except ImportError:
        raise Refusal(
            "scratch_on_gpu.py needs CuPy and a CUDA GPU: CuPy is not installed "
            "(pip install cupy-cuda12x, on a machine with an NVIDIA GPU)."
        ) from None
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as error:  # CuPy raises its own CUDARuntimeError where no driver exists
        raise Refusal(
            f"scratch_on_gpu.py needs CuPy and a CUDA GPU: CuPy finds no GPU ({error})."
        ) from None
    if count < 1:
        raise Refusal("scratch_on_gpu.py needs CuPy and a CUDA GPU: CuPy finds no GPU.")
    name = cupy.cuda.runtime.getDeviceProperties(0)["name"]
    return cupy, name.decode() if isinstance(name, bytes) else str(name)


@contextmanager
def numpy_is(module: ModuleType) -> Iterator[None]:
    """While inside, ``import numpy`` gives ``module``: how a solution is handed CuPy."""
    real = sys.modules["numpy"]
    sys.modules["numpy"] = module
    try:
        yield
    finally:
        sys.modules["numpy"] = real


def median_ms(call: Callable[[], Any], repeat: int, sync: Callable[[], None]) -> float:
    """Median wall milliseconds of ``repeat`` calls after two warm-ups, each waiting for the
    device (``sync``) before the clock stops."""
    for _ in range(2):
        call()
        sync()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        sync()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1e3, 3)


def torch_floor(kind: str, sizes: dict[str, int], inputs: np.ndarray, repeat: int) -> float | None:
    """Milliseconds of ``torch.nn.<LSTM|GRU>`` forward on the GPU, or None without one."""
    try:
        import torch
    except ImportError:
        return None
    if not torch.cuda.is_available():
        return None
    layer = getattr(torch.nn, TORCH_LAYERS[kind])(sizes["features"], sizes["units"])
    layer = layer.to("cuda")
    batch = torch.as_tensor(inputs, device="cuda")

    def forward() -> Any:
        with torch.no_grad():
            return layer(batch)[0]

    return median_ms(forward, repeat, torch.cuda.synchronize)


def measure(
    cupy: ModuleType, gpu: str, sizes: dict[str, int], repeat: int, cpu_repeat: int
) -> dict[str, Any]:
    """Every solution on the CPU and on the GPU, and the fused floor, as the results file's
    ``ms``, ``max_abs_diff_gpu_vs_cpu`` and the rest."""
    sync = cupy.cuda.Device().synchronize
    shape = (sizes["batch"], sizes["timesteps"], sizes["features"])
    inputs = np.random.default_rng(0).uniform(-1, 1, shape).astype(np.float32)
    on_gpu = cupy.asarray(inputs)
    case = cases.RecurrentCase(1, 1, sizes["features"], sizes["units"])
    ms: dict[str, float] = {}
    differences: dict[str, float] = {}
    for kind, module in MODULES.items():
        weights = cases.random_weights(kind, case, cases.rng_for(f"bench-gpu-{kind}")).as_tuple()
        cpu_run = getattr(load_impl(module, ROOT / "solutions"), kind)
        with numpy_is(cupy):
            gpu_run = getattr(load_impl(module, ROOT / "solutions"), kind)
        gpu_weights = [None if w is None else cupy.asarray(w) for w in weights]

        def on_cpu(run: Callable = cpu_run, w: Any = weights) -> Any:
            return run(inputs, *w, return_sequences=True)

        def on_device(run: Callable = gpu_run, w: Any = gpu_weights) -> Any:
            return run(on_gpu, *w, return_sequences=True)

        ms[f"{module}_numpy_cpu"] = median_ms(on_cpu, cpu_repeat, lambda: None)
        ms[f"{module}_cupy_gpu"] = median_ms(on_device, repeat, sync)
        difference = np.abs(cupy.asnumpy(on_device()) - on_cpu()).max()
        differences[module] = float(difference)
    for kind, layer in TORCH_LAYERS.items():
        floor = torch_floor(kind, sizes, inputs, repeat)
        if floor is not None:
            ms[f"torch_nn_{layer.lower()}_cudnn"] = floor
    return {
        "gpu": gpu,
        "sizes": [sizes["batch"], sizes["timesteps"], sizes["features"], sizes["units"]],
        "repeat": repeat,
        "cpu_repeat": cpu_repeat,
        "ms": ms,
        "max_abs_diff_gpu_vs_cpu": differences,
        "note": f"median of {repeat} calls (CPU NumPy: {cpu_repeat}) after 2 warm-ups; CuPy "
        "runs the solution's Python time loop, one kernel launch per op",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, two repeats")
    parser.add_argument("--repeat", type=int, default=20, help="GPU calls per figure (20)")
    parser.add_argument("--cpu-repeat", type=int, default=5, help="CPU calls per figure (5)")
    args = parser.parse_args(argv)
    try:
        cupy, gpu = find_gpu()
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 1
    load_before = load()
    sizes = (
        {"batch": 4, "timesteps": 10, "features": 8, "units": 16}
        if args.quick
        else {"batch": 64, "timesteps": 200, "features": 128, "units": 256}
    )
    repeat, cpu_repeat = (2, 2) if args.quick else (args.repeat, args.cpu_repeat)
    result = measure(cupy, gpu, sizes, repeat, cpu_repeat)
    name = f"scratch-on-gpu-{gpu_slug(gpu)}"
    write_results(name, result, quick=args.quick, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
