"""Renderers: findings, scorecards and progress as text, CSV and HTML (via trainer.base.templating)."""
