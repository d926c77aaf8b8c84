"""Auth managers (auth.manager simple, fab, keycloak) as the chart renders them, helm 3 and helm 4.

Each case is rendered once per helm version for this module; the assertions read the objects:
airflow.cfg, the api-server's env and mounts, the FAB admin user's Job and what the
create-secrets Job generates. Strict Kubernetes validation covers every rendered object.
"""
from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest
import yaml
from support.kube import problems_all
from support.render import (
    HELMS,
    RELEASE,
    airflow_cfg,
    cfg_sections,
    containers,
    find,
    generated_secrets,
    kinds,
    names,
    render_files,
)

WEBSERVER_CONFIG = "from flask_appbuilder.security.manager import AUTH_OAUTH\nAUTH_TYPE = AUTH_OAUTH\n" \
                   "# release {{ .Release.Name }}\n"
KEYCLOAK = {"serverUrl": "https://keycloak.example.com", "realm": "airflow", "clientId": "airflow-ui",
            "clientSecretName": "keycloak-client"}
CASES = {
    "simple": {},
    "fab": {"auth": {"manager": "fab"}, "apiServer": {"apiServerConfig": WEBSERVER_CONFIG}},
    "fab-own-secrets": {"auth": {"manager": "fab"},
                        "apiServer": {"apiServerConfigConfigMapName": "my-webserver-config",
                                      "defaultUser": {"passwordSecretName": "admin-password", "role": "op"}}},
    "keycloak": {"auth": {"manager": "keycloak", "keycloak": KEYCLOAK},
                 "config": {"api": {"base_url": "https://airflow.example.com"}}},
    "airflow2": {"airflowVersion": "2.10.4", "webserver": {"webserverConfig": WEBSERVER_CONFIG}},
    "airflow2-own-config-map": {"airflowVersion": "2.10.4",
                                "webserver": {"webserverConfigConfigMapName": "my-webserver-config"}},
}
CLASSES = {
    "simple": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
    "fab": "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager",
    "keycloak": "airflow.providers.keycloak.auth_manager.keycloak_auth_manager.KeycloakAuthManager",
}


@functools.cache
def rendered(case: str, helm: str) -> tuple:
    with tempfile.TemporaryDirectory() as tmp:
        values = Path(tmp) / f"{case}.yaml"
        values.write_text(yaml.safe_dump(CASES[case]))
        return tuple(render_files(values, helm=helm))


def ui(objs, component="api-server") -> dict:
    return find(objs, "Deployment", f"{RELEASE}-{component}")


def user_jobs(objs) -> list[dict]:
    return [j for j in kinds(objs, "Job") if j["metadata"]["name"].startswith(f"{RELEASE}-create-user-")]


def mounts(container) -> dict[str, dict]:
    return {m["mountPath"]: m for m in container.get("volumeMounts", [])}


def secret_ref(container, env_name) -> dict:
    (env,) = [e for e in container.get("env", []) if e["name"] == env_name]
    return env["valueFrom"]["secretKeyRef"]


def admin_password_file(job) -> dict:
    """The Secret key the create-user container reads its password from (/run/secrets/airflow/admin-password)."""
    create = containers(job)["create-user"]
    assert '--password "$(cat /run/secrets/airflow/admin-password)"' in create["args"][-1]
    assert "USER_PASSWORD" not in str(create["env"])  # a file, not an env var
    assert {"name": "airflow-secrets", "mountPath": "/run/secrets/airflow", "readOnly": True} in create["volumeMounts"]
    (volume,) = [v for v in job["spec"]["template"]["spec"]["volumes"] if v["name"] == "airflow-secrets"]
    (source,) = [s["secret"] for s in volume["projected"]["sources"]
                 if s["secret"]["items"][0]["path"] == "admin-password"]
    return {"name": source["name"], "key": source["items"][0]["key"]}


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_renders_and_validates_strictly(case, helm):
    objs = list(rendered(case, helm))
    assert problems_all(objs, "1.35") == []
    # The same objects from both helm versions.
    assert [(o["kind"], o["metadata"]["name"]) for o in objs] == \
           [(o["kind"], o["metadata"]["name"]) for o in rendered(case, "helm4")]


@pytest.mark.parametrize("helm", HELMS)
def test_simple_is_airflow3s_default_with_a_generated_password(helm):
    objs = list(rendered("simple", helm))
    core = cfg_sections(airflow_cfg(objs))["core"]
    assert core["auth_manager"] == CLASSES["simple"]
    assert core["simple_auth_manager_users"] == "admin:admin"
    init = containers(ui(objs))["simple-auth-passwords"]
    # Written while the database starts: the wait for migrations is the last init container.
    assert [c["name"] for c in ui(objs)["spec"]["template"]["spec"]["initContainers"]] == [
        "simple-auth-passwords", "wait-for-migrations"]
    assert secret_ref(init, "USER_PASSWORD") == {"name": f"{RELEASE}-simple-auth", "key": "password"}
    assert core["simple_auth_manager_passwords_file"] in {
        f"{path}/passwords.json" for path in mounts(containers(ui(objs))["api-server"])}
    assert generated_secrets(objs)[f"{RELEASE}-simple-auth"] == {"password": {"length": 32}}
    assert not user_jobs(objs)


