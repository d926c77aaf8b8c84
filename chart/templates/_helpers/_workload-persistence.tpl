{{/*
Claims of StatefulSets, and per-pod log volumes (workers.persistence, triggerer.persistence, as in the official chart): with
persistence.enabled the component runs as a StatefulSet whose pods each keep their task logs on a
claim of their own (volumeClaimTemplate "logs"), so the UI can still read them after a restart.
With logs.persistence on, every pod already shares the logs claim and no template is added.
Each helper takes the arguments of airflow.workload.deployment (persistence: the component's block).
*/}}

{{/* "StatefulSet" when the component keeps its logs per pod, else "Deployment". */}}
{{- define "airflow.workload.kind" -}}
{{- if (default dict .persistence).enabled }}StatefulSet{{ else }}Deployment{{ end -}}
{{- end -}}

{{/* The claim argument of airflow.workload.controller as YAML ({} when none). */}}
{{- define "airflow.workload.logsClaim" -}}
{{- with .persistence }}
{{- if and .enabled $.logs (not $.root.Values.logs.persistence.enabled) }}
{{- toYaml (dict "name" "logs" "size" .size "storageClassName" .storageClassName "annotations" .annotations "retention" .persistentVolumeClaimRetentionPolicy) }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
A StatefulSet's claim template and its retention policy, as spec fields: the claim argument of
airflow.workload.controller, {size, storageClassName, name (default data), annotations, retention}.
*/}}
{{- define "airflow.workload.claimTemplates" -}}
{{- with .retention -}}
persistentVolumeClaimRetentionPolicy:
  {{- toYaml . | nindent 2 }}
{{ end -}}
volumeClaimTemplates:
  - metadata:
      name: {{ default "data" .name }}
      {{- with .annotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      accessModes: [ReadWriteOnce]
      {{- with .storageClassName }}
      storageClassName: {{ . }}
      {{- end }}
      resources:
        requests:
          storage: {{ .size }}
{{- end -}}

{{/*
persistence.fixPermissions: an init container that hands the logs volume to the Airflow user
(some provisioners, e.g. kind's local-path, ignore fsGroup). The only container that runs as root,
with just the capabilities chown needs.
*/}}
{{- define "airflow.workload.fixPermissions" -}}
{{- $p := default dict .persistence -}}
{{- if and $p.enabled $p.fixPermissions .logs }}
{{- $pod := .root.Values.securityContexts.pod }}
- name: volume-permissions
  {{- include "airflow.images.container" (dict "root" .root "image" "airflow") | nindent 2 }}
  command: ["chown", "-R", {{ printf "%v:%v" (default 50000 $pod.runAsUser) (default 0 $pod.runAsGroup) | quote }}, {{ .root.Values.logs.mountPath | quote }}]
  resources:
    {{- toYaml .root.Values.migrateDatabaseJob.resources | nindent 4 }}
  securityContext:
    runAsUser: 0
    runAsNonRoot: false
    allowPrivilegeEscalation: false
    capabilities: {drop: [ALL], add: [CHOWN, DAC_OVERRIDE, FOWNER]}
  volumeMounts:
    - {name: logs, mountPath: {{ .root.Values.logs.mountPath }}}
{{- end }}
{{- end -}}
