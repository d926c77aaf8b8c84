{{/* CronJobs that run one Airflow command: cleanup (leftover task pods) and databaseCleanup (`airflow db clean`). */}}

{{/*
A CronJob around airflow.cronjobs.podSpec: (dict "root" $ "component" "cleanup" "values" .Values.cleanup
"args" (list "airflow" ...) "serviceAccount" bool). values: schedule (templated), jobAnnotations,
failedJobsHistoryLimit, successfulJobsHistoryLimit (null: Kubernetes' default), and
the <component>.* keys (airflow.workload.airflowPod). As on the chart's Jobs: labels go on the CronJob
and its pods, annotations (with podAnnotations) on the pods.
*/}}
{{- define "airflow.cronjobs.cronJob" -}}
{{- $v := .values -}}
{{- $ctx := dict "root" .root "component" .component -}}
apiVersion: batch/v1
kind: CronJob
{{ include "airflow.labels.metadata" (merge (dict "labels" $v.labels "annotations" $v.jobAnnotations) $ctx) }}
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
          {{- include "airflow.labels.pod" (merge (dict "values" $v "annotations" $v.annotations) $ctx) | nindent 10 }}
        spec:
          {{- include "airflow.cronjobs.podSpec" . | nindent 10 }}
{{- end -}}

{{/* The pod of such a CronJob: one Airflow container, built by airflow.workload.airflowPod (no wait for migrations). */}}
{{- define "airflow.cronjobs.podSpec" -}}
{{- include "airflow.workload.airflowPod" (dict "root" .root "component" .component "values" .values
      "restartPolicy" "Never" "wait" false "command" .args "serviceAccount" .serviceAccount "dags" false "logs" false) }}
{{- end -}}
