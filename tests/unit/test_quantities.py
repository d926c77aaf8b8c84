"""Quantities: airkube reads exactly what the API server reads.

The reference is Kubernetes' own parser (k8s.io/apimachinery ParseQuantity, the version the pinned
control plane uses), built from quantity_oracle/ with Go. kubernetes-validate can't be the reference:
its schemas accept any string as a quantity.
"""
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import airkube
from airkube.settings import quantities

ORACLE = Path(__file__).parent / "quantity_oracle"
# The Kubernetes grammar on the cases people write, and the mistakes they make.
VALID = ["1Ei", "512Ki", "100m", "1e3", "0.5", "2", "+1", "1.", ".5", "1.5Gi", "500u", "3n", "1k", "1M", "2G",
         "1T", "1P", "1E", "1E3", "5e+3", "1e-3", "0", "007", "12345678901234567890", "-1"]
INVALID = ["512K", "1KB", "2GB", "1gi", "1 Gi", " 1Gi", "1Gi ", "", "1e", "1ee3", "1Ee3", "1.5.5", "e3", "Gi", "m",
           "+", ".", "1KiB", "0x10", "1_000", "1,5", "1e3.5", "--1", "∞", "1e1234567890"]


def ours(text: str) -> bool:
    return quantities.parse(text) is not None


def deliberate(text: str) -> bool:
    """What Kubernetes' parser takes and airkube (like the chart's schema) refuses on purpose."""
    exponent = re.search(r"[eE][+-]?0*([0-9]+)$", text)
    return no_digits(text) or bool(exponent and len(exponent.group(1)) > 9)


def no_digits(text: str) -> bool:
    """Kubernetes reads a number without any digit as 0 ("Gi", "+.m"); airkube refuses those as typos."""
    whole, fraction = re.match(r"[+-]?([0-9]*)(?:\.([0-9]*))?", text).groups()
    return not whole and not fraction


def test_the_grammar_on_known_cases():
    assert [q for q in VALID if not ours(q)] == []
    assert [q for q in INVALID if ours(q)] == []
    assert quantities.parse("1Ei") == 2 ** 60 and quantities.parse("100m") * 10 == 1
    assert quantities.parse(float("inf")) is None and quantities.parse(True) is None


def test_1ei_memory_is_valid_and_512k_names_the_fix():
    """1Ei used to be an internal error in AK107."""
    result = airkube.validate(airkube.load_settings("q.yaml", text="workers: {resources: {limits: {memory: 1Ei}}}\n"))
    assert result.ok, [p.message for p in result.errors]
    assert not any("internal error" in p.message for p in result.problems)
    result = airkube.validate(airkube.load_settings("q.yaml", text="workers: {resources: {limits: {memory: 512K}}}\n"))
    [problem] = result.errors
    assert (problem.rule, problem.path) == ("AK107", "workers.resources.limits.memory") and "512k" in problem.message
    result = airkube.validate(airkube.load_settings("q.yaml", text="workers: {resources: {requests: {cpu: '-1'}}}\n"))
    assert [p.message for p in result.errors if p.rule == "AK107"] == [
        "workers.resources.requests.cpu is '-1'; requests and limits can't be negative."]


def _candidates() -> list[str]:
    rng = random.Random(9)
    alphabet = "0123456789" * 3 + ".+-eEinumkKMGTPi" + " xB"
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) for _ in range(4000)]
    return sorted(set(VALID + INVALID[1:] + fuzz))  # "" would be an empty line, which the oracle skips


@pytest.fixture(scope="module")
def oracle(tmp_path_factory):
    go = shutil.which("go") or ("/usr/local/go/bin/go" if os.path.exists("/usr/local/go/bin/go") else None)
    if go is None:
        pytest.skip("Go is not installed: the differential test builds Kubernetes' own quantity parser")
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    cache = Path(os.environ.get("AIRKUBE_CACHE") or user_cache / "airkube")
    env = {**os.environ, "GOMODCACHE": str(cache / "go" / "mod"), "GOCACHE": str(cache / "go" / "build"),
           "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=readonly -buildvcs=false", "CGO_ENABLED": "0"}
    binary = tmp_path_factory.mktemp("oracle") / "quantity-oracle"
    build = subprocess.run([go, "build", "-o", str(binary), "."], cwd=ORACLE, env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr

    def judge(texts: list[str]) -> list[bool]:
        run = subprocess.run([str(binary)], input="".join(t + "\n" for t in texts), capture_output=True, text=True)
        verdicts = run.stdout.split()
        assert len(verdicts) == len(texts)
        return [v == "ok" for v in verdicts]

    return judge


def test_same_verdicts_as_kubernetes(oracle):
    candidates = _candidates()
    differ = [(text, kubernetes) for text, kubernetes in zip(candidates, oracle(candidates), strict=True)
              if ours(text) != kubernetes and not (kubernetes and deliberate(text))]
    assert differ == []
    # The fuzz must reach both verdicts and the deliberate difference, or it proves little.
    verdicts = oracle(candidates)
    assert 200 < sum(verdicts) < len(candidates) - 200
    assert any(v and no_digits(t) for t, v in zip(candidates, verdicts, strict=True))


def test_known_cases_agree_with_kubernetes(oracle):
    assert oracle(VALID) == [True] * len(VALID)
    refused = [q for q in INVALID if q]
    # Kubernetes reads these as 0 (or wraps the exponent); airkube refuses them on purpose.
    assert [q for q, ok in zip(refused, oracle(refused), strict=True) if ok] == ["e3", "Gi", "m", "+", ".",
                                                                                 "1e1234567890"]
    assert all(deliberate(q) for q in ["e3", "Gi", "m", "+", ".", "1e1234567890"])


def test_what_airkube_accepts_the_chart_accepts():
    """The chart's values.schema.json refuses what Kubernetes would; airkube writes nothing it refuses."""
    import json

    schema = json.loads((Path(__file__).resolve().parents[2] / "chart" / "values.schema.json").read_text())
    pattern = re.compile(schema["$defs"]["quantity"]["anyOf"][0]["pattern"])
    candidates = _candidates() + VALID + INVALID
    accepted = [q for q in candidates if ours(q) and quantities.parse(q) >= 0]
    assert [q for q in accepted if not pattern.search(q)] == []
    assert [q for q in candidates if pattern.search(q) and not ours(q)] == [q for q in candidates
                                                                           if pattern.search(q) and no_digits(q)]
