{{/* Cross-field checks of Celery workers, Flower and the cleanup CronJobs (see _validate.tpl). */}}
{{- define "airflow.validate.celery" -}}
{{- $v := .Values -}}
{{- $errors := list -}}
{{- $celery := include "airflow.executors.celery" . -}}
{{- $w := include "airflow.workers.celeryValues" . | fromYaml -}}
{{- $where := ternary "workers.celery" "workers" (not (empty (default dict $v.workers.celery))) -}}
{{- if and $w.keda.enabled $w.hpa.enabled }}
{{- $errors = append $errors (printf "%s.keda.enabled and %s.hpa.enabled: both would set the Celery workers' replicas and fight; keep one (keda can scale to zero, hpa follows cpu or memory)" $where $where) }}
{{- end }}
{{- range $name := list "keda" "hpa" }}
{{- if and (get $w $name).enabled (not $celery) }}
{{- $errors = append $errors (printf "%s.%s.enabled: it applies to Celery workers, and executor %s runs none; disable it or use a Celery executor" $where $name $v.executor) }}
{{- end }}
{{- end }}
{{- if and $w.hpa.enabled (lt (int $w.hpa.minReplicaCount) 1) }}
{{- $errors = append $errors (printf "%s.hpa.minReplicaCount: 0 needs Kubernetes' alpha HPAScaleToZero gate; use 1, or keda to scale to zero" $where) }}
{{- end }}
{{- range $name := list "keda" "hpa" }}
{{- with get $w $name }}
{{- if and .enabled (gt (int .minReplicaCount) (int .maxReplicaCount)) }}
{{- $errors = append $errors (printf "%s.%s.minReplicaCount: %v is above maxReplicaCount %v" $where $name .minReplicaCount .maxReplicaCount) }}
{{- end }}
{{- end }}
{{- end }}
{{- if $w.keda.enabled }}
{{- if ne $v.data.metadataConnection.protocol "postgresql" }}
{{- $errors = append $errors (printf "%s.keda.enabled: the chart's KEDA query is PostgreSQL's; with protocol %s use hpa instead" $where $v.data.metadataConnection.protocol) }}
{{- end }}
{{- if and $v.pgbouncer.enabled (not $w.keda.usePgbouncer) $v.data.metadataSecretName }}
{{- $errors = append $errors (printf "%s.keda.usePgbouncer: false needs the database's own URL, and data.metadataSecretName holds PgBouncer's; set it to true" $where) }}
{{- end }}
{{- if and $v.networkPolicies.enabled (not $w.keda.namespaceLabels) (not $v.data.metadataSecretName) (not $v.data.metadataConnection.host) }}
{{- $errors = append $errors (printf "%s.keda.namespaceLabels: with networkPolicies.enabled, KEDA (in its own namespace) reaches the database only from a namespace with these labels, e.g. {kubernetes.io/metadata.name: keda}" $where) }}
{{- end }}
{{- end }}
{{- range $key := list "volumeClaimTemplates" "podManagementPolicy" }}
{{- if and (get $w $key) (not (and $celery $w.persistence.enabled)) }}
{{- $errors = append $errors (printf "%s.%s: only the Celery workers' StatefulSet has it, which needs a Celery executor and %s.persistence.enabled: true; set those or remove it" $where $key $where) }}
{{- end }}
{{- end }}
{{- if and $v.flower.enabled (not $celery) }}
{{- $errors = append $errors (printf "flower.enabled: Flower shows Celery workers, and executor %s runs none; disable it or use a Celery executor" $v.executor) }}
{{- end }}
{{- if and $v.flower.password (not $v.flower.username) (not $v.flower.secretName) }}
{{- $errors = append $errors "flower.password: set without flower.username, so Flower would run without authentication; set flower.username too" }}
{{- end }}
{{- if and $v.ingress.flower.enabled (not $v.flower.enabled) }}
{{- $errors = append $errors "ingress.flower.enabled: there is no Flower to expose; also set flower.enabled: true" }}
{{- end }}
{{- /* Airflow 2 adds the `airflow kubernetes` commands only for a configured KubernetesExecutor; Airflow 3 loads them from the provider. */}}
{{- if and $v.cleanup.enabled (not (include "airflow.executors.kubernetes" .)) (not (include "airflow.version.is3" .)) }}
{{- $errors = append $errors (printf "cleanup.enabled: on Airflow 2 `airflow kubernetes cleanup-pods` exists only with a KubernetesExecutor, which executor %s does not include; disable cleanup or use CeleryKubernetesExecutor" $v.executor) }}
{{- end }}
{{- toYaml $errors -}}
{{- end -}}
