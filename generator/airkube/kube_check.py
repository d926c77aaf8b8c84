"""Check generated pod templates against the kubernetes client's V1Pod model.

`kubernetes` takes ~0.5 s to import, so it is imported here, on first use,
only while generating.
"""

from __future__ import annotations

from functools import lru_cache


class PodTemplateError(ValueError):
    pass


@lru_cache(maxsize=1)
def _api_client():
    from kubernetes.client import ApiClient

    return ApiClient()


def check_pod(document: dict, name: str) -> None:
    """Raise PodTemplateError if the template is not a valid V1Pod (unknown fields included)."""
    client = _api_client()
    try:
        pod = client._ApiClient__deserialize(document, "V1Pod")  # the client's own model loader
    except (ValueError, TypeError) as exc:
        raise PodTemplateError(f"pod template {name}: {exc}") from exc
    round_trip = client.sanitize_for_serialization(pod)
    lost = _lost_paths(document, round_trip, "")
    if lost:
        # A field the model dropped is a misspelt or unknown Kubernetes field.
        raise PodTemplateError(f"pod template {name}: unknown Kubernetes field(s): {', '.join(lost[:5])}")
    containers = (pod.spec.containers or []) if pod.spec else []
    if not containers or containers[0].name != "base" or pod.spec.restart_policy != "Never":
        raise PodTemplateError(f"pod template {name}: needs a first container named base and restartPolicy Never")


def _lost_paths(original, round_trip, path: str) -> list[str]:
    if isinstance(original, dict):
        if not isinstance(round_trip, dict):
            return [path or "$"]
        lost = []
        for key, value in original.items():
            child = f"{path}.{key}" if path else key
            if key not in round_trip:
                if value not in (None, {}, []):
                    lost.append(child)
            else:
                lost.extend(_lost_paths(value, round_trip[key], child))
        return lost
    if isinstance(original, list):
        if not isinstance(round_trip, list) or len(round_trip) != len(original):
            return [path]
        lost = []
        for index, (a, b) in enumerate(zip(original, round_trip)):
            lost.extend(_lost_paths(a, b, f"{path}[{index}]"))
        return lost
    return []
