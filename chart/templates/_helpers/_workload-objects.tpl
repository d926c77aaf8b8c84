{{/* What the workloads share beside their controller: init containers, checksums, Services, ServiceAccounts, PDBs. */}}

{{/*
Every Airflow pod waits until `airflow db migrate` has run for this image:
(dict "root" $ "values" v "tmp" bool), with the component's waitForMigrations.env and .securityContexts.container;
tmp: the pod's /tmp emptyDir.
*/}}
{{- define "airflow.workload.waitForMigrations" -}}
{{- $root := .root -}}
{{- $wait := dig "waitForMigrations" dict (default dict .values) -}}
- name: wait-for-migrations
  {{- include "airflow.images.container" (dict "root" $root "image" "airflow") | nindent 2 }}
  args:
    {{- include "airflow.cli.chain" (list (include "airflow.jobs.waitForDatabase" $root) (printf "db check-migrations --migration-wait-timeout=%v" (default $root.Values.migrateDatabaseJob.waitTimeoutSeconds $root.Values.images.migrationsWaitTimeout))) | nindent 4 }}
  env:
    {{- include "airflow.env.airflow" (dict "root" $root "env" (default list $wait.env)) | nindent 4 }}
  resources:
    {{- toYaml $root.Values.migrateDatabaseJob.resources | nindent 4 }}
  {{- /* Read-only only beside the pod's /tmp emptyDir: importing Airflow needs a writable temporary folder. */}}
  {{- include "airflow.pod.containerSecurityContext" (dict "root" $root "values" .values "container" (dig "securityContexts" "container" dict $wait) "readOnly" (not (empty .tmp))) | nindent 2 }}
  volumeMounts:
    - {name: config, mountPath: /opt/airflow/airflow.cfg, subPath: airflow.cfg, readOnly: true}
    {{- include "airflow.secrets.volume" (dict "root" $root "mount" true) | nindent 4 }}
    {{- if .tmp }}
    - {name: tmp, mountPath: /tmp}
    {{- end }}
    {{- include "airflow.volumes.localSettingsMount" $root | nindent 4 }}
{{- end -}}

{{/* The init containers of an Airflow pod, as list items (empty: none): the arguments of airflowPod (persistence: fixPermissions; tmp: the /tmp emptyDir). */}}
{{- define "airflow.workload.initContainers" -}}
{{- $root := .root -}}
{{- if eq .gitSync "init" }}
{{ include "airflow.gitSync.container" (dict "root" $root "oneShot" true) }}
{{- end }}
{{- with include "airflow.workload.fixPermissions" (dict "root" $root "logs" .logs "persistence" .persistence) | trim }}
{{ . }}
{{- end }}
{{- $user := include "airflow.auth.user" $root | fromYaml }}
{{- if and .auth (eq (include "airflow.auth.manager" $root) "simple") $user.enabled }}
{{- /* The simple auth manager opens its passwords file read-write: write it to an emptyDir. */}}
- name: simple-auth-passwords
  {{- include "airflow.images.container" (dict "root" $root "image" "airflow") | nindent 2 }}
  command: ["python", "-c", "import json, os; json.dump({os.environ['USER_NAME']: os.environ['USER_PASSWORD']}, open('/opt/airflow/simple-auth/passwords.json', 'w'))"]
  env:
    - {name: USER_NAME, value: {{ $user.username | quote }}}
    - name: USER_PASSWORD
      valueFrom: {secretKeyRef: {name: {{ include "airflow.auth.userSecret" $root }}, key: password}}
  resources:
    {{- toYaml $root.Values.migrateDatabaseJob.resources | nindent 4 }}
  {{- include "airflow.pod.containerSecurityContext" (dict "root" $root "values" .values "readOnly" true) | nindent 2 }}
  volumeMounts:
    - {name: simple-auth, mountPath: /opt/airflow/simple-auth}
{{- end }}
{{- /* Last of ours: what needs no database runs while PostgreSQL starts, off the path to Ready. */}}
{{- if and (ne (toString .wait) "false") (dig "waitForMigrations" "enabled" true .values) }}
{{ include "airflow.workload.waitForMigrations" (dict "root" $root "values" .values "tmp" .tmp) }}
{{- end }}
{{- include "airflow.pod.userList" (dict "root" $root "list" .values.extraInitContainers) }}
{{- end -}}

