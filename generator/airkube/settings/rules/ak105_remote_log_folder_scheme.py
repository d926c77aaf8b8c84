"""AK105 remote-log-folder-scheme: the remote log folder matches its backend.

Passing example::

    logging: {remote: {backend: s3, connection_id: aws_logs, base_folder: "s3://bucket/logs"}}

Failing example::

    logging: {remote: {backend: s3, connection_id: aws_logs, base_folder: "gs://bucket/logs"}}
"""

from . import Finding

ID = "AK105"
NAME = "remote-log-folder-scheme"

SCHEMES = {"s3": ("s3://",), "gcs": ("gs://",), "wasb": ("wasb://", "wasbs://")}
HOST_BACKENDS = ("elasticsearch", "opensearch")


def check(ctx):
    backend = ctx.get("logging.remote.backend")
    if not isinstance(backend, str):
        return
    folder = ctx.get("logging.remote.base_folder")
    if backend in SCHEMES:
        schemes = SCHEMES[backend]
        if not folder:
            yield Finding(
                "logging.remote.base_folder",
                f"logging.remote.backend is {backend} but logging.remote.base_folder is not set. "
                f"Set it to a {schemes[0]}bucket/path URL.")
        elif isinstance(folder, str) and not folder.startswith(schemes):
            yield Finding(
                "logging.remote.base_folder",
                f"logging.remote.base_folder {folder!r} does not start with {' or '.join(schemes)}, "
                f"which the {backend} backend needs. Use {schemes[0]}bucket/path or change "
                "logging.remote.backend.")
        if not ctx.get("logging.remote.connection_id"):
            yield Finding(
                "logging.remote.connection_id",
                f"logging.remote.backend is {backend} but logging.remote.connection_id is not set: "
                "Airflow needs a connection id to write the logs. Name the Airflow connection "
                "(e.g. aws_default).")
    elif backend in HOST_BACKENDS:
        host = ctx.get("logging.remote.host")
        if not isinstance(host, str) or not host.startswith(("http://", "https://")):
            yield Finding(
                "logging.remote.host",
                f"logging.remote.backend is {backend} but logging.remote.host is "
                f"{'not set' if not host else repr(host) + ', not an http(s) URL'}. "
                "Set it to the cluster URL, e.g. https://logs.example.com:9200.")
