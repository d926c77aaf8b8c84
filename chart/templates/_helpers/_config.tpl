{{/*
airflow.cfg: chart defaults, then version defaults, the auth manager's, then what other values imply
(remote logs, StatsD, the KubernetesExecutor), then the user's `config:` on top.
Keys the chart owns through another value are refused in _validate.tpl.
*/}}

{{/* The merged config as YAML {section: {key: string}}. */}}
{{- define "airflow.config.merged" -}}
{{- $root := . -}}
{{- $cfg := dict -}}
{{- $layers := list (include "airflow.config.chartDefaults" $root) (include "airflow.version.configDefaults" $root) (include "airflow.auth.config" $root) (include "airflow.remoteLogs.config" $root) (toYaml $root.Values.config) -}}
{{- range $layer := $layers }}
{{- range $section, $keys := (fromYaml $layer) }}
{{- $merged := default dict (get $cfg $section) }}
{{- range $key, $value := $keys }}
{{- $_ := set $merged $key (include "airflow.config.string" $value) }}
{{- end }}
{{- $_ := set $cfg $section $merged }}
{{- end }}
{{- end }}
{{- toYaml $cfg -}}
{{- end -}}

{{/* A config value as airflow.cfg text: booleans as True/False, everything else as is. */}}
{{- define "airflow.config.string" -}}
{{- if kindIs "bool" . }}{{ ternary "True" "False" . }}{{ else if kindIs "float64" . }}{{ if eq . (float64 (int64 .)) }}{{ int64 . }}{{ else }}{{ . }}{{ end }}{{ else }}{{ . }}{{ end -}}
{{- end -}}

{{- define "airflow.config.chartDefaults" -}}
{{- $root := . -}}
core:
  executor: {{ $root.Values.executor | quote }}
  dags_folder: {{ include "airflow.gitSync.dagsFolder" $root | quote }}
  load_examples: "False"
scheduler:
  {{- /* The scheduler's heartbeat over HTTP: its startup and readiness probes (airflow.version.jobProbes). */}}
  enable_health_check: "True"
logging:
  base_log_folder: {{ $root.Values.logs.mountPath | quote }}
  colored_console_log: "False"
{{- if $root.Values.statsd.enabled }}
metrics:
  statsd_on: "True"
  statsd_host: {{ include "airflow.names.component" (dict "root" $root "component" "statsd") | quote }}
  statsd_port: "9125"
  statsd_prefix: airflow
{{- end }}
{{- if include "airflow.executors.kubernetes" $root }}
kubernetes_executor:
  namespace: {{ $root.Release.Namespace | quote }}
  pod_template_file: /opt/airflow/pod_templates/pod_template.yaml
  {{- /* No worker_container_repository/tag: Airflow would put that image over every template's
  (a profile's too); without them the image in the pod template is the one that runs. */}}
  multi_namespace_mode: {{ ternary "True" "False" $root.Values.multiNamespaceMode | quote }}
  delete_worker_pods: "True"
{{- end }}
{{- if include "airflow.executors.celery" $root }}
celery:
  worker_concurrency: "16"
{{- end }}
{{- with $root.Values.dagProcessor.dagBundleConfigList }}
dag_processor:
  dag_bundle_config_list: {{ toJson . | quote }}
{{- end }}
{{- end -}}

{{/* airflow.cfg text, sections and keys sorted so the output is stable. */}}
{{- define "airflow.config.cfg" -}}
{{- $cfg := include "airflow.config.merged" . | fromYaml -}}
{{- range $section := keys $cfg | sortAlpha }}
[{{ $section }}]
{{- $keys := get $cfg $section }}
{{- range $key := keys $keys | sortAlpha }}
{{ $key }} = {{ get $keys $key }}
{{- end }}
{{ end }}
{{- end -}}
