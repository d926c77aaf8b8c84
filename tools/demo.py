#!/usr/bin/env python3
"""`make demo`: the main job on the built-in dev settings, end to end.

settings (built in) -> airkube validate + generate -> .work/demo/ -> helm template -> summary.
"""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".work" / "demo"
HELM = ROOT / ".tools" / "bin" / "helm4"


def main() -> int:
    import airkube

    files = airkube.generate(None, source_name="<built-in dev settings>")
    airkube.write_files(OUT, files)
    print(f"==> airkube generate (built-in dev settings) -> {OUT.relative_to(ROOT)}/")
    for name in sorted(files):
        print(f"    {name}")

    rendered = subprocess.run(
        [str(HELM), "template", "airflow", str(ROOT / "chart"), "-n", "airflow", "-f", str(OUT / "values.yaml")],
        capture_output=True, text=True)
    if rendered.returncode != 0:
        print(rendered.stderr, file=sys.stderr)
        return 1
    objs = [o for o in yaml.safe_load_all(rendered.stdout) if o]
    (OUT / "manifests.yaml").write_text(rendered.stdout)

    counts = sorted(Counter(o["kind"] for o in objs).items())
    print(f"\n==> helm template: {len(objs)} objects ({', '.join(f'{n} {k}' for k, n in counts)})")
    print("\nComponents:")
    for obj in objs:
        if obj["kind"] in ("Deployment", "StatefulSet"):
            spec = obj["spec"]["template"]["spec"]
            images = sorted({c["image"] for c in spec["containers"]})
            component = obj["metadata"]["labels"]["component"]
            print(f"  {component:<14} {obj['kind']:<12} replicas={obj['spec']['replicas']}  {', '.join(images)}")
    config = next(o for o in objs if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "airflow-config")
    executor = next(line.split("=", 1)[1].strip() for line in config["data"]["airflow.cfg"].splitlines()
                    if line.startswith("executor ="))
    print(f"\nExecutor: {executor} (one pod per task)")
    templates = next((o for o in objs if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "airflow-pod-templates"),
                     None)
    if templates:
        print("Worker pod templates (mounted at /opt/airflow/pod_templates/):")
        for name, text in sorted(templates["data"].items()):
            pod = yaml.safe_load(text)
            base = pod["spec"]["containers"][0]
            print(f"  {name:<20} {base['image']}  requests={base.get('resources', {}).get('requests')}")
    print("\nNext, on a cluster:")
    values = (OUT / "values.yaml").relative_to(ROOT)
    print(f"  helm install airflow chart/ --namespace airflow --create-namespace -f {values} --wait")
    print("  kubectl -n airflow port-forward svc/airflow-api-server 8080:8080")
    return 0


if __name__ == "__main__":
    sys.exit(main())
