{{/* KubernetesExecutor worker pod templates. */}}

{{/* The default worker pod template built from workers.* values (used when workers.podTemplate is empty). */}}
{{- define "airflow.podTemplates.default" -}}
{{- $root := . -}}
{{- $w := .Values.workers -}}
{{- $ctx := dict "root" $root "component" "worker" -}}
{{- $gitSyncInit := and .Values.dags.gitSync.enabled (not .Values.dags.persistence.enabled) -}}
{{- $volumeArgs := dict "root" $root "dags" true "logs" true -}}
apiVersion: v1
kind: Pod
metadata:
  name: placeholder
  labels:
    {{- include "airflow.labels.selector" $ctx | nindent 4 }}
    {{- with $w.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with $w.podAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  serviceAccountName: {{ include "airflow.names.serviceAccount" $ctx }}
  automountServiceAccountToken: {{ $w.allowPodLaunching }}
  restartPolicy: Never
  terminationGracePeriodSeconds: {{ $w.terminationGracePeriodSeconds }}
  {{- include "airflow.pod.securityContext" $root | nindent 2 }}
  {{- include "airflow.pod.scheduling" (dict "root" $root "values" $w) | nindent 2 }}
  {{- include "airflow.pod.imagePullSecrets" $root | nindent 2 }}
  {{- if $gitSyncInit }}
  initContainers:
    {{- include "airflow.gitSync.container" (dict "root" $root "oneShot" true) | nindent 4 }}
  {{- end }}
  containers:
    - name: base
      {{- include "airflow.images.container" (dict "root" $root "image" "airflow") | nindent 6 }}
      env:
        {{- include "airflow.env.airflow" (dict "root" $root "env" $w.env) | nindent 8 }}
      {{- include "airflow.env.from" $root | nindent 6 }}
      resources:
        {{- toYaml $w.resources | nindent 8 }}
      {{- include "airflow.pod.containerSecurityContext" (dict "root" $root) | nindent 6 }}
      volumeMounts:
        {{- include "airflow.volumes.mounts" $volumeArgs | nindent 8 }}
        {{- with $w.extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    {{- include "airflow.volumes.list" $volumeArgs | nindent 4 }}
    {{- with $w.extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}

{{/* Every pod template file as {file name: YAML text}. */}}
{{- define "airflow.podTemplates.all" -}}
{{- $files := dict -}}
{{- if include "airflow.executors.kubernetes" . -}}
{{- $default := .Values.workers.podTemplate -}}
{{- if not $default }}{{ $default = include "airflow.podTemplates.default" . }}{{ end -}}
{{- $_ := set $files "pod_template.yaml" (tpl $default .) -}}
{{- range $name, $template := .Values.workers.extraPodTemplates -}}
{{- $text := ternary $template (toYaml $template) (kindIs "string" $template) -}}
{{- $_ := set $files (printf "%s.yaml" $name) (tpl $text $) -}}
{{- end -}}
{{- end -}}
{{- toYaml $files -}}
{{- end -}}
