{{/* Cross-field checks of what the chart deploys (see _validate.tpl). */}}

{{/* The metadata database, PgBouncer and the Celery broker. */}}
{{- define "airflow.validate.data" -}}
{{- $v := .Values -}}
{{- $errors := list -}}
{{- $externalDb := or $v.data.metadataSecretName $v.data.metadataConnection.host }}
{{- if and (not $v.postgresql.enabled) (not $externalDb) }}
{{- $errors = append $errors "postgresql.enabled: false needs a database: set data.metadataSecretName (a Secret with key connection) or data.metadataConnection.host" }}
{{- end }}
{{- if $v.pgbouncer.enabled }}
{{- if or (ne $v.data.metadataConnection.protocol "postgresql") (ne (include "airflow.secrets.resultBackend" . | fromYaml).protocol "postgresql") }}
{{- $errors = append $errors "pgbouncer.enabled: PgBouncer pools PostgreSQL only; set data.metadataConnection.protocol (and data.resultBackendConnection.protocol) to postgresql or disable pgbouncer" }}
{{- end }}
{{- if and $v.data.metadataSecretName (not $v.pgbouncer.configSecretName) }}
{{- $errors = append $errors "pgbouncer.configSecretName: with data.metadataSecretName the chart cannot see the database credentials; give a Secret with pgbouncer.ini and users.txt, or use data.metadataConnection" }}
{{- end }}
{{- end }}
{{- if and (include "airflow.executors.celery" .) (not (include "airflow.executors.redis" .)) (not $v.data.brokerUrlSecretName) (not $v.data.brokerUrl) }}
{{- $errors = append $errors "redis.enabled: a Celery executor needs a broker; enable redis or set data.brokerUrlSecretName" }}
{{- end }}
{{- if and $v.data.brokerUrl $v.data.brokerUrlSecretName }}
{{- $errors = append $errors "data.brokerUrl: data.brokerUrlSecretName names the broker too; keep the Secret and remove brokerUrl" }}
{{- end }}

{{- if and $v.redis.passwordSecretName (not $v.data.brokerUrlSecretName) }}
{{- $errors = append $errors "redis.passwordSecretName: Celery needs the password inside the broker URL; also set data.brokerUrlSecretName (a Secret with key connection: redis://:PASSWORD@<release>-redis:6379/0)" }}
{{- end }}
{{- toYaml $errors -}}
{{- end -}}

{{/* Logs and DAGs: volumes shared by several pods, remote logs, git-sync. */}}
{{- define "airflow.validate.storage" -}}
{{- $v := .Values -}}
{{- $errors := list -}}
{{- /* Logs: a ReadWriteOnce volume works only with a single writer. */}}
{{- if and $v.logs.persistence.enabled (not $v.logs.persistence.existingClaim) (eq $v.logs.persistence.accessMode "ReadWriteOnce") }}
{{- $writers := int $v.scheduler.replicas }}
{{- if $v.triggerer.enabled }}{{ $writers = add $writers $v.triggerer.replicas }}{{ end }}
{{- if include "airflow.version.dagProcessorEnabled" . }}{{ $writers = add $writers $v.dagProcessor.replicas }}{{ end }}
{{- if include "airflow.executors.celery" . }}{{ $writers = add $writers (include "airflow.workers.celeryValues" . | fromYaml).replicas }}{{ end }}
{{- if include "airflow.executors.kubernetes" . }}
{{- $errors = append $errors "logs.persistence.accessMode: ReadWriteOnce cannot be shared by KubernetesExecutor task pods; use ReadWriteMany, or disable logs.persistence and set logs.remote so logs survive deleted pods" }}
{{- else if gt (int $writers) 1 }}
{{- $errors = append $errors (printf "logs.persistence.accessMode: ReadWriteOnce with %d pods writing logs; use ReadWriteMany or logs.remote" (int $writers)) }}
{{- end }}
{{- end }}
{{- with $v.logs.remote }}
{{- if .backend }}
{{- $scheme := get (dict "s3" "s3://" "gcs" "gs://" "wasb" "wasb://" "elasticsearch" "http" "opensearch" "http") .backend }}
{{- if not (hasPrefix $scheme (default "" (ternary .host .baseFolder (has .backend (list "elasticsearch" "opensearch"))))) }}
{{- $errors = append $errors (printf "logs.remote: backend %s needs %s starting with %s" .backend (ternary "host" "baseFolder" (has .backend (list "elasticsearch" "opensearch"))) $scheme) }}
{{- end }}
{{- end }}
{{- end }}

