{{/* What the workloads share beside their controller: migrations, checksums, Services, ServiceAccounts, PDBs. */}}

{{/* Every Airflow pod waits until `airflow db migrate` has run for this image. */}}
{{- define "airflow.workload.waitForMigrations" -}}
- name: wait-for-migrations
  {{- include "airflow.images.container" (dict "root" . "image" "airflow") | nindent 2 }}
  args: ["bash", "-c", {{ printf "%s && exec airflow db check-migrations --migration-wait-timeout=%v" (include "airflow.jobs.waitForDatabase" .) .Values.migrateDatabaseJob.waitTimeoutSeconds | quote }}]
  env:
    {{- include "airflow.env.airflow" (dict "root" . "env" list) | nindent 4 }}
  resources:
    {{- toYaml .Values.migrateDatabaseJob.resources | nindent 4 }}
  {{- include "airflow.pod.containerSecurityContext" (dict "root" .) | nindent 2 }}
  volumeMounts:
    - {name: config, mountPath: /opt/airflow/airflow.cfg, subPath: airflow.cfg, readOnly: true}
{{- end -}}

{{/* Pods restart when the config, the pod templates or any secret input changes. */}}
{{- define "airflow.workload.checksums" -}}
checksum/config: {{ include "airflow.memo" (dict "root" . "helper" "airflow.config.cfg") | sha256sum }}
checksum/pod-templates: {{ include "airflow.memo" (dict "root" . "helper" "airflow.podTemplates.all") | sha256sum }}
checksum/secrets: {{ list .Values.fernetKey .Values.fernetKeySecretName .Values.apiSecretKey .Values.apiSecretKeySecretName .Values.jwtSecret .Values.jwtSecretName .Values.webserverSecretKey .Values.webserverSecretKeySecretName .Values.data .Values.extraEnvFrom .Values.env | toJson | sha256sum }}
{{- end -}}

{{/* A ServiceAccount for a component: (dict "root" $ "component" "scheduler"). */}}
{{- define "airflow.workload.serviceAccount" -}}
{{- $values := include "airflow.names.values" . | fromYaml -}}
{{- if $values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "airflow.names.serviceAccount" . }}
  labels:
    {{- include "airflow.labels.standard" . | nindent 4 }}
  {{- with $values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end }}
{{- end -}}

{{/* A PodDisruptionBudget for a component: (dict "root" $ "component" "scheduler"). */}}
{{- define "airflow.workload.podDisruptionBudget" -}}
{{- $values := include "airflow.names.values" . | fromYaml -}}
{{- if $values.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "airflow.names.component" . }}
  labels:
    {{- include "airflow.labels.standard" . | nindent 4 }}
spec:
  maxUnavailable: {{ $values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "airflow.labels.selector" . | nindent 6 }}
{{- end }}
{{- end -}}

{{/*
A Service in front of a component: (dict "root" $ "component" "redis" "ports" (list {name, port, protocol})
"type" "ClusterIP" "annotations" dict "headless" bool). Each port targets the container port of its name.
headless: no cluster IP, a DNS name per pod (the Service a StatefulSet names).
*/}}
{{- define "airflow.workload.service" -}}
{{- $ctx := dict "root" .root "component" .component -}}
apiVersion: v1
kind: Service
{{ include "airflow.labels.metadata" (merge (dict "annotations" .annotations) $ctx) }}
spec:
  type: {{ default "ClusterIP" .type }}
  {{- if .headless }}
  clusterIP: None
  {{- end }}
  selector:
    {{- include "airflow.labels.selector" $ctx | nindent 4 }}
  ports:
    {{- range .ports }}
    - {name: {{ .name }}, port: {{ .port }}, targetPort: {{ .name }}, protocol: {{ default "TCP" .protocol }}}
    {{- end }}
{{- end -}}
