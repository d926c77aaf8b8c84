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

{{/* ServiceAccount of a component: <component>.serviceAccount.name or <fullname>-<component>. */}}
{{- define "airflow.names.serviceAccount" -}}
{{- $sa := (include "airflow.names.values" . | fromYaml).serviceAccount -}}
{{- default (include "airflow.names.component" .) $sa.name -}}
{{- end -}}

{{/* A component's values as YAML: (dict "root" $ "component" "dag-processor") -> .Values.dagProcessor. The UI's come from the version helper. */}}
{{- define "airflow.names.values" -}}
{{- if has .component (list "api-server" "webserver") -}}
{{- include "airflow.version.uiValues" .root -}}
{{- else -}}
{{- $keys := dict "scheduler" "scheduler" "triggerer" "triggerer" "dag-processor" "dagProcessor" "worker" "workers" "pgbouncer" "pgbouncer" -}}
{{- toYaml (index .root.Values (required (printf "unknown component %s" .component) (get $keys .component))) -}}
{{- end -}}
{{- end -}}

{{/* The scheduler's Role, or ClusterRole (prefixed with the namespace) in multiNamespaceMode. */}}
{{- define "airflow.names.schedulerRole" -}}
{{- $name := include "airflow.names.component" (dict "root" . "component" "scheduler") -}}
{{- ternary (printf "%s-%s" .Release.Namespace $name) $name .Values.multiNamespaceMode -}}
{{- end -}}
