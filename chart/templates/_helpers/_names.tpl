{{/* Resource names. One helper per concern; everything else builds on these. */}}

{{/* Prefix of every resource: fullnameOverride, else the release name. */}}
{{- define "airflow.names.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of a component's resources. Call with (dict "root" $ "component" "scheduler"). */}}
{{- define "airflow.names.component" -}}
{{- printf "%s-%s" (include "airflow.names.fullname" .root) .component -}}
{{- end -}}

{{/* ServiceAccount of a component: <component>.serviceAccount.name or <fullname>-<component>. */}}
{{- define "airflow.names.serviceAccount" -}}
{{- $sa := (include "airflow.names.values" . | fromYaml).serviceAccount -}}
{{- default (include "airflow.names.component" .) $sa.name -}}
{{- end -}}

{{/* A component's values as YAML: (dict "root" $ "component" "dag-processor") -> .Values.dagProcessor. The UI's come from the version helper, the Celery worker's from _workers.tpl. */}}
{{- define "airflow.names.values" -}}
{{- if has .component (list "api-server" "webserver") -}}
{{- include "airflow.version.uiValues" .root -}}
{{- else if eq .component "worker" -}}
{{- include "airflow.workers.celeryValues" .root -}}
{{- else -}}
{{- $keys := dict "scheduler" "scheduler" "triggerer" "triggerer" "dag-processor" "dagProcessor" "pgbouncer" "pgbouncer" "flower" "flower" "cleanup" "cleanup" "database-cleanup" "databaseCleanup" -}}
{{- toYaml (index .root.Values (required (printf "unknown component %s" .component) (get $keys .component))) -}}
{{- end -}}
{{- end -}}

{{/* The scheduler's Role, or ClusterRole (prefixed with the namespace) in multiNamespaceMode. */}}
{{- define "airflow.names.schedulerRole" -}}
{{- $name := include "airflow.names.component" (dict "root" . "component" "scheduler") -}}
{{- ternary (printf "%s-%s" .Release.Namespace $name) $name .Values.multiNamespaceMode -}}
{{- end -}}
