{{/*
Secrets the chart needs but nobody named: created in the cluster by the create-secrets Job
(templates/generated-secrets/, files/create-secrets.py), never rendered. Each is made once and
never changed, so `helm template | kubectl apply`, Argo CD and `helm upgrade` all keep it;
pods that read it wait in CreateContainerConfigError until it exists.
*/}}

{{/* What the Job ensures, as a JSON list of {name, keys: {key: {fernet: true} | {length: n} | {format: "...{other key}..."}}}. */}}
{{- define "airflow.generatedSecrets.list" -}}
{{- $list := list -}}
{{- $keys := dict -}}
{{- range (include "airflow.version.secretKeys" . | fromYamlArray) }}
{{- if not .secretName }}{{ $_ := set $keys .key (ternary (dict "fernet" true) (dict "length" .length) (default false .fernet)) }}{{ end }}
{{- end }}
{{- if $keys }}{{ $list = append $list (dict "name" (include "airflow.names.component" (dict "root" . "component" "keys")) "keys" $keys) }}{{ end }}
{{- $password := dict "password" (dict "length" 32) }}
{{- $manager := include "airflow.auth.manager" . }}
{{- $user := include "airflow.auth.user" . | fromYaml }}
{{- if and (has $manager (list "simple" "fab")) $user.enabled (not $user.passwordSecretName) (not $user.password) }}
{{- $list = append $list (dict "name" (include "airflow.auth.userSecret" .) "keys" $password) }}
{{- end }}
{{- if and (include "airflow.executors.redis" .) (not .Values.data.brokerUrlSecretName) (not .Values.redis.password) }}
{{- /* One Secret holds the Redis password and the URL built from it, so both come from one generated value. */}}
{{- $url := printf "redis://:{password}@%s:6379/0" (include "airflow.names.component" (dict "root" . "component" "redis")) }}
{{- $list = append $list (dict "name" (include "airflow.names.component" (dict "root" . "component" "broker-url")) "keys" (dict "password" (dict "length" 32) "connection" (dict "format" $url))) }}
{{- end }}
{{- with .Values.flower }}
{{- if and (include "airflow.executors.flower" $) .username (not .secretName) (not .password) }}
{{- $list = append $list (dict "name" (include "airflow.names.component" (dict "root" $ "component" "flower")) "keys" (dict "password" (dict "length" 32) "basicAuth" (dict "format" (printf "%s:{password}" .username)))) }}
{{- end }}
{{- end }}
{{- toJson $list -}}
{{- end -}}

{{/* Labels of the generated Secrets: no app.kubernetes.io/instance, so Argo CD never counts them as its own and prunes them. */}}
{{- define "airflow.generatedSecrets.labels" -}}
{{- dict "app.kubernetes.io/name" "airflow" "app.kubernetes.io/component" "generated-secret" "app.kubernetes.io/created-by" (include "airflow.names.component" (dict "root" . "component" "create-secrets")) | toJson -}}
{{- end -}}

{{- define "airflow.generatedSecrets.podSpec" -}}
{{- $ctx := dict "root" . "component" "create-secrets" -}}
restartPolicy: OnFailure
serviceAccountName: {{ include "airflow.names.component" $ctx }}
# It calls the API server: gets/creates its own Secrets (role.yaml), with the token mounted below.
automountServiceAccountToken: false
{{ include "airflow.pod.securityContext" (dict "root" . "values" .Values.createSecretsJob) }}
{{- include "airflow.pod.scheduling" (dict "root" . "values" .Values.createSecretsJob) }}
{{- include "airflow.pod.imagePullSecrets" . }}
containers:
  - name: create-secrets
    {{- include "airflow.images.container" (dict "root" . "image" "airflow") | nindent 4 }}
    command: ["python", "/opt/airkube/create-secrets.py"]
    env:
      - {name: SECRETS, value: {{ include "airflow.generatedSecrets.list" . | quote }}}
      - {name: LABELS, value: {{ include "airflow.generatedSecrets.labels" . | quote }}}
      - {name: PYTHONDONTWRITEBYTECODE, value: "1"}
      # A new script gives a new pod spec, hence a new Job.
      - {name: SCRIPT_CHECKSUM, value: {{ .Files.Get "files/create-secrets.py" | sha256sum | trunc 16 | quote }}}
    resources:
      {{- toYaml .Values.createSecretsJob.resources | nindent 6 }}
    {{- include "airflow.pod.containerSecurityContext" (dict "root" . "values" .Values.createSecretsJob "readOnly" true) | nindent 4 }}
    volumeMounts:
      - {name: script, mountPath: /opt/airkube, readOnly: true}
      {{- include "airflow.pod.apiTokenVolume" (dict "mount" true) | nindent 6 }}
volumes:
  - name: script
    configMap:
      name: {{ include "airflow.names.component" $ctx }}
  {{- include "airflow.pod.apiTokenVolume" dict | nindent 2 }}
{{- end -}}