{{- /* git-sync over ssh needs a key and known hosts. */}}
{{- $knownHosts := include "airflow.gitSync.knownHosts" . }}
{{- with $v.dags.gitSync }}
{{- if .enabled }}
{{- if and (or (hasPrefix "git@" .repo) (hasPrefix "ssh://" .repo)) (not .sshKeySecret) }}
{{- $errors = append $errors "dags.gitSync.sshKeySecret: an ssh repository needs a Secret with key gitSshKey" }}
{{- end }}
{{- if and .sshKeySecret (not $knownHosts) }}
{{- $errors = append $errors "dags.gitSync.knownHosts: required with sshKeySecret for a host other than github.com (whose published keys the chart carries), so the host key is checked (ssh-keyscan <host>)" }}
{{- end }}
{{- if and .sshKeySecret .credentialsSecret }}
{{- $errors = append $errors "dags.gitSync: set sshKeySecret or credentialsSecret, not both" }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $errors -}}
{{- end -}}

{{/*
Worker pod templates: the patches may not take over what the KubernetesExecutor owns, names
may not collide, and every template (the user's too) needs a first container "base" with an
image (the chart sets no worker_container_repository: the template's image is what runs).
*/}}
{{- define "airflow.validate.podTemplates" -}}
{{- $w := .Values.workers -}}
{{- $errors := list -}}
{{- $profiles := default dict $w.profiles -}}
{{- $extra := default dict $w.extraPodTemplates -}}
{{- $patched := dict "workers" $w -}}
{{- range $name, $profile := $profiles }}{{ $_ := set $patched (printf "workers.profiles.%s" $name) (default dict $profile) }}{{ end -}}
{{- range $where, $values := $patched }}
{{- range $key := list "containers" "restartPolicy" }}
{{- if hasKey (default dict $values.podSpecPatch) $key }}
{{- $errors = append $errors (printf "%s.podSpecPatch.%s: the KubernetesExecutor owns it (one base container, restartPolicy Never); change the base container with %s.containerPatch, add sidecars with podSpecPatch.initContainers" $where $key $where) }}
{{- end }}
{{- end }}
{{- if hasKey (default dict $values.containerPatch) "name" }}
{{- $errors = append $errors (printf "%s.containerPatch.name: Airflow runs the task in the container named base; remove the key" $where) }}
{{- end }}
{{- end }}
{{- range $name := keys $profiles | sortAlpha }}
{{- if or (gt (len $name) 63) (not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $name)) }}
{{- $errors = append $errors (printf "workers.profiles.%s: a profile's name names its file and is the value of the airflow-worker-profile label: lowercase letters, digits and '-', at most 63 (e.g. gpu-large)" $name) }}
{{- end }}
{{- if hasKey $extra $name }}
{{- $errors = append $errors (printf "workers.profiles.%s: workers.extraPodTemplates.%s is mounted at the same path; rename one" $name $name) }}
{{- end }}
{{- end }}
{{- if hasKey $extra "pod_template" }}
{{- $errors = append $errors "workers.extraPodTemplates.pod_template: the default template's file; set workers.podTemplate instead" }}
{{- end }}
{{- if and (include "airflow.executors.kubernetes" .) (not $errors) }}
{{- range $file, $text := include "airflow.memo" (dict "root" . "helper" "airflow.podTemplates.all") | fromYaml }}
{{- $pod := fromYaml $text }}
{{- $where := ternary "workers.podTemplate" (printf "workers.extraPodTemplates.%s" (trimSuffix ".yaml" $file)) (eq $file "pod_template.yaml") }}
{{- if hasKey $pod "Error" }}
{{- $errors = append $errors (printf "%s: not valid YAML after tpl: %s" $where $pod.Error) }}
{{- else }}
{{- $base := first (default list (dig "spec" "containers" list $pod)) | default dict }}
{{- if ne (get $base "name") "base" }}
{{- $errors = append $errors (printf "%s: the first container must be named base (Airflow runs the task there)" $where) }}
{{- else if not (get $base "image") }}
{{- $errors = append $errors (printf "%s: the base container needs an image, e.g. image: %s (the chart sets no worker_container_repository: the template's image runs)" $where (include "airflow.images.airflow" $)) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $errors -}}
{{- end -}}

{{/* prometheus-operator objects need their CRDs (see airflow.monitoring.render). */}}
{{- define "airflow.validate.monitoring" -}}
{{- $errors := list -}}
{{- range $key, $kind := dict "serviceMonitor" "ServiceMonitor" "prometheusRule" "PrometheusRule" }}
{{- $api := printf "monitoring.coreos.com/v1/%s" $kind }}
{{- if and (get $.Values.monitoring $key).enabled $.Values.statsd.enabled (not (include "airflow.monitoring.render" (dict "root" $ "kind" $kind))) }}
{{- $errors = append $errors (printf "monitoring.%s.enabled: the cluster serves no %s (install prometheus-operator or its CRDs first); when rendering without a cluster (helm template, GitOps) set monitoring.assumeCRDs: true or pass --api-versions %s" $key $api $api) }}
{{- end }}
{{- end }}
{{- toYaml $errors -}}
{{- end -}}
