{{/* Labels. `component` follows the official chart so `kubectl -l component=scheduler` keeps working. */}}

{{/* Selector labels of a component: (dict "root" $ "component" "scheduler"). */}}
{{- define "airflow.labels.selector" -}}
tier: airflow
component: {{ .component }}
release: {{ .root.Release.Name }}
{{- end -}}

{{/* Full labels of a component's objects. */}}
{{- define "airflow.labels.standard" -}}
{{ include "airflow.labels.selector" . }}
app.kubernetes.io/name: airflow
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ include "airflow.version.value" .root | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- with .root.Values.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* An object's metadata: <fullname>-<component>, the standard labels, annotations when given: (dict "root" $ "component" "redis" "annotations" dict). */}}
{{- define "airflow.labels.metadata" -}}
metadata:
  name: {{ include "airflow.names.component" . }}
  labels:
    {{- include "airflow.labels.standard" . | nindent 4 }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
