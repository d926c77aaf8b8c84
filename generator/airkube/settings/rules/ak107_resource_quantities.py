"""AK107 resource-quantities: requests and limits are Kubernetes quantities, requests not above limits.

Passing example::

    scheduler:
      resources:
        requests: {cpu: 500m, memory: 1Gi}
        limits: {memory: 2Gi}

Failing example::

    scheduler:
      resources:
        requests: {cpu: 500m, memory: 4Gi}
        limits: {memory: 2GB}
"""

from .. import quantities
from . import Finding

ID = "AK107"
NAME = "resource-quantities"


def _hint(value) -> str:
    text = str(value).rstrip()
    if text.endswith(("GB", "MB", "KB", "gb", "mb", "gi", "mi")):
        return " (Kubernetes writes gibibytes as Gi, e.g. 2Gi, or gigabytes as G)"
    if text.endswith("K"):
        return " (kilo is a lowercase k, e.g. 512k; kibi is Ki, e.g. 512Ki)"
    return ""


def check(ctx):
    for where, resources in ctx.resource_blocks():
        if not isinstance(resources, dict):
            continue
        parsed = {}
        for kind in ("requests", "limits"):
            block = resources.get(kind)
            if not isinstance(block, dict):
                continue
            for name, value in sorted(block.items()):
                amount = quantities.parse(value)
                if amount is None:
                    yield Finding(
                        f"{where}.{kind}.{name}",
                        f"{where}.{kind}.{name} is {value!r}, not a Kubernetes quantity{_hint(value)}. "
                        "Write it like 500m or 2 for CPU and 512Mi or 4Gi for memory.")
                elif amount < 0:
                    yield Finding(f"{where}.{kind}.{name}",
                                  f"{where}.{kind}.{name} is {value!r}; requests and limits can't be negative.")
                else:
                    parsed[(kind, name)] = amount
        for (kind, name), requested in sorted(parsed.items()):
            if kind != "requests":
                continue
            limit = parsed.get(("limits", name))
            if limit is not None and requested > limit:
                yield Finding(
                    f"{where}.requests.{name}",
                    f"{where}.requests.{name} ({resources['requests'][name]}) is above "
                    f"{where}.limits.{name} ({resources['limits'][name]}); Kubernetes rejects such pods. "
                    "Lower the request or raise the limit.")
