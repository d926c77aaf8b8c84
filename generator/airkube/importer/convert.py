"""An official-chart values file -> airkube settings, and what became of each of its key paths.

Each key path is classified by mapping.RULES (or dropped as the official default); the settings are
then checked like `airkube validate` does, and a key whose setting or chart value is refused turns
into "needs attention" with the refusal, until what is left passes.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

from .. import api
from ..output import emit
from ..settings import paths, versions
from ..settings.schema import load_schema
from . import mapping
from .reader import leaves, lookup, read_values, show

MAPPED, DROPPED, ATTENTION = "mapped", "dropped", "attention"
OFFICIAL_DEFAULT_EXECUTOR = "CeleryExecutor"  # the official chart's default, in every release
AIRFLOW2_FALLBACK = "2.10.4"  # for a values file with webserver keys and no version: an Airflow 2 setup
_VERSION = re.compile(r"^([0-9]+\.[0-9]+\.[0-9]+)")
_MISSING = object()


@dataclass(frozen=True)
class Entry:
    """One key path of the input and what became of it."""

    key: str
    outcome: str  # MAPPED, DROPPED or ATTENTION
    detail: str  # the setting (mapped), the reason (dropped), what to do (attention)


@dataclass
class ImportResult:
    source: str
    kind: str  # "values", "Flux HelmRelease spec.values", ...
    entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the settings assume that the input does not say
    problems: list[str] = field(default_factory=list)  # settings problems no key of the input explains
    settings: dict = field(default_factory=dict)

    @property
    def attention(self) -> list[Entry]:
        return [e for e in self.entries if e.outcome == ATTENTION]

    @property
    def ok(self) -> bool:
        return not self.attention and not self.problems


def import_values(path: str | os.PathLike, official_defaults: str | os.PathLike | None = None) -> ImportResult:
    """Raises reader.InputError when a file can't be read as values."""
    values, kind = read_values(path)
    defaults = read_values(official_defaults)[0] if official_defaults else {}
    result = ImportResult(source=str(path), kind=kind)
    judged: dict[str, Entry] = {}  # keys judged before the table: airflowVersion, when the image disagrees
    version = _version(values, defaults, result, judged)
    ctx = mapping.Context(values=values, major=versions.major(version) if version else 3)
    settings: dict = {}
    if version:
        settings["airflow"] = {"version": version}
    executor = values.get("executor") or defaults.get("executor") or OFFICIAL_DEFAULT_EXECUTOR
    if "executor" not in values or _same(defaults.get("executor", _MISSING), values["executor"]):
        settings["executor"] = mapping.executor(executor)
        result.notes.append(f"executor: {executor}, the official chart's default (airkube's own default is "
                            "KubernetesExecutor)")
    targets: dict[str, tuple] = {}  # entry key -> its setting's key path
    for key_path, value in leaves(values):
        key = show(key_path)
        if key in judged:
            result.entries.append(judged[key])
            continue
        if defaults and _same(lookup(defaults, key_path, _MISSING), value):
            result.entries.append(Entry(key, DROPPED, "equal to the official default"))
            continue
        outcome, detail, setting, converted = mapping.classify(key_path, value, ctx)
        if outcome == MAPPED:
            owner = next((k for k, t in targets.items() if t == setting), None)
            if owner is not None:
                result.entries.append(Entry(key, ATTENTION, f"sets {show(setting)} too, which {owner} already "
                                                            "sets; keep one of them"))
                continue
            targets[key] = setting
            detail = show(setting)
        if setting is not None:
            _put(settings, setting, converted)
        result.entries.append(Entry(key, outcome, detail))
    _refuse_until_valid(settings, targets, result)
    result.settings = _ordered(settings)
    return result