{{/* Pods restart when the config, the pod templates, any secret input or the auth settings change. */}}
{{- define "airflow.workload.checksums" -}}
checksum/config: {{ list (include "airflow.memo" (dict "root" . "helper" "airflow.config.cfg")) .Values.airflowLocalSettings | toJson | sha256sum }}
checksum/pod-templates: {{ include "airflow.memo" (dict "root" . "helper" "airflow.podTemplates.all") | sha256sum }}
checksum/secrets: {{ list .Values.fernetKeySecretName .Values.apiSecretKeySecretName .Values.jwtSecretName .Values.webserverSecretKeySecretName .Values.data .Values.extraEnvFrom .Values.env .Values.auth (include "airflow.auth.webserverConfig" .) .Values.elasticsearch .Values.opensearch | toJson | sha256sum }}
{{- end -}}

{{/* A ServiceAccount for a component: (dict "root" $ "component" "scheduler"). Pods say whether they mount its token. */}}
{{- define "airflow.workload.serviceAccount" -}}
{{- $values := include "airflow.names.values" . | fromYaml -}}
{{- if include "airflow.names.createsServiceAccount" . }}
apiVersion: v1
kind: ServiceAccount
{{ include "airflow.labels.metadata" (merge (dict "name" (include "airflow.names.serviceAccount" .) "annotations" (dig "serviceAccount" "annotations" dict $values)) .) }}
automountServiceAccountToken: false
{{- end }}
{{- end -}}

{{/*
A PodDisruptionBudget for a component: (dict "root" $ "component" "scheduler"), from its podDisruptionBudget
{enabled, config: {maxUnavailable, minAvailable, unhealthyPodEvictionPolicy}} as in the official chart, which
spreads config into the spec; maxUnavailable 1 when config gives neither (airflow.validate.disruptionBudgets
refuses both).
*/}}
{{- define "airflow.workload.podDisruptionBudget" -}}
{{- $pdb := include "airflow.names.values" . | fromYaml | dig "podDisruptionBudget" dict -}}
{{- if $pdb.enabled }}
{{- $config := pick (default dict $pdb.config) "maxUnavailable" "minAvailable" "unhealthyPodEvictionPolicy" -}}
{{- range $key, $value := $config }}{{ if kindIs "invalid" $value }}{{ $_ := unset $config $key }}{{ end }}{{ end -}}
{{- if not (or (hasKey $config "maxUnavailable") (hasKey $config "minAvailable")) }}{{ $_ := set $config "maxUnavailable" 1 }}{{ end -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
{{ include "airflow.labels.metadata" . }}
spec:
  {{- toYaml $config | nindent 2 }}
  selector:
    matchLabels:
      {{- include "airflow.labels.selector" . | nindent 6 }}
{{- end }}
{{- end -}}

{{/*
A Service in front of a component: (dict "root" $ "component" "redis" "ports" (list {name, port, protocol})
"type" "ClusterIP" "annotations" dict "headless" bool). Each port targets the container port of its name, or its
targetPort, and keeps its nodePort. headless: no cluster IP, a DNS name per pod (the Service a StatefulSet names).
*/}}
{{- define "airflow.workload.service" -}}
{{- $ctx := dict "root" .root "component" .component -}}
apiVersion: v1
kind: Service
{{ include "airflow.labels.metadata" (merge (dict "annotations" .annotations) $ctx) }}
spec:
  type: {{ default "ClusterIP" .type }}
  {{- if .headless }}
  clusterIP: None
  {{- end }}
  selector:
    {{- include "airflow.labels.selector" $ctx | nindent 4 }}
  ports:
    {{- range .ports }}
    - {name: {{ .name }}, port: {{ .port }}, targetPort: {{ .targetPort | default .name }}, protocol: {{ default "TCP" .protocol }}{{ with .nodePort }}, nodePort: {{ . }}{{ end }}}
    {{- end }}
{{- end -}}

{{/* "true" when worker pods (and a LocalExecutor scheduler) may start pods: workers.allowPodLaunching, or the official chart's global allowPodLaunching. */}}
{{- define "airflow.workload.podLaunching" -}}
{{- if or .Values.allowPodLaunching .Values.workers.allowPodLaunching }}true{{ end -}}
{{- end -}}
