"""AK117 airflow-config-keys: airflow.config holds options this Airflow version knows.

Checked against what the real Airflow 2.10.4 and 3.3.2 code declares (the
chart's files/airflow-config.json): misspelt options, options that moved
(``[webserver] expose_config`` became ``[api] expose_config`` in Airflow 3)
and sections of the other version.  Sections neither version knows (from
providers) pass.

Passing example::

    airflow: {version: "3.3.2", config: {dag_processor: {refresh_interval: 30}}}

Failing example::

    airflow: {version: "3.3.2", config: {scheduler: {dag_dir_list_interval: 30}}}
"""

from .. import versions
from . import Finding

ID = "AK117"
NAME = "airflow-config-keys"


def check(ctx):
    config = ctx.get("airflow.config")
    if not isinstance(config, dict):
        return
    version = ctx.get("airflow.version")
    for section, keys in sorted(config.items()):
        if not isinstance(keys, dict):
            continue
        for key in sorted(keys):
            why = versions.config_key_problem(section, key, ctx.major)
            if why:
                yield Finding(f"airflow.config.{section}.{key}",
                              f"airflow.config.{section}.{key} (airflow.version {version}): {why}")
