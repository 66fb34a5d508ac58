"""Text from the input made safe for an output: control characters shown, never sent.

``visible`` is for a terminal: C0 controls (but tab), DEL, C1 controls, the bidirectional
overrides ("Trojan source") and lone surrogates (a file name that is not UTF-8) become
``\\x1b``-style escapes, so an input cannot move the cursor, recolour or hide text.
``xml_safe`` does the same for the characters XML 1.0 cannot hold at all.
"""

from __future__ import annotations

import re
from functools import cache

# Every character these escape is unprintable (Cc, Cf, Cs or Cn), so printable text, nearly all
# text, is returned as it is, and a run that meets none never compiles them (~1 ms).
TERMINAL_UNSAFE = "[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
XML_UNSAFE = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    return text if text.isprintable() else _compiled(TERMINAL_UNSAFE).sub(_escape, text)


def xml_safe(text: str) -> str:
    return text if text.isprintable() else _compiled(XML_UNSAFE).sub(_escape, text)
