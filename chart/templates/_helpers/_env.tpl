{{/* Environment of Airflow containers. */}}

{{/* Secret holding a database URL under key "connection": the user's, else the chart's. */}}
{{- define "airflow.env.metadataSecret" -}}
{{- default (include "airflow.names.component" (dict "root" . "component" "metadata")) .Values.data.metadataSecretName -}}
{{- end -}}

{{/*
env of every Airflow container: the chart's built-in variables (keys from Secrets, the database,
Celery, remote logs; enableBuiltInSecretEnvVars leaves some out), then the user's (`secret`,
global env and extraEnv unless "custom" is false: a job's applyCustomEnv; then the component's own).
Call with (dict "root" $ "env" .Values.scheduler.env).
*/}}
{{- define "airflow.env.airflow" -}}
{{- $root := .root -}}
{{- range (include "airflow.env.builtIn" $root | fromYamlArray) }}
{{- if include "airflow.env.builtInEnabled" (dict "root" $root "name" (trimSuffix "_CMD" .name)) }}
- {{ toYaml . | nindent 2 | trim }}
{{- end }}
{{- end }}
{{- if ne (toString .custom) "false" }}
{{- /* The official chart's `secret`: one env var per Secret key. */}}
{{- range $root.Values.secret }}
- name: {{ .envName }}
  valueFrom: {secretKeyRef: {name: {{ tpl .secretName $root | quote }}, key: {{ default .envName .secretKey | quote }}}}
{{- end }}
{{- with $root.Values.env }}
{{ toYaml . }}
{{- end }}
{{- include "airflow.env.listOrString" (dict "root" $root "value" $root.Values.extraEnv) }}
{{- end }}
{{- with .env }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* "true" unless enableBuiltInSecretEnvVars leaves the built-in variable out: (dict "root" $ "name" NAME). */}}
{{- define "airflow.env.builtInEnabled" -}}
{{- $on := get .root.Values.enableBuiltInSecretEnvVars .name -}}
{{- if ne (toString $on) "false" }}{{ if or (ne .name "AIRFLOW_CONN_AIRFLOW_DB") $on (include "airflow.version.metadataConnection" .root) }}true{{ end }}{{ end -}}
{{- end -}}

{{/* The chart's own env of Airflow containers, from its Secrets or the ones named in values. */}}
{{- define "airflow.env.builtIn" -}}
{{- $root := . -}}
{{- range (include "airflow.secrets.files" $root | fromYamlArray) }}
- {name: {{ .env }}_CMD, value: {{ printf "cat /run/secrets/airflow/%s" .key | quote }}}
{{- end }}
- name: AIRFLOW_CONN_AIRFLOW_DB
  valueFrom:
    secretKeyRef:
      name: {{ include "airflow.env.metadataSecret" $root }}
      key: connection
{{- if include "airflow.executors.celery" $root }}
- name: AIRFLOW__CELERY__RESULT_BACKEND
  valueFrom:
    secretKeyRef:
      name: {{ default (include "airflow.names.component" (dict "root" $root "component" "result-backend")) $root.Values.data.resultBackendSecretName }}
      key: connection
- name: AIRFLOW__CELERY__BROKER_URL
  valueFrom:
    secretKeyRef:
      name: {{ default (include "airflow.names.component" (dict "root" $root "component" "broker-url")) $root.Values.data.brokerUrlSecretName }}
      key: connection
{{- end }}
{{- include "airflow.remoteLogs.env" $root }}
{{- end -}}

{{/*
envFrom of every Airflow container: extraEnvFrom (a list, or a YAML string as in the official chart),
then the component's own list, each source once. Call with (dict "root" $ "extra" .Values.workers.extraEnvFrom).
*/}}
{{- define "airflow.env.from" -}}
{{- $items := include "airflow.env.listOrString" (dict "root" .root "value" .root.Values.extraEnvFrom) | fromYamlArray -}}
{{- with concat $items (default list .extra) | uniq }}
envFrom:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* A list value, or a templated YAML string holding a list, rendered as list items. */}}
{{- define "airflow.env.listOrString" -}}
{{- if kindIs "string" .value }}
{{- with .value }}
{{ tpl . $.root | trim }}
{{- end }}
{{- else }}
{{- with .value }}
{{ toYaml . }}
{{- end }}
{{- end }}
{{- end -}}
