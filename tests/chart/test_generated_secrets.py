"""Generated secrets never appear in a render: the create-secrets Job makes them in the cluster.

For every chart/ci scenario (helm 3 and helm 4) and every values-examples/* values.yaml:
no Secret holds a fernet key, api or JWT secret, a second render is byte-identical (nothing
random is rendered, so `helm template | kubectl apply` twice and an Argo CD sync change
nothing), every reference to a chart-named Secret is one the render has or the Job makes,
and the Job's Role reaches exactly those names.
"""
from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from support.render import (
    CI_DIR,
    HELMS,
    PROMETHEUS_CRDS,
    RELEASE,
    SCENARIOS,
    find,
    generated_secrets,
    helm_template,
    kinds,
    names,
    parse,
    render_scenario,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.name for p in (ROOT / "values-examples").iterdir() if (p / "values.yaml").exists())
KEY_NAMES = {"fernet-key", "api-secret-key", "jwt-secret", "webserver-secret-key"}
# Secrets only the Job makes (the user may name their own instead); the others hold what values give.
GENERATED = {f"{RELEASE}-{name}" for name in ("keys", "simple-auth", "default-user", "broker-url")}


def values_args(source: str) -> tuple[str, ...]:
    kind, name = source.split(":")
    if kind == "ci":
        return ("-f", str(CI_DIR / f"{name}-values.yaml"))
    return ("-f", str(ROOT / "values-examples" / name / "values.yaml"), *PROMETHEUS_CRDS)


SOURCES = [f"ci:{name}" for name in SCENARIOS] + [f"example:{name}" for name in EXAMPLES]


@functools.cache
def texts(helm: str) -> dict[str, tuple[str, str]]:
    """{source: (first render, second render)}, rendered in parallel once for this module."""
    def twice(source):
        first, second = (helm_template(*values_args(source), helm=helm) for _ in range(2))
        assert first.returncode == 0, first.stderr
        return source, (first.stdout, second.stdout)
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(twice, SOURCES))


def objects(source: str, helm: str) -> list[dict]:
    if source.startswith("ci:"):
        return render_scenario(source[3:], helm=helm)
    return parse(texts(helm)[source][0])


def secret_refs(objs: list[dict]) -> set[str]:
    """Names of the Secrets pods read through env, envFrom or volumes."""
    found = set()
    for obj in objs:
        spec = obj.get("spec", {}).get("template", {}).get("spec") or (obj["spec"] if obj["kind"] == "Pod" else {})
        for container in spec.get("initContainers", []) + spec.get("containers", []):
            for env in container.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    found.add(ref["name"])
            found |= {e["secretRef"]["name"] for e in container.get("envFrom", []) if "secretRef" in e}
        found |= {v["secret"]["secretName"] for v in spec.get("volumes", []) if "secret" in v}
    return found


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize("source", SOURCES)
def test_no_generated_key_material_is_rendered(source, helm):
    first, second = texts(helm)[source]
    assert first == second, "two renders differ: something random is rendered"
    objs = objects(source, helm)
    for secret in kinds(objs, "Secret"):
        data = {**secret.get("data", {}), **secret.get("stringData", {})}
        assert not KEY_NAMES & set(data), f"{secret['metadata']['name']} holds {KEY_NAMES & set(data)}"
        assert secret["metadata"]["name"] != f"{RELEASE}-keys"
    for obj in objs:
        for container in containers_of(obj):
            for env in container.get("env", []):
                assert not (env["name"].startswith("AIRFLOW__") and env["name"].endswith(("_KEY", "_SECRET"))
                            and "value" in env), f"{env['name']} is inline in {obj['metadata']['name']}"
    assert "lookup" not in "".join(p.read_text() for p in (ROOT / "chart" / "templates").rglob("*.*"))


def containers_of(obj: dict) -> list[dict]:
    spec = obj.get("spec", {}).get("template", {}).get("spec") or (obj["spec"] if obj["kind"] == "Pod" else {})
    return spec.get("initContainers", []) + spec.get("containers", [])


@pytest.mark.parametrize("source", SOURCES)
def test_every_chart_named_secret_is_rendered_or_generated(source):
    objs = objects(source, "helm4")
    generated = generated_secrets(objs)
    rendered = names(objs, "Secret")
    referenced = secret_refs(objs) & GENERATED
    assert referenced <= rendered | set(generated), f"nobody makes {referenced - rendered - set(generated)}"
    assert not rendered & set(generated), "a Secret is both rendered and generated"
    if not generated:
        assert f"{RELEASE}-create-secrets" not in names(objs, "Role")
        return
    role = find(objs, "Role", f"{RELEASE}-create-secrets")
    by_verbs = {tuple(rule["verbs"]): rule for rule in role["rules"]}
    assert set(by_verbs[("get", "patch")]["resourceNames"]) == set(generated)
    assert "resourceNames" not in by_verbs[("create",)]  # RBAC cannot limit create by name (see role.yaml)
    assert all(rule["resources"] == ["secrets"] for rule in role["rules"])
    job_pod = [j for j in kinds(objs, "Job") if j["metadata"]["name"].startswith(f"{RELEASE}-create-secrets-")][0]
    assert job_pod["spec"]["template"]["spec"]["serviceAccountName"] == f"{RELEASE}-create-secrets"
    assert find(objs, "RoleBinding", f"{RELEASE}-create-secrets")["subjects"][0]["name"] == f"{RELEASE}-create-secrets"
    # Only this Job's pod mounts a token: no other pod gains API access from it.
    for obj in objs:
        if obj["kind"] in ("Deployment", "StatefulSet", "Job") and obj is not job_pod:
            spec = obj["spec"]["template"]["spec"]
            assert spec.get("serviceAccountName") != f"{RELEASE}-create-secrets"
