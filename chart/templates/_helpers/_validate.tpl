{{/*
Checks the schema cannot express: cross-field rules and keys from other charts or the
other Airflow version. Every problem is collected and reported in one failure, each
naming the field, the problem and the fix.
*/}}
{{- define "airflow.validate.all" -}}
{{- $v := .Values -}}
{{- $errors := list -}}
{{- $is3 := include "airflow.version.is3" . -}}
{{- $version := include "airflow.version.value" . -}}

{{- /* Keys other charts use, refused with their replacement. */}}
{{- if hasKey $v.workers "podTemplateFile" }}
{{- $errors = append $errors "workers.podTemplateFile: helm cannot read files outside the chart; pass the file's content instead: --set-file workers.podTemplate=pod_template.yaml (or generate values with airkube)" }}
{{- end }}
{{- if hasKey $v.dags.gitSync "wait" }}
{{- $errors = append $errors "dags.gitSync.wait: removed in git-sync v4; delete it: dags.gitSync.period sets the time between syncs (e.g. period: 60s)" }}
{{- end }}
{{- if hasKey $v "serviceAccount" }}
{{- $errors = append $errors "serviceAccount: each component has its own ServiceAccount; set <component>.serviceAccount.{create,name,annotations}, e.g. workers.serviceAccount.annotations for workload identity of task pods and scheduler.serviceAccount.annotations for the scheduler" }}
{{- end }}

{{- /* The image must run the Airflow version the chart renders for. */}}
{{- $tagVersion := regexFind "^[0-9]+\\.[0-9]+\\.[0-9]+" (include "airflow.images.airflowTag" .) }}
{{- if and $v.airflowVersion $tagVersion (ne $tagVersion $v.airflowVersion) }}
{{- $errors = append $errors (printf "airflowVersion: %s, but the image tag %s runs Airflow %s; set images.airflow.tag to a %s tag or change airflowVersion" $v.airflowVersion (include "airflow.images.airflowTag" .) $tagVersion $v.airflowVersion) }}
{{- end }}

{{- /* Executors. */}}
{{- $allowed := include "airflow.version.executors" . | fromYamlArray }}
{{- $executors := include "airflow.executors.list" . | fromYamlArray }}
{{- range $executors }}
{{- if not (has . $allowed) }}
{{- if and $is3 (has . (list "CeleryKubernetesExecutor" "LocalKubernetesExecutor")) }}
{{- $errors = append $errors (printf "executor: %s was removed in Airflow 3; list the executors instead, e.g. executor: \"KubernetesExecutor,CeleryExecutor\"" .) }}
{{- else }}
{{- $errors = append $errors (printf "executor: %q is not an executor of Airflow %s; use one of %s" . $version (join ", " $allowed)) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and (not $is3) (gt (len $executors) 1) }}
{{- $errors = append $errors "executor: a list of executors needs Airflow 3; on Airflow 2 use CeleryKubernetesExecutor or LocalKubernetesExecutor" }}
{{- end }}

{{- /* Components of the other Airflow version. */}}
{{- if $is3 }}
{{- range $key := keys $v.webserver | sortAlpha }}
{{- $errors = append $errors (printf "webserver.%s: Airflow %s has no webserver; use apiServer.%s (defaultUser: apiServer.defaultUser with passwordSecretName), or set airflowVersion to a 2.x version" $key $version $key) }}
{{- end }}
{{- range $key := list "webserverSecretKey" "webserverSecretKeySecretName" }}
{{- if get $v $key }}
{{- $errors = append $errors (printf "%s: Airflow 2 only; on Airflow 3 use apiSecretKey/apiSecretKeySecretName and jwtSecret/jwtSecretName" $key) }}
{{- end }}
{{- end }}
{{- if eq (toString $v.dagProcessor.enabled) "false" }}
{{- $errors = append $errors "dagProcessor.enabled: the dag-processor always runs on its own in Airflow 3; remove the key" }}
{{- end }}
{{- else }}
{{- range $key := list "apiSecretKey" "apiSecretKeySecretName" "jwtSecret" "jwtSecretName" }}
{{- if get $v $key }}
{{- $errors = append $errors (printf "%s: Airflow 3 only; on Airflow 2 use webserverSecretKey/webserverSecretKeySecretName" $key) }}
{{- end }}
{{- end }}
{{- end }}

