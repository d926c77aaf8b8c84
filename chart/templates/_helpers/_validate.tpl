{{/*
Checks the schema cannot express: cross-field rules and keys from other charts or the
other Airflow version (run by templates/validate.yaml). Every problem is collected and
reported in one failure, each naming the field, the problem and the fix. Each
airflow.validate.<topic> helper returns its problems as a YAML list.
*/}}
{{- define "airflow.validate.all" -}}
{{- $errors := list -}}
{{- range $topic := list "otherCharts" "versions" "config" "data" "storage" "podTemplates" "monitoring" "auth" "officialKeys" "celery" "disruptionBudgets" }}
{{- $errors = concat $errors (include (printf "airflow.validate.%s" $topic) $ | fromYamlArray) }}
{{- end }}
{{- if $errors }}
{{- fail (printf "\n%s" (join "\n" (sortAlpha $errors))) }}
{{- end }}
{{- end -}}

{{/* Keys other charts use (files/refused-keys.yaml) and inline keys, refused with their replacement. */}}
{{- define "airflow.validate.otherCharts" -}}
{{- $v := .Values -}}
{{- $errors := list -}}
{{- range $path, $why := .Files.Get "files/refused-keys.yaml" | fromYaml }}
{{- $node := $v }}{{ $found := true }}
{{- range splitList "." $path }}
{{- if and $found (kindIs "map" $node) (hasKey $node .) }}{{ $node = index $node . }}{{ else }}{{ $found = false }}{{ end }}
{{- end }}
{{- if $found }}{{ $errors = append $errors (printf "%s: %s" $path $why) }}{{ end }}
{{- end }}
{{- range $key := list "fernetKey" "apiSecretKey" "jwtSecret" "webserverSecretKey" }}
{{- if get $v $key }}{{/* null or "" (the official defaults) put nothing inline */}}
{{- $errors = append $errors (printf "%s: inline keys land in rendered manifests and Git; remove it: leave %s empty and the chart generates the key in the cluster once (kept across upgrades and GitOps syncs), or name a Secret there" $key (ternary "jwtSecretName" (printf "%sSecretName" $key) (eq $key "jwtSecret"))) }}
{{- end }}
{{- end }}
{{- toYaml $errors -}}
{{- end -}}

{{/* The image, the executors and the components must belong to one Airflow version. */}}
{{- define "airflow.validate.versions" -}}
{{- $v := .Values -}}
{{- $errors := list -}}
{{- $is3 := include "airflow.version.is3" . -}}
{{- $version := include "airflow.version.value" . -}}
{{- /* The image must run the Airflow major version the chart renders for (the chart decides nothing by minor versions). */}}
{{- $tagVersion := regexFind "^[0-9]+\\.[0-9]+\\.[0-9]+" (include "airflow.images.airflowTag" .) }}
{{- if and $v.airflowVersion $tagVersion (ne (first (splitList "." $tagVersion)) (first (splitList "." $v.airflowVersion))) }}
{{- $errors = append $errors (printf "airflowVersion: %s, but the image tag %s runs Airflow %s, another major version; set images.airflow.tag to a %s tag or change airflowVersion" $v.airflowVersion (include "airflow.images.airflowTag" .) $tagVersion $v.airflowVersion) }}
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
{{- /* enabled: false says what Airflow 3 does anyway; defaultUser is the admin user on either version, as in the official chart. */}}
{{- range $key := without (keys $v.webserver | sortAlpha) (ternary "enabled" "" (eq (toString $v.webserver.enabled) "false")) "defaultUser" }}
{{- $apiKey := get (dict "webserverConfig" "apiServerConfig" "webserverConfigConfigMapName" "apiServerConfigConfigMapName") $key | default $key }}
{{- $errors = append $errors (printf "webserver.%s: Airflow %s has no webserver; use apiServer.%s, or set airflowVersion to a 2.x version" $key $version $apiKey) }}
{{- end }}
{{- range $key := list "webserverSecretKeySecretName" }}
{{- if get $v $key }}
{{- $errors = append $errors (printf "%s: Airflow 2 only; on Airflow 3 use apiSecretKeySecretName and jwtSecretName" $key) }}
{{- end }}
{{- end }}
{{- if eq (toString $v.dagProcessor.enabled) "false" }}
{{- $errors = append $errors "dagProcessor.enabled: the dag-processor always runs on its own in Airflow 3; remove the key" }}
{{- end }}
{{- else }}
{{- if eq (toString $v.webserver.enabled) "false" }}
{{- $errors = append $errors "webserver.enabled: the webserver is Airflow 2's UI and always runs; remove the key" }}
{{- end }}
{{- range $key := list "apiSecretKeySecretName" "jwtSecretName" }}
{{- if get $v $key }}
{{- $errors = append $errors (printf "%s: Airflow 3 only; on Airflow 2 use webserverSecretKeySecretName" $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $errors -}}
{{- end -}}

{{/* Config keys the chart owns through other values, and keys of the other version. */}}
{{- define "airflow.validate.config" -}}
{{- $v := .Values -}}
{{- $errors := list -}}
{{- $is3 := include "airflow.version.is3" . -}}
{{- $version := include "airflow.version.value" . -}}
{{- $owned := dict "core.executor" "executor" "core.fernet_key" "fernetKeySecretName" "core.auth_manager" "auth.manager" "database.sql_alchemy_conn" "data.metadataSecretName" "core.sql_alchemy_conn" "data.metadataSecretName" "kubernetes_executor.pod_template_file" "workers.podTemplate" "celery.broker_url" "data.brokerUrlSecretName" "celery.result_backend" "data.resultBackendSecretName" "api.secret_key" "apiSecretKeySecretName" "api_auth.jwt_secret" "jwtSecretName" "webserver.secret_key" "webserverSecretKeySecretName" -}}
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
{{- if and $theirs (has $key $theirs) }}{{ $hint = printf "an option of Airflow %s (%s), which Airflow %s does not have: remove it" $known.other.version $section (ternary "3" "2" (not (empty $is3))) }}{{ end }}
{{- with get $known.other.moved $name }}{{ $hint = printf "an old name of config.%s, which Airflow %s dropped: use config.%s" . (ternary "3" "2" (not (empty $is3))) . }}{{ end }}
{{- if and $mine (not (has $key $mine)) }}
{{- $errors = append $errors (printf "config.%s: not an Airflow %s option; %s" $name $version $hint) }}
{{- else if and (not $mine) (hasKey $known.other.options $section) }}
{{- $errors = append $errors (printf "config.%s: Airflow %s has no [%s] section; %s" $name $version $section $hint) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $errors -}}
{{- end -}}
