{{/*
Volumes and mounts of Airflow pods. Each helper takes (dict "root" $ "dags" bool "logs" bool "podTemplates" bool
"auth" bool "tmp" bool "values" <the component's values>), auth: the auth manager's files (the simple auth manager's
passwords, FAB's webserver_config.py), tmp: an emptyDir on /tmp (a read-only root filesystem), and renders list items, so a workload lists exactly what it uses;
then the global volumes/volumeMounts and the component's extraVolumes/extraVolumeMounts.
*/}}

{{- define "airflow.volumes.list" -}}
{{- $root := .root -}}
- name: config
  configMap:
    name: {{ include "airflow.names.component" (dict "root" $root "component" "config") }}
{{ include "airflow.secrets.volume" (dict "root" $root "password" .password) }}
{{- if .podTemplates }}
- name: pod-templates
  configMap:
    name: {{ include "airflow.names.component" (dict "root" $root "component" "pod-templates") }}
{{- end }}
{{- if .auth }}
{{- $manager := include "airflow.auth.manager" $root }}
{{- $web := include "airflow.auth.webserverConfig" $root | fromYaml }}
{{- if and (eq $manager "simple") (include "airflow.auth.user" $root | fromYaml).enabled }}
- name: simple-auth
  emptyDir: {}
{{- else if and (eq $manager "fab") (or $web.text $web.configMap) }}
- name: webserver-config
  configMap:
    name: {{ default (include "airflow.names.component" (dict "root" $root "component" "webserver-config")) $web.configMap }}
{{- end }}
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
{{- if .tmp }}
- name: tmp
  emptyDir: {}
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
{{- include "airflow.pod.userList" (dict "root" $root "list" (concat $root.Values.volumes (default list (get (default dict .values) "extraVolumes")))) }}
{{- end -}}

{{- define "airflow.volumes.mounts" -}}
{{- $root := .root -}}
- name: config
  mountPath: /opt/airflow/airflow.cfg
  subPath: airflow.cfg
  readOnly: true
{{ include "airflow.secrets.volume" (dict "root" $root "mount" true) }}
{{- if .podTemplates }}
- name: pod-templates
  mountPath: /opt/airflow/pod_templates
  readOnly: true
{{- end }}
{{- if .auth }}
{{- $web := include "airflow.auth.webserverConfig" $root | fromYaml }}
{{- if and (eq (include "airflow.auth.manager" $root) "simple") (include "airflow.auth.user" $root | fromYaml).enabled }}
- name: simple-auth
  mountPath: /opt/airflow/simple-auth
{{- else if and (eq (include "airflow.auth.manager" $root) "fab") (or $web.text $web.configMap) }}
- name: webserver-config
  mountPath: /opt/airflow/webserver_config.py
  subPath: webserver_config.py
  readOnly: true
{{- end }}
{{- end }}
{{- if and .dags (or $root.Values.dags.persistence.enabled $root.Values.dags.gitSync.enabled) }}
- name: dags
  mountPath: {{ $root.Values.dags.mountPath }}
  readOnly: {{ not $root.Values.dags.persistence.enabled }}
  {{- if and $root.Values.dags.persistence.enabled $root.Values.dags.persistence.subPath }}
  subPath: {{ $root.Values.dags.persistence.subPath }}
  {{- end }}
{{- end }}
{{- if .tmp }}
- {name: tmp, mountPath: /tmp}
{{- end }}
{{- if .logs }}
- name: logs
  mountPath: {{ $root.Values.logs.mountPath }}
  {{- if and $root.Values.logs.persistence.enabled $root.Values.logs.persistence.subPath }}
  subPath: {{ $root.Values.logs.persistence.subPath }}
  {{- end }}
{{- end }}
{{- include "airflow.volumes.localSettingsMount" $root }}
{{- include "airflow.pod.userList" (dict "root" $root "list" (concat $root.Values.volumeMounts (default list (get (default dict .values) "extraVolumeMounts")))) }}
{{- end -}}

{{/* The PersistentVolumeClaim of dags or logs, unless disabled or existingClaim names one: (dict "root" $ "component" "logs" "persistence" .Values.logs.persistence). */}}
{{- define "airflow.volumes.claim" -}}
{{- with .persistence }}
{{- if and .enabled (not .existingClaim) }}
{{- $ctx := dict "root" $.root "component" $.component }}
apiVersion: v1
kind: PersistentVolumeClaim
{{ include "airflow.labels.metadata" $ctx }}
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
