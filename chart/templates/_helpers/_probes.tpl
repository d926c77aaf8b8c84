{{/*
Probes of a container as YAML: (dict "defaults" {livenessProbe: {check + timing}, readinessProbe: ...}
"values" <the component's values>). A kind is rendered when the chart defines it or the user sets it
(a readiness or startup probe the chart lacks borrows the liveness probe's check). The user's timing
replaces the chart's, scheme goes to an HTTP check, command replaces an exec check's command and
enabled: false removes the probe.
*/}}
{{- define "airflow.pod.probes" -}}
{{- $probes := dict -}}
{{- range $kind := list "livenessProbe" "readinessProbe" "startupProbe" }}
{{- $user := get (default dict $.values) $kind | default dict }}
{{- $base := get $.defaults $kind | default dict }}
{{- if and (not $base) $user }}{{ $base = omit (get $.defaults "livenessProbe" | default dict) "initialDelaySeconds" "periodSeconds" "timeoutSeconds" "failureThreshold" "successThreshold" }}{{ end }}
{{- if and $base (ne (toString (dig "enabled" true $user)) "false") }}
{{- $probe := mergeOverwrite (deepCopy $base) (omit $user "enabled" "scheme" "command") }}
{{- if and $user.scheme $probe.httpGet }}{{ $_ := set $probe.httpGet "scheme" $user.scheme }}{{ end }}
{{- if and $user.command $probe.exec }}{{ $_ := set $probe "exec" (dict "command" $user.command) }}{{ end }}
{{- $_ := set $probes $kind $probe }}
{{- end }}
{{- end }}
{{- with $probes }}{{ toYaml . }}{{ end }}
{{- end -}}
