"""The settings schema (schemas/settings.schema.json, shipped in the package): reading it, following its
``$ref``s, finding the node that describes a path, and checking data against it.

The checker is a small JSON Schema (draft 2020-12) validator for the keywords the schema uses:
`jsonschema` costs ~0.4 s to import, most of the CLI's start-up budget.  tests/unit/test_schema.py
keeps it honest: the schema may use only SUPPORTED keywords, and on the corpus and on generated
settings it must report the same places as `jsonschema`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

SCHEMA_PATH = Path(__file__).parent.parent / "data" / "settings.schema.json"

SUPPORTED = frozenset({
    "$schema", "$id", "$ref", "$defs", "title", "description", "default",
    "type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum",
    "properties", "additionalProperties", "propertyNames", "required", "minProperties", "maxProperties",
    "items", "minItems", "uniqueItems", "anyOf", "not", "if", "then", "else",
})
# Keywords that may stand beside a $ref: annotations only, so resolving a $ref by merging is exact.
REF_SIBLINGS = frozenset({"description", "default", "title"})


def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads(schema_text())


_RESOLVED: dict = {}


def resolve_ref(node, root: dict | None = None):
    """A node with its local ``$ref``s (``#/$defs/...``) followed; the node's own keys are kept.

    ``root`` is the schema the refs point into (default: the settings schema).  The one resolver
    of the package: the checker, the defaults, the messages and tools/gen_settings_docs.py use it.
    """
    if not isinstance(node, dict) or "$ref" not in node:
        return node
    cached = _RESOLVED.get(id(node))
    if cached is not None and cached[0] is node:
        return cached[1]
    root = load_schema() if root is None else root
    resolved = node
    for _ in range(10):  # $defs pointing at $defs; a loop would be a schema bug
        if "$ref" not in resolved:
            break
        target = root
        for part in resolved["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        resolved = {**target, **{k: v for k, v in resolved.items() if k != "$ref"}}
    _RESOLVED[id(node)] = (node, resolved)  # schemas are loaded once and never change
    return resolved


def subschema_at(parts: list, root: dict | None = None) -> dict | None:
    """The schema node describing a path (keys and list indexes), or None; ``root`` is the schema
    (default: the settings schema)."""
    root = load_schema() if root is None else root
    node = resolve_ref(root, root)
    for part in parts:
        node = resolve_ref(node, root)
        if isinstance(part, int):
            node = node.get("items")
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return None
        if node is None:
            return None
    return resolve_ref(node, root)


# ------------------------------------------------------------------ the checker

@dataclass
class SchemaError:
    """What jsonschema's ValidationError offers, as far as the messages need it."""

    validator: str
    instance: object
    schema: dict
    absolute_path: list
    message: str
    relative_schema_path: tuple = ()
    context: list = field(default_factory=list)


_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


@cache
def _regex(pattern: str):
    return re.compile(pattern)


def _equal(a, b) -> bool:
    # JSON equality: True is not 1.
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


class Validator:
    def __init__(self, root: dict):
        self.root = root

    def iter_errors(self, instance, schema=None, path=(), via=()):
        schema = resolve_ref(self.root if schema is None else schema, self.root)
        err = lambda kw, msg, ctx=None: SchemaError(kw, instance, schema, list(path), msg, via + (kw,), ctx or [])  # noqa: E731
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(_TYPES[t](instance) for t in types):
                yield err("type", f"{instance!r} is not of type {', '.join(types)}")
                return
        if "enum" in schema and not any(_equal(instance, c) for c in schema["enum"]):
            yield err("enum", f"{instance!r} is not one of {schema['enum']!r}")
        if "const" in schema and not _equal(instance, schema["const"]):
            yield err("const", f"{schema['const']!r} was expected")
        if "not" in schema and not any(True for _ in self.iter_errors(instance, schema["not"], path)):
            yield err("not", f"{instance!r} should not be valid under {schema['not']!r}")
        if "anyOf" in schema:
            context = []
            for branch in schema["anyOf"]:
                errors = list(self.iter_errors(instance, branch, path))
                if not errors:
                    break
                context.extend(errors)
            else:
                yield err("anyOf", f"{instance!r} is not valid under any of the given schemas", context)
        if "if" in schema:
            branch = "else" if any(True for _ in self.iter_errors(instance, schema["if"], path)) else "then"
            if branch in schema:
                yield from self.iter_errors(instance, schema[branch], path, via + (branch,))
        if isinstance(instance, str):
            yield from self._string(instance, schema, err)
        if _TYPES["number"](instance):
            if "minimum" in schema and instance < schema["minimum"]:
                yield err("minimum", f"{instance} is less than the minimum of {schema['minimum']}")
            if "maximum" in schema and instance > schema["maximum"]:
                yield err("maximum", f"{instance} is greater than the maximum of {schema['maximum']}")
        if isinstance(instance, dict):
            yield from self._object(instance, schema, path, err)
        if isinstance(instance, list):
            yield from self._array(instance, schema, path, err)

    @staticmethod
    def _string(instance, schema, err):
        if "minLength" in schema and len(instance) < schema["minLength"]:
            yield err("minLength", f"{instance!r} is shorter than {schema['minLength']}")
        if "maxLength" in schema and len(instance) > schema["maxLength"]:
            yield err("maxLength", f"{instance!r} is longer than {schema['maxLength']}")
        if "pattern" in schema and not _regex(schema["pattern"]).search(instance):
            yield err("pattern", f"{instance!r} does not match {schema['pattern']!r}")

    def _array(self, instance, schema, path, err):
        if "minItems" in schema and len(instance) < schema["minItems"]:
            yield err("minItems", f"should have at least {schema['minItems']} item(s)")
        if schema.get("uniqueItems"):
            seen = []
            for item in instance:
                if any(_equal(item, other) for other in seen):
                    yield err("uniqueItems", f"has non-unique elements ({item!r})")
                    break
                seen.append(item)
        if "items" in schema:
            for index, item in enumerate(instance):
                yield from self.iter_errors(item, schema["items"], path + (index,), ("items",))

    def _object(self, instance, schema, path, err):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in instance:
                yield err("required", f"{key!r} is a required property")
        if "minProperties" in schema and len(instance) < schema["minProperties"]:
            yield err("minProperties", f"should have at least {schema['minProperties']} properties")
        if "maxProperties" in schema and len(instance) > schema["maxProperties"]:
            yield err("maxProperties", f"should have at most {schema['maxProperties']} properties")
        if "propertyNames" in schema:
            for key in instance:
                yield from self.iter_errors(key, schema["propertyNames"], path, ("propertyNames",))
        extra = [k for k in instance if k not in properties]
        additional = schema.get("additionalProperties", True)
        if additional is False and extra:
            yield err("additionalProperties", f"Additional properties are not allowed ({', '.join(map(repr, extra))})")
        for key, value in instance.items():
            if key in properties:
                yield from self.iter_errors(value, properties[key], path + (key,), ("properties", key))
            elif isinstance(additional, dict):
                yield from self.iter_errors(value, additional, path + (key,), ("additionalProperties",))


@lru_cache(maxsize=1)
def validator() -> Validator:
    return Validator(load_schema())


def unsupported_keywords(schema, found=None) -> set:
    """Keywords in a schema this checker does not implement, and non-annotation keywords beside
    a $ref (a test keeps this empty)."""
    found = set() if found is None else found
    if isinstance(schema, dict):
        if "$ref" in schema:
            found.update(f"{key} beside $ref" for key in schema if key != "$ref" and key not in REF_SIBLINGS)
        for key, value in schema.items():
            if key not in SUPPORTED:
                found.add(key)
            if key in ("properties", "$defs"):
                for sub in value.values():
                    unsupported_keywords(sub, found)
            elif key in ("default", "enum", "const", "description", "title"):
                continue
            else:
                unsupported_keywords(value, found)
    elif isinstance(schema, list):
        for item in schema:
            unsupported_keywords(item, found)
    return found
