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
{{- $labels := include "airflow.labels.selector" $ctx | fromYaml -}}
{{- with .profile }}{{ $_ := set $labels "airflow-worker-profile" . }}{{ end -}}
{{- $volumeArgs := dict "root" $root "dags" true "logs" true -}}
apiVersion: v1
kind: Pod
metadata:
  name: placeholder
  labels:
    {{- toYaml (mergeOverwrite $labels (default dict $w.labels)) | nindent 4 }}
  {{- with $w.podAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  serviceAccountName: {{ default (include "airflow.names.component" $ctx) $w.serviceAccount.name }}
  automountServiceAccountToken: {{ $w.allowPodLaunching }}
  restartPolicy: Never
  terminationGracePeriodSeconds: {{ $w.terminationGracePeriodSeconds }}
  {{- include "airflow.pod.securityContext" $root | nindent 2 }}
  {{- include "airflow.pod.scheduling" (dict "root" $root "values" $w) | nindent 2 }}
  {{- include "airflow.pod.imagePullSecrets" $root | nindent 2 }}
  {{- if and $root.Values.dags.gitSync.enabled (not $root.Values.dags.persistence.enabled) }}
  initContainers:
    {{- include "airflow.gitSync.container" (dict "root" $root "oneShot" true) | nindent 4 }}
  {{- end }}
  containers:
    - name: base
      {{- include "airflow.images.container" (dict "root" $root "image" "airflow" "override" $w.image) | nindent 6 }}
      env:
        {{- include "airflow.env.airflow" (dict "root" $root "env" $w.env) | nindent 8 }}
      {{- include "airflow.env.from" (dict "root" $root "extra" $w.extraEnvFrom) | nindent 6 }}
      resources:
        {{- toYaml $w.resources | nindent 8 }}
      {{- include "airflow.pod.containerSecurityContext" (dict "root" $root) | nindent 6 }}
      volumeMounts:
        {{- include "airflow.volumes.mounts" $volumeArgs | nindent 8 }}
        {{- with $w.extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    {{- include "airflow.volumes.list" $volumeArgs | nindent 4 }}
    {{- with $w.extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
