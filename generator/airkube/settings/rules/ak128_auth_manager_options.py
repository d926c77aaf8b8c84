"""AK128 auth-manager-options: settings of an auth manager that is not the one in use.

webserver_config.py is read by FAB only, auth.keycloak by the keycloak
auth manager only, and an admin password Secret by simple or FAB (keycloak's
users live in Keycloak): written for another manager they would be silently
ignored, so they are refused (as is webserver_config.py given twice).

Passing example::

    auth:
      manager: fab
      web_config: |
        AUTH_TYPE = 1

Failing example::

    auth:
      manager: simple
      web_config: |
        AUTH_TYPE = 1
"""

from ..versions import auth_manager
from . import Finding

ID = "AK128"
NAME = "auth-manager-options"


def check(ctx):
    manager = auth_manager(ctx.settings)
    if manager != "fab":
        for key in ("web_config", "web_config_map"):
            if ctx.get(f"auth.{key}"):
                yield Finding(f"auth.{key}",
                              f"auth.{key} (webserver_config.py) is read by the fab auth manager only, and "
                              f"auth.manager is {manager}: remove it or set auth.manager: fab.")
    elif ctx.get("auth.web_config") and ctx.get("auth.web_config_map"):
        yield Finding("auth.web_config", "auth.web_config and auth.web_config_map both give webserver_config.py; "
                                         "keep one of them.")
    if manager != "keycloak" and ctx.written("auth.keycloak"):
        yield Finding("auth.keycloak",
                      f"auth.keycloak is read by the keycloak auth manager only, and auth.manager is {manager}: "
                      "remove it or set auth.manager: keycloak.")
    if manager == "keycloak" and ctx.get("api_server.default_user.password_secret"):
        yield Finding("api_server.default_user.password_secret",
                      "api_server.default_user.password_secret: with the keycloak auth manager users live in "
                      "Keycloak and the chart creates no admin user; remove it.")
