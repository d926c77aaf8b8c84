"""airkube: validated settings -> Helm values and KubernetesExecutor pod templates for Apache Airflow.

Layers, each importing only the ones before it (tests/unit/test_layers.py):
  settings/  loading, schema, defaults, rules: what the user wrote and whether it holds
  values/    translation of checked settings into the chart's values
  output/    YAML text, the chart's render of the pod templates, atomic writes
  api.py     load_settings, validate, generate
  importer/  `airkube import`: an official-chart values file -> settings (uses the api)
  cli/       the `airkube` command
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load_settings", "validate", "generate", "write_files",
           "SettingsError", "ValidationResult", "Problem"]


def __getattr__(name):
    # Lazy, so `import airkube` (and the CLI's start-up) stays cheap.
    if name in ("load_settings", "validate", "generate"):
        from . import api

        return getattr(api, name)
    if name == "write_files":
        from .output.write import write_atomically

        return write_atomically
    if name in ("SettingsError", "ValidationResult", "Problem"):
        from .settings import result

        return getattr(result, name)
    raise AttributeError(f"module 'airkube' has no attribute {name!r}")
