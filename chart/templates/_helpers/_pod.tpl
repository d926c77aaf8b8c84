{{/* Pod-level pieces every workload shares: scheduling, security, pull secrets. */}}

{{/*
nodeSelector, affinity, tolerations and topologySpreadConstraints of a component:
its own value when set, else the global one. Call with (dict "root" $ "values" .Values.scheduler).
*/}}
{{- define "airflow.pod.scheduling" -}}
{{- range $key := list "nodeSelector" "affinity" "tolerations" "topologySpreadConstraints" }}
{{- $value := default (index $.root.Values $key) (get $.values $key) }}
{{- with $value }}
{{ $key }}:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "airflow.pod.securityContext" -}}
securityContext:
{{- toYaml .Values.securityContexts.pod | nindent 2 }}
{{- end -}}

{{/* Container securityContext; readOnlyRootFilesystem where the container allows it. (dict "root" $ "readOnly" true) */}}
{{- define "airflow.pod.containerSecurityContext" -}}
securityContext:
{{- toYaml (merge (dict "readOnlyRootFilesystem" (default false .readOnly)) .root.Values.securityContexts.container) | nindent 2 }}
{{- end -}}

{{- define "airflow.pod.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
