{{/*
Everything that differs between Airflow 2 and Airflow 3 lives in this file.
Templates ask these helpers instead of comparing versions themselves.
*/}}

{{/* The Airflow version: airflowVersion, else the version at the start of the image tag, else 3.3.2. */}}
{{- define "airflow.version.value" -}}
{{- if .Values.airflowVersion -}}
{{- .Values.airflowVersion -}}
{{- else -}}
{{- $fromTag := regexFind "^[0-9]+\\.[0-9]+\\.[0-9]+" (include "airflow.images.airflowTag" .) -}}
{{- default "3.3.2" $fromTag -}}
{{- end -}}
{{- end -}}

{{/* "true" on Airflow 3, "" on Airflow 2. */}}
{{- define "airflow.version.is3" -}}
{{- if semverCompare ">=3.0.0-0" (include "airflow.version.value" .) }}true{{ end -}}
{{- end -}}

{{/* The UI component: api-server (Airflow 3) or webserver (Airflow 2). */}}
{{- define "airflow.version.uiComponent" -}}
{{- if include "airflow.version.is3" . }}api-server{{ else }}webserver{{ end -}}
{{- end -}}

{{/* The values block of the UI component, as a dict; service.port is the first of service.ports when given. */}}
{{- define "airflow.version.uiValues" -}}
{{- $v := deepCopy .Values.apiServer -}}
{{- if not (include "airflow.version.is3" .) }}{{ $v = mergeOverwrite $v (deepCopy .Values.webserver) }}{{ end -}}
{{- with $v.service.ports }}{{ $_ := set $v.service "port" (first .).port }}{{ end -}}
{{- toYaml $v -}}
{{- end -}}

{{/* The UI's health endpoint. */}}
{{- define "airflow.version.healthPath" -}}
{{- if include "airflow.version.is3" . }}/api/v2/monitor/health{{ else }}/health{{ end -}}
{{- end -}}

{{/*
"true" when Airflow writes into AIRFLOW_HOME, so its containers keep a writable root filesystem: on
Airflow 2 every Airflow process creates its log folders there when it configures logging (the processor
handler, even in an init container or a Job), and the webserver writes gunicorn's pid files and
webserver_config.py; Airflow 3 writes only to /tmp and the logs (both mounted). Usage: include "airflow.version.writesHome" $
*/}}
{{- define "airflow.version.writesHome" -}}
{{- if not (include "airflow.version.is3" .) }}true{{ end -}}
{{- end -}}

{{/* The standalone dag-processor runs: always on Airflow 3, on Airflow 2 only when enabled. */}}
{{- define "airflow.version.dagProcessorEnabled" -}}
{{- if include "airflow.version.is3" . }}true{{ else if .Values.dagProcessor.enabled }}true{{ end -}}
{{- end -}}

{{/* The secret keys each version needs: a list of {key, env, secretName, fernet, length}.
length: characters generated when no Secret is named (the JWT secret signs with HS512, for
which Airflow warns below 64 bytes). */}}
{{- define "airflow.version.secretKeys" -}}
{{- $v := .Values -}}
- {key: fernet-key, env: AIRFLOW__CORE__FERNET_KEY, secretName: {{ $v.fernetKeySecretName | quote }}, fernet: true}
{{- if include "airflow.version.is3" . }}
- {key: api-secret-key, env: AIRFLOW__API__SECRET_KEY, secretName: {{ $v.apiSecretKeySecretName | quote }}, length: 32}
- {key: jwt-secret, env: AIRFLOW__API_AUTH__JWT_SECRET, secretName: {{ $v.jwtSecretName | quote }}, length: 64}
{{- else }}
- {key: webserver-secret-key, env: AIRFLOW__WEBSERVER__SECRET_KEY, secretName: {{ $v.webserverSecretKeySecretName | quote }}, length: 32}
{{- end }}
{{- end -}}

{{/*
"true" when Airflow components get the metadata database as the connection airflow_db
(AIRFLOW_CONN_AIRFLOW_DB), as in the official chart: on Airflow 2. Airflow 3 tasks do not reach the
metadata database, so the credentials stay out of the task's environment unless
enableBuiltInSecretEnvVars.AIRFLOW_CONN_AIRFLOW_DB is true.
*/}}
{{- define "airflow.version.metadataConnection" -}}
{{- if not (include "airflow.version.is3" .) }}true{{ end -}}
{{- end -}}

