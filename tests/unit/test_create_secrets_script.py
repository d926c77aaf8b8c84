"""chart/files/create-secrets.py, run for real against a small Secrets API on 127.0.0.1.

The fake server answers what the script uses of the Kubernetes API (GET, POST and merge-PATCH of
one namespace's Secrets, 409 on a stale resourceVersion, 403 without the token) so the script's
promises can fail here: a Secret is created once, never changed, completed with missing keys
only, and no value reaches the log.
"""
import base64
import json
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "chart" / "files" / "create-secrets.py"
TOKEN = "test-token"
PREFIX = "/api/v1/namespaces/ns1/secrets"


class SecretsApi(BaseHTTPRequestHandler):
    store: dict = {}
    forbidden_left = 0  # answer 403 this many times first (the RoleBinding not applied yet)
    calls: list = []

    def log_message(self, *args):
        pass

    def _reply(self, status, body=None):
        data = json.dumps(body or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self):
        cls = type(self)
        cls.calls.append((self.command, self.path))
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if self.headers.get("Authorization") != f"Bearer {TOKEN}" or cls.forbidden_left > 0:
            cls.forbidden_left -= 1
            return self._reply(403)
        name = self.path.removeprefix(PREFIX).strip("/")
        if self.command == "GET":
            return self._reply(200, cls.store[name]) if name in cls.store else self._reply(404)
        if self.command == "POST":
            name = body["metadata"]["name"]
            if name in cls.store:
                return self._reply(409)
            body["metadata"]["resourceVersion"] = "1"
            cls.store[name] = body
            return self._reply(201, body)
        if self.command == "PATCH":
            assert self.headers["Content-Type"] == "application/merge-patch+json"
            current = cls.store[name]
            if body["metadata"]["resourceVersion"] != current["metadata"]["resourceVersion"]:
                return self._reply(409)
            current["data"].update(body["data"])
            current["metadata"]["resourceVersion"] = str(int(current["metadata"]["resourceVersion"]) + 1)
            return self._reply(200, current)
        return self._reply(405)

    do_GET = do_POST = do_PATCH = _handle


@pytest.fixture
def api(tmp_path):
    SecretsApi.store, SecretsApi.calls, SecretsApi.forbidden_left = {}, [], 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), SecretsApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sa_dir = tmp_path / "sa"
    sa_dir.mkdir()
    (sa_dir / "token").write_text(TOKEN + "\n")
    (sa_dir / "namespace").write_text("ns1")
    yield {"API_SERVER": f"http://127.0.0.1:{server.server_address[1]}", "SERVICE_ACCOUNT_DIR": str(sa_dir)}
    server.shutdown()


KEYS = [{"name": "airflow-keys", "keys": {"fernet-key": {"fernet": True}, "jwt-secret": {"length": 64},
                                          "api-secret-key": {"length": 32}}},
        {"name": "airflow-broker-url", "keys": {"connection": {"format": "redis://:{password}@airflow-redis:6379/0"},
                                                "password": {"length": 32}}}]


def run(env, wanted=KEYS, **extra):
    return subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=60,
                          env={**env, "SECRETS": json.dumps(wanted), "LABELS": '{"app.kubernetes.io/name": "airflow"}',
                               "RETRY_SECONDS": "0.05", **{k: str(v) for k, v in extra.items()}})


def data(name):
    return {k: base64.b64decode(v).decode() for k, v in SecretsApi.store[name]["data"].items()}


def test_creates_each_secret_once_and_keeps_it(api):
    first = run(api)
    assert first.returncode == 0, first.stderr
    keys, broker = data("airflow-keys"), data("airflow-broker-url")
    # What cryptography's Fernet accepts: 32 bytes, URL-safe base64 (44 characters with padding).
    assert len(base64.urlsafe_b64decode(keys["fernet-key"].encode())) == 32 and len(keys["fernet-key"]) == 44
    assert len(keys["jwt-secret"]) == 64 and len(keys["api-secret-key"]) == 32
    assert re.fullmatch(r"[A-Za-z0-9]{32}", broker["password"])
    assert broker["connection"] == f"redis://:{broker['password']}@airflow-redis:6379/0"
    assert SecretsApi.store["airflow-keys"]["metadata"]["labels"] == {"app.kubernetes.io/name": "airflow"}
    assert SecretsApi.store["airflow-keys"]["type"] == "Opaque"
    # Run again (kubectl apply twice, an Argo CD sync, helm upgrade with a new Job): nothing changes.
    again = run(api)
    assert again.returncode == 0, again.stderr
    assert (data("airflow-keys"), data("airflow-broker-url")) == (keys, broker)
    assert not [c for c in SecretsApi.calls[-2:] if c[0] != "GET"]
    assert "kept" in again.stdout and "created" in first.stdout
    # No generated value reaches the log.
    for value in [*keys.values(), *broker.values()]:
        assert value not in first.stdout + first.stderr + again.stdout + again.stderr


def test_adds_only_missing_keys(api):
    """Airflow 2 -> 3: the existing fernet key stays; the new keys are added."""
    existing = base64.b64encode(b"kept-fernet-key").decode()
    SecretsApi.store["airflow-keys"] = {"kind": "Secret", "type": "Opaque", "data": {"fernet-key": existing},
                                        "metadata": {"name": "airflow-keys", "resourceVersion": "7"}}
    result = run(api, KEYS[:1])
    assert result.returncode == 0, result.stderr
    keys = data("airflow-keys")
    assert keys["fernet-key"] == "kept-fernet-key"
    assert set(keys) == {"fernet-key", "jwt-secret", "api-secret-key"}
    assert "completed" in result.stdout


def test_waits_for_its_role_binding_then_gives_up(api):
    SecretsApi.forbidden_left = 3
    assert run(api, KEYS[:1]).returncode == 0
    assert "airflow-keys" in SecretsApi.store
    SecretsApi.forbidden_left = 100
    result = run(api, KEYS[1:], ATTEMPTS=4)
    assert result.returncode != 0 and "gave up after 4 attempts" in result.stderr
    assert "airflow-broker-url" not in SecretsApi.store


def test_refuses_a_secret_of_another_type(api):
    """A service-account-token Secret planted under our name is not taken as the keys."""
    SecretsApi.store["airflow-keys"] = {"type": "kubernetes.io/service-account-token", "data": {},
                                        "metadata": {"name": "airflow-keys", "resourceVersion": "1"}}
    result = run(api, KEYS[:1])
    assert result.returncode != 0 and "kubernetes.io/service-account-token" in result.stderr
    assert SecretsApi.store["airflow-keys"]["data"] == {}
