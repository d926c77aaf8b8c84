"""Kubernetes resource quantities ("500m", "4Gi", "1.5", "2e3"), exactly as the API server reads them.

The grammar (k8s.io/apimachinery/pkg/api/resource):

    quantity  ::= sign? number suffix
    number    ::= digits | digits "." digits? | "." digits
    suffix    ::= "" | n | u | m | k | M | G | T | P | E | Ki | Mi | Gi | Ti | Pi | Ei | (e | E) sign? digits

`512K` is not a quantity (kilo is `k`; `Ki` is kibi).  Two deliberate limits, which the chart's
values.schema.json shares: a number with no digits at all ("Gi", ".", "+"), which Kubernetes' parser
reads as 0, is refused as a typo; so is an exponent of more than nine digits, which Kubernetes wraps
to 32 bits (another number than the one written).  tests/unit/test_quantities.py compares this with
the real parser.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

_QUANTITY = re.compile(r"([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:[eE]([+-]?[0-9]+)|([numkMGTPE]|[KMGTPE]i)?)")
_SCALE = {
    "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1),
    "k": Decimal(10) ** 3, "M": Decimal(10) ** 6, "G": Decimal(10) ** 9,
    "T": Decimal(10) ** 12, "P": Decimal(10) ** 15, "E": Decimal(10) ** 18,
    "Ki": Decimal(2) ** 10, "Mi": Decimal(2) ** 20, "Gi": Decimal(2) ** 30,
    "Ti": Decimal(2) ** 40, "Pi": Decimal(2) ** 50, "Ei": Decimal(2) ** 60,
}


def parse(value: object) -> Decimal | None:
    """The quantity's value in base units (negative ones too), or None if it is not a quantity."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    match = _QUANTITY.fullmatch(value)
    if not match:
        return None
    number, exponent, suffix = match.groups()
    if exponent is not None:
        if len(exponent.lstrip("+-").lstrip("0")) > 9:
            return None  # Kubernetes would wrap it to 32 bits
        return Decimal(number).scaleb(int(exponent))
    return Decimal(number) * _SCALE[suffix or ""]