{{/* Executors allowed on each version; a hybrid is one string on 2, a comma list on 3. */}}
{{- define "airflow.version.executors" -}}
{{- if include "airflow.version.is3" . -}}
[KubernetesExecutor, CeleryExecutor, LocalExecutor]
{{- else -}}
[KubernetesExecutor, CeleryExecutor, LocalExecutor, CeleryKubernetesExecutor, LocalKubernetesExecutor]
{{- end -}}
{{- end -}}

{{/* Config the chart owns on this version, merged under the user's config. */}}
{{- define "airflow.version.configDefaults" -}}
{{- if include "airflow.version.is3" . }}
core:
  # Workers reach the Execution API through the api-server Service.
  execution_api_server_url: {{ printf "http://%s:%v/execution/" (include "airflow.names.component" (dict "root" . "component" "api-server")) (include "airflow.version.uiValues" . | fromYaml).service.port | quote }}
{{- else }}
webserver:
  enable_proxy_fix: "True"
scheduler:
  standalone_dag_processor: {{ ternary "True" "False" (not (empty .Values.dagProcessor.enabled)) | quote }}
{{- end }}
{{- end -}}

{{/*
What Airflow itself knows about its config, for this version and the other major version:
{mine: {version, options: {section: [keys]}, moved: {old.key: new.key}}, other: {...}}.
Generated from the real Airflow code into files/airflow-config.json (tools/gen_airflow_config_data.py).
*/}}
{{- define "airflow.version.configKnowledge" -}}
{{- $data := .Files.Get "files/airflow-config.json" | fromJson -}}
{{- $is3 := include "airflow.version.is3" . -}}
{{- dict "mine" (get $data (ternary "3" "2" (not (empty $is3)))) "other" (get $data (ternary "2" "3" (not (empty $is3)))) | toYaml -}}
{{- end -}}

{{/*
Probes of a job-based component on this version, as YAML {startupProbe, livenessProbe, readinessProbe}:
(dict "root" $ "jobType" "SchedulerJob" "timing" .Values.scheduler.livenessProbe); timing defaults to 10/60/20/5.
Liveness is `airflow jobs check` (as in the official chart); it starts an Airflow CLI, so it runs every 60s.
The scheduler serves its heartbeat over HTTP ([scheduler] enable_health_check): its startup probe asks every
second and its readiness every 10s, for nothing. The other jobs have no such server: their startup probe runs
the check every 3s from 6s on (a job heartbeats about 6s after its container starts) and the kubelet checks
readiness as soon as it passes, so the pod is Ready seconds after its job starts, not a minute later.
*/}}
{{- define "airflow.version.jobProbes" -}}
{{- $timing := default (dict "initialDelaySeconds" 10 "periodSeconds" 60 "timeoutSeconds" 20 "failureThreshold" 5) .timing -}}
{{- $check := dict "exec" (dict "command" (list "airflow" "jobs" "check" "--job-type" .jobType "--local")) -}}
{{- $started := dict "initialDelaySeconds" 6 "periodSeconds" 3 "timeoutSeconds" 20 "failureThreshold" 100 -}}
{{- $ready := dict "initialDelaySeconds" 0 "periodSeconds" 60 "timeoutSeconds" 20 "failureThreshold" 3 -}}
{{- $cheap := $check -}}
{{- if eq .jobType "SchedulerJob" }}
{{- $cheap = dict "httpGet" (dict "path" "/health" "port" (dig "scheduler" "scheduler_health_check_server_port" 8974 .root.Values.config | int)) -}}
{{- $started = dict "periodSeconds" 1 "timeoutSeconds" 5 "failureThreshold" 300 -}}
{{- $ready = dict "periodSeconds" 10 "timeoutSeconds" 5 "failureThreshold" 3 -}}
{{- end }}
{{- dict "startupProbe" (merge (deepCopy $cheap) $started) "livenessProbe" (merge (deepCopy $check) $timing) "readinessProbe" (merge (deepCopy $cheap) $ready) | toYaml -}}
{{- end -}}
