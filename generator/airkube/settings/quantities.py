"""Kubernetes resource quantities ("500m", "4Gi", "1.5", "2e3"), exactly as the API server reads them.

The grammar (k8s.io/apimachinery/pkg/api/resource):

    quantity  ::= sign? number suffix
    number    ::= digits | digits "." digits? | "." digits
    suffix    ::= "" | n | u | m | k | M | G | T | P | E | Ki | Mi | Gi | Ti | Pi | Ei | (e | E) sign? digits

`512K` is not a quantity (kilo is `k`; `Ki` is kibi).  Kubernetes' parser also reads a number with no
digits at all ("Gi", ".", "+") as 0; airkube refuses those as typos.  tests/unit/test_quantities.py
compares this with the real parser.
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
_INT64 = 2 ** 63


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
        if not -_INT64 <= int(exponent) < _INT64:
            return None  # Kubernetes reads the exponent as an int64
        # Only the size of the result matters to the rules: keep huge exponents cheap.
        return Decimal(number).scaleb(max(min(int(exponent), 10 ** 6), -(10 ** 6)))
    return Decimal(number) * _SCALE[suffix or ""]
