{{/*
Workloads. One controller shape for every Deployment and StatefulSet of the chart
(airflow.workload.controller); the pod inside comes from airflow.workload.airflowPod
(scheduler, api-server/webserver, triggerer, dag-processor, Celery workers, the jobs and the
KubernetesExecutor pod templates) or airflow.workload.backingPod (PgBouncer, Redis, PostgreSQL, StatsD).
*/}}

{{/*
A Deployment or StatefulSet around a pod spec. Call with a dict:
  root, component, values (the component's: labels, annotations, revisionHistoryLimit, pod metadata),
  kind ("Deployment" or "StatefulSet"), replicas (absent/nil: an autoscaler owns the count), podSpec (YAML text),
  annotations (chart pod annotations, a dict), recreate (bool: Recreate strategy), and for a StatefulSet:
  podManagementPolicy (empty: Kubernetes' OrderedReady), claim ({size, storageClassName, name (default data),
  annotations}: its volumeClaimTemplate), claims (more PVC templates, as given), retention (its
  persistentVolumeClaimRetentionPolicy), see _workload-persistence.tpl.
*/}}
{{- define "airflow.workload.controller" -}}
{{- $v := default dict .values -}}
{{- $ctx := dict "root" .root "component" .component -}}
{{- $name := include "airflow.names.component" $ctx -}}
{{- $history := $v.revisionHistoryLimit -}}
{{- if kindIs "invalid" $history }}{{ $history = .root.Values.revisionHistoryLimit }}{{ end -}}
apiVersion: apps/v1
kind: {{ .kind }}
{{ include "airflow.labels.metadata" (merge (dict "labels" $v.labels "annotations" $v.annotations) $ctx) }}
spec:
  {{- if not (kindIs "invalid" .replicas) }}
  replicas: {{ .replicas }}
  {{- end }}
  revisionHistoryLimit: {{ ternary 5 $history (kindIs "invalid" $history) }}
  {{- if eq .kind "StatefulSet" }}
  serviceName: {{ $name }}
  {{- with .podManagementPolicy }}
  podManagementPolicy: {{ . }}
  {{- end }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "airflow.labels.selector" $ctx | nindent 6 }}
  {{- /* The user's strategy (a Deployment's) or updateStrategy (a StatefulSet's), else the chart's. */}}
  {{- $strategy := get $v (ternary "updateStrategy" "strategy" (eq .kind "StatefulSet")) }}
  {{- if and (not $strategy) .recreate (eq .kind "Deployment") }}{{ $strategy = dict "type" "Recreate" }}{{ end }}
  {{- with $strategy }}
  {{ ternary "updateStrategy" "strategy" (eq $.kind "StatefulSet") }}:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  template:
    metadata:
      {{- include "airflow.labels.pod" (merge (dict "values" $v "annotations" .annotations) $ctx) | nindent 6 }}
    spec:
      {{- .podSpec | nindent 6 }}
  {{- if and (eq .kind "StatefulSet") (or .claim .claims) }}
  {{- include "airflow.workload.claimTemplates" . | nindent 2 }}
  {{- end }}
{{- end -}}

{{/*
A long-running Airflow component: the arguments of airflow.workload.airflowPod, plus persistence (the
component's {enabled, size, ...}: a StatefulSet keeping its logs on a claim per pod, see
_workload-persistence.tpl; its pods need no order, so a scale-up or a broken pod waits on no other: Parallel
unless values.podManagementPolicy says otherwise), with values.volumeClaimTemplates as more claims.
*/}}
{{- define "airflow.workload.deployment" -}}
{{- $claim := include "airflow.workload.logsClaim" . | fromYaml -}}
{{- include "airflow.workload.controller" (dict "root" .root "component" .component "kind" (include "airflow.workload.kind" .) "values" .values
      "replicas" .values.replicas "recreate" .recreate "claim" $claim "claims" .values.volumeClaimTemplates
      "retention" (default dict .persistence).persistentVolumeClaimRetentionPolicy "podManagementPolicy" (default "Parallel" .values.podManagementPolicy)
      "annotations" (include "airflow.memo" (dict "root" .root "helper" "airflow.workload.checksums") | fromYaml)
      "podSpec" (include "airflow.workload.airflowPod" (merge (dict "logsClaim" (not (empty $claim))) .))) }}
{{- end -}}

