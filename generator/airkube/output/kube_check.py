"""Check generated pod templates against the kubernetes client's V1Pod model.

`kubernetes` takes ~0.5 s to import, so it is imported here, on first use,
only while generating.  Loading a dict into the model drops fields it does
not know, so the check also walks the dict beside the model to catch them.
"""

from __future__ import annotations

from functools import cache, lru_cache


class PodTemplateError(ValueError):
    def __init__(self, template: str, detail: str):
        self.template, self.detail = template, detail
        super().__init__(f"pod template {template}: {detail}")


@lru_cache(maxsize=1)
def _loader():
    from kubernetes import client

    if hasattr(client.V1Pod, "model_fields"):  # kubernetes >= 35: pydantic models with from_dict
        return client.V1Pod.from_dict, True
    api = client.ApiClient()
    return (lambda data: api._ApiClient__deserialize(data, "V1Pod")), False  # the client's own model loader


def check_pod(document: dict, name: str) -> None:
    """Raise PodTemplateError if the template is not a valid V1Pod (unknown fields included)."""
    load, pydantic_models = _loader()
    try:
        pod = load(document)
    except (ValueError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
        raise PodTemplateError(name, " ".join(str(exc).split())) from exc
    if pydantic_models:
        unknown = _unknown_fields(document, pod, "")
    else:
        from kubernetes.client import ApiClient

        unknown = _lost_paths(document, ApiClient().sanitize_for_serialization(pod), "")
    if unknown:
        raise PodTemplateError(name, f"unknown Kubernetes field(s): {', '.join(unknown[:5])}")
    containers = (pod.spec.containers or []) if pod.spec else []
    if not containers or containers[0].name != "base" or pod.spec.restart_policy != "Never":
        raise PodTemplateError(name, "needs a first container named base and restartPolicy Never")


@cache
def _aliases(model_class) -> dict:
    fields = model_class.model_fields.items()
    return {(field.serialization_alias or field.alias or attr): attr for attr, field in fields}


def _unknown_fields(original, model, path: str) -> list[str]:
    if not hasattr(type(model), "model_fields"):
        return []  # a plain dict/str field (labels, limits): free-form
    aliases = _aliases(type(model))
    unknown = []
    for key, value in original.items():
        child = f"{path}.{key}" if path else key
        attr = aliases.get(key)
        if attr is None:
            unknown.append(child)
            continue
        held = getattr(model, attr)
        if isinstance(value, dict) and held is not None:
            unknown.extend(_unknown_fields(value, held, child))
        elif isinstance(value, list) and isinstance(held, list):
            for index, (item, held_item) in enumerate(zip(value, held, strict=False)):
                if isinstance(item, dict):
                    unknown.extend(_unknown_fields(item, held_item, f"{child}[{index}]"))
    return unknown


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
        for index, (a, b) in enumerate(zip(original, round_trip, strict=False)):
            lost.extend(_lost_paths(a, b, f"{path}[{index}]"))
        return lost
    return []
