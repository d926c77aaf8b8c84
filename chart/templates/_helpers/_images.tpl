{{/* Images. */}}

{{/* The Airflow image tag: images.airflow.tag, else defaultAirflowTag, else airflowVersion, else 3.3.2. */}}
{{- define "airflow.images.airflowTag" -}}
{{- .Values.images.airflow.tag | default .Values.defaultAirflowTag | default .Values.airflowVersion | default "3.3.2" -}}
{{- end -}}

{{/* repository:tag (or repository@digest) of the Airflow image. */}}
{{- define "airflow.images.airflow" -}}
{{- include "airflow.images.reference" (include "airflow.images.airflowImage" (dict "root" .) | fromYaml) -}}
{{- end -}}

{{/* repository@digest when a digest is set, else repository:tag: (dict "repository" r "tag" t "digest" d). */}}
{{- define "airflow.images.reference" -}}
{{- if .digest }}{{ printf "%s@%s" .repository .digest }}{{ else }}{{ printf "%s:%s" .repository .tag }}{{ end -}}
{{- end -}}

{{/*
The Airflow image as YAML {repository, tag, digest, pullPolicy}: images.airflow (digest: its own, else
defaultAirflowDigest), each field the override sets replaced. An override that sets a repository or
tag drops the digest, which named another image. (dict "root" $ "override" {repository, tag, digest, pullPolicy})
*/}}
{{- define "airflow.images.airflowImage" -}}
{{- $v := .root.Values -}}
{{- $o := default dict .override -}}
{{- $digest := default $v.defaultAirflowDigest $v.images.airflow.digest -}}
{{- if or $o.repository $o.tag }}{{ $digest = "" }}{{ end -}}
repository: {{ default (default $v.defaultAirflowRepository $v.images.airflow.repository) $o.repository }}
tag: {{ default (include "airflow.images.airflowTag" .root) $o.tag | quote }}
digest: {{ default $digest $o.digest | quote }}
pullPolicy: {{ default $v.images.airflow.pullPolicy $o.pullPolicy }}
{{- end -}}

{{/*
image + imagePullPolicy lines of a container: (dict "root" $ "image" "gitSync"), any key of
.Values.images, or an image {repository, tag, digest, pullPolicy}. For "airflow", "override"
({repository, tag, digest, pullPolicy}, e.g. workers.image) replaces each field it sets.
*/}}
{{- define "airflow.images.container" -}}
{{- $img := ternary .image (index .root.Values.images (toString .image)) (kindIs "map" .image) -}}
{{- if eq (toString .image) "airflow" }}{{ $img = include "airflow.images.airflowImage" . | fromYaml }}{{ end -}}
image: {{ include "airflow.images.reference" $img }}
imagePullPolicy: {{ $img.pullPolicy }}
{{- end -}}

{{/*
The image override of the KubernetesExecutor task pods as YAML: images.pod_template's fields, then
workers.image's (or a profile's) over them; both fall back to the Airflow image (the official chart's
pod_template falls back to defaultAirflowRepository/Tag instead). (dict "root" $ "override" $w.image)
*/}}
{{- define "airflow.images.podTemplate" -}}
{{- $img := dict -}}
{{- range $source := list .root.Values.images.pod_template (default dict .override) }}
{{- range $key, $value := $source }}{{ with $value }}{{ $_ := set $img $key . }}{{ end }}{{ end }}
{{- end }}
{{- toYaml $img -}}
{{- end -}}

{{/*
The embedded PostgreSQL's image as YAML {repository, tag, digest, pullPolicy}: images.postgresql, with the
Bitnami chart's postgresql.image fields over it (registry, else postgresql.global.imageRegistry, prefixes the repository).
*/}}
{{- define "airflow.images.postgresql" -}}
{{- $img := deepCopy .Values.images.postgresql -}}
{{- $b := default dict .Values.postgresql.image -}}
{{- range $key := list "repository" "tag" "digest" "pullPolicy" }}{{ with get $b $key }}{{ $_ := set $img $key . }}{{ end }}{{ end -}}
{{- with default (dig "imageRegistry" "" (default dict .Values.postgresql.global)) $b.registry }}{{ $_ := set $img "repository" (printf "%s/%s" . $img.repository) }}{{ end -}}
{{- toYaml $img -}}
{{- end -}}
