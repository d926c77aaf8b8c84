{{/*
The log groomer sidecar (the official chart's logGroomerSidecar): deletes old log files where
a component writes them. Its settings are logs.groomer's with the component's own
logGroomerSidecar keys on top (null keeps the default). It runs when enabled and, with
requirePersistence, only on persistent logs (logs.persistence or the component's own
persistence). Its /clean-logs script is files/clean-logs.sh.
Usage, in a pod's containers list (renders nothing for components without the key):
  {{- include "airflow.logs.groomerSidecar" (dict "root" $ "values" .Values.scheduler "logs" true) | nindent 2 }}
*/}}
{{- define "airflow.logs.groomerSidecar" -}}
{{- $root := .root -}}
{{- $g := deepCopy $root.Values.logs.groomer -}}
{{- range $key, $value := (default dict (get .values "logGroomerSidecar")) }}
{{- if not (kindIs "invalid" $value) }}{{ $_ := set $g $key $value }}{{ end }}
{{- end }}
{{- $persistence := $root.Values.logs.persistence }}
{{- /* A component's own log volume (the official <component>.persistence) counts as persistence too. */}}
{{- $own := and (kindIs "map" .values.persistence) .values.persistence.enabled }}
{{- if and .logs (hasKey .values "logGroomerSidecar") $g.enabled (or $persistence.enabled $own (not $g.requirePersistence)) }}
- name: log-groomer
  {{- include "airflow.images.container" (dict "root" $root "image" "airflow" "override" .values.image) | nindent 2 }}
  {{- range $field := list "command" "args" }}
  {{- with get $g $field }}
  {{ $field }}: {{ tpl (toYaml .) $root | fromYamlArray | toJson }}
  {{- end }}
  {{- end }}
  env:
    - {name: AIRFLOW_HOME, value: /opt/airflow}
    {{- $settings := dict "RETENTION_DAYS" $g.retentionDays "RETENTION_MINUTES" $g.retentionMinutes "CLEANUP_FREQUENCY_MINUTES" $g.frequencyMinutes "MAX_SIZE_BYTES" $g.maxSizeBytes "MAX_SIZE_PERCENT" $g.maxSizePercent }}
    {{- range $name := keys $settings | sortAlpha }}
    - {name: {{ printf "AIRFLOW__LOG_%s" $name }}, value: {{ get $settings $name | int64 | toString | quote }}}
    {{- end }}
    {{- with $g.env }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- /* The script is the container's process; what can go wrong beside it is the logs volume (a hung NFS mount). */}}
  {{- $probe := dict "exec" (dict "command" (list "test" "-d" "/opt/airflow/logs")) "periodSeconds" 60 "timeoutSeconds" 10 }}
  livenessProbe: {{ toJson (merge (dict "failureThreshold" 5) $probe) }}
  readinessProbe: {{ toJson $probe }}
  resources:
    {{- toYaml $g.resources | nindent 4 }}
  securityContext:
    {{- toYaml (merge (dict "readOnlyRootFilesystem" true) (default dict (default dict $g.securityContexts).container) (include "airflow.pod.globalContainerSecurity" $root | fromYaml)) | nindent 4 }}
  {{- with $g.containerLifecycleHooks }}
  lifecycle:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  volumeMounts:
    {{- /* Where the script looks: $AIRFLOW_HOME/logs, whatever logs.mountPath is. */}}
    - name: logs
      mountPath: /opt/airflow/logs
      {{- if and $persistence.enabled $persistence.subPath }}
      subPath: {{ $persistence.subPath }}
      {{- end }}
    - {name: config, mountPath: /clean-logs, subPath: clean-logs, readOnly: true}
{{- end }}
{{- end -}}
