"""AK126 keycloak-client: the keycloak auth manager needs its realm, client and client Secret.

Airflow's api-server signs users in through an OpenID Connect client of a
Keycloak realm: without the server URL, realm, client id and the Secret
holding the client's secret it cannot start a login, and Keycloak redirects
back to ``airflow.config.api.base_url``, which must be the UI's external URL.

Passing example::

    airflow:
      config: {api: {base_url: "https://airflow.example.com"}}
    auth:
      manager: keycloak
      keycloak: {server_url: "https://keycloak.example.com", realm: airflow,
                 client_id: airflow, client_secret_secret: keycloak-client}

Failing example::

    airflow:
      config: {api: {base_url: "https://airflow.example.com"}}
    auth:
      manager: keycloak
      keycloak: {server_url: "https://keycloak.example.com", realm: airflow, client_id: airflow}
"""

from . import Finding

ID = "AK126"
NAME = "keycloak-client"

REQUIRED = {
    "server_url": "the Keycloak URL the api-server calls, e.g. https://keycloak.example.com",
    "realm": "the realm holding Airflow's users and roles",
    "client_id": "the OpenID Connect client of Airflow in that realm",
    "client_secret_secret": "a Secret (key `client-secret`) with that client's secret",
}


def check(ctx):
    if ctx.get("auth.manager") != "keycloak" or ctx.major < 3:
        return
    for key, what in REQUIRED.items():
        if not ctx.get(f"auth.keycloak.{key}"):
            yield Finding(f"auth.keycloak.{key}",
                          f"auth.keycloak.{key} is required by the keycloak auth manager: set it to {what}.")
    config = ctx.get("airflow.config")
    api = config.get("api") if isinstance(config, dict) else None
    if not (isinstance(api, dict) and api.get("base_url")):
        yield Finding("airflow.config.api.base_url",
                      "airflow.config.api.base_url is required by the keycloak auth manager (Keycloak redirects "
                      "back to it): set it to the UI's external URL, e.g. https://airflow.example.com.")
