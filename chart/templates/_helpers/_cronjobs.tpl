{{/* CronJobs that run one Airflow command: cleanup (leftover task pods) and databaseCleanup (`airflow db clean`). */}}

{{/*
A CronJob around airflow.cronjobs.podSpec: (dict "root" $ "component" "cleanup" "values" .Values.cleanup
"args" (list "airflow" ...) "serviceAccount" bool). values: schedule (templated), jobAnnotations,
podAnnotations, failedJobsHistoryLimit, successfulJobsHistoryLimit (null: Kubernetes' default), and
what the pod spec reads.
*/}}
{{- define "airflow.cronjobs.cronJob" -}}
{{- $v := .values -}}
{{- $ctx := dict "root" .root "component" .component -}}
apiVersion: batch/v1
kind: CronJob
{{ include "airflow.labels.metadata" (merge (dict "annotations" $v.jobAnnotations) $ctx) }}
spec:
  schedule: {{ tpl $v.schedule .root | quote }}
  # A slow run is not overlapped by the next one.
  concurrencyPolicy: Forbid
  {{- range $key := list "failedJobsHistoryLimit" "successfulJobsHistoryLimit" }}
  {{- /* null: helm 3 keeps a nil, helm 4 drops the key. */}}
  {{- $limit := get $v $key }}
  {{- if and (not (kindIs "invalid" $limit)) (ne (toString $limit) "") }}
  {{ $key }}: {{ $limit }}
  {{- end }}
  {{- end }}
  jobTemplate:
    spec:
      backoffLimit: 1
      template:
        metadata:
          labels:
            {{- include "airflow.labels.selector" $ctx | nindent 12 }}
          {{- with $v.podAnnotations }}
          annotations:
            {{- toYaml . | nindent 12 }}
          {{- end }}
        spec:
          {{- include "airflow.cronjobs.podSpec" . | nindent 10 }}
{{- end -}}

{{/* The pod of such a CronJob: one Airflow container with the Airflow env and airflow.cfg. Same arguments. */}}
{{- define "airflow.cronjobs.podSpec" -}}
{{- $root := .root -}}
restartPolicy: Never
serviceAccountName: {{ include "airflow.names.serviceAccount" (dict "root" $root "component" .component) }}
automountServiceAccountToken: {{ default false .serviceAccount }}
{{ include "airflow.pod.securityContext" $root }}
{{- include "airflow.pod.scheduling" (dict "root" $root "values" .values) }}
{{- include "airflow.pod.imagePullSecrets" $root }}
containers:
  - name: {{ .component }}
    {{- include "airflow.images.container" (dict "root" $root "image" "airflow") | nindent 4 }}
    args: {{ toJson .args }}
    env:
      {{- include "airflow.env.airflow" (dict "root" $root "env" .values.env) | nindent 6 }}
    {{- include "airflow.env.from" (dict "root" $root) | nindent 4 }}
    resources:
      {{- toYaml .values.resources | nindent 6 }}
    {{- include "airflow.pod.containerSecurityContext" (dict "root" $root) | nindent 4 }}
    volumeMounts:
      - {name: config, mountPath: /opt/airflow/airflow.cfg, subPath: airflow.cfg, readOnly: true}
volumes:
  - name: config
    configMap:
      name: {{ include "airflow.names.component" (dict "root" $root "component" "config") }}
{{- end -}}