{{/*
The pod spec of an Airflow component. Call with a dict:
  root, component, values (the component's values; applyCustomEnv: false leaves out the global env),
  command (list: the chart's args), password (a Secret whose key password the container reads from
  /run/secrets/airflow/admin-password),
  ports (list of containerPorts), probes ({livenessProbe: {...}, readinessProbe: {...}}: the chart's),
  dags, logs, podTemplates, auth (bools; auth: the auth manager's files), gitSync ("sidecar", "init" or ""), serviceAccount (bool: mount the token),
  runsTasks (bool: the container runs task code, which may write anywhere: task pods, Celery workers, a
  LocalExecutor scheduler; others get a read-only root filesystem and an emptyDir on /tmp, see
  airflow.version.writesHome), and for jobs and task pods: container (its name; default: component), restartPolicy, wait (false: no
  wait-for-migrations), env (list after the component's env),
  image (replaces the component's image override: {repository, tag, digest, pullPolicy});
  persistence and logsClaim: set by airflow.workload.deployment (a claim template gives the logs volume).
*/}}
{{- define "airflow.workload.airflowPod" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $readOnly := not (or .runsTasks (include "airflow.version.writesHome" $root)) -}}
{{- $volumeArgs := dict "root" $root "dags" .dags "logs" .logs "podTemplates" .podTemplates "auth" .auth "tmp" $readOnly "password" .password "values" $v -}}
{{- $token := include "airflow.pod.apiToken" (dict "values" $v "token" .serviceAccount) -}}
{{- $gitSync := ternary (default "" .gitSync) "" (and $root.Values.dags.gitSync.enabled (not $root.Values.dags.persistence.enabled)) -}}
{{- with .restartPolicy }}
restartPolicy: {{ . }}
{{- end }}
{{- include "airflow.pod.head" (dict "root" $root "component" .component "values" $v) }}
{{- $grace := $v.terminationGracePeriodSeconds }}
{{- if and (kindIs "invalid" $grace) (not .restartPolicy) }}{{ $grace = 60 }}{{ end }}
{{- if not (kindIs "invalid" $grace) }}
terminationGracePeriodSeconds: {{ $grace }}
{{- end }}
{{- $init := include "airflow.workload.initContainers" (dict "root" $root "values" $v "gitSync" $gitSync "wait" .wait "auth" .auth "logs" .logs "persistence" .persistence "tmp" $readOnly) }}
{{- with $init }}
initContainers:
  {{- . | nindent 2 }}
{{- end }}
containers:
  - name: {{ default .component .container }}
    {{- include "airflow.images.container" (dict "root" $root "image" "airflow" "override" (default $v.image .image)) | nindent 4 }}
    {{- include "airflow.pod.command" (dict "root" $root "values" $v "args" .command) | nindent 4 }}
    env:
      {{- include "airflow.env.airflow" (dict "root" $root "env" (concat (default list $v.env) (default list .env)) "custom" (ne (toString $v.applyCustomEnv) "false")) | nindent 6 }}
    {{- include "airflow.env.from" (dict "root" $root "extra" $v.extraEnvFrom) | nindent 4 }}
    {{- with .ports }}
    ports:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- include "airflow.pod.probes" (dict "defaults" (default dict .probes) "values" $v) | nindent 4 }}
    resources:
      {{- toYaml $v.resources | nindent 6 }}
    {{- include "airflow.pod.containerSecurityContext" (dict "root" $root "values" $v "readOnly" $readOnly) | nindent 4 }}
    volumeMounts:
      {{- include "airflow.volumes.mounts" $volumeArgs | nindent 6 }}
      {{- if $token }}
      {{- include "airflow.pod.apiTokenVolume" (dict "mount" true) | nindent 6 }}
      {{- end }}
  {{- if include "airflow.gitSync.sidecar" (dict "root" $root "component" .component "mode" .gitSync) }}
  {{- include "airflow.gitSync.container" (dict "root" $root "oneShot" false) | nindent 2 }}
  {{- end }}
  {{- if not .restartPolicy }}{{/* long-running pods only: a sidecar would keep a task pod or a Job from ending */}}
  {{- include "airflow.logs.groomerSidecar" (dict "root" $root "values" $v "logs" .logs) | nindent 2 }}
  {{- end }}
  {{- include "airflow.pod.userList" (dict "root" $root "list" $v.extraContainers) | nindent 2 }}
volumes:
  {{- /* A StatefulSet's logs volume comes from its volumeClaimTemplate. */}}
  {{- include "airflow.volumes.list" (merge (dict "logs" (and .logs (not .logsClaim))) (omit $volumeArgs "logs")) | nindent 2 }}
  {{- if $token }}
  {{- include "airflow.pod.apiTokenVolume" dict | nindent 2 }}
  {{- end }}
{{- end -}}
