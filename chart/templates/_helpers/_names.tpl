{{/* Resource names. One helper per concern; everything else builds on these. */}}

{{/* Prefix of every resource: fullnameOverride, else the release name (with useStandardNaming, <release>-<chart name> unless the release name holds it). */}}
{{- define "airflow.names.fullname" -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- $release := ternary (printf "%s-%s" .Release.Name $name) .Release.Name (and .Values.useStandardNaming (not (contains $name .Release.Name))) -}}
{{- default $release .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of a component's resources. Call with (dict "root" $ "component" "scheduler"). */}}
{{- define "airflow.names.component" -}}
{{- printf "%s-%s" (include "airflow.names.fullname" .root) .component -}}
{{- end -}}

{{/* The Airflow components; the others are the jobs and the backing services (pgbouncer, statsd, redis, postgresql). */}}
{{- define "airflow.names.isAirflow" -}}
{{- if has .component (list "scheduler" "api-server" "webserver" "triggerer" "dag-processor" "worker" "flower" "cleanup" "database-cleanup") }}true{{ end -}}
{{- end -}}

{{/*
ServiceAccount of a component: serviceAccount.name, else <fullname>-<component> for an Airflow
component or when the chart creates it; the jobs run as the scheduler (migrations) or the UI
(user), pgbouncer, statsd and redis as the namespace default (""). (dict "root" $ "component"
"scheduler"), optionally "values" (a worker profile's).
*/}}
{{- define "airflow.names.serviceAccount" -}}
{{- $sa := (default (include "airflow.names.values" . | fromYaml) .values).serviceAccount | default dict -}}
{{- $fallback := get (dict "migrate-database" "scheduler" "create-user" (include "airflow.version.uiComponent" .root)) .component -}}
{{- if $sa.name }}{{ $sa.name }}
{{- else if or (include "airflow.names.isAirflow" .) (include "airflow.names.createsServiceAccount" .) }}{{ include "airflow.names.component" . }}
{{- else if $fallback }}{{ include "airflow.names.serviceAccount" (dict "root" .root "component" $fallback) }}
{{- end -}}
{{- end -}}

{{/* "true" when the chart creates the component's ServiceAccount: serviceAccount.create, else (null) for the Airflow components. */}}
{{- define "airflow.names.createsServiceAccount" -}}
{{- $create := dig "serviceAccount" "create" nil (include "airflow.names.values" . | fromYaml) -}}
{{- if ternary (include "airflow.names.isAirflow" .) $create (kindIs "invalid" $create) }}true{{ end -}}
{{- end -}}

{{/*
A component's values as YAML: (dict "root" $ "component" "dag-processor") -> .Values.dagProcessor.
The UI's come from the version helper, the Celery worker's from _workers.tpl, the task pods' (worker-kubernetes)
from _pod-templates.tpl; postgresql has no block ({}). "optional" true: {} for a name that is no component (config, registry).
*/}}
{{- define "airflow.names.values" -}}
{{- if has .component (list "api-server" "webserver") -}}
{{- include "airflow.version.uiValues" .root -}}
{{- else if eq .component "worker" -}}
{{- include "airflow.workers.celeryValues" .root -}}
{{- else if eq .component "worker-kubernetes" -}}
{{- include "airflow.podTemplates.values" (dict "root" .root "profile" "") -}}
{{- else -}}
{{- $keys := dict "scheduler" "scheduler" "triggerer" "triggerer" "dag-processor" "dagProcessor" "pgbouncer" "pgbouncer" "statsd" "statsd" "redis" "redis" "migrate-database" "migrateDatabaseJob" "create-user" "createUserJob" "create-secrets" "createSecretsJob" "flower" "flower" "cleanup" "cleanup" "database-cleanup" "databaseCleanup" "postgresql" "" -}}
{{- if hasKey $keys .component -}}
{{- with get $keys .component }}{{ toYaml (index $.root.Values .) }}{{ else }}{}{{ end -}}
{{- else if .optional }}{}
{{- else }}{{ fail (printf "unknown component %s" .component) }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The scheduler's Role, or ClusterRole (prefixed with the namespace) in multiNamespaceMode. */}}
{{- define "airflow.names.schedulerRole" -}}
{{- $name := include "airflow.names.component" (dict "root" . "component" "scheduler") -}}
{{- ternary (printf "%s-%s" .Release.Namespace $name) $name .Values.multiNamespaceMode -}}
{{- end -}}
