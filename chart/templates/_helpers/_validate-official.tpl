{{/*
Checks on the official chart's keys (ingress, remote log blocks, PostgreSQL's image, DAG bundles) the schema
cannot express: two ways of saying one thing at once, keys of ours renamed to the official
name, and Airflow 3 features asked of Airflow 2. Returns its problems as a YAML list.
*/}}
{{- define "airflow.validate.officialKeys" -}}
{{- $v := .Values -}}
{{- $errors := list -}}
{{- $web := default dict $v.ingress.web -}}
{{- if and $web.enabled $v.ingress.apiServer.enabled }}
{{- $errors = append $errors "ingress.web.enabled: the UI has one Ingress, and ingress.apiServer.enabled asks for it too; keep one of the two blocks (ingress.web is the official chart's name on Airflow 2, ingress.apiServer on Airflow 3)" }}
{{- end }}
{{- range $block := list "apiServer" "web" }}
{{- $values := default dict (get $v.ingress $block) }}
{{- if hasKey $values "className" }}
{{- $errors = append $errors (printf "ingress.%s.className: renamed as in the official chart; use ingress.%s.ingressClassName" $block $block) }}
{{- end }}
{{- if hasKey $values "tlsSecretName" }}
{{- $errors = append $errors (printf "ingress.%s.tlsSecretName: use ingress.%s.hosts: [{name: <host>, tls: {enabled: true, secretName: %s}}] (or tls: {enabled: true, secretName: ...} without hosts)" $block $block (toString $values.tlsSecretName)) }}
{{- end }}
{{- end }}

{{- /* Remote logs: one source. */}}
{{- $sources := list }}
{{- if $v.logs.remote.backend }}{{ $sources = append $sources (printf "logs.remote.backend (%s)" $v.logs.remote.backend) }}{{ end }}
{{- range $name := list "elasticsearch" "opensearch" }}
{{- $block := index $v $name }}
{{- if $block.enabled }}
{{- $sources = append $sources (printf "%s.enabled" $name) }}
{{- if not (or $block.secretName (default dict $block.connection).host) }}
{{- $errors = append $errors (printf "%s.connection.host: %s.enabled needs the URL: set %s.secretName (a Secret with key connection) or %s.connection {scheme, host, port, user, pass}" $name $name $name $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- if gt (len $sources) 1 }}
{{- $errors = append $errors (printf "logs.remote: task logs go to one place; %s all ask for it; keep one" (join ", " $sources)) }}
{{- end }}

{{- /* The embedded PostgreSQL takes the Bitnami chart's image keys, but runs the Docker Official image's entrypoint. */}}
{{- $pgImage := dig "repository" "" (default dict $v.postgresql.image) }}
{{- if and $v.postgresql.enabled (contains "bitnami" (lower $pgImage)) }}
{{- $errors = append $errors (printf "postgresql.image.repository: %s is a Bitnami image, which only the Bitnami chart runs (its entrypoint, user and data path differ); the embedded PostgreSQL runs the Docker Official postgres image: remove the key (or name a mirror of postgres), or use an external database (data.metadataSecretName)" $pgImage) }}
{{- end }}

{{- /* DAG bundles are Airflow 3's. */}}
{{- if $v.dagProcessor.dagBundleConfigList }}
{{- if not (include "airflow.version.is3" .) }}
{{- $errors = append $errors (printf "dagProcessor.dagBundleConfigList: DAG bundles need Airflow 3 (this is %s); on Airflow 2 use dags.gitSync or dags.persistence, or set airflowVersion to a 3.x version" (include "airflow.version.value" .)) }}
{{- end }}
{{- if and (kindIs "map" $v.config.dag_processor) (hasKey $v.config.dag_processor "dag_bundle_config_list") }}
{{- $errors = append $errors "config.dag_processor.dag_bundle_config_list: set from dagProcessor.dagBundleConfigList; remove one of the two" }}
{{- end }}
{{- end }}
{{- toYaml $errors -}}
{{- end -}}

{{/*
PodDisruptionBudgets in the official chart's shape: config gives maxUnavailable or minAvailable, not both (the
API server refuses a budget with both), and podDisruptionBudget.maxUnavailable, this chart's key before that
shape, is refused with its replacement. Returns its problems as a YAML list.
*/}}
{{- define "airflow.validate.disruptionBudgets" -}}
{{- $v := .Values -}}
{{- $errors := list -}}
{{- $written := dict "scheduler" $v.scheduler "apiServer" $v.apiServer "webserver" $v.webserver "triggerer" $v.triggerer "dagProcessor" $v.dagProcessor "pgbouncer" $v.pgbouncer "workers" $v.workers "workers.celery" $v.workers.celery -}}
{{- range $path, $values := $written }}
{{- if hasKey (dig "podDisruptionBudget" dict (default dict $values)) "maxUnavailable" }}
{{- $errors = append $errors (printf "%s.podDisruptionBudget.maxUnavailable: not a key of the official chart; use %s.podDisruptionBudget.config.maxUnavailable" $path $path) }}
{{- end }}
{{- end }}
{{- /* Both bounds as the budget reads them: workers.celery over workers, webserver over apiServer on Airflow 2; named where the override is written. */}}
{{- $config := dict }}
{{- range $path, $values := $written }}{{ $_ := set $config $path (dig "podDisruptionBudget" "config" dict (default dict $values)) }}{{ end }}
{{- $ui := include "airflow.version.uiComponent" . }}
{{- $paths := dict "scheduler" "scheduler" "triggerer" "triggerer" "dag-processor" "dagProcessor" "pgbouncer" "pgbouncer" "worker" (ternary "workers.celery" "workers" (not (empty (get $config "workers.celery")))) $ui (ternary "webserver" "apiServer" (and (eq $ui "webserver") (not (empty $config.webserver)))) }}
{{- range $component, $path := $paths }}
{{- $bounds := include "airflow.names.values" (dict "root" $ "component" $component) | fromYaml | dig "podDisruptionBudget" "config" dict }}
{{- if not (or (kindIs "invalid" $bounds.maxUnavailable) (kindIs "invalid" $bounds.minAvailable)) }}
{{- $errors = append $errors (printf "%s.podDisruptionBudget.config: maxUnavailable (%v) and minAvailable (%v) are both set, and a PodDisruptionBudget takes one of them; remove one, or set it to null (maxUnavailable is 1 unless minAvailable is set)" $path $bounds.maxUnavailable $bounds.minAvailable) }}
{{- end }}
{{- end }}
{{- toYaml $errors -}}
{{- end -}}
