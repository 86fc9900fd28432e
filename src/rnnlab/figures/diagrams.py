"""SVG diagrams of recurrent cells for the docs, drawn from one description per cell.

Each cell is a list of boxes (gates, activations), operators (product, sum) and wires, every
part tagged with the paths it belongs to (`"forget"`, `"cell"`, ...). A diagram highlights one
path by drawing the parts tagged with it in colour and greying out the rest, so the LSTM's four
gate diagrams are the same drawing, and stay consistent when the drawing changes.

The SVG is plain text (no matplotlib, no fonts to fetch), ready to paste into a Markdown page:

>>> svg = lstm_cell_svg("forget")
>>> svg.startswith('<svg id="lstm-forget"'), svg.count("<rect")  # 4 blocks and tanh(c)
(True, 5)
>>> sorted(LSTM_PATHS)
['candidate', 'cell', 'forget', 'input', 'output']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

Point = tuple[float, float]

GREY = "#c4c4c4"
INK = "#333333"
# One colour per path; the same gate has the same colour on every page.
COLOURS = {
    "cell": "#3f51b5",
    "forget": "#d32f2f",
    "input": "#2e7d32",
    "candidate": "#ef6c00",
    "output": "#7b1fa2",
    "peephole": "#00838f",
    "update": "#d32f2f",
    "reset": "#2e7d32",
    "state": "#3f51b5",
    "forward": "#3f51b5",
    "backward": "#d32f2f",
    "kept": "#3f51b5",
    "merge": INK,
}


@dataclass(frozen=True)
class Box:
    """A gate or activation: a rounded rectangle with a label, centred on `at`."""

    at: Point
    label: str
    tags: frozenset[str]
    width: float = 44
    height: float = 28


@dataclass(frozen=True)
class Op:
    """A pointwise operator (`"×"` or `"+"`, or a short label such as `"1−"`) in a circle."""

    at: Point
    label: str
    tags: frozenset[str]


@dataclass(frozen=True)
class Wire:
    """A polyline with an arrow head at its end, and an optional label near its start."""

    points: tuple[Point, ...]
    tags: frozenset[str]
    label: str = ""
    dashed: bool = False
    arrow: bool = True  # False for a bus segment that only leads on to the next branch


@dataclass(frozen=True)
class Text:
    """A free label (a variable name next to a wire end)."""

    at: Point
    text: str
    tags: frozenset[str] = frozenset()
    anchor: str = "middle"


Part = Box | Op | Wire | Text


def _tags(*names: str) -> frozenset[str]:
    return frozenset(names)


def _colour(tags: frozenset[str], highlight: tuple[str, ...]) -> str:
    """The colour of the first highlighted path the part is on; grey if none; ink if no paths."""
    if not highlight:
        return INK
    return next((COLOURS.get(name, INK) for name in highlight if name in tags), GREY)


def render(
    parts: Sequence[Part],
    *,
    width: float,
    height: float,
    svg_id: str,
    title: str,
    highlight: str | Sequence[str] | None = None,
) -> str:
    """Draw `parts` as an SVG string, colouring those tagged `highlight` and greying the rest.

    Parameters
    ----------
    parts : sequence of Box, Op, Wire, Text
        The drawing. Wires are painted first, so boxes and operators sit on top of them, and
        highlighted parts after greyed ones.
    width, height : float
        The drawing's size in SVG units; the SVG scales to the page's width.
    svg_id : str
        The `id` of the `<svg>` element (pages and the browser check find diagrams by it).
    title : str
        The accessible title, read by screen readers and shown on hover.
    highlight : str, sequence of str, or None
        The tag(s) to colour, each in its own colour (`COLOURS`); None draws everything in ink.
    """
    paths = (highlight,) if isinstance(highlight, str) else tuple(highlight or ())
    out = [
        f'<svg id="{svg_id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" style="max-width: {width * 1.4}px; width: 100%; height: auto" '
        'font-family="sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
    ]
    out.append("<defs>")
    for colour in sorted({GREY, INK, *COLOURS.values()}):
        out.append(
            f'<marker id="{svg_id}-arrow-{colour[1:]}" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" '
            'orient="auto-start-reverse">'
            f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    # Greyed parts first, so highlighted wires are painted over the grey ones they cross.
    ordered = sorted(parts, key=lambda part: bool(set(paths) & part.tags))
    ordered = [p for p in ordered if isinstance(p, Wire)] + [
        p for p in ordered if not isinstance(p, Wire)
    ]
    for part in ordered:
        colour = _colour(part.tags, paths)
        strong = bool(set(paths) & part.tags)
        if isinstance(part, Wire):
            points = " ".join(f"{x},{y}" for x, y in part.points)
            dash = ' stroke-dasharray="5 4"' if part.dashed else ""
            head = f' marker-end="url(#{svg_id}-arrow-{colour[1:]})"' if part.arrow else ""
            out.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" '
                f'stroke-width="{3 if strong else 1.6}"{dash}{head}/>'
            )
            if part.label:
                (x, y) = part.points[0]
                out.append(_text((x, y - 6), part.label, colour, "start"))
        elif isinstance(part, Box):
            (x, y) = part.at
            fill = colour if strong else "#ffffff"
            out.append(
                f'<rect x="{x - part.width / 2}" y="{y - part.height / 2}" width="{part.width}" '
                f'height="{part.height}" rx="6" fill="{fill}" stroke="{colour}" '
                'stroke-width="1.6"/>'
            )
            out.append(_text((x, y + 5), part.label, "#ffffff" if strong else colour))
        elif isinstance(part, Op):
            (x, y) = part.at
            fill = colour if strong else "#ffffff"
            out.append(
                f'<circle cx="{x}" cy="{y}" r="12" fill="{fill}" stroke="{colour}" '
                'stroke-width="1.6"/>'
            )
            out.append(_text((x, y + 5), part.label, "#ffffff" if strong else colour))
        else:
            out.append(_text(part.at, part.text, colour if part.tags else INK, part.anchor))
    out.append("</svg>")
    return "\n".join(out)


def _text(at: Point, text: str, colour: str, anchor: str = "middle") -> str:
    (x, y) = at
    return f'<text x="{x}" y="{y}" fill="{colour}" text-anchor="{anchor}">{escape(text)}</text>'


GATES_OF_LSTM = ("forget", "input", "candidate", "output")


def _lstm_parts(peephole: bool) -> list[Part]:
    every = _tags(*GATES_OF_LSTM)
    parts: list[Part] = [
        # The cell state: the conveyor belt along the top.
        Wire(((20, 50), (188, 50)), _tags("cell", "forget"), "c(t-1)"),
        Wire(((212, 50), (318, 50)), _tags("cell", "forget")),
        Wire(((342, 50), (560, 50)), _tags("cell"), ""),
        Text((575, 54), "c(t)", _tags("cell"), "start"),
        # h(t-1) and x(t) join into one bus feeding all four gates.
        Wire(((20, 270), (200, 270)), every, "h(t-1)", arrow=False),
        Wire(((110, 330), (110, 272)), every),
        Text((110, 348), "x(t)", every),
        Wire(((200, 270), (260, 270)), _tags("input", "candidate", "output"), arrow=False),
        Wire(((260, 270), (330, 270)), _tags("candidate", "output"), arrow=False),
        Wire(((330, 270), (410, 270)), _tags("output"), arrow=False),
        # forget gate: sigma(z_f) multiplies the old cell state.
        Wire(((200, 270), (200, 214)), _tags("forget")),
        Wire(((200, 186), (200, 62)), _tags("forget")),
        # input gate times candidate, added onto the belt.
        Wire(((260, 270), (260, 214)), _tags("input")),
        Wire(((260, 186), (260, 130), (318, 130)), _tags("input")),
        Wire(((330, 270), (330, 214)), _tags("candidate")),
        Wire(((330, 186), (330, 142)), _tags("candidate")),
        Wire(((330, 118), (330, 62)), _tags("input", "candidate")),
        # output gate: o * tanh(c_t) becomes h(t).
        Wire(((410, 270), (410, 214)), _tags("output")),
        Wire(((432, 200), (468, 200)), _tags("output")),
        Wire(((480, 50), (480, 106)), _tags("output", "cell")),
        Wire(((480, 134), (480, 188)), _tags("output")),
        Wire(((480, 212), (480, 300), (560, 300)), _tags("output")),
        Text((575, 304), "h(t)", _tags("output"), "start"),
        Box((200, 200), "σ f", _tags("forget")),
        Box((260, 200), "σ i", _tags("input")),
        Box((330, 200), "tanh c̃", _tags("candidate"), width=56),
        Box((410, 200), "σ o", _tags("output")),
        Box((480, 120), "tanh", _tags("output")),
        Op((200, 50), "×", _tags("forget", "cell")),
        Op((330, 130), "×", _tags("input", "candidate")),
        Op((330, 50), "+", _tags("cell", "input", "candidate")),
        Op((480, 200), "×", _tags("output")),
    ]
    if peephole:
        # Gers and Schmidhuber's peepholes: the gates also read the cell state.
        parts[:0] = [
            Wire(((150, 50), (150, 160), (186, 186)), _tags("peephole"), dashed=True),
            Wire(((150, 160), (246, 186)), _tags("peephole"), dashed=True),
            Wire(((380, 50), (380, 160), (400, 186)), _tags("peephole"), dashed=True),
        ]
    return parts


LSTM_PATHS = {
    "cell": "the cell state: the conveyor belt, changed only by a product and a sum",
    "forget": "the forget gate: what fraction of each unit of c(t-1) to keep",
    "input": "the input gate: what fraction of the candidate to write",
    "candidate": "the candidate c̃: the new content, squashed by tanh",
    "output": "the output gate: what fraction of tanh(c(t)) to show as h(t)",
}


def lstm_cell_svg(highlight: str | None = None, *, peephole: bool = False) -> str:
    """One LSTM cell, with `highlight` (a key of `LSTM_PATHS`, or None) drawn in colour.

    Parameters
    ----------
    highlight : str or None
        `"cell"`, `"forget"`, `"input"`, `"candidate"`, `"output"`, `"peephole"` (with
        `peephole=True`) or None for the whole cell in ink.
    peephole : bool
        Add the peephole connections (dashed) from the cell state to the three gates.

    Returns
    -------
    str
        An `<svg>` element with id `lstm-<highlight>` (or `lstm-cell` / `peephole-lstm`).
    """
    known = set(LSTM_PATHS) | ({"peephole"} if peephole else set())
    if highlight is not None and highlight not in known:
        raise ValueError(
            "Received an invalid value for argument `highlight`: expected one of "
            f"{sorted(known)} or None. Received: {highlight!r}"
        )
    prefix = "peephole-lstm" if peephole else "lstm"
    svg_id = (
        f"{prefix}-{highlight}" if highlight else ("peephole-lstm" if peephole else "lstm-cell")
    )
    title = (
        LSTM_PATHS.get(highlight or "", "an LSTM cell")
        if highlight != "peephole"
        else ("peephole connections: the gates read the cell state")
    )
    return render(
        _lstm_parts(peephole),
        width=620,
        height=360,
        svg_id=svg_id,
        title=title,
        highlight=highlight,
    )


GRU_PATHS = {
    "update": "the update gate z: how much of h(t-1) to keep",
    "reset": "the reset gate r: how much of h(t-1) the candidate may read",
    "candidate": "the candidate h̃, computed from x(t) and the reset h(t-1)",
}


def gru_cell_svg(highlight: str | None = None) -> str:
    """One GRU cell (Keras's update h = z * h(t-1) + (1 - z) * h̃), one path in colour.

    Parameters
    ----------
    highlight : str or None
        `"update"`, `"reset"`, `"candidate"` or None.

    Returns
    -------
    str
        An `<svg>` element with id `gru-<highlight>` or `gru-cell`.
    """
    every = _tags(*GRU_PATHS)
    parts: list[Part] = [
        # The state runs along the top: kept in proportion z, replaced in proportion 1 - z.
        Wire(((20, 50), (308, 50)), _tags("update"), "h(t-1)"),
        Wire(((332, 50), (438, 50)), _tags("update")),
        Wire(((462, 50), (560, 50)), every),
        Text((575, 54), "h(t)", every, "start"),
        # h(t-1) and x(t) feed the gates from below.
        Wire(((60, 50), (60, 270), (150, 270)), every, arrow=False),
        Wire(((110, 330), (110, 272)), every),
        Text((110, 348), "x(t)", every),
        Wire(((150, 270), (230, 270)), _tags("update", "candidate"), arrow=False),
        Wire(((230, 270), (380, 270)), _tags("candidate"), arrow=False),
        # reset gate: how much of h(t-1) the candidate reads.
        Wire(((150, 270), (150, 214)), _tags("reset")),
        Wire(((150, 186), (150, 130), (258, 130)), _tags("reset")),
        Wire(((100, 50), (100, 90), (270, 90), (270, 118)), _tags("reset", "candidate")),
        Wire(((282, 130), (380, 130), (380, 186)), _tags("reset", "candidate")),
        Wire(((380, 270), (380, 214)), _tags("candidate")),
        # update gate: z scales h(t-1), 1 - z scales the candidate.
        Wire(((230, 270), (230, 214)), _tags("update")),
        Wire(((230, 186), (230, 160), (320, 160), (320, 62)), _tags("update")),
        Wire(((320, 160), (520, 160), (520, 188)), _tags("update")),
        Wire(((508, 200), (462, 200)), _tags("update")),
        Wire(((408, 200), (438, 200)), _tags("candidate")),
        Wire(((450, 188), (450, 62)), _tags("update", "candidate")),
        Box((150, 200), "σ r", _tags("reset")),
        Box((230, 200), "σ z", _tags("update")),
        Box((380, 200), "tanh h̃", _tags("candidate"), width=56),
        Op((270, 130), "×", _tags("reset", "candidate")),
        Op((320, 50), "×", _tags("update")),
        Op((450, 200), "×", _tags("update", "candidate")),
        Op((520, 200), "1−", _tags("update")),
        Op((450, 50), "+", every),
    ]
    if highlight is not None and highlight not in GRU_PATHS:
        raise ValueError(
            "Received an invalid value for argument `highlight`: expected one of "
            f"{sorted(GRU_PATHS)} or None. Received: {highlight!r}"
        )
    return render(
        parts,
        width=620,
        height=360,
        svg_id=f"gru-{highlight}" if highlight else "gru-cell",
        title=GRU_PATHS.get(highlight or "", "a GRU cell"),
        highlight=highlight,
    )


def _unrolled(
    words: Sequence[str],
    step: float,
    column: Callable[[int, str, float], list[Part]],
    link: Callable[[float, float], list[Part]],
) -> tuple[list[Part], float]:
    """A layer unrolled over `words`: ``column(t, word, x)`` per step, ``step`` apart, and
    ``link(x, step)`` from each step to the next, drawn first so columns cover its ends.

    Returns the parts and the drawing's width.
    """
    parts: list[Part] = []
    last = len(words) - 1
    for t, word in enumerate(words):
        x = 70 + t * step
        parts += column(t, word, x)
        if t < last:
            parts[:0] = link(x, step)
    return parts, 70 * 2 + step * last


def unrolled_rnn_svg(words: Sequence[str], *, return_sequences: bool) -> str:
    """A recurrent layer unrolled over `words`: one cell per step, the same weights in each.

    With `return_sequences=False` only the last step's output is kept (coloured); the other
    outputs are computed and dropped (grey).

    >>> 'id="unrolled-every-step"' in unrolled_rnn_svg(["a", "b"], return_sequences=True)
    True
    """

    def column(t: int, word: str, x: float) -> list[Part]:
        kept = _tags("kept") if return_sequences or t == len(words) - 1 else _tags()
        return [
            Wire(((x, 190), (x, 146)), _tags("kept")),
            Text((x, 208), word, _tags("kept")),
            Wire(((x, 106), (x, 52)), kept),
            Text((x, 40), f"h{t + 1}", kept),
            Box((x, 126), "tanh", _tags("kept"), width=60, height=38),
        ]

    def link(x: float, step: float) -> list[Part]:
        return [Wire(((x + 30, 126), (x + step - 32, 126)), _tags("kept"))]

    parts, width = _unrolled(words, 110, column, link)
    name = "every-step" if return_sequences else "last-step"
    title = (
        "return_sequences=True: an output at every step"
        if return_sequences
        else "return_sequences=False: only the last step's output is kept"
    )
    return render(
        parts,
        width=width,
        height=220,
        svg_id=f"unrolled-{name}",
        title=title,
        highlight="kept",
    )


def bidirectional_svg(words: Sequence[str]) -> str:
    """Bidirectional: a forward and a backward layer over `words`, outputs concatenated per step.

    >>> 'id="bidirectional"' in bidirectional_svg(["a", "b", "c"])
    True
    """

    def column(t: int, word: str, x: float) -> list[Part]:
        return [
            Text((x, 300), word),
            Wire(((x - 20, 286), (x - 20, 216)), _tags("forward")),
            Wire(((x + 20, 286), (x + 20, 146)), _tags("backward")),
            Wire(((x - 20, 184), (x - 20, 80)), _tags("forward")),
            Wire(((x + 20, 114), (x + 20, 80)), _tags("backward")),
            Wire(((x, 54), (x, 42)), _tags("merge")),
            Text((x, 32), f"[→h{t + 1}; ←h{t + 1}]"),
            Box((x, 66), "concat", _tags("merge"), width=64, height=24),
            Box((x - 20, 200), "→", _tags("forward"), width=36, height=32),
            Box((x + 20, 130), "←", _tags("backward"), width=36, height=32),
        ]

    def link(x: float, step: float) -> list[Part]:
        return [
            Wire(((x + step + 2, 130), (x + 40, 130)), _tags("backward")),
            Wire(((x - 2, 200), (x + step - 40, 200)), _tags("forward")),
        ]

    parts, width = _unrolled(words, 120, column, link)
    return render(
        parts,
        width=width,
        height=312,
        svg_id="bidirectional",
        title="Bidirectional: a forward and a backward layer, concatenated at every step",
        highlight=("forward", "backward", "merge"),
    )
