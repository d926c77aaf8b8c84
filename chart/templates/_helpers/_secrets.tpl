{{/* Connection URLs the chart builds (generated Secrets: _generated-secrets.tpl), and the Secret keys Airflow reads from files. */}}

{{/* A database URL: (dict "protocol" "postgresql" "user" "u" "pass" "p" "host" "h" "port" 5432 "db" "d" "sslmode" "disable"). */}}
{{- define "airflow.secrets.databaseUrl" -}}
{{- $query := "" -}}
{{- if and (hasPrefix "postgresql" .protocol) .sslmode }}{{ $query = printf "?sslmode=%s" .sslmode }}{{ end -}}
{{- printf "%s://%s:%s@%s:%v/%s%s" .protocol (urlquery .user) (urlquery .pass) .host .port .db $query -}}
{{- end -}}

{{/* The real database the chart connects to (embedded PostgreSQL unless a host is given). */}}
{{- define "airflow.secrets.databaseHost" -}}
{{- default (include "airflow.names.component" (dict "root" . "component" "postgresql")) .Values.data.metadataConnection.host -}}
{{- end -}}

{{/*
The Celery result backend's database as YAML {protocol, user, pass, host, port, db, sslmode}: data.metadataConnection
with the official chart's data.resultBackendConnection over it, field by field (the host: the metadata database's).
*/}}
{{- define "airflow.secrets.resultBackend" -}}
{{- $r := merge (dict "host" (include "airflow.secrets.databaseHost" .)) (deepCopy .Values.data.metadataConnection) -}}
{{- range $key, $value := default dict .Values.data.resultBackendConnection }}{{ if not (kindIs "invalid" $value) }}{{ $_ := set $r $key $value }}{{ end }}{{ end -}}
{{- toYaml $r -}}
{{- end -}}

{{/*
The Secret keys Airflow reads from files, as a list of {env, secret, key}: the sensitive options the
chart sets (the keys of this version, the database URL), which Airflow reads through
AIRFLOW__<SECTION>__<KEY>_CMD, so no credential sits in the environment (where every child process,
crash report and `env` sees it). Mounted at /run/secrets/airflow/<key> (airflow.secrets.volume).
*/}}
{{- define "airflow.secrets.files" -}}
{{- $root := . -}}
{{- $keysSecret := include "airflow.names.component" (dict "root" $root "component" "keys") -}}
{{- $files := list (dict "env" "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" "secret" (include "airflow.env.metadataSecret" $root) "key" "connection") -}}
{{- range (include "airflow.version.secretKeys" $root | fromYamlArray) }}
{{- $files = append $files (dict "env" .env "secret" (default $keysSecret .secretName) "key" .key) }}
{{- end }}
{{- $out := list -}}
{{- range $files }}{{ if include "airflow.env.builtInEnabled" (dict "root" $root "name" .env) }}{{ $out = append $out . }}{{ end }}{{ end -}}
{{- toYaml $out -}}
{{- end -}}

{{/*
The Secret keys of airflow.secrets.files as files in /run/secrets/airflow (.mount: the volumeMount),
.password: a Secret whose key password becomes the file admin-password (the create-user Job's).
*/}}
{{- define "airflow.secrets.volume" -}}
{{- if .mount -}}
- {name: airflow-secrets, mountPath: /run/secrets/airflow, readOnly: true}
{{- else -}}
- name: airflow-secrets
  projected:
    sources:
      {{- range (include "airflow.secrets.files" .root | fromYamlArray) }}
      - secret: {name: {{ .secret }}, items: [{key: {{ .key }}, path: {{ .key }}}]}
      {{- end }}
      {{- with .password }}
      - secret: {name: {{ . }}, items: [{key: password, path: admin-password}]}
      {{- end }}
{{- end }}
{{- end -}}
