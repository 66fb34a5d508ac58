"""Text from the input made safe for an output: control characters shown, never sent.

``visible`` is for a terminal: C0 controls (but tab), DEL, C1 controls, the bidirectional
overrides ("Trojan source") and lone surrogates (a file name that is not UTF-8) become
``\\x1b``-style escapes, so an input cannot move the cursor, recolour or hide text.
``xml_safe`` does the same for the characters XML 1.0 cannot hold at all.
"""

from __future__ import annotations

import re

_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    return _TERMINAL_UNSAFE.sub(_escape, text)


def xml_safe(text: str) -> str:
    return _XML_UNSAFE.sub(_escape, text)
