{{/*
Volumes and mounts of Airflow pods. Each helper takes (dict "root" $ "dags" bool "logs" bool "podTemplates" bool "gitSync" "sidecar"|"init"|"")
and renders list items, so a workload lists exactly what it uses.
*/}}

{{- define "airflow.volumes.list" -}}
{{- $root := .root -}}
- name: config
  configMap:
    name: {{ include "airflow.names.component" (dict "root" $root "component" "config") }}
{{- if .podTemplates }}
- name: pod-templates
  configMap:
    name: {{ include "airflow.names.component" (dict "root" $root "component" "pod-templates") }}
{{- end }}
{{- if and (include "airflow.version.is3" $root) $root.Values.apiServer.defaultUser.enabled .simpleAuth }}
- name: simple-auth-secret
  secret:
    secretName: {{ include "airflow.names.component" (dict "root" $root "component" "simple-auth") }}
- name: simple-auth
  emptyDir: {}
{{- end }}
{{- if .dags }}
{{- if $root.Values.dags.persistence.enabled }}
- name: dags
  persistentVolumeClaim:
    claimName: {{ default (include "airflow.names.component" (dict "root" $root "component" "dags")) $root.Values.dags.persistence.existingClaim }}
{{- else if $root.Values.dags.gitSync.enabled }}
- name: dags
  emptyDir: {{ toJson (default dict $root.Values.dags.gitSync.emptyDirConfig) }}
{{- end }}
{{- if $root.Values.dags.gitSync.enabled }}
{{ include "airflow.gitSync.volumes" $root }}
{{- end }}
{{- end }}
{{- if .logs }}
- name: logs
{{- if $root.Values.logs.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ default (include "airflow.names.component" (dict "root" $root "component" "logs")) $root.Values.logs.persistence.existingClaim }}
{{- else }}
  emptyDir: {{ toJson (default dict $root.Values.logs.emptyDirConfig) }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "airflow.volumes.mounts" -}}
{{- $root := .root -}}
- name: config
  mountPath: /opt/airflow/airflow.cfg
  subPath: airflow.cfg
  readOnly: true
{{- if .podTemplates }}
- name: pod-templates
  mountPath: /opt/airflow/pod_templates
  readOnly: true
{{- end }}
{{- if and (include "airflow.version.is3" $root) $root.Values.apiServer.defaultUser.enabled .simpleAuth }}
- name: simple-auth
  mountPath: /opt/airflow/simple-auth
{{- end }}
{{- if and .dags (or $root.Values.dags.persistence.enabled $root.Values.dags.gitSync.enabled) }}
- name: dags
  mountPath: {{ $root.Values.dags.mountPath }}
  readOnly: {{ not $root.Values.dags.persistence.enabled }}
  {{- if and $root.Values.dags.persistence.enabled $root.Values.dags.persistence.subPath }}
  subPath: {{ $root.Values.dags.persistence.subPath }}
  {{- end }}
{{- end }}
{{- if .logs }}
- name: logs
  mountPath: {{ $root.Values.logs.mountPath }}
  {{- if and $root.Values.logs.persistence.enabled $root.Values.logs.persistence.subPath }}
  subPath: {{ $root.Values.logs.persistence.subPath }}
  {{- end }}
{{- end }}
{{- include "airflow.volumes.localSettingsMount" $root }}
{{- end -}}

{{/* The PersistentVolumeClaim of dags or logs, unless disabled or existingClaim names one: (dict "root" $ "component" "logs" "persistence" .Values.logs.persistence). */}}
{{- define "airflow.volumes.claim" -}}
{{- with .persistence }}
{{- if and .enabled (not .existingClaim) }}
{{- $ctx := dict "root" $.root "component" $.component }}
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ include "airflow.names.component" $ctx }}
  labels:
    {{- include "airflow.labels.standard" $ctx | nindent 4 }}
  annotations:
    {{- with .annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    # DAG files and task logs are data, like the database: `helm uninstall` keeps them. It
    # also cannot hang on them: task pods Airflow keeps (a failed try) still hold the claim.
    helm.sh/resource-policy: keep
spec:
  accessModes: [{{ .accessMode }}]
  {{- with .storageClassName }}
  storageClassName: {{ . }}
  {{- end }}
  resources:
    requests:
      storage: {{ .size }}
{{- end }}
{{- end }}
{{- end -}}

{{/* airflow_local_settings.py (airflowLocalSettings) where Airflow imports it: $AIRFLOW_HOME/config. */}}
{{- define "airflow.volumes.localSettingsMount" -}}
{{- if .Values.airflowLocalSettings }}
- name: config
  mountPath: /opt/airflow/config/airflow_local_settings.py
  subPath: airflow_local_settings.py
  readOnly: true
{{- end }}
{{- end -}}
