"""Hypothesis strategies: settings built from the schema, then mutated into nonsense."""
from hypothesis import strategies as st

from airkube.settings.schema import load_schema, resolve_ref

WORDS = ["500m", "2Gi", "2GB", "s3://b/l", "gs://b", "git@h:o/r.git", "https://h/r.git", "ReadWriteOnce", "sqlite",
         "admin", "production"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 100), st.floats(allow_nan=False, allow_infinity=False,
                                                                               width=32),
                    st.text(max_size=12), st.sampled_from(WORDS))
JUNK = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                    max_leaves=6)


def from_schema(node, depth=0):
    node = resolve_ref(node)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node:
        return st.one_of([from_schema(branch, depth + 1) for branch in node["anyOf"]])
    kind = node.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object" and node.get("properties") and depth < 4:
        props = {key: from_schema(sub, depth + 1) for key, sub in node["properties"].items()}
        return st.fixed_dictionaries({}, optional=props)
    if kind == "object" and isinstance(node.get("additionalProperties"), dict) and depth < 4:
        return st.dictionaries(st.sampled_from(["gpu", "small", "highmem", "a-b"]),
                               from_schema(node["additionalProperties"], depth + 1), max_size=2)
    if kind == "array" and "items" in node and depth < 4:
        return st.lists(from_schema(node["items"], depth + 1), max_size=2)
    if kind == "integer":
        return st.integers(node.get("minimum", 0), min(node.get("maximum", 64), 64))
    if kind == "number":
        return st.integers(0, 100)
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        if "pattern" in node and "Gi" in node["pattern"]:
            return st.sampled_from(["1Gi", "10Gi", "500Mi"])
        if "pattern" in node and "ms|s" in node["pattern"]:
            return st.sampled_from(["60s", "5m"])
        if "pattern" in node and node["pattern"].startswith("^[23]"):
            return st.sampled_from(["3.3.2", "2.10.4"])
        if "pattern" in node:
            return st.sampled_from(["airflow", "airflow-connections", "x1"])
        return st.sampled_from(["x", "s3://bucket/logs", "https://github.com/o/r.git", "git@github.com:o/r.git",
                                "main"])
    return JUNK


SETTINGS = from_schema(load_schema())


@st.composite
def mutated_settings(draw):
    """Schema-shaped settings with a few values replaced by junk (or keys misspelt)."""
    data = draw(SETTINGS)
    for _ in range(draw(st.integers(0, 3))):
        node, parent, key = data, None, None
        while isinstance(node, dict) and node and draw(st.booleans()):
            parent, key = node, draw(st.sampled_from(sorted(node)))
            node = node[key]
        action = draw(st.sampled_from(["replace", "misspell", "add"]))
        if parent is None:
            if isinstance(data, dict):
                data[draw(st.text(min_size=1, max_size=6))] = draw(JUNK)
            continue
        if action == "replace":
            parent[key] = draw(JUNK)
        elif action == "misspell":
            parent[key + draw(st.sampled_from(["s", "_", "x"]))] = parent.pop(key)
        else:
            parent[draw(st.text(min_size=1, max_size=6))] = draw(JUNK)
    return data
