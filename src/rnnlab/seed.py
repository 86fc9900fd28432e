"""The study note's four code blocks, unchanged and runnable: ``python -m rnnlab.seed``.

The note (``shared/seed``) was written for TensorFlow 2 with Keras 2. Under TensorFlow 2.21,
``tf.keras`` is Keras 3, and the blocks still print the same shapes, in the same order.
What differs today is printed as one line at the end: Keras 3 prints no cuDNN warning.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from dataclasses import dataclass

from rnnlab.i18n import in_each_language, text
from rnnlab.quiet import quiet_tensorflow


@dataclass(frozen=True)
class NoteBlock:
    """One code block of the note and the output the note shows under it."""

    title: str
    code: str
    note_output: str


BLOCKS: tuple[NoteBlock, ...] = (
    NoteBlock(
        "Embedding",
        """\
import tensorflow as tf
some_words = tf.constant([[3, 57, 35]])
# 3번 단어 / 57번 단어 / 35번 단어로 이루어진 한 문장입니다.
print("Embedding을 진행할 문장:", some_words.shape)
embedding_layer = tf.keras.layers.Embedding(input_dim=64, output_dim=100)
# 총 64개의 단어를 포함한 Embedding 레이어를 선언할 것이고,
# 각 단어는 100차원으로 분산 표현 할 것입니다.
print("Embedding된 문장:", embedding_layer(some_words).shape)
print("Embedding Layer의 Weight 형태:", embedding_layer.weights[0].shape)
""",
        """\
Embedding을 진행할 문장: (1, 3)
Embedding된 문장: (1, 3, 100)
Embedding Layer의 Weight 형태: (64, 100)
""",
    ),
    NoteBlock(
        "SimpleRNN",
        """\
sentence = "What time is it ?"
dic = {
"is": 0,
"it": 1,
"What": 2,
"time": 3,
"?": 4
}
print("RNN에 입력할 문장:", sentence)
sentence_tensor = tf.constant([[dic[word] for word in sentence.split()]])
print("Embedding을 위해 단어 매핑:", sentence_tensor.numpy())
print("입력 문장 데이터 형태:", sentence_tensor.shape)
embedding_layer = tf.keras.layers.Embedding(input_dim=len(dic), output_dim=100)
emb_out = embedding_layer(sentence_tensor)
print("\\nEmbedding 결과:", emb_out.shape)
print("Embedding Layer의 Weight 형태:", embedding_layer.weights[0].shape)
rnn_seq_layer = \\
tf.keras.layers.SimpleRNN(units=64, return_sequences=True, use_bias=False)
rnn_seq_out = rnn_seq_layer(emb_out)
print("\\nRNN 결과 (모든 Step Output):", rnn_seq_out.shape)
print("Simple RNN Layer의 Weight 형태:", rnn_seq_layer.weights[0].shape)
rnn_fin_layer = tf.keras.layers.SimpleRNN(units=64, use_bias=False)
rnn_fin_out = rnn_fin_layer(emb_out)
print("\\nRNN 결과 (최종 Step Output):", rnn_fin_out.shape)
print("Simple RNN Layer의 Weight 형태:", rnn_fin_layer.weights[0].shape)
""",
        """\
RNN에 입력할 문장: What time is it ?
Embedding을 위해 단어 매핑: [[2 3 0 1 4]]
입력 문장 데이터 형태: (1, 5)
Embedding 결과: (1, 5, 100)
Embedding Layer의 Weight 형태: (5, 100)
RNN 결과 (모든 Step Output): (1, 5, 64)
RNN Layer의 Weight 형태: (100, 64)
RNN 결과 (최종 Step Output): (1, 64)
RNN Layer의 Weight 형태: (100, 64)
""",
    ),
    NoteBlock(
        "LSTM",
        """\
lstm_seq_layer = tf.keras.layers.LSTM(units=64, return_sequences=True, use_bias=False)
lstm_seq_out = lstm_seq_layer(emb_out)
print("\\nLSTM 결과 (모든 Step Output):", lstm_seq_out.shape)
print("LSTM Layer의 Weight 형태:", lstm_seq_layer.weights[0].shape)
lstm_fin_layer = tf.keras.layers.LSTM(units=64, use_bias=False)
lstm_fin_out = lstm_fin_layer(emb_out)
print("\\nLSTM 결과 (최종 Step Output):", lstm_fin_out.shape)
print("LSTM Layer의 Weight 형태:", lstm_fin_layer.weights[0].shape)
""",
        """\
