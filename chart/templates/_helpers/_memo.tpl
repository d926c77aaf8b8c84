{{/*
Memoize a pure helper for the rest of this render: (dict "root" $ "helper" "airflow.config.cfg").
Helm has no per-render cache, and airflow.cfg and the pod templates feed a checksum in every
workload; rendering them once keeps `helm template` fast. The cache lives in a key of
.Values added after schema validation, so users never see it.
*/}}
{{- define "airflow.memo" -}}
{{- if not (hasKey .root.Values "_memo") }}{{ $_ := set .root.Values "_memo" dict }}{{ end -}}
{{- $memo := .root.Values._memo -}}
{{- if not (hasKey $memo .helper) }}{{ $_ := set $memo .helper (include .helper .root) }}{{ end -}}
{{- get $memo .helper -}}
{{- end -}}
