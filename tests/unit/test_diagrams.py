"""The cell diagrams: one drawing per cell, each path highlighted on its own."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from rnnlab.figures import diagrams

SVG = "{http://www.w3.org/2000/svg}"


def _coloured(svg: str, colour: str) -> int:
    """How many shapes are stroked in `colour`."""
    return len(re.findall(f'stroke="{colour}"', svg))


@pytest.mark.parametrize("path", sorted(diagrams.LSTM_PATHS))
def test_each_lstm_path_has_its_own_colour_and_id(path: str) -> None:
    svg = diagrams.lstm_cell_svg(path)
    root = ET.fromstring(svg)  # well-formed XML, so it embeds in any page
    assert root.get("id") == f"lstm-{path}"
    assert root.find(f"{SVG}title").text == diagrams.LSTM_PATHS[path]
    assert _coloured(svg, diagrams.COLOURS[path]) >= 3
    assert _coloured(svg, diagrams.GREY) >= 3  # the rest of the cell is greyed out


def test_the_gate_diagrams_differ_and_share_one_drawing() -> None:
    drawings = {path: diagrams.lstm_cell_svg(path) for path in diagrams.LSTM_PATHS}
    assert len(set(drawings.values())) == len(drawings)
    shapes = {
        path: len(re.findall(r"<(polyline|rect|circle)", svg)) for path, svg in drawings.items()
    }
    assert len(set(shapes.values())) == 1  # the same parts, coloured differently


def test_the_forget_path_runs_through_the_forget_gate_only() -> None:
    svg = diagrams.lstm_cell_svg("forget")
    red = diagrams.COLOURS["forget"]
    filled = re.findall(r'<rect [^>]*fill="([^"]+)"[^>]*/>\s*<text[^>]*>([^<]+)</text>', svg)
    assert [label for fill, label in filled if fill == red] == ["σ f"]


def test_peephole_lstm_adds_dashed_wires() -> None:
    plain = diagrams.lstm_cell_svg()
    peephole = diagrams.lstm_cell_svg("peephole", peephole=True)
    assert "stroke-dasharray" not in plain
    assert peephole.count("stroke-dasharray") == 3  # to the input, forget and output gates


@pytest.mark.parametrize("path", sorted(diagrams.GRU_PATHS))
def test_each_gru_path(path: str) -> None:
    svg = diagrams.gru_cell_svg(path)
    assert ET.fromstring(svg).get("id") == f"gru-{path}"
    assert _coloured(svg, diagrams.COLOURS[path]) >= 3


def test_unrolled_rnn_keeps_every_output_or_the_last() -> None:
    words = ["What", "time", "is", "it", "?"]
    every = diagrams.unrolled_rnn_svg(words, return_sequences=True)
    last = diagrams.unrolled_rnn_svg(words, return_sequences=False)
    blue = diagrams.COLOURS["kept"]
    # Five output arrows kept in colour, or only the last one (four greyed out).
    assert _coloured(every, diagrams.GREY) == 0
    assert _coloured(last, diagrams.GREY) == 4
    assert _coloured(every, blue) - _coloured(last, blue) == 4


def test_bidirectional_draws_both_directions_per_word() -> None:
    svg = diagrams.bidirectional_svg(["What", "time", "is", "it", "?"])
    assert svg.count(">→<") == 5 and svg.count(">←<") == 5 and svg.count(">concat<") == 5


@pytest.mark.parametrize(
    ("draw", "message"),
    [
        pytest.param(lambda: diagrams.lstm_cell_svg("gate"), "one of", id="lstm"),
        pytest.param(lambda: diagrams.lstm_cell_svg("peephole"), "'peephole'", id="no-peephole"),
        pytest.param(lambda: diagrams.gru_cell_svg("forget"), "'forget'", id="gru"),
    ],
)
def test_an_unknown_path_is_refused(draw, message: str) -> None:
    with pytest.raises(ValueError, match="argument `highlight`") as error:
        draw()
    assert message in str(error.value)
