{{/*
The Ingresses (the UI's, Flower's) and the UI's HTTPRoute settings. One Ingress serves the UI on both Airflow versions: its
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

{{/*
An Ingress in the official chart's shape, for the UI and Flower: (dict "root" $ "component" "flower"
"values" <ingress block> "paths" (list {path, pathType, serviceName, servicePort})). One rule per host
(airflow.ingress.hosts; none: one rule for any host) with every path; tls per host, or the block's
tls when there is no host. servicePort: a name (string) or a number.
*/}}
{{- define "airflow.ingress.resource" -}}
{{- $v := .values -}}
{{- $ctx := dict "root" .root "component" .component -}}
{{- $hosts := include "airflow.ingress.hosts" (dict "root" .root "values" $v) | fromYamlArray -}}
{{- $paths := list -}}
{{- range .paths }}
{{- $port := ternary (dict "name" .servicePort) (dict "number" .servicePort) (kindIs "string" .servicePort) }}
{{- $paths = append $paths (dict "path" .path "pathType" (default "ImplementationSpecific" .pathType) "backend" (dict "service" (dict "name" .serviceName "port" $port))) }}
{{- end }}
{{- $tls := list }}
{{- range $hosts }}{{ if .tls.enabled }}{{ $tls = append $tls (dict "hosts" (list .name) "secretName" .tls.secretName) }}{{ end }}{{ end }}
{{- if and (not $hosts) (default dict $v.tls).enabled }}{{ $tls = list (pick $v.tls "secretName") }}{{ end }}
{{- $rules := list }}
{{- range (default (list dict) $hosts) }}
{{- $rule := dict "http" (dict "paths" $paths) }}
{{- with .name }}{{ $_ := set $rule "host" . }}{{ end }}
{{- $rules = append $rules $rule }}
{{- end }}
apiVersion: networking.k8s.io/v1
kind: Ingress
{{ include "airflow.labels.metadata" (merge (dict "annotations" $v.annotations) $ctx) }}
spec:
  {{- with $v.ingressClassName }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- with $tls }}
  tls:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  rules:
    {{- toYaml $rules | nindent 4 }}
{{- end -}}
