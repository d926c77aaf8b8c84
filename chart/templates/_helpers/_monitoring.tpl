{{/*
prometheus-operator objects. Applying one to a cluster without its CRD fails the whole
release, so they are rendered only where the API server serves the kind, or when
monitoring.assumeCRDs says so (helm template and GitOps tools render without an API server).
*/}}

{{/* "true" when the kind can be rendered: (dict "root" $ "kind" "ServiceMonitor"). */}}
{{- define "airflow.monitoring.render" -}}
{{- if or .root.Values.monitoring.assumeCRDs (.root.Capabilities.APIVersions.Has (printf "monitoring.coreos.com/v1/%s" .kind)) }}true{{ end -}}
{{- end -}}
