{{/*
A HorizontalPodAutoscaler (autoscaling/v2) of a workload whose controller leaves out replicas:
(dict "root" $ "component" "worker" "hpa" <the component's hpa values> "target" <YAML {apiVersion, kind, name}>).
*/}}
{{- define "airflow.autoscaling.hpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
{{ include "airflow.labels.metadata" (dict "root" .root "component" .component) }}
spec:
  scaleTargetRef:
    {{- .target | nindent 4 }}
  minReplicas: {{ .hpa.minReplicaCount }}
  maxReplicas: {{ .hpa.maxReplicaCount }}
  metrics:
    {{- toYaml .hpa.metrics | nindent 4 }}
  {{- with .hpa.behavior }}
  behavior:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
