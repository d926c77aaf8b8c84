{{/* Connection URLs the chart builds (generated Secrets: _generated-secrets.tpl). */}}

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
