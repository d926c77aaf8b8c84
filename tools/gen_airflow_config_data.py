#!/usr/bin/env python3
"""Write chart/files/airflow-config.json from the real Airflow code in the compat venvs.

For each Airflow major version: every option Airflow and the installed providers know
({section: [keys]}), and (Airflow 3) the options that moved from an Airflow 2 name.
The chart uses it to refuse a misspelled key or a key of the other version with its new
name; tests/compat checks this file is fresh.

    .venv/bin/python tools/gen_airflow_config_data.py [--check]
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "chart" / "files" / "airflow-config.json"
VENVS = {"2": ROOT / ".tools/venvs/airflow-2.10.4", "3": ROOT / ".tools/venvs/airflow-3.3.2"}

PROBE = r"""
import json, warnings
warnings.simplefilter("ignore")
from airflow.configuration import AirflowConfigParser, retrieve_configuration_description
from airflow.version import version
description = retrieve_configuration_description(include_providers=True)
options = {section: sorted(body.get("options", {})) for section, body in description.items()}
moved = {f"{old_s}.{old_k}": f"{new_s}.{new_k}"
         for (new_s, new_k), (old_s, old_k, _) in AirflowConfigParser.deprecated_options.items()}
print(json.dumps({"version": version, "options": options, "moved": moved}))
"""


def probe(venv: Path) -> dict:
    result = subprocess.run([str(venv / "bin" / "python"), "-c", PROBE], capture_output=True, text=True,
                            env={"AIRFLOW_HOME": str(ROOT / ".work" / "airflow-home-probe"), "PATH": "/usr/bin:/bin"})
    if result.returncode != 0:
        raise SystemExit(f"{venv}: {result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def build() -> str:
    data = {major: probe(venv) for major, venv in VENVS.items()}
    # JSON, not YAML: helm's fromJson is several times faster than fromYaml on 1,000 lines.
    data["generated_by"] = ("tools/gen_airflow_config_data.py from the real Airflow code (core + installed providers); "
                            "do not edit")
    return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"


def main() -> int:
    from generated_files import write_or_check

    return write_or_check({OUT: build()}, sys.argv, ".venv/bin/python tools/gen_airflow_config_data.py")


if __name__ == "__main__":
    sys.exit(main())
