"""Deterministic YAML text for generated files.

A small block-style emitter for what the builders produce (dicts, lists,
strings, numbers, booleans, None): PyYAML's representer is pure Python and was
most of the generation time.  Strings that could read as anything but
themselves are double-quoted (JSON escapes are valid YAML); multi-line
strings become `|` blocks.  tests/unit/test_emit.py checks that PyYAML reads
back exactly what was written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import __version__

_PLAIN = re.compile(r"^[A-Za-z0-9/_][A-Za-z0-9 ._/@+=,():\-]*$")
# Plain scalars YAML 1.1 would read as something else (bool, null, number, timestamp, ...).
_AMBIGUOUS = re.compile(
    r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~"
    r"|[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0[oO][0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+)"
    r"|[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*([eE][-+]?[0-9]+)"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*|=|<<)$")


def _scalar(value) -> str:
    if type(value) is str:  # the common case first
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    return _string(str(value))


@lru_cache(maxsize=8192)
def _string(text: str) -> str:
    if _PLAIN.fullmatch(text) and not _AMBIGUOUS.fullmatch(text) and not text.endswith((" ", ":")) \
            and ": " not in text and " #" not in text:
        return text
    return _double_quoted(text)


def _float(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    # YAML 1.1 floats need a dot: 1e+20 would read back as a string.
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _double_quoted(text: str) -> str:
    """A YAML double-quoted scalar; escapes what readers refuse or treat as line breaks."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isprintable() and char != "\ufeff":
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _block_ok(text: str) -> bool:
    # `|` keeps the text exactly only without tabs, CRs, leading blanks or trailing spaces.
    return ("\r" not in text and "\t" not in text and not text[:1].isspace()
            and all(line.isprintable() and not line.endswith(" ") for line in text.split("\n")))


def _emit(value, indent: str, out: list) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            # A mapping's lists sit at the key's own indentation, as PyYAML writes them.
            _entry(f"{indent}{_scalar(key)}:", child, indent + "  ", indent, out)
    else:
        for child in value:
            if isinstance(child, dict) and child:
                prefix = f"{indent}- "
                for key, grandchild in child.items():
                    _entry(f"{prefix}{_scalar(key)}:", grandchild, indent + "    ", indent + "  ", out)
                    prefix = f"{indent}  "
            else:
                _entry(f"{indent}-", child, indent + "  ", indent + "  ", out)


def _entry(lead: str, value, child_indent: str, list_indent: str, out: list) -> None:
    if isinstance(value, dict) and value:
        out.append(lead)
        _emit(value, child_indent, out)
    elif isinstance(value, list) and value:
        out.append(lead)
        _emit(value, list_indent, out)
    elif isinstance(value, (dict, list)):
        out.append(f"{lead} {{}}" if isinstance(value, dict) else f"{lead} []")
    elif isinstance(value, str) and "\n" in value and _block_ok(value):
        keep = value.endswith("\n")
        chomp = "" if keep and not value.endswith("\n\n") else ("+" if keep else "-")
        out.append(f"{lead} |{chomp}")
        for line in (value[:-1] if keep else value).split("\n"):
            out.append(f"{child_indent}{line}" if line else "")
    else:
        out.append(f"{lead} {_scalar(value)}")


def dump(data) -> str:
    """YAML text of `data`; key order is the builders' insertion order, never sorted."""
    out: list[str] = []
    if isinstance(data, (dict, list)) and data:
        _emit(data, "", out)
    else:
        out.append(_scalar(data) if not isinstance(data, (dict, list)) else ("{}" if isinstance(data, dict) else "[]"))
    return "\n".join(out) + "\n"


def header(source: str) -> str:
    return (f"# Generated by airkube {__version__} from {source}; do not edit, "
            "change the settings and run `airkube generate`.\n")