WARNING:tensorflow:Layer lstm will not use cuDNN kernels since it doesn't meet the criteria. It will use a generic GPU kernel as fallback when running on GPU.
LSTM 결과 (모든 Step Output): (1, 5, 64)
LSTM Layer의 Weight 형태: (100, 256)
WARNING:tensorflow:Layer lstm_1 will not use cuDNN kernels since it doesn't meet the criteria. It will use a generic GPU kernel as fallback when running on GPU.
LSTM 결과 (최종 Step Output): (1, 64)
LSTM Layer의 Weight 형태: (100, 256)
""",
    ),
    NoteBlock(
        "Bidirectional",
        """\
import tensorflow as tf
sentence = "What time is it ?"
dic = {
"is": 0,
"it": 1,
"What": 2,
"time": 3,
"?": 4
}
sentence_tensor = tf.constant([[dic[word] for word in sentence.split()]])
embedding_layer = tf.keras.layers.Embedding(input_dim=len(dic), output_dim=100)
emb_out = embedding_layer(sentence_tensor)
print("입력 문장 데이터 형태:", emb_out.shape)
bi_rnn = \\
tf.keras.layers.Bidirectional(
tf.keras.layers.SimpleRNN(units=64, use_bias=False, return_sequences=True)
)
bi_out = bi_rnn(emb_out)
print("Bidirectional RNN 결과 (최종 Step Output):", bi_out.shape)
""",
        """\
입력 문장 데이터 형태: (1, 5, 100)
Bidirectional RNN 결과 (최종 Step Output): (1, 5, 128)
""",
    ),
)

TODAY = (
    "오늘 달라진 점 (what differs today): Keras 3 (tf.keras in TF 2.21) prints no cuDNN "
    "warning; when an LSTM cannot use cuDNN it falls back silently."
)

_SHAPE = re.compile(r"\(\d+(?:, \d+)*\)|\[\[[\d ]+\]\]")


def printed_shapes(text: str) -> list[str]:
    """Every shape (and the id array ``[[2 3 0 1 4]]``) printed in ``text``, in order.

    Warning lines are skipped: they are not output of the code.

    Examples
    --------
    >>> printed_shapes("Embedding된 문장: (1, 3, 100)\\n매핑: [[2 3 0 1 4]]")
    ['(1, 3, 100)', '[[2 3 0 1 4]]']
    """
    shapes = []
    for line in text.splitlines():
        if not line.startswith("WARNING:"):
            shapes.extend(_SHAPE.findall(line))
    return shapes


def note_shapes() -> list[str]:
    """The shapes the note shows (and its one id array, ``[[2 3 0 1 4]]``), in order."""
    return [shape for block in BLOCKS for shape in printed_shapes(block.note_output)]


def run_blocks() -> str:
    """Run the four blocks in one namespace, as the note does, and return what they printed."""
    namespace: dict[str, object] = {"__name__": "__note__"}
    return "".join(run_block(block.title, namespace) for block in BLOCKS)


def run_block(title: str, namespace: dict[str, object] | None = None) -> str:
    """Run the block called `title` and return what it printed (the docs show blocks one by one).

    Parameters
    ----------
    title : str
        `"Embedding"`, `"SimpleRNN"`, `"LSTM"` or `"Bidirectional"`.
    namespace : dict or None
        Globals to run it in, shared with the blocks run before it. None: a fresh namespace in
        which the blocks before this one run first (their output is dropped), because later
        blocks use what earlier ones defined (`tf`, `emb_out`), as in the note.
    """
    titles = [block.title for block in BLOCKS]
    if title not in titles:
        raise ValueError(
            f"Received an invalid value for argument `title`: expected one of {titles}. "
            f"Received: {title!r}"
        )
    quiet_tensorflow()
    if namespace is None:
        namespace = {"__name__": "__note__"}
        for earlier in titles[: titles.index(title)]:
            run_block(earlier, namespace)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        block = BLOCKS[titles.index(title)]
        exec(compile(block.code, f"<note block: {title}>", "exec"), namespace)
    return buffer.getvalue()


def block_markdown(title: str, namespace: dict[str, object] | None = None) -> str:
    """A block's code and what it prints today, as Markdown, for the docs pages to show.

    Parameters
    ----------
    title, namespace
        As in `run_block`.
    """
    code = next(block.code for block in BLOCKS if block.title == title)
    printed = run_block(title, namespace)
    caption = in_each_language(lambda language: text("docs.printed_caption", language=language))
    return f"```python\n{code.rstrip()}\n```\n\n{caption}\n\n```text\n{printed.rstrip()}\n```\n"


def main() -> int:
    """Print the blocks' output and the line on what differs today; 1 if a shape differs."""
    output = run_blocks()
    print(output, end="")
    print()
    print(TODAY)
    if printed_shapes(output) != note_shapes():
        print(f"Shapes differ from the note: {printed_shapes(output)} != {note_shapes()}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
