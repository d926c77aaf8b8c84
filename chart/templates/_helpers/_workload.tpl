{{/*
One Deployment shape for every long-running Airflow component (scheduler, api-server,
webserver, triggerer, dag-processor, Celery worker). Call with a dict:
  root, component, values (the component's values), command (list),
  ports (list of containerPorts), probes (YAML text), dags, logs, podTemplates, simpleAuth (bools),
  gitSync ("sidecar" or ""), serviceAccount (bool: mount the token).
*/}}
{{- define "airflow.workload.deployment" -}}
{{- $root := .root -}}
{{- $ctx := dict "root" $root "component" .component -}}
{{- $volumeArgs := dict "root" $root "dags" .dags "logs" .logs "podTemplates" .podTemplates "simpleAuth" .simpleAuth -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "airflow.names.component" $ctx }}
  labels:
    {{- include "airflow.labels.standard" $ctx | nindent 4 }}
spec:
  replicas: {{ .values.replicas }}
  revisionHistoryLimit: 5
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
      annotations:
        {{- include "airflow.memo" (dict "root" $root "helper" "airflow.workload.checksums") | nindent 8 }}
        {{- with .values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "airflow.names.serviceAccount" $ctx }}
      automountServiceAccountToken: {{ default false .serviceAccount }}
      {{- include "airflow.pod.securityContext" $root | nindent 6 }}
      {{- include "airflow.pod.scheduling" (dict "root" $root "values" .values) | nindent 6 }}
      {{- include "airflow.pod.imagePullSecrets" $root | nindent 6 }}
      terminationGracePeriodSeconds: {{ default 60 .terminationGracePeriodSeconds }}
      initContainers:
        {{- include "airflow.workload.waitForMigrations" $root | nindent 8 }}
        {{- if and .simpleAuth (include "airflow.version.is3" $root) $root.Values.apiServer.defaultUser.enabled }}
        {{- /* The simple auth manager opens its passwords file read-write: copy it out of the read-only Secret. */}}
        - name: simple-auth-passwords
          {{- include "airflow.images.container" (dict "root" $root "image" "airflow") | nindent 10 }}
          command: ["cp", "/opt/airflow/simple-auth-secret/passwords.json", "/opt/airflow/simple-auth/passwords.json"]
          resources:
            {{- toYaml $root.Values.migrateDatabaseJob.resources | nindent 12 }}
          {{- include "airflow.pod.containerSecurityContext" (dict "root" $root "readOnly" true) | nindent 10 }}
          volumeMounts:
            - {name: simple-auth-secret, mountPath: /opt/airflow/simple-auth-secret, readOnly: true}
            - {name: simple-auth, mountPath: /opt/airflow/simple-auth}
        {{- end }}
      containers:
        - name: {{ .component }}
          {{- include "airflow.images.container" (dict "root" $root "image" "airflow") | nindent 10 }}
          args: {{ toJson .command }}
          env:
            {{- include "airflow.env.airflow" (dict "root" $root "env" .values.env) | nindent 12 }}
          {{- include "airflow.env.from" $root | nindent 10 }}
          {{- with .ports }}
          ports:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .probes }}
          {{- . | nindent 10 }}
          {{- end }}
          resources:
            {{- toYaml .values.resources | nindent 12 }}
          {{- include "airflow.pod.containerSecurityContext" (dict "root" $root) | nindent 10 }}
          volumeMounts:
            {{- include "airflow.volumes.mounts" $volumeArgs | nindent 12 }}
        {{- if and (eq (default "" .gitSync) "sidecar") $root.Values.dags.gitSync.enabled (not $root.Values.dags.persistence.enabled) }}
        {{- include "airflow.gitSync.container" (dict "root" $root "oneShot" false) | nindent 8 }}
        {{- end }}
      volumes:
        {{- include "airflow.volumes.list" $volumeArgs | nindent 8 }}
{{- end -}}

{{/* Every Airflow pod waits until `airflow db migrate` has run for this image. */}}
{{- define "airflow.workload.waitForMigrations" -}}
- name: wait-for-migrations
  {{- include "airflow.images.container" (dict "root" . "image" "airflow") | nindent 2 }}
  args: ["airflow", "db", "check-migrations", "--migration-wait-timeout={{ .Values.migrateDatabaseJob.waitTimeoutSeconds }}"]
  env:
    {{- include "airflow.env.airflow" (dict "root" . "env" list) | nindent 4 }}
  resources:
    {{- toYaml .Values.migrateDatabaseJob.resources | nindent 4 }}
  {{- include "airflow.pod.containerSecurityContext" (dict "root" .) | nindent 2 }}
  volumeMounts:
    - {name: config, mountPath: /opt/airflow/airflow.cfg, subPath: airflow.cfg, readOnly: true}
{{- end -}}

{{/* Pods restart when the config, the pod templates or any secret input changes. */}}
{{- define "airflow.workload.checksums" -}}
checksum/config: {{ include "airflow.memo" (dict "root" . "helper" "airflow.config.cfg") | sha256sum }}
checksum/pod-templates: {{ include "airflow.memo" (dict "root" . "helper" "airflow.podTemplates.all") | sha256sum }}
checksum/secrets: {{ list .Values.fernetKey .Values.fernetKeySecretName .Values.apiSecretKey .Values.apiSecretKeySecretName .Values.jwtSecret .Values.jwtSecretName .Values.webserverSecretKey .Values.webserverSecretKeySecretName .Values.data .Values.extraEnvFrom .Values.env | toJson | sha256sum }}
{{- end -}}

{{/* A ServiceAccount for a component: (dict "root" $ "component" "scheduler"). */}}
{{- define "airflow.workload.serviceAccount" -}}
{{- $values := include "airflow.names.values" . | fromYaml -}}
{{- if $values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "airflow.names.serviceAccount" . }}
  labels:
    {{- include "airflow.labels.standard" . | nindent 4 }}
  {{- with $values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end }}
{{- end -}}

{{/* A PodDisruptionBudget for a component: (dict "root" $ "component" "scheduler"). */}}
{{- define "airflow.workload.podDisruptionBudget" -}}
{{- $values := include "airflow.names.values" . | fromYaml -}}
{{- if $values.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "airflow.names.component" . }}
  labels:
    {{- include "airflow.labels.standard" . | nindent 4 }}
spec:
  maxUnavailable: {{ $values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "airflow.labels.selector" . | nindent 6 }}
{{- end }}
{{- end -}}
