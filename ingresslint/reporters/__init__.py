"""Reporters: one module per output format. Each exposes ``render(report, ctx) -> str``
(text writes to a console instead, for colour)."""

FORMATS = ("text", "concise", "json", "sarif", "junit", "github")
