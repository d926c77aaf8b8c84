{{/*
The UI's Ingress and HTTPRoute. One Ingress serves the UI on both Airflow versions: its
settings come from ingress.apiServer, or from ingress.web (the official chart's block for the
Airflow 2 webserver, same keys) deep-merged over ingress.apiServer's defaults.
*/}}

{{/* The UI Ingress's settings as YAML, or "" when none is asked for. */}}
{{- define "airflow.ingress.ui" -}}
{{- $i := .Values.ingress -}}
{{- $web := default dict $i.web -}}
{{- if or $web.enabled (and $i.enabled $web (not $i.apiServer.enabled)) }}
{{- toYaml (mergeOverwrite (deepCopy $i.apiServer) (deepCopy $web) (dict "enabled" true)) }}
{{- else if or $i.apiServer.enabled $i.enabled }}
{{- toYaml $i.apiServer }}
{{- end }}
{{- end -}}

{{/*
The hosts of an Ingress block as a list of {name, tls: {enabled, secretName}}: hosts entries
(a plain name takes the block's tls), else the deprecated single host. Names are templated.
Call with (dict "root" $ "values" $ingress).
*/}}
{{- define "airflow.ingress.hosts" -}}
{{- $v := .values -}}
{{- $hosts := list -}}
{{- range (default (list $v.host | compact) $v.hosts) }}
{{- $host := ternary (dict "name" . "tls" $v.tls) . (kindIs "string" .) }}
{{- $hosts = append $hosts (dict "name" (tpl $host.name $.root) "tls" (default dict $host.tls)) }}
{{- end }}
{{- toYaml $hosts -}}
{{- end -}}
