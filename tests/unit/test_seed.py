"""`python -m rnnlab.seed` runs the note's four blocks and prints its 17 shapes in order."""

import subprocess
import sys

from rnnlab.seed import TODAY, note_shapes, printed_shapes


def test_note_has_seventeen_shapes():
    assert len(note_shapes()) == 17
    assert note_shapes()[:3] == ["(1, 3)", "(1, 3, 100)", "(64, 100)"]
    assert note_shapes()[-1] == "(1, 5, 128)"


def test_seed_prints_the_notes_shapes_in_order():
    process = subprocess.run(
        [sys.executable, "-m", "rnnlab.seed"], capture_output=True, text=True, timeout=300
    )
    assert process.returncode == 0, process.stdout + process.stderr
    assert printed_shapes(process.stdout) == note_shapes()
    assert "Embedding을 진행할 문장: (1, 3)" in process.stdout  # Korean labels kept
    assert process.stdout.rstrip().endswith(TODAY)
    assert "cuDNN" not in process.stderr  # Keras 3 falls back silently
