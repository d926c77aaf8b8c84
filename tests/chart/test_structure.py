"""How the chart is laid out: one kind per template file, validation in validate.yaml,
helpers of a readable size, prometheus-operator objects only where their CRDs are."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest
from support.render import CHART, CI_DIR, PROMETHEUS_CRDS, SCENARIOS, helm_template, kinds, parse, render_files

HELPERS = sorted((CHART / "templates" / "_helpers").glob("*.tpl"))
# Files whose kinds are the user's to choose.
ANY_KIND = {"extra/extra-objects.yaml"}


def kinds_by_file(*args: str) -> dict[str, set[str]]:
    result = helm_template(*args)
    assert result.returncode == 0, result.stderr
    found: dict[str, set[str]] = defaultdict(set)
    for doc in result.stdout.split("\n---\n"):
        source = re.search(r"^# Source: airflow/templates/(\S+)$", doc, re.M)
        for obj in parse(doc):
            found[source.group(1)].add(obj["kind"])
    return found


def test_one_kind_per_template_file():
    found: dict[str, set[str]] = defaultdict(set)
    for scenario in SCENARIOS:
        for file, names in kinds_by_file("-f", str(CI_DIR / f"{scenario}-values.yaml"), *PROMETHEUS_CRDS).items():
            found[file] |= names
    # Role or ClusterRole (multiNamespaceMode) is one kind of object under two names; so is a
    # workload that keeps per-pod logs as a StatefulSet (workers.persistence) and is a Deployment otherwise.
    same = {"ClusterRole": "Role", "ClusterRoleBinding": "RoleBinding", "StatefulSet": "Deployment"}
    mixed = {f: k for f, k in found.items() if len({same.get(kind, kind) for kind in k}) > 1 and f not in ANY_KIND}
    assert mixed == {}


@pytest.mark.parametrize("helper", HELPERS, ids=lambda p: p.name)
def test_helpers_stay_short(helper):
    text = helper.read_text()
    assert len(text.splitlines()) < 150
    defines = re.split(r'(?=\{\{-? define ")', text)
    assert all(len(block.splitlines()) < 150 for block in defines)


def test_validation_runs_from_its_own_template():
    users = [p.relative_to(CHART).as_posix() for p in (CHART / "templates").rglob("*.yaml")
             if "airflow.validate.all" in p.read_text()]
    assert users == ["templates/validate.yaml"]
    result = helm_template("--set", "postgresql.enabled=false")
    assert result.returncode != 0 and "templates/validate.yaml" in result.stderr


def test_prometheus_objects_only_where_the_cluster_serves_them():
    enable = ("--set", "monitoring.serviceMonitor.enabled=true", "--set", "monitoring.prometheusRule.enabled=true")
    refused = helm_template(*enable)
    assert refused.returncode != 0
    for kind in ("ServiceMonitor", "PrometheusRule"):
        assert f"monitoring.coreos.com/v1/{kind}" in refused.stderr and "monitoring.assumeCRDs" in refused.stderr
    for extra in (PROMETHEUS_CRDS, ("--set", "monitoring.assumeCRDs=true")):
        objs = render_files(extra=enable + extra)
        assert len(kinds(objs, "ServiceMonitor")) == len(kinds(objs, "PrometheusRule")) == 1
    # Disabled, nothing is asked of the cluster.
    assert not kinds(render_files(), "ServiceMonitor")


# Lines that say nothing on their own: a block of them repeats without being a copy.
TRIVIAL = re.compile(r"^(\{\{-? *(end|else|/\*|\*/)[^}]*-?\}\}|\*/\}\}|\{\{/\*|[-{}\[\]]*)$")
COPY = 6  # issue 10: no block of six or more lines copied among the templates


def test_no_block_of_six_lines_is_copied_among_the_templates():
    """Say a thing once: a six-line block (blank and bare `end` lines aside) that appears twice in
    chart/templates is a helper waiting to be written."""
    seen: dict[tuple[str, ...], str] = {}
    copies = []
    for path in sorted((CHART / "templates").rglob("*")):
        if path.suffix not in (".yaml", ".tpl", ".txt"):
            continue
        lines = [line.strip() for line in path.read_text().splitlines()]
        lines = [line for line in lines if line and not TRIVIAL.match(line)]
        where = str(path.relative_to(CHART))
        for i in range(len(lines) - COPY + 1):
            block = tuple(lines[i:i + COPY])
            first = seen.setdefault(block, f"{where}:{i}")
            if not first.startswith(f"{where}:"):
                copies.append((first, where, block[0]))
    assert copies == []
