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
