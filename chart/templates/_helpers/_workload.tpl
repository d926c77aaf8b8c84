{{/*
Workloads. One controller shape for every Deployment and StatefulSet of the chart
(airflow.workload.controller); the pod inside comes from airflow.workload.airflowPod
(scheduler, api-server/webserver, triggerer, dag-processor, Celery workers) or
airflow.workload.backingPod (PgBouncer, Redis, PostgreSQL, StatsD).
*/}}

{{/*
A Deployment or StatefulSet around a pod spec. Call with a dict:
  root, component, kind ("Deployment" or "StatefulSet"), replicas, podSpec (YAML text),
  annotations (pod annotations, a dict), recreate (bool: Recreate strategy),
  claim ({size, storageClassName, name (default data), annotations, retention}: a StatefulSet's volumeClaimTemplate;
  retention: its persistentVolumeClaimRetentionPolicy).
  replicas may be absent (nil): an autoscaler owns the count. parallel: StatefulSet pods start and stop together.
*/}}
{{- define "airflow.workload.controller" -}}
{{- $ctx := dict "root" .root "component" .component -}}
{{- $name := include "airflow.names.component" $ctx -}}
apiVersion: apps/v1
kind: {{ .kind }}
metadata:
  name: {{ $name }}
  labels:
    {{- include "airflow.labels.standard" $ctx | nindent 4 }}
spec:
  {{- if not (kindIs "invalid" .replicas) }}
  replicas: {{ .replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  {{- if eq .kind "StatefulSet" }}
  serviceName: {{ $name }}
  {{- if .parallel }}
  podManagementPolicy: Parallel
  {{- end }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "airflow.labels.selector" $ctx | nindent 6 }}
  {{- if .recreate }}
  strategy:
    type: Recreate
  {{- end }}
  template:
    metadata:
      labels:
        {{- include "airflow.labels.selector" $ctx | nindent 8 }}
      {{- with .annotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      {{- .podSpec | nindent 6 }}
  {{- with .claim }}
  {{- include "airflow.workload.claimTemplates" . | nindent 2 }}
  {{- end }}
{{- end -}}

{{/*
A long-running Airflow component as a Deployment. Call with a dict:
  root, component, values (the component's values), command (list),
  ports (list of containerPorts), probes ({livenessProbe: {...}, readinessProbe: {...}}),
  dags, logs, podTemplates, simpleAuth (bools), gitSync ("sidecar" or ""), serviceAccount (bool: mount the token),
  persistence (the component's {enabled, size, ...}: a StatefulSet with a logs claim, see _workload-persistence.tpl;
  its pods need no order, so a scale-up or a broken pod does not wait on another).
*/}}
{{- define "airflow.workload.deployment" -}}
{{- $annotations := include "airflow.memo" (dict "root" .root "helper" "airflow.workload.checksums") | fromYaml -}}
{{- $claim := include "airflow.workload.logsClaim" . | fromYaml -}}
{{- include "airflow.workload.controller" (dict "root" .root "component" .component "kind" (include "airflow.workload.kind" .)
      "replicas" .values.replicas "recreate" .recreate "claim" $claim "parallel" true
      "annotations" (mergeOverwrite $annotations (default dict .values.podAnnotations))
      "podSpec" (include "airflow.workload.airflowPod" (merge (dict "logsClaim" (not (empty $claim))) .))) }}
{{- end -}}

{{/* The pod spec of an Airflow component: the arguments of airflow.workload.deployment. */}}
{{- define "airflow.workload.airflowPod" -}}
{{- $root := .root -}}
{{- $ctx := dict "root" $root "component" .component -}}
{{- $volumeArgs := dict "root" $root "dags" .dags "logs" .logs "podTemplates" .podTemplates "simpleAuth" .simpleAuth -}}
serviceAccountName: {{ include "airflow.names.serviceAccount" $ctx }}
automountServiceAccountToken: {{ default false .serviceAccount }}
{{ include "airflow.pod.securityContext" $root }}
{{- include "airflow.pod.scheduling" (dict "root" $root "values" .values) }}
{{- include "airflow.pod.imagePullSecrets" $root }}
terminationGracePeriodSeconds: {{ default 60 .terminationGracePeriodSeconds }}
initContainers:
  {{- include "airflow.workload.waitForMigrations" $root | nindent 2 }}
  {{- with include "airflow.workload.fixPermissions" . | trim }}
  {{- . | nindent 2 }}
  {{- end }}
  {{- if and .simpleAuth (include "airflow.version.is3" $root) $root.Values.apiServer.defaultUser.enabled }}
  {{- /* The simple auth manager opens its passwords file read-write: copy it out of the read-only Secret. */}}
  - name: simple-auth-passwords
    {{- include "airflow.images.container" (dict "root" $root "image" "airflow") | nindent 4 }}
    command: ["cp", "/opt/airflow/simple-auth-secret/passwords.json", "/opt/airflow/simple-auth/passwords.json"]
    resources:
      {{- toYaml $root.Values.migrateDatabaseJob.resources | nindent 6 }}
    {{- include "airflow.pod.containerSecurityContext" (dict "root" $root "readOnly" true) | nindent 4 }}
    volumeMounts:
      - {name: simple-auth-secret, mountPath: /opt/airflow/simple-auth-secret, readOnly: true}
      - {name: simple-auth, mountPath: /opt/airflow/simple-auth}
  {{- end }}
containers:
  - name: {{ .component }}
    {{- include "airflow.images.container" (dict "root" $root "image" "airflow" "override" .values.image) | nindent 4 }}
    args: {{ toJson .command }}
    env:
      {{- include "airflow.env.airflow" (dict "root" $root "env" .values.env) | nindent 6 }}
    {{- include "airflow.env.from" (dict "root" $root "extra" .values.extraEnvFrom) | nindent 4 }}
    {{- with .ports }}
    ports:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with .probes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    resources:
      {{- toYaml .values.resources | nindent 6 }}
    {{- include "airflow.pod.containerSecurityContext" (dict "root" $root) | nindent 4 }}
    volumeMounts:
      {{- include "airflow.volumes.mounts" $volumeArgs | nindent 6 }}
  {{- if and (eq (default "" .gitSync) "sidecar") $root.Values.dags.gitSync.enabled (not $root.Values.dags.persistence.enabled) }}
  {{- include "airflow.gitSync.container" (dict "root" $root "oneShot" false) | nindent 2 }}
  {{- end }}
volumes:
  {{- /* A StatefulSet's logs volume comes from its volumeClaimTemplate. */}}
  {{- include "airflow.volumes.list" (merge (dict "logs" (and .logs (not .logsClaim))) (omit $volumeArgs "logs")) | nindent 2 }}
{{- end -}}
