{{/*
Celery workers: their values (workers.* with workers.celery over them, as the official chart
splits them), and their autoscaling (workers.keda or workers.hpa, one at a time).
*/}}

{{/*
The values of the Celery worker as YAML: workers.* with workers.celery deep-merged over them
(maps key by key, other values replace). workers.kubernetes is the KubernetesExecutor's twin
(merged in airflow.podTemplates.values). Usage: include "airflow.workers.celeryValues" $ | fromYaml
*/}}
{{- define "airflow.workers.celeryValues" -}}
{{- $w := omit (deepCopy .Values.workers) "celery" "kubernetes" "profiles" "podTemplate" "extraPodTemplates" -}}
{{- include "airflow.podTemplates.merge" (dict "dst" $w "src" (default dict .Values.workers.celery)) -}}
{{- toYaml $w -}}
{{- end -}}

{{/* "true" when an autoscaler (KEDA or the HPA) owns the Celery workers' replica count. */}}
{{- define "airflow.workers.autoscaled" -}}
{{- $w := include "airflow.workers.celeryValues" . | fromYaml -}}
{{- if and (include "airflow.executors.celery" .) (or $w.keda.enabled $w.hpa.enabled) }}true{{ end -}}
{{- end -}}

{{/*
KEDA's query: workers.keda.query (templated), else the Celery workers wanted for the tasks queued
or running on the Celery queue, [celery] worker_concurrency per worker. With a KubernetesExecutor
beside Celery, its tasks are not counted: on Airflow 2 they have their own queue; on Airflow 3 a
task names its executor only when it is not the default one (the first listed).
*/}}
{{- define "airflow.workers.kedaQuery" -}}
{{- $keda := (include "airflow.workers.celeryValues" . | fromYaml).keda -}}
{{- if $keda.query -}}
{{- tpl $keda.query . -}}
{{- else -}}
{{- $cfg := default dict .Values.config -}}
{{- $concurrency := default 16 (dig "celery" "worker_concurrency" "" $cfg) -}}
{{- $queue := default "default" (dig "operators" "default_queue" "" $cfg) -}}
{{- printf "SELECT ceil(COUNT(*)::decimal / %v) FROM task_instance WHERE state IN ('running', 'queued') AND queue = '%s'" $concurrency $queue -}}
{{- if contains "CeleryKubernetesExecutor" .Values.executor }}
{{- printf " AND queue != '%s'" (default "kubernetes" (dig "celery_kubernetes_executor" "kubernetes_queue" "" $cfg)) -}}
{{- else if and (include "airflow.executors.kubernetes" .) (hasPrefix "Celery" (trim .Values.executor)) }}
{{- " AND executor IS DISTINCT FROM 'KubernetesExecutor'" -}}
{{- else if include "airflow.executors.kubernetes" . }}
{{- " AND executor LIKE '%CeleryExecutor'" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The Celery workers' StatefulSet or Deployment, the target of KEDA and the HPA: {apiVersion, kind, name}. */}}
{{- define "airflow.workers.scaleTarget" -}}
{{- $w := include "airflow.workers.celeryValues" . | fromYaml -}}
apiVersion: apps/v1
kind: {{ include "airflow.workload.kind" (dict "persistence" $w.persistence) }}
name: {{ include "airflow.names.component" (dict "root" . "component" "worker") }}
{{- end -}}

{{/*
The database URL KEDA connects with, when the chart builds the connection (no data.metadataSecretName):
KEDA's operator runs in another namespace, so the chart's own services are named with the release
namespace; through PgBouncer when pgbouncer.enabled and workers.keda.usePgbouncer. "" with a user's Secret.
*/}}
{{- define "airflow.workers.kedaUrl" -}}
{{- if not .Values.data.metadataSecretName -}}
{{- $c := .Values.data.metadataConnection -}}
{{- $url := dict "protocol" $c.protocol "user" $c.user "pass" $c.pass "port" $c.port "db" $c.db "sslmode" $c.sslmode -}}
{{- $_ := set $url "host" (default (printf "%s.%s" (include "airflow.names.component" (dict "root" . "component" "postgresql")) .Release.Namespace) $c.host) -}}
{{- if and .Values.pgbouncer.enabled (include "airflow.workers.celeryValues" . | fromYaml).keda.usePgbouncer -}}
{{- $url = merge (dict "host" (printf "%s.%s" (include "airflow.names.component" (dict "root" . "component" "pgbouncer")) .Release.Namespace) "port" 6543 "db" (include "airflow.names.component" (dict "root" . "component" "metadata")) "sslmode" "disable") $url -}}
{{- end -}}
{{- include "airflow.secrets.databaseUrl" $url -}}
{{- end -}}
{{- end -}}
