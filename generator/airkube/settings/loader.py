"""Read settings YAML, keeping the line and column of every key and value.

Parsing goes through ``yaml.compose`` so that each node still carries its
position; the tree is then turned into plain dicts/lists by hand, recording
``path -> (line, column)``.  Duplicate keys are reported, not silently merged.

Before that, one pass over the parser's events bounds what a file can cost: at most
MAX_DEPTH levels of nesting, no alias inside its own anchor, and at most ALIAS_BUDGET
values copied by aliases (anchors are handy for a repeated resources block; a
"billion laughs" file of nested aliases would otherwise expand for minutes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import paths
from .result import ERROR, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DEFAULT_SETTINGS_NAME = "<built-in dev settings>"
DEFAULT_SETTINGS_FILE = Path(__file__).parent.parent / "data" / "default-settings.yaml"


_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class SettingsDocument:
    """Settings as written, with where each path was found."""

    data: object
    source: str | None
    marks: dict = field(default_factory=dict)  # dotted path -> (line, column), 1-based
    problems: list = field(default_factory=list)  # YAML problems

    def position(self, dotted_path: str) -> tuple[int | None, int | None]:
        """Line/column of a path, or of its nearest ancestor that was written."""
        path = dotted_path
        while True:
            if path in self.marks and path != "$":
                return self.marks[path]
            if path in ("", "$"):
                return (None, None)  # not written: the root's line would mislead
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else "$"


MAX_DEPTH = 64
ALIAS_BUDGET = 1000


def _bounds_problem(text: str, source: str | None) -> Problem | None:
    """The first way the text would cost more than a settings file may, as a located problem."""
    copied = 0
    sizes: dict[str, int] = {}  # anchor -> how many values it stands for
    open_collections: list[tuple[str | None, int]] = []  # (anchor, values seen when it started)
    seen = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            where = (event.start_mark.line + 1, event.start_mark.column + 1)
            if isinstance(event, yaml.ScalarEvent):
                seen += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.CollectionStartEvent):
                seen += 1
                open_collections.append((event.anchor, seen + copied))
                if len(open_collections) > MAX_DEPTH:
                    return Problem("$", "yaml", ERROR,
                                   f"the YAML is nested more than {MAX_DEPTH} levels deep; settings never are. "
                                   "Check the brackets and indentation here.", source, *where)
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, start = open_collections.pop()
                if anchor:
                    sizes[anchor] = seen + copied - start + 1
            elif isinstance(event, yaml.AliasEvent):
                if any(anchor == event.anchor for anchor, _ in open_collections):
                    return Problem("$", "yaml", ERROR,
                                   f"alias *{event.anchor} is inside &{event.anchor} itself, which would repeat "
                                   "forever. Refer to the anchor only after it ends.", source, *where)
                copied += sizes.get(event.anchor, 0)  # an undefined alias is reported by the composer
                if copied > ALIAS_BUDGET:
                    return Problem("$", "yaml", ERROR,
                                   f"YAML aliases copy more than {ALIAS_BUDGET} values by here (at *{event.anchor}): "
                                   "aliases of aliases grow exponentially, and airkube stops them so a file "
                                   "can't run for minutes. Write the values out, or use fewer nested aliases.",
                                   source, *where)
    except yaml.YAMLError:
        return None  # the composer below reports it, with its position
    return None


def load_text(text: str, source: str | None = None) -> SettingsDocument:
    doc = SettingsDocument(data=None, source=source)
    bounds = _bounds_problem(text, source)
    if bounds:
        doc.problems.append(bounds)
        return doc
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                doc.problems.append(Problem(
                    "$", "yaml", ERROR,
                    "the settings file is empty (no YAML document). Write `{}` for the built-in defaults, "
                    "or start from `airkube init --profile dev`.", source, 1, 1))
                return doc
            doc.marks["$"] = (node.start_mark.line + 1, node.start_mark.column + 1)
            doc.data = _build(loader, node, (), doc)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}, {what}"
        fix = ("Define the anchor (&name) before the alias (*name) that uses it." if "undefined alias" in what
               else "Fix the indentation or quoting at this line.")
        doc.problems.append(Problem("$", "yaml", ERROR, f"YAML syntax error: {what}. {fix}", source, line, column))
        doc.data = None
    except yaml.YAMLError as exc:  # e.g. a reader error on non-printable characters
        doc.problems.append(Problem("$", "yaml", ERROR, f"YAML error: {exc}", source))
        doc.data = None
    return doc


def load_file(path: str | os.PathLike) -> SettingsDocument:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        doc = SettingsDocument(data=None, source=str(path))
        doc.problems.append(Problem("$", "yaml", ERROR, f"file is not UTF-8 text: {exc}", str(path)))
        return doc
    return load_text(text, str(path))


def load_default() -> SettingsDocument:
    return load_text(DEFAULT_SETTINGS_FILE.read_text(encoding="utf-8"), DEFAULT_SETTINGS_NAME)


def _build(loader, node, path: tuple, doc: SettingsDocument):
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves `<<:` merge keys
        out: dict = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value if key_node.tag == _STR_TAG else loader.construct_object(key_node, deep=True)
            else:
                key = _build(loader, key_node, path, doc)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            # Keys are always strings in settings; `1: x` or `yes: x` would surprise later.
            key = key if isinstance(key, str) else _scalar_text(key_node)
            child = path + (key,)
            dotted = paths.join(child)
            pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                doc.problems.append(Problem(
                    dotted, "yaml", ERROR,
                    f"duplicate key `{key}` (first at line {doc.marks.get(dotted, ('?',))[0]}); "
                    "YAML keeps only the last one. Remove one of them.",
                    doc.source, *pos))
            doc.marks[dotted] = pos
            out[key] = _build(loader, value_node, child, doc)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = path + (index,)
            doc.marks[paths.join(child)] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(_build(loader, item, child, doc))
        return items
    if node.tag == _STR_TAG:
        return node.value  # most scalars: skip the constructor machinery
    value = loader.construct_object(node, deep=True)
    # Timestamps and binary have no place in settings; keep their text so the schema reports a type.
    if not isinstance(value, (str, int, float, bool, type(None))):
        value = _scalar_text(node)
    return value


def _scalar_text(node) -> str:
    return node.value if isinstance(node.value, str) else str(node.value)
