{{/* Generated secrets that must survive `helm upgrade`. */}}

{{/*
A Secret's data value: the given value, else the value already in the cluster (lookup),
else a new random one. Never regenerated once it exists.
Call with (dict "root" $ "secret" "airflow-keys" "key" "fernet-key" "value" "" "generate" "fernet"|"alnum" "length" 32).
*/}}
{{- define "airflow.secrets.keepOrGenerate" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- $old := "" -}}
{{- if and $existing $existing.data -}}{{- $old = get $existing.data .key -}}{{- end -}}
{{- if .value -}}
{{- .value | b64enc -}}
{{- else if $old -}}
{{- $old -}}
{{- else if eq .generate "fernet" -}}
{{- randAlphaNum 32 | b64enc | b64enc -}}
{{- else -}}
{{- randAlphaNum (default 32 .length | int) | b64enc -}}
{{- end -}}
{{- end -}}

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
