"""``python -m rnnlab``: the same as the ``rnnlab`` command."""

from rnnlab.cli import run

if __name__ == "__main__":
    run()
