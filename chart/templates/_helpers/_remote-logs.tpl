{{/*
Remote task logs, one place for two ways of asking: logs.remote (backend, host, connection
id, base folder), or the official chart's elasticsearch / opensearch blocks: `enabled` plus a
Secret whose key `connection` holds the URL (secretName), or `connection` {scheme, user, pass,
host, port} from which the chart builds that Secret (config/secret-remote-logs.yaml).
Two sources at once are refused in _validate-logs.tpl.
*/}}

{{/* The remote log settings as YAML {backend, host, port, secret, connectionId, baseFolder}; secret: the Secret with the URL. */}}
{{- define "airflow.remoteLogs.backend" -}}
{{- $found := dict -}}
{{- range $name := list "opensearch" "elasticsearch" }}
{{- $block := index $.Values $name }}
{{- if $block.enabled }}
{{- $c := default dict $block.connection }}
{{- $found = dict "backend" $name "secret" (default (include "airflow.names.component" (dict "root" $ "component" $name)) $block.secretName) }}
{{- if and (not $block.secretName) (eq $name "opensearch") }}{{ $_ := set $found "port" (default 80 $c.port) }}{{ end }}
{{- end }}
{{- end }}
{{- if not $found }}
{{- with .Values.logs.remote }}{{ $found = dict "backend" .backend "host" .host "connectionId" .connectionId "baseFolder" .baseFolder }}{{ end }}
{{- end }}
{{- toYaml $found -}}
{{- end -}}

{{/* [logging] remote settings and the backend's section: an airflow.cfg layer (see _config.tpl). */}}
{{- define "airflow.remoteLogs.config" -}}
{{- $r := include "airflow.remoteLogs.backend" . | fromYaml -}}
{{- if $r.backend }}
logging:
  remote_logging: "True"
  {{- if has $r.backend (list "s3" "gcs" "wasb") }}
  remote_log_conn_id: {{ $r.connectionId | quote }}
  remote_base_log_folder: {{ $r.baseFolder | quote }}
  {{- end }}
{{- if has $r.backend (list "elasticsearch" "opensearch") }}
{{ $r.backend }}:
  write_stdout: "True"
  json_format: "True"
  {{- if eq $r.backend "elasticsearch" }}
  {{- with $r.host }}
  host: {{ . | quote }}
  {{- end }}
  {{- else if $r.host }}
  {{- /* The opensearch provider wants the port apart (its default is empty and breaks start-up). */}}
  {{- $url := urlParse $r.host }}
  {{- $hostPort := splitList ":" $url.host }}
  host: {{ printf "%s://%s" $url.scheme (first $hostPort) | quote }}
  port: {{ ternary (last $hostPort) "9200" (eq (len $hostPort) 2) | quote }}
  {{- else if $r.port }}
  port: {{ $r.port | toString | quote }}
  {{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* env of Airflow containers for a URL kept in a Secret (the official blocks), as list items. */}}
{{- define "airflow.remoteLogs.env" -}}
{{- $r := include "airflow.remoteLogs.backend" . | fromYaml -}}
{{- with $r.secret }}
- name: {{ printf "AIRFLOW__%s__HOST" (upper $r.backend) }}
  valueFrom: {secretKeyRef: {name: {{ . }}, key: connection}}
{{- if eq $r.backend "opensearch" }}
{{- /* The opensearch provider authenticates with [opensearch] username/password, not the URL's. */}}
- name: AIRFLOW__OPENSEARCH__USERNAME
  valueFrom: {secretKeyRef: {name: {{ . }}, key: username, optional: true}}
- name: AIRFLOW__OPENSEARCH__PASSWORD
  valueFrom: {secretKeyRef: {name: {{ . }}, key: password, optional: true}}
{{- end }}
{{- end }}
{{- end -}}
