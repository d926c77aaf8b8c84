{{/* Images. */}}

{{/* The Airflow image tag: images.airflow.tag, else defaultAirflowTag, else airflowVersion, else 3.3.2. */}}
{{- define "airflow.images.airflowTag" -}}
{{- .Values.images.airflow.tag | default .Values.defaultAirflowTag | default .Values.airflowVersion | default "3.3.2" -}}
{{- end -}}

{{/* repository:tag of the Airflow image. */}}
{{- define "airflow.images.airflow" -}}
{{- printf "%s:%s" (default .Values.defaultAirflowRepository .Values.images.airflow.repository) (include "airflow.images.airflowTag" .) -}}
{{- end -}}

{{/*
image + imagePullPolicy lines of a container: (dict "root" $ "image" "gitSync").
For the Airflow image, "override" ({repository, tag, pullPolicy}, e.g. workers.image) replaces
each field it sets.
*/}}
{{- define "airflow.images.container" -}}
{{- if eq .image "airflow" -}}
{{- $o := default dict .override -}}
image: {{ printf "%s:%s" (default (default .root.Values.defaultAirflowRepository .root.Values.images.airflow.repository) $o.repository) (default (include "airflow.images.airflowTag" .root) $o.tag) }}
imagePullPolicy: {{ default .root.Values.images.airflow.pullPolicy $o.pullPolicy }}
{{- else -}}
{{- $img := index .root.Values.images .image -}}
image: {{ printf "%s:%s" $img.repository $img.tag }}
imagePullPolicy: {{ $img.pullPolicy }}
{{- end -}}
{{- end -}}