def _version(values: dict, defaults: dict, result: ImportResult, judged: dict) -> str | None:
    """The Airflow version the input runs: the image tag's, else airflowVersion, else a guess (noted)."""
    images = values.get("images") if isinstance(values.get("images"), dict) else {}
    airflow_image = images.get("airflow") if isinstance(images.get("airflow"), dict) else {}
    tag = airflow_image.get("tag") or values.get("defaultAirflowTag")
    from_tag = _VERSION.match(str(tag)) if tag else None
    written = values.get("airflowVersion")
    if from_tag and written and str(written) != from_tag.group(1):
        judged["airflowVersion"] = Entry("airflowVersion", ATTENTION,
                                         f"says {written}, but the image tag {tag} runs Airflow "
                                         f"{from_tag.group(1)}; the settings follow the image (airflow.version "
                                         f"{from_tag.group(1)}): check which one you run")
    if from_tag:
        if not written:
            result.notes.append(f"airflow.version: {from_tag.group(1)}, from the image tag {tag}")
        return from_tag.group(1)
    if written:
        return str(written)
    if defaults.get("airflowVersion"):
        result.notes.append(f"airflow.version: {defaults['airflowVersion']}, the official defaults' airflowVersion")
        return str(defaults["airflowVersion"])
    if isinstance(values.get("webserver"), dict) and "apiServer" not in values:
        result.notes.append(f"airflow.version: {AIRFLOW2_FALLBACK}: the input configures a webserver and names no "
                            "version, an Airflow 2 setup; set the version you run")
        return AIRFLOW2_FALLBACK
    return None


def _same(a, b) -> bool:
    return a is not _MISSING and json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True,
                                                                                        default=str)


def _put(settings: dict, key_path: tuple, value) -> None:
    node = settings
    for key in key_path[:-1]:
        node = node.setdefault(key, {})
    if isinstance(value, dict) and isinstance(node.get(key_path[-1]), dict):
        node[key_path[-1]].update(value)  # a mapping and its keys, set from several input keys
    else:
        node[key_path[-1]] = value


def _remove(settings: dict, key_path: tuple) -> None:
    """Remove a value and the mappings it leaves empty."""
    trail = [settings]
    for key in key_path[:-1]:
        trail.append(trail[-1].get(key, {}))
    trail[-1].pop(key_path[-1], None)
    for depth in range(len(key_path) - 1, 0, -1):
        if trail[depth] == {}:
            trail[depth - 1].pop(key_path[depth - 1], None)


def _related(problem_path: str, target: str) -> bool:
    """Whether a problem at ``problem_path`` is about the setting ``target`` (the same, inside or around it)."""
    if problem_path in ("$", "chart_values"):
        return problem_path == target
    return (problem_path == target or problem_path.startswith((target + ".", target + "["))
            or target.startswith(problem_path + "."))


def _refuse_until_valid(settings: dict, targets: dict, result: ImportResult) -> None:
    """Validate; a key whose setting is refused needs attention (and leaves the settings); repeat."""
    for _ in range(10):
        errors = api.validate(settings).errors
        refused = {}
        for problem in errors:
            about = [key for key, target in targets.items() if _related(problem.path, paths.join(target))]
            # A missing setting (git_sync.repo) is about the keys beside it (git_sync.enabled, ...).
            about = about or [key for key, target in targets.items()
                              if paths.join(target[:-1]) == problem.path.rpartition(".")[0] != ""]
            for key in about:
                refused.setdefault(key, f"airkube refuses it as {show(targets[key])}: {problem.message}")
        if not refused:
            result.problems = [f"{p.path}: {p.message}" for p in errors]
            return
        for key, why in refused.items():
            _remove(settings, targets.pop(key))
            index = next(i for i, e in enumerate(result.entries) if e.key == key)
            result.entries[index] = Entry(key, ATTENTION, why)


def _ordered(settings: dict) -> dict:
    """Top-level keys in the settings schema's order (chart_values, the free-form rest, last)."""
    order = list(load_schema()["properties"])
    return {key: settings[key] for key in sorted(settings, key=lambda k: order.index(k) if k in order else 99)}


def settings_text(result: ImportResult) -> str:
    header = (f"# Imported by airkube from {os.path.basename(result.source)} ({result.kind}).\n"
              "# What became of each key: import-report.txt beside this file.\n")
    return header + emit.dump(result.settings)
