{{/* Images. */}}

{{- define "airflow.images.airflowTag" -}}
{{- default .Values.defaultAirflowTag .Values.images.airflow.tag -}}
{{- end -}}

{{/* repository:tag of the Airflow image. */}}
{{- define "airflow.images.airflow" -}}
{{- printf "%s:%s" (default .Values.defaultAirflowRepository .Values.images.airflow.repository) (include "airflow.images.airflowTag" .) -}}
{{- end -}}

{{/* image + imagePullPolicy lines of a container: (dict "root" $ "image" "gitSync"). */}}
{{- define "airflow.images.container" -}}
{{- if eq .image "airflow" -}}
image: {{ include "airflow.images.airflow" .root }}
imagePullPolicy: {{ .root.Values.images.airflow.pullPolicy }}
{{- else -}}
{{- $img := index .root.Values.images .image -}}
image: {{ printf "%s:%s" $img.repository $img.tag }}
imagePullPolicy: {{ $img.pullPolicy }}
{{- end -}}
{{- end -}}