{{- /* Config keys the chart owns through other values, and keys of the other version. */}}
{{- $owned := dict "core.executor" "executor" "core.fernet_key" "fernetKey or fernetKeySecretName" "database.sql_alchemy_conn" "data.metadataSecretName" "core.sql_alchemy_conn" "data.metadataSecretName" "kubernetes_executor.pod_template_file" "workers.podTemplate" "celery.broker_url" "data.brokerUrlSecretName" "celery.result_backend" "data.resultBackendSecretName" "api.secret_key" "apiSecretKeySecretName" "api_auth.jwt_secret" "jwtSecretName" "webserver.secret_key" "webserverSecretKeySecretName" -}}
{{- $known := include "airflow.version.configKnowledge" . | fromYaml }}
{{- range $section, $keys := $v.config }}
{{- if eq $section "kubernetes" }}
{{- $errors = append $errors "config.kubernetes: renamed; use config.kubernetes_executor" }}
{{- else if not (kindIs "map" $keys) }}
{{- $errors = append $errors (printf "config.%s: must be a map of key: value under the section name" $section) }}
{{- else }}
{{- range $key, $_ := $keys }}
{{- $name := printf "%s.%s" $section $key }}
{{- $mine := get $known.mine.options $section }}
{{- $theirs := get $known.other.options $section }}
{{- if hasKey $owned $name }}
{{- $errors = append $errors (printf "config.%s: set by the chart; use %s" $name (get $owned $name)) }}
{{- else if hasKey $known.mine.moved $name }}
{{- $errors = append $errors (printf "config.%s: not an Airflow %s option; use config.%s" $name $version (get $known.mine.moved $name)) }}
{{- else }}
{{- $hint := "check the spelling against the Airflow configuration reference" }}
{{- range $old, $new := $known.other.moved }}{{ if eq $new $name }}{{ $hint = printf "on Airflow 2 use config.%s" $old }}{{ end }}{{ end }}
{{- if and $mine (not (has $key $mine)) }}
{{- $errors = append $errors (printf "config.%s: not an Airflow %s option; %s" $name $version $hint) }}
{{- else if and (not $mine) (hasKey $known.other.options $section) }}
{{- $errors = append $errors (printf "config.%s: Airflow %s has no [%s] section; %s" $name $version $section $hint) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{- /* Database. */}}
{{- $externalDb := or $v.data.metadataSecretName $v.data.metadataConnection.host }}
{{- if and (not $v.postgresql.enabled) (not $externalDb) }}
{{- $errors = append $errors "postgresql.enabled: false needs a database: set data.metadataSecretName (a Secret with key connection) or data.metadataConnection.host" }}
{{- end }}
{{- if $v.pgbouncer.enabled }}
{{- if ne $v.data.metadataConnection.protocol "postgresql" }}
{{- $errors = append $errors "pgbouncer.enabled: PgBouncer pools PostgreSQL only; set data.metadataConnection.protocol: postgresql or disable pgbouncer" }}
{{- end }}
{{- if and $v.data.metadataSecretName (not $v.pgbouncer.configSecretName) }}
{{- $errors = append $errors "pgbouncer.configSecretName: with data.metadataSecretName the chart cannot see the database credentials; give a Secret with pgbouncer.ini and users.txt, or use data.metadataConnection" }}
{{- end }}
{{- end }}
{{- if and (include "airflow.executors.celery" .) (not (include "airflow.executors.redis" .)) (not $v.data.brokerUrlSecretName) }}
{{- $errors = append $errors "redis.enabled: a Celery executor needs a broker; enable redis or set data.brokerUrlSecretName" }}
{{- end }}

{{- if and $v.redis.passwordSecretName (not $v.data.brokerUrlSecretName) }}
{{- $errors = append $errors "redis.passwordSecretName: Celery needs the password inside the broker URL; also set data.brokerUrlSecretName (a Secret with key connection: redis://:PASSWORD@<release>-redis:6379/0)" }}
{{- end }}

{{- /* Logs: a ReadWriteOnce volume works only with a single writer. */}}
{{- if and $v.logs.persistence.enabled (not $v.logs.persistence.existingClaim) (eq $v.logs.persistence.accessMode "ReadWriteOnce") }}
{{- $writers := int $v.scheduler.replicas }}
{{- if $v.triggerer.enabled }}{{ $writers = add $writers $v.triggerer.replicas }}{{ end }}
{{- if include "airflow.version.dagProcessorEnabled" . }}{{ $writers = add $writers $v.dagProcessor.replicas }}{{ end }}
{{- if include "airflow.executors.celery" . }}{{ $writers = add $writers $v.workers.replicas }}{{ end }}
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
{{- with $v.dags.gitSync }}
{{- if .enabled }}
{{- if and (or (hasPrefix "git@" .repo) (hasPrefix "ssh://" .repo)) (not .sshKeySecret) }}
{{- $errors = append $errors "dags.gitSync.sshKeySecret: an ssh repository needs a Secret with key gitSshKey" }}
{{- end }}
{{- if and .sshKeySecret (not .knownHosts) }}
{{- $errors = append $errors "dags.gitSync.knownHosts: required with sshKeySecret, so the host key is checked (ssh-keyscan <host>)" }}
{{- end }}
{{- if and .sshKeySecret .credentialsSecret }}
{{- $errors = append $errors "dags.gitSync: set sshKeySecret or credentialsSecret, not both" }}
{{- end }}
{{- end }}
{{- end }}
{{- if and $v.dags.gitSync.enabled $v.dags.persistence.enabled }}
{{- $errors = append $errors "dags: gitSync and persistence are both enabled; choose one source of DAGs" }}
{{- end }}

{{- if $errors }}
{{- fail (printf "\n%s" (join "\n" (sortAlpha $errors))) }}
{{- end }}
{{- end -}}
