{{/*
Auth managers of the UI and REST API (auth.manager): simple, fab or keycloak.
What each one needs (config, files, the admin user, checks) lives in this file.
*/}}

{{/* The auth manager in use: auth.manager, else simple on Airflow 3 and fab on Airflow 2 (built in). */}}
{{- define "airflow.auth.manager" -}}
{{- default (ternary "simple" "fab" (not (empty (include "airflow.version.is3" .)))) .Values.auth.manager -}}
{{- end -}}

{{/* airflow.cfg options of the auth manager, merged under the user's config. */}}
{{- define "airflow.auth.config" -}}
{{- $manager := include "airflow.auth.manager" . -}}
{{- $user := include "airflow.auth.user" . | fromYaml -}}
{{- if include "airflow.version.is3" . }}
{{- $classes := dict
      "simple" "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager"
      "fab" "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager"
      "keycloak" "airflow.providers.keycloak.auth_manager.keycloak_auth_manager.KeycloakAuthManager" }}
core:
  auth_manager: {{ get $classes $manager }}
  {{- if and (eq $manager "simple") $user.enabled }}
  simple_auth_manager_users: {{ printf "%s:%s" $user.username (lower $user.role) | quote }}
  simple_auth_manager_passwords_file: /opt/airflow/simple-auth/passwords.json
  {{- end }}
{{- if eq $manager "fab" }}
fab:
  # Where the volume helpers mount webserver_config.py (FAB's default is the same path).
  config_file: /opt/airflow/webserver_config.py
{{- else if eq $manager "keycloak" }}
{{- with .Values.auth.keycloak }}
keycloak_auth_manager:
  server_url: {{ .serverUrl | quote }}
  realm: {{ .realm | quote }}
  client_id: {{ .clientId | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* webserver_config.py of FAB as {text, configMap}: webserver.* (Airflow 2) over apiServer.*. */}}
{{- define "airflow.auth.webserverConfig" -}}
{{- $web := ternary dict .Values.webserver (not (empty (include "airflow.version.is3" .))) -}}
{{- $configMap := default .Values.apiServer.apiServerConfigConfigMapName $web.webserverConfigConfigMapName -}}
{{- $text := ternary "" (default .Values.apiServer.apiServerConfig $web.webserverConfig) (not (empty $configMap)) -}}
{{- dict "text" $text "configMap" $configMap | toYaml -}}
{{- end -}}

{{/*
The admin user (simple or fab) as YAML {enabled, username, role, email, firstName, lastName, password,
passwordSecretName}: apiServer.defaultUser, the official chart's createUserJob.defaultUser over it, then its
webserver.defaultUser (which it prefers, on either Airflow version); createUserJob.enabled: false, none.
*/}}
{{- define "airflow.auth.user" -}}
{{- $user := merge (dict "password" "") (deepCopy .Values.apiServer.defaultUser) -}}
{{- range list (default dict .Values.createUserJob.defaultUser) (default dict .Values.webserver.defaultUser) }}{{ range $key, $value := . }}{{ $_ := set $user $key $value }}{{ end }}{{ end -}}
{{- if eq (toString .Values.createUserJob.enabled) "false" }}{{ $_ := set $user "enabled" false }}{{ end -}}
{{- toYaml $user -}}
{{- end -}}

{{/* The FAB admin user: airflow.auth.user, its role title-cased (admin -> Admin). */}}
{{- define "airflow.auth.fabUser" -}}
{{- $user := include "airflow.auth.user" . | fromYaml -}}
{{- toYaml (set $user "role" (title $user.role)) -}}
{{- end -}}

{{/* The Secret (key password) of the admin user: simple or fab, else "". */}}
{{- define "airflow.auth.userSecret" -}}
{{- $manager := include "airflow.auth.manager" . -}}
{{- if eq $manager "simple" }}
{{- $user := include "airflow.auth.user" . | fromYaml }}
{{- if $user.enabled }}{{ default (include "airflow.names.component" (dict "root" . "component" "simple-auth")) $user.passwordSecretName }}{{ end }}
{{- else if eq $manager "fab" }}
{{- $user := include "airflow.auth.fabUser" . | fromYaml }}
{{- if $user.enabled }}{{ default (include "airflow.names.component" (dict "root" . "component" "default-user")) $user.passwordSecretName }}{{ end }}
{{- end }}
{{- end -}}

{{/* What cannot work: an auth manager of the other version, keycloak without its settings, FAB files elsewhere. */}}
{{- define "airflow.validate.auth" -}}
{{- $manager := include "airflow.auth.manager" . -}}
{{- $errors := list -}}
{{- $web := include "airflow.auth.webserverConfig" . | fromYaml }}
{{- if and (not (include "airflow.version.is3" .)) (ne $manager "fab") }}
{{- $errors = append $errors (printf "auth.manager: %s needs Airflow 3; Airflow 2's webserver has FAB built in: remove auth.manager (or set fab) and configure OAuth/LDAP in webserver.webserverConfig" $manager) }}
{{- else if eq $manager "keycloak" }}
{{- range $key := list "serverUrl" "realm" "clientId" "clientSecretName" }}
{{- if not (get $.Values.auth.keycloak $key) }}
{{- $errors = append $errors (printf "auth.keycloak.%s: required by the keycloak auth manager%s" $key (ternary " (an existing Secret with key client-secret)" "" (eq $key "clientSecretName"))) }}
{{- end }}
{{- end }}
{{- if not (dig "api" "base_url" "" .Values.config) }}
{{- $errors = append $errors "config.api.base_url: the keycloak auth manager redirects back to it; set it to the UI's external URL, e.g. https://airflow.example.com" }}
{{- end }}
{{- if .Values.apiServer.defaultUser.passwordSecretName }}
{{- $errors = append $errors "apiServer.defaultUser.passwordSecretName: keycloak's users live in Keycloak; remove it" }}
{{- end }}
{{- end }}
{{- if and $web.configMap (or .Values.apiServer.apiServerConfig (and (not (include "airflow.version.is3" .)) .Values.webserver.webserverConfig)) }}
{{- $errors = append $errors "apiServer.apiServerConfig: webserver_config.py comes from apiServerConfigConfigMapName too; set one of them" }}
{{- end }}
{{- if and (ne $manager "fab") (or $web.text $web.configMap) }}
{{- $errors = append $errors (printf "apiServer.apiServerConfig: webserver_config.py is read by the fab auth manager only (auth.manager is %s); remove it or set auth.manager: fab" $manager) }}
{{- end }}
{{- toYaml $errors -}}
{{- end -}}

{{/* env of the UI container for its auth manager, a YAML list: keycloak's client secret. */}}
{{- define "airflow.auth.env" -}}
{{- if eq (include "airflow.auth.manager" .) "keycloak" }}
- name: AIRFLOW__KEYCLOAK_AUTH_MANAGER__CLIENT_SECRET
  valueFrom: {secretKeyRef: {name: {{ .Values.auth.keycloak.clientSecretName }}, key: client-secret}}
{{- else -}}
[]
{{- end }}
{{- end -}}
