"""Text normalization for user input and spreadsheet cells."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

# Characters that survive NFKC but carry nothing: zero-width space/joiners, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_WHITESPACE_RUN = re.compile(r"\s+")
_MULTI_SEPARATORS = re.compile(r"[,，、;；/／\r\n]+")


def normalize_text(value: object) -> str:
    """NFKC (full-width to half-width), trim, collapse inner whitespace; None -> ""."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).translate(_INVISIBLE)
    return _WHITESPACE_RUN.sub(" ", text).strip()


def _choice_key(value: object) -> str:
    # NFKC already maps full-width parentheses and letters to half-width.
    return _WHITESPACE_RUN.sub("", normalize_text(value)).casefold()


def match_choice(
    value: object,
    choices: Iterable[str],
    aliases: Mapping[str, str] | None = None,
) -> str | None:
    """Return the canonical choice that `value` denotes, or None.

    Comparison ignores whitespace, letter case and full-/half-width forms.
    `aliases` maps other spellings to a canonical choice (e.g. "私营企业" -> "私营").
    """
    key = _choice_key(value)
    if not key:
        return None
    for choice in choices:
        if _choice_key(choice) == key:
            return choice
    for alias, choice in (aliases or {}).items():
        if _choice_key(alias) == key:
            return choice
    return None


def split_multi(value: object) -> list[str]:
    """Split a multi-value cell on , ， 、 ; ； / and newlines; normalized, deduplicated, in order."""
    if value is None:
        return []
    parts = _MULTI_SEPARATORS.split(str(value))
    result: list[str] = []
    for part in parts:
        item = normalize_text(part)
        if item and item not in result:
            result.append(item)
    return result
