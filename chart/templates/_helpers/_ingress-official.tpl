{{/*
An Ingress in the official chart's shape, for any component's Service:
(dict "root" $ "component" "flower" "values" .Values.ingress.flower "port" "flower-ui").
values: {annotations, ingressClassName, path, pathType, hosts, host, tls: {enabled, secretName}};
hosts are names or {name, tls: {enabled, secretName}} (names templated); host, when hosts is empty; tls
applies to every host without its own. No host: one rule for any host (and tls, if enabled, for it).
*/}}
{{- define "airflow.ingress.official" -}}
{{- $v := .values -}}
{{- $ctx := dict "root" .root "component" .component -}}
{{- $hosts := list -}}
{{- range (default (compact (list $v.host)) $v.hosts) }}
{{- $host := ternary (dict "name" .) . (kindIs "string" .) }}
{{- $hosts = append $hosts (dict "name" (tpl $host.name $.root) "tls" $host.tls) }}
{{- end }}
{{- $tls := list -}}
{{- range $hosts }}
{{- $t := default (default dict $v.tls) .tls }}
{{- if $t.enabled }}
{{- $entry := dict "hosts" (compact (list .name)) }}
{{- with $t.secretName }}{{ $_ := set $entry "secretName" . }}{{ end }}
{{- $tls = append $tls $entry }}
{{- end }}
{{- end }}
{{- if and (not $hosts) (default dict $v.tls).enabled }}
{{- $tls = list (pick $v.tls "secretName") }}
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
    {{- range (default (list dict) $hosts) }}
    - {{- with .name }}
      host: {{ . | quote }}
      {{- end }}
      http:
        paths:
          - path: {{ $v.path }}
            pathType: {{ $v.pathType }}
            backend:
              service:
                name: {{ include "airflow.names.component" $ctx }}
                port:
                  name: {{ $.port }}
    {{- end }}
{{- end -}}
