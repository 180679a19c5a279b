"""``python -m trainer`` is the same program as the ``trainer`` command."""

from trainer.cli import run

run()
