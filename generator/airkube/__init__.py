"""airkube: validated settings -> Helm values and KubernetesExecutor pod templates for Apache Airflow."""

__version__ = "0.1.0"

__all__ = ["__version__", "load_settings", "validate", "generate"]


def __getattr__(name):
    # Lazy, so `import airkube` (and the CLI's start-up) stays cheap.
    if name in ("load_settings", "validate", "generate"):
        from . import api

        return getattr(api, name)
    if name in ("SettingsError", "ValidationResult", "Problem"):
        from . import result

        return getattr(result, name)
    raise AttributeError(f"module 'airkube' has no attribute {name!r}")
