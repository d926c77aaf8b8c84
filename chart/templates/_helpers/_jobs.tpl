{{/* Jobs; the hash of its pod spec names each Job, so any change gives a new Job. */}}

{{/* A Job named <component>-<hash of its pod spec>: (dict "root" $ "component" "migrate-database" "podSpec" text). */}}
{{- define "airflow.jobs.job" -}}
{{- $ctx := dict "root" .root "component" .component -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ printf "%s-%s" (include "airflow.names.component" $ctx) (.podSpec | sha256sum | trunc 8) }}
  labels:
    {{- include "airflow.labels.standard" $ctx | nindent 4 }}
spec:
  backoffLimit: 6
  template:
    metadata:
      labels:
        {{- include "airflow.labels.selector" $ctx | nindent 8 }}
    spec:
      {{- .podSpec | nindent 6 }}
{{- end -}}

{{/*
A shell command that returns once the database answers, retrying for as long as the other
components wait for migrations: a database that is still starting (the embedded PostgreSQL
on first install) is waited for instead of failing the container and restarting it.
Usage: printf "%s && exec airflow db migrate" (include "airflow.jobs.waitForDatabase" .)
*/}}
{{- define "airflow.jobs.waitForDatabase" -}}
airflow db check --retry {{ div .Values.migrateDatabaseJob.waitTimeoutSeconds 2 }} --retry-delay 2
{{- end -}}

{{- define "airflow.jobs.migratePodSpec" -}}
restartPolicy: OnFailure
serviceAccountName: {{ include "airflow.names.serviceAccount" (dict "root" . "component" "scheduler") }}
automountServiceAccountToken: false
{{ include "airflow.pod.securityContext" . }}
{{- include "airflow.pod.scheduling" (dict "root" . "values" .Values.scheduler) }}
{{- include "airflow.pod.imagePullSecrets" . }}
containers:
  - name: migrate-database
    {{- include "airflow.images.container" (dict "root" . "image" "airflow") | nindent 4 }}
    args: ["bash", "-c", {{ printf "%s && exec airflow db migrate" (include "airflow.jobs.waitForDatabase" .) | quote }}]
    env:
      {{- include "airflow.env.airflow" (dict "root" . "env" list) | nindent 6 }}
    {{- include "airflow.env.from" (dict "root" .) | nindent 4 }}
    resources:
      {{- toYaml .Values.migrateDatabaseJob.resources | nindent 6 }}
    {{- include "airflow.pod.containerSecurityContext" (dict "root" .) | nindent 4 }}
    volumeMounts:
      - {name: config, mountPath: /opt/airflow/airflow.cfg, subPath: airflow.cfg, readOnly: true}
      {{- include "airflow.volumes.localSettingsMount" . | nindent 6 }}
volumes:
  - name: config
    configMap:
      name: {{ include "airflow.names.component" (dict "root" . "component" "config") }}
{{- end -}}

{{- define "airflow.jobs.createUserPodSpec" -}}
{{- $root := .root -}}
restartPolicy: OnFailure
serviceAccountName: {{ include "airflow.names.serviceAccount" (dict "root" $root "component" "webserver") }}
automountServiceAccountToken: false
{{ include "airflow.pod.securityContext" $root }}
{{- include "airflow.pod.scheduling" (dict "root" $root "values" $root.Values.webserver) }}
{{- include "airflow.pod.imagePullSecrets" $root }}
initContainers:
  {{- include "airflow.workload.waitForMigrations" $root | nindent 2 }}
containers:
  - name: create-user
    {{- include "airflow.images.container" (dict "root" $root "image" "airflow") | nindent 4 }}
    args: ["bash", "-c", "exec airflow users create --username \"$USER_NAME\" --role \"$USER_ROLE\" --email \"$USER_EMAIL\" --firstname \"$USER_FIRST\" --lastname \"$USER_LAST\" --password \"$USER_PASSWORD\""]
    env:
      {{- include "airflow.env.airflow" (dict "root" $root "env" list) | nindent 6 }}
      - {name: USER_NAME, value: {{ .user.username | quote }}}
      - {name: USER_ROLE, value: {{ .user.role | quote }}}
      - {name: USER_EMAIL, value: {{ .user.email | quote }}}
      - {name: USER_FIRST, value: {{ .user.firstName | quote }}}
      - {name: USER_LAST, value: {{ .user.lastName | quote }}}
      - name: USER_PASSWORD
        valueFrom: {secretKeyRef: {name: {{ .secret }}, key: password}}
    resources:
      {{- toYaml $root.Values.createUserJob.resources | nindent 6 }}
    {{- include "airflow.pod.containerSecurityContext" (dict "root" $root) | nindent 4 }}
    volumeMounts:
      - {name: config, mountPath: /opt/airflow/airflow.cfg, subPath: airflow.cfg, readOnly: true}
      {{- include "airflow.volumes.localSettingsMount" $root | nindent 6 }}
volumes:
  - name: config
    configMap:
      name: {{ include "airflow.names.component" (dict "root" $root "component" "config") }}
{{- end -}}