@pytest.mark.parametrize("helm", HELMS)
def test_fab_on_airflow3_reads_webserver_config_and_creates_its_admin_without_a_hook(helm):
    objs = list(rendered("fab", helm))
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["core"]["auth_manager"] == CLASSES["fab"]
    assert not any(key.startswith("simple_auth") for key in cfg["core"])
    assert cfg["fab"]["config_file"] == "/opt/airflow/webserver_config.py"
    config_map = find(objs, "ConfigMap", f"{RELEASE}-webserver-config")
    assert config_map["data"]["webserver_config.py"] == WEBSERVER_CONFIG.replace("{{ .Release.Name }}", RELEASE)
    api_server = containers(ui(objs))
    assert "simple-auth-passwords" not in api_server
    mount = mounts(api_server["api-server"])[cfg["fab"]["config_file"]]  # mounted where Airflow reads it
    assert mount["subPath"] == "webserver_config.py" and mount["readOnly"] is True
    volumes = {v["name"]: v for v in ui(objs)["spec"]["template"]["spec"]["volumes"]}
    assert volumes[mount["name"]]["configMap"]["name"] == f"{RELEASE}-webserver-config"

    (job,) = user_jobs(objs)
    assert "annotations" not in job["metadata"]  # a plain Job: helm --wait and GitOps apply it like the rest
    create = containers(job)["create-user"]
    assert "airflow users create" in create["args"][-1]
    env = {e["name"]: e for e in create["env"]}
    assert env["USER_ROLE"]["value"] == "Admin" and env["USER_NAME"]["value"] == "admin"
    assert admin_password_file(job) == {"name": f"{RELEASE}-default-user", "key": "password"}
    assert "/opt/airflow/webserver_config.py" in mounts(create)
    assert "wait-for-migrations" in containers(job)
    assert job["spec"]["template"]["spec"]["serviceAccountName"] == f"{RELEASE}-api-server"
    assert generated_secrets(objs)[f"{RELEASE}-default-user"] == {"password": {"length": 32}}
    assert f"{RELEASE}-default-user" not in names(objs, "Secret")


@pytest.mark.parametrize("helm", HELMS)
def test_fab_with_the_users_config_map_and_password_secret(helm):
    objs = list(rendered("fab-own-secrets", helm))
    assert f"{RELEASE}-webserver-config" not in names(objs, "ConfigMap")
    volumes = {v["name"]: v for v in ui(objs)["spec"]["template"]["spec"]["volumes"]}
    assert volumes["webserver-config"]["configMap"]["name"] == "my-webserver-config"
    (job,) = user_jobs(objs)
    create = containers(job)["create-user"]
    assert admin_password_file(job) == {"name": "admin-password", "key": "password"}
    assert {e["name"]: e.get("value") for e in create["env"]}["USER_ROLE"] == "Op"
    assert f"{RELEASE}-default-user" not in generated_secrets(objs)


@pytest.mark.parametrize("helm", HELMS)
def test_keycloak_takes_its_client_secret_from_a_secret_in_the_api_server_only(helm):
    objs = list(rendered("keycloak", helm))
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["core"]["auth_manager"] == CLASSES["keycloak"]
    assert cfg["keycloak_auth_manager"] == {"server_url": "https://keycloak.example.com", "realm": "airflow",
                                            "client_id": "airflow-ui"}
    assert "client_secret" not in cfg["keycloak_auth_manager"]
    api_server = containers(ui(objs))
    assert secret_ref(api_server["api-server"], "AIRFLOW__KEYCLOAK_AUTH_MANAGER__CLIENT_SECRET") == \
           {"name": "keycloak-client", "key": "client-secret"}
    scheduler = containers(find(objs, "Deployment", f"{RELEASE}-scheduler"))["scheduler"]
    assert "AIRFLOW__KEYCLOAK_AUTH_MANAGER__CLIENT_SECRET" not in {e["name"] for e in scheduler["env"]}
    # Users live in Keycloak: no simple-auth file, no FAB user, no generated password.
    assert "simple-auth-passwords" not in api_server and not user_jobs(objs)
    assert set(generated_secrets(objs)) == {f"{RELEASE}-keys"}


@pytest.mark.parametrize("helm", HELMS)
def test_airflow2_is_fab_with_webserver_config_from_webserver_keys(helm):
    objs = list(rendered("airflow2", helm))
    assert "auth_manager" not in cfg_sections(airflow_cfg(objs))["core"]  # built into Airflow 2's webserver
    webserver = containers(ui(objs, "webserver"))["webserver"]
    assert "/opt/airflow/webserver_config.py" in mounts(webserver)
    assert "AUTH_TYPE = AUTH_OAUTH" in find(objs, "ConfigMap", f"{RELEASE}-webserver-config")["data"][
        "webserver_config.py"]
    (job,) = user_jobs(objs)
    assert job["spec"]["template"]["spec"]["serviceAccountName"] == f"{RELEASE}-webserver"
    assert set(generated_secrets(objs)) == {f"{RELEASE}-keys", f"{RELEASE}-default-user"}
    assert set(generated_secrets(objs)[f"{RELEASE}-keys"]) == {"fernet-key", "webserver-secret-key"}


@pytest.mark.parametrize("helm", HELMS)
def test_airflow2_mounts_the_users_webserver_config_map(helm):
    objs = list(rendered("airflow2-own-config-map", helm))
    assert f"{RELEASE}-webserver-config" not in names(objs, "ConfigMap")
    webserver = ui(objs, "webserver")
    mount = mounts(containers(webserver)["webserver"])["/opt/airflow/webserver_config.py"]
    volumes = {v["name"]: v for v in webserver["spec"]["template"]["spec"]["volumes"]}
    assert volumes[mount["name"]]["configMap"]["name"] == "my-webserver-config"
