{{/* Jobs; the hash of its pod spec names each Job, so any change gives a new Job. */}}

{{/*
A Job named <component>-<hash of its pod spec>: (dict "root" $ "component" "migrate-database" "podSpec" text).
The Job carries jobAnnotations; its pod the component's labels and annotations (podAnnotations too),
as in the official chart.
*/}}
{{- define "airflow.jobs.job" -}}
{{- $ctx := dict "root" .root "component" .component -}}
{{- $v := include "airflow.names.values" $ctx | fromYaml -}}
apiVersion: batch/v1
kind: Job
{{ include "airflow.labels.metadata" (merge (dict "name" (printf "%s-%s" (include "airflow.names.component" $ctx) (.podSpec | sha256sum | trunc 8)) "labels" $v.labels "annotations" $v.jobAnnotations) $ctx) }}
spec:
  backoffLimit: 6
  template:
    metadata:
      {{- include "airflow.labels.pod" (merge (dict "values" $v "annotations" $v.annotations) $ctx) | nindent 6 }}
    spec:
      {{- .podSpec | nindent 6 }}
{{- end -}}

{{/*
A shell command that returns once the database answers, retrying for as long as the other
components wait for migrations: a database that is still starting (the embedded PostgreSQL
on first install) is waited for instead of failing the container and restarting it. A refused
connection fails at once, so asking every second costs nothing and starts the release sooner.
Usage: include "airflow.cli.chain" (list (include "airflow.jobs.waitForDatabase" .) "db migrate")
*/}}
{{- define "airflow.jobs.waitForDatabase" -}}
db check --retry {{ .Values.migrateDatabaseJob.waitTimeoutSeconds }} --retry-delay 1
{{- end -}}

{{/* `airflow db migrate`; images.useDefaultImageForMigration runs it with defaultAirflowRepository:defaultAirflowTag. */}}
{{- define "airflow.jobs.migratePodSpec" -}}
{{- $default := dict "repository" .Values.defaultAirflowRepository "tag" (.Values.defaultAirflowTag | default .Values.airflowVersion | default "3.3.2") "digest" (default "" .Values.defaultAirflowDigest) -}}
{{- include "airflow.workload.airflowPod" (dict "root" . "component" "migrate-database" "values" .Values.migrateDatabaseJob
      "restartPolicy" "OnFailure" "wait" false
      "image" (ternary $default dict .Values.images.useDefaultImageForMigration)
      "command" (include "airflow.cli.chain" (list (include "airflow.jobs.waitForDatabase" .) "db migrate") | fromYamlArray)) }}
{{- end -}}

{{/* The FAB admin user (Airflow 2, and Airflow 3 with auth.manager fab): (dict "root" $ "user" <the user> "secret" <Secret with key password>). */}}
{{- define "airflow.jobs.createUserPodSpec" -}}
{{- $u := .user -}}
{{- $env := list (dict "name" "USER_NAME" "value" $u.username) (dict "name" "USER_ROLE" "value" $u.role)
      (dict "name" "USER_EMAIL" "value" $u.email) (dict "name" "USER_FIRST" "value" $u.firstName) (dict "name" "USER_LAST" "value" $u.lastName) -}}
{{- include "airflow.workload.airflowPod" (dict "root" .root "component" "create-user" "values" .root.Values.createUserJob
      "restartPolicy" "OnFailure" "env" $env "auth" true "password" .secret
      "command" (list "bash" "-c" "exec airflow users create --username \"$USER_NAME\" --role \"$USER_ROLE\" --email \"$USER_EMAIL\" --firstname \"$USER_FIRST\" --lastname \"$USER_LAST\" --password \"$(cat /run/secrets/airflow/admin-password)\"")) }}
{{- end -}}
