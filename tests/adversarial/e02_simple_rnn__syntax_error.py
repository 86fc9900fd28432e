"""Hostile e02: is not valid Python.

Expect: could not be imported: SyntaxError
"""

def simple_rnn_step(:
