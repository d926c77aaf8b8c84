{{/*
KubernetesExecutor worker pod templates. The chart builds every one of them here: the default
(pod_template.yaml, from workers.*) and one per workers.profiles entry (<name>.yaml, the
profile deep-merged over workers.*), all by airflow.podTemplates.pod. workers.podTemplate and
workers.extraPodTemplates are templates the user wrote whole; they are mounted as given.
*/}}

{{/* Every pod template file as {file name: YAML text}. */}}
{{- define "airflow.podTemplates.all" -}}
{{- $files := dict -}}
{{- if include "airflow.executors.kubernetes" . -}}
{{- $default := .Values.workers.podTemplate -}}
{{- if not $default }}{{ $default = include "airflow.podTemplates.pod" (dict "root" . "profile" "") }}{{ end -}}
{{- $_ := set $files "pod_template.yaml" (tpl $default .) -}}
{{- range $name := keys (default dict .Values.workers.profiles) | sortAlpha -}}
{{- $_ := set $files (printf "%s.yaml" $name) (tpl (include "airflow.podTemplates.pod" (dict "root" $ "profile" $name)) $) -}}
{{- end -}}
{{- range $name, $template := .Values.workers.extraPodTemplates -}}
{{- $text := ternary $template (toYaml $template) (kindIs "string" $template) -}}
{{- $_ := set $files (printf "%s.yaml" $name) (tpl $text $) -}}
{{- end -}}
{{- end -}}
{{- toYaml $files -}}
{{- end -}}

{{/*
One worker pod template as YAML: (dict "root" $ "profile" "gpu"), profile "" for the default.
The pod is built from the worker values, then workers.podSpecPatch is merged into its spec
and workers.containerPatch into its base container (after the profile's own merge).
*/}}
{{- define "airflow.podTemplates.pod" -}}
{{- $w := include "airflow.podTemplates.values" . | fromYaml -}}
{{- $pod := include "airflow.podTemplates.skeleton" (dict "root" .root "w" $w "profile" .profile) | fromYaml -}}
{{- /* What the executor owns stays: one base container first, restartPolicy Never (refused in validate.yaml). */}}
{{- include "airflow.podTemplates.merge" (dict "dst" $pod.spec "src" (omit (default dict $w.podSpecPatch) "containers" "restartPolicy")) -}}
{{- include "airflow.podTemplates.merge" (dict "dst" (first $pod.spec.containers) "src" (omit (default dict $w.containerPatch) "name")) -}}
{{- toYaml $pod -}}
{{- end -}}

{{/*
The worker values of a template: workers.*, workers.kubernetes deep-merged over them, then the
profile (maps merge key by key, lists and scalars replace, null deletes; a profile's env entries replace by name).
*/}}
{{- define "airflow.podTemplates.values" -}}
{{- $w := omit (deepCopy .root.Values.workers) "profiles" "podTemplate" "extraPodTemplates" "celery" "kubernetes" -}}
{{- include "airflow.podTemplates.merge" (dict "dst" $w "src" (default dict .root.Values.workers.kubernetes)) -}}
{{- /* The official chart's own ServiceAccount of the task pods (workers/serviceaccount.yaml creates it). */}}
{{- $own := dig "serviceAccount" dict (default dict .root.Values.workers.kubernetes) -}}
{{- if $own.create }}{{ $_ := set $w.serviceAccount "name" (default (include "airflow.names.component" (dict "root" .root "component" "worker-kubernetes")) $own.name) }}{{ end -}}
{{- if .profile -}}
{{- $profile := deepCopy (default dict (get .root.Values.workers.profiles .profile)) -}}
{{- $env := include "airflow.podTemplates.envByName" (dict "base" (default list $w.env) "over" (default list $profile.env)) | fromYamlArray -}}
{{- include "airflow.podTemplates.merge" (dict "dst" $w "src" (omit $profile "env")) -}}
{{- $_ := set $w "env" $env -}}
{{- end -}}
{{- toYaml $w -}}
{{- end -}}

{{/* Deep-merge .src into .dst in place: maps merge key by key, anything else replaces, null deletes. */}}
{{- define "airflow.podTemplates.merge" -}}
{{- $dst := .dst -}}
{{- range $key, $value := .src -}}
{{- if kindIs "invalid" $value -}}
{{- $_ := unset $dst $key -}}
{{- else if and (kindIs "map" $value) (kindIs "map" (get $dst $key)) -}}
{{- include "airflow.podTemplates.merge" (dict "dst" (get $dst $key) "src" $value) -}}
{{- else -}}
{{- $_ := set $dst $key (deepCopy $value) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* env lists merged by name: .over's entry replaces .base's in place, new names follow. */}}
{{- define "airflow.podTemplates.envByName" -}}
{{- $over := dict -}}
{{- range .over }}{{ $_ := set $over .name . }}{{ end -}}
{{- $seen := dict -}}
{{- $out := list -}}
{{- range .base }}{{ $out = append $out (get $over .name | default .) }}{{ $_ := set $seen .name true }}{{ end -}}
{{- range .over }}{{ if not (hasKey $seen .name) }}{{ $out = append $out . }}{{ end }}{{ end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* The pod of one template before the patches: (dict "root" $ "w" <worker values> "profile" name). */}}
{{- define "airflow.podTemplates.skeleton" -}}
{{- $root := .root -}}
{{- $w := .w -}}
{{- $ctx := dict "root" $root "component" "worker" -}}
apiVersion: v1
kind: Pod
metadata:
  name: placeholder
  {{- include "airflow.labels.pod" (merge (dict "values" $w "labels" (ternary (dict "airflow-worker-profile" .profile) dict (ne .profile ""))) $ctx) | nindent 2 }}
spec:
  {{- /* workers.args are the Celery worker's: the executor gives task pods theirs. */}}
  {{- include "airflow.workload.airflowPod" (merge (dict "values" (omit $w "args") "container" "base" "restartPolicy" "Never" "wait" false "runsTasks" true
        "image" (include "airflow.images.podTemplate" (dict "root" $root "override" $w.image) | fromYaml)
        "dags" true "logs" true "gitSync" "init" "serviceAccount" (not (empty (include "airflow.workload.podLaunching" $root)))) $ctx) | nindent 2 }}
{{- end -}}
