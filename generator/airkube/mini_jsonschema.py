"""A small JSON Schema (draft 2020-12) checker for the keywords settings.schema.json uses.

`jsonschema` costs ~0.4 s to import, most of the CLI's start-up budget, so
the CLI checks settings with this instead.  tests/unit/test_mini_jsonschema.py
keeps it honest: the schema may use only SUPPORTED keywords, and on the
corpus and on generated settings it must report the same places as
`jsonschema`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

SUPPORTED = frozenset({
    "$schema", "$id", "$ref", "$defs", "title", "description", "default",
    "type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum",
    "properties", "additionalProperties", "propertyNames", "required", "minProperties", "maxProperties",
    "items", "minItems", "uniqueItems", "anyOf", "not",
})


@dataclass
class SchemaError:
    """What jsonschema's ValidationError offers, as far as the reporter needs it."""

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


@lru_cache(maxsize=None)
def _regex(pattern: str):
    return re.compile(pattern)


def _equal(a, b) -> bool:
    # JSON equality: True is not 1.
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


class Validator:
    def __init__(self, root: dict):
        self.root = root

    def _resolve(self, ref: str) -> dict:
        node = self.root
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node

    def iter_errors(self, instance, schema=None, path=(), via=()):
        schema = self.root if schema is None else schema
        if "$ref" in schema:
            yield from self.iter_errors(instance, self._resolve(schema["$ref"]), path, via)
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
        if isinstance(instance, str):
            if "minLength" in schema and len(instance) < schema["minLength"]:
                yield err("minLength", f"{instance!r} is shorter than {schema['minLength']}")
            if "maxLength" in schema and len(instance) > schema["maxLength"]:
                yield err("maxLength", f"{instance!r} is longer than {schema['maxLength']}")
            if "pattern" in schema and not _regex(schema["pattern"]).search(instance):
                yield err("pattern", f"{instance!r} does not match {schema['pattern']!r}")
        if _TYPES["number"](instance):
            if "minimum" in schema and instance < schema["minimum"]:
                yield err("minimum", f"{instance} is less than the minimum of {schema['minimum']}")
            if "maximum" in schema and instance > schema["maximum"]:
                yield err("maximum", f"{instance} is greater than the maximum of {schema['maximum']}")
        if isinstance(instance, dict):
            yield from self._object(instance, schema, path, via, err)
        if isinstance(instance, list):
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

    def _object(self, instance, schema, path, via, err):
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
                for error in self.iter_errors(key, schema["propertyNames"], path, ("propertyNames",)):
                    yield error
        extra = [k for k in instance if k not in properties]
        additional = schema.get("additionalProperties", True)
        if additional is False and extra:
            yield err("additionalProperties", f"Additional properties are not allowed ({', '.join(map(repr, extra))})")
        for key, value in instance.items():
            if key in properties:
                yield from self.iter_errors(value, properties[key], path + (key,), ("properties", key))
            elif isinstance(additional, dict):
                yield from self.iter_errors(value, additional, path + (key,), ("additionalProperties",))


def unsupported_keywords(schema, found=None) -> set:
    """Keywords in a schema this checker does not implement (a test keeps this empty)."""
    found = set() if found is None else found
    if isinstance(schema, dict):
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
