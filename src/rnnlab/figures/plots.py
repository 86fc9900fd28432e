"""Matplotlib figures for the docs and for learners' own runs."""

from __future__ import annotations

import contextlib
import dataclasses
import io
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np


def plot_gates(
    trace: Any,
    words: Sequence[str],
    *,
    sample: int = 0,
    title: str = "",
    language: str | None = None,
) -> Any:
    """One heatmap per traced quantity (units x steps) of an [rnnlab.figures.trace][] result.

    Parameters
    ----------
    trace : LSTMTrace or GRUTrace
        From [lstm_gates][rnnlab.figures.trace.lstm_gates] or
        [gru_gates][rnnlab.figures.trace.gru_gates].
    words : sequence of str
        One label per time step, e.g. ``"What time is it ?".split()``.
    sample : int
        Which sequence of the batch to draw.
    title : str
        Figure title.
    language : str, optional
        The language of the panels' titles and axes (the learner's by default). For Korean on
        a docs page, draw it through `page_svg`, which keeps the words as text.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``words`` does not have one label per step or ``sample`` is out of range.
    """
    from rnnlab.i18n import text

    plt = _pyplot()

    fields = [f.name for f in dataclasses.fields(trace)]
    batch, timesteps, units = getattr(trace, fields[0]).shape
    if len(words) != timesteps:
        raise ValueError(
            f"Received an invalid value for argument `words`: expected {timesteps} labels, one "
            f"per step. Received: {len(words)} ({list(words)!r})."
        )
    if not 0 <= sample < batch:
        raise ValueError(
            f"Received an invalid value for argument `sample`: expected 0 <= sample < {batch}. "
            f"Received: {sample}."
        )
    columns = 3 if len(fields) > 4 else 2
    rows = -(-len(fields) // columns)
    figure, axes = plt.subplots(
        rows, columns, figsize=(3.4 * columns, 0.35 * units * rows + 1.5), squeeze=False
    )
    for axis, name in zip(axes.flat, fields):
        values = getattr(trace, name)[sample].T  # (units, timesteps)
        is_gate = name.endswith("_gate")  # sigmoids: values in (0, 1)
        image = axis.imshow(
            values,
            aspect="auto",
            cmap="viridis" if is_gate else "coolwarm",
            vmin=0.0 if is_gate else -1.0,
            vmax=1.0,
        )
        axis.set_title(text(f"figures.{name}", language=language), fontsize=10)
        axis.set_xticks(np.arange(timesteps), labels=list(words), fontsize=8)
        axis.set_yticks([])
        axis.set_ylabel(text("figures.units", language=language), fontsize=8)
        figure.colorbar(image, ax=axis, fraction=0.046, pad=0.04)
    for axis in list(axes.flat)[len(fields) :]:
        axis.axis("off")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_step_errors(
    steps: dict[str, Sequence[float]], *, title: str, xlabel: str, ylabel: str
) -> Any:
    """How far each answer's ``dL/dx_t`` is from the tape's, one line per answer.

    Parameters
    ----------
    steps : dict of str to sequence of float
        Per answer, its error beyond the tolerance at each time step, as
        [step_errors][rnnlab.grader.checks.compare.step_errors] gives it (0 where it matches).
    title, xlabel, ylabel : str
        The figure's words, in the page's language.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``steps`` is empty or its answers have different numbers of steps.
    """
    plt = _pyplot()

    lengths = {len(errors) for errors in steps.values()}
    if len(lengths) != 1:
        raise ValueError(
            "Received an invalid value for argument `steps`: expected one or more answers with "
            f"the same number of steps. Received: { ({k: len(v) for k, v in steps.items()})!r}."
        )
    figure, axis = plt.subplots(figsize=(7.0, 3.0))
    for name, errors in steps.items():
        axis.plot(range(len(errors)), errors, marker="o", markersize=3, label=name)
    # Zero (a step that matches) must show: linear near 0, logarithmic above.
    axis.set_yscale("symlog", linthresh=1e-3)
    axis.xaxis.get_major_locator().set_params(integer=True)  # steps are whole numbers
    axis.set_xlabel(xlabel)
    axis.set_ylabel(ylabel)
    axis.set_title(title)
    axis.legend(fontsize="small")
    figure.tight_layout()
    return figure


# The docs' own font for Hangul (docs/stylesheets): the browser draws Korean with it.
PAGE_HANGUL_FONT = "rnnlab Hangul"


def page_svg(draw: Callable[[], Any]) -> str:
    """A figure as inline SVG for a docs page, its words left as text for the page's fonts.

    Matplotlib's own fonts have no Hangul, so a Korean title drawn as paths would show empty
    boxes; as text, with the page's Hangul font after Matplotlib's, the browser draws it.

    Parameters
    ----------
    draw : callable
        Makes the figure (e.g. ``lambda: plot_step_errors(...)``), called inside the settings
        that keep text as text.

    Returns
    -------
    str
        The ``<svg>`` markup.
    """
    with page_text():
        svg = io.StringIO()
        draw().savefig(svg, format="svg")
    return svg.getvalue()


@contextlib.contextmanager
def page_text() -> Iterator[None]:
    """Matplotlib settings, for figures made and saved inside, that keep their words as SVG
    text drawn with the page's fonts (the page's Hangul font after Matplotlib's)."""
    import logging
    import warnings

    import matplotlib

    _pyplot()
    families = [*matplotlib.rcParams["font.sans-serif"], PAGE_HANGUL_FONT]
    settings = {"svg.fonttype": "none", "font.sans-serif": families}
    font_log = logging.getLogger("matplotlib.font_manager")
    level = font_log.level
    font_log.setLevel(logging.ERROR)  # "rnnlab Hangul not found": it is the browser's to find
    try:
        with matplotlib.rc_context(settings), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            yield
    finally:
        font_log.setLevel(level)


# Fonts with Hangul that Matplotlib can draw into a PNG, most common first (Linux, Windows,
# macOS). Matplotlib ships none, so a learner's Korean figures need one of these installed.
HANGUL_FONTS = (
    "NanumGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Source Han Sans KR",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "AppleGothic",
    "UnDotum",
    "Baekmuk Gulim",
)


# Their files' names, lower-cased and without spaces, start with one of these.
_HANGUL_FILES = (
    *(name.lower().replace(" ", "") for name in HANGUL_FONTS),
    "malgun",
    "notosanscjk",
)


def _first_hangul_font(manager: Any) -> str | None:
    installed = {entry.name for entry in manager.ttflist}
    return next((name for name in HANGUL_FONTS if name in installed), None)


def hangul_font() -> str | None:
    """The first of `HANGUL_FONTS` that Matplotlib can draw with, or None.

    Matplotlib lists the system's fonts once and caches the list, so a font installed after
    that (``apt install fonts-nanum`` once Matplotlib has run) is missing from it: the system's
    font files with a Hangul font's name are then added to this process's list.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    found = _first_hangul_font(manager)
    if found is None:
        for path in font_manager.findSystemFonts():
            if Path(path).name.lower().startswith(_HANGUL_FILES):
                with contextlib.suppress(Exception):  # a font file Matplotlib cannot read
                    manager.addfont(path)
        found = _first_hangul_font(manager)
    return found


@contextlib.contextmanager
def file_text(language: str) -> Iterator[str]:
    """Matplotlib settings for figures saved as files (PNG, SVG) in ``language``; yields the
    language to draw them in.

    Korean needs a font with Hangul: the first installed of `HANGUL_FONTS` is added after
    Matplotlib's own families (which keep drawing Latin letters, digits and the minus sign), and
    Korean is yielded. Without one, a Korean title would be empty boxes, so English is yielded
    instead; the caller says so (``cli.figures_in_english``).
    """
    import matplotlib

    from rnnlab.i18n import DEFAULT

    _pyplot()
    font = hangul_font() if language == "ko" else None
    if language == "ko" and font is None:
        yield DEFAULT
        return
    # Matplotlib falls back glyph by glyph along font.family (a font inside the generic
    # "sans-serif" list is not reached), so the Hangul font follows the generic family there.
    families = [*matplotlib.rcParams["font.family"], *([font] if font else [])]
    with matplotlib.rc_context({"font.family": families}):
        yield language


def _pyplot() -> Any:
    """``matplotlib.pyplot`` on the Agg backend: docs builds and CI have no display."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
