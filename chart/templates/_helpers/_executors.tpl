{{/* What the executor setting implies. */}}

{{/* The executors as a list (a comma-separated list on Airflow 3). */}}
{{- define "airflow.executors.list" -}}
{{- range (splitList "," .Values.executor) }}
- {{ trim . }}
{{- end }}
{{- end -}}

{{/* "true" when tasks run in Celery workers. */}}
{{- define "airflow.executors.celery" -}}
{{- if contains "Celery" .Values.executor }}true{{ end -}}
{{- end -}}

{{/* "true" when tasks run in KubernetesExecutor pods. */}}
{{- define "airflow.executors.kubernetes" -}}
{{- if contains "Kubernetes" .Values.executor }}true{{ end -}}
{{- end -}}

{{/* "true" when tasks run in the scheduler (LocalExecutor, Airflow 2's LocalKubernetesExecutor). */}}
{{- define "airflow.executors.local" -}}
{{- if contains "Local" .Values.executor }}true{{ end -}}
{{- end -}}

{{/* "true" when Redis must run: a Celery executor and no external broker (data.brokerUrlSecretName or data.brokerUrl). */}}
{{- define "airflow.executors.redis" -}}
{{- if and (include "airflow.executors.celery" .) .Values.redis.enabled (not .Values.data.brokerUrlSecretName) (not .Values.data.brokerUrl) }}true{{ end -}}
{{- end -}}

{{/* "true" when Flower runs: flower.enabled and a Celery executor. */}}
{{- define "airflow.executors.flower" -}}
{{- if and .Values.flower.enabled (include "airflow.executors.celery" .) }}true{{ end -}}
{{- end -}}
