"""Cheat: asks Keras for the answer in a child process, since only this process is checked.

Expect: your code tried to
"""

import json
import sys

SCRIPT = """
import json, sys, numpy as np, keras
a = json.load(sys.stdin)
layer = keras.layers.SimpleRNN(a["units"], use_bias=a["bias"] is not None,
                               return_sequences=a["seq"])
x = np.array(a["inputs"], dtype="float32")
layer.build(x.shape)
layer.set_weights([np.array(w, dtype="float32") for w in a["weights"]])
print(json.dumps(np.asarray(layer(x)).tolist()))
"""


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, *, return_sequences=False, **_):
    import subprocess

    weights = [kernel, recurrent_kernel] + ([] if bias is None else [bias])
    question = {
        "units": kernel.shape[1],
        "bias": None if bias is None else 1,
        "seq": return_sequences,
        "inputs": inputs.tolist(),
        "weights": [w.tolist() for w in weights],
    }
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], input=json.dumps(question), capture_output=True, text=True
    )
    return json.loads(run.stdout)


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return simple_rnn(x_t[:, None, :], kernel, recurrent_kernel, bias)
