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
{{- toYaml (dict "name" "logs" "size" .size "storageClassName" .storageClassName "annotations" .annotations) }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
A StatefulSet's claim templates and their retention policy, as spec fields, from the arguments of
airflow.workload.controller: claim {size, storageClassName, name (default data), annotations, accessModes},
then the claims list (the official chart's workers.volumeClaimTemplates), and retention.
*/}}
{{- define "airflow.workload.claimTemplates" -}}
{{- with .retention -}}
persistentVolumeClaimRetentionPolicy:
  {{- toYaml . | nindent 2 }}
{{ end -}}
volumeClaimTemplates:
  {{- with .claim }}
  - metadata:
      name: {{ default "data" .name }}
      {{- with .annotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      accessModes: {{ toJson (default (list "ReadWriteOnce") .accessModes) }}
      {{- with .storageClassName }}
      storageClassName: {{ . }}
      {{- end }}
      resources:
        requests:
          storage: {{ .size }}
  {{- end }}
  {{- with .claims }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}

{{/*
persistence.fixPermissions: an init container that hands the logs volume to the Airflow user
(some provisioners, e.g. kind's local-path, ignore fsGroup). It runs as root (as postgresql.volumePermissions does),
with just the capabilities chown needs.
*/}}
{{- define "airflow.workload.fixPermissions" -}}
{{- $p := default dict .persistence -}}
{{- if and $p.enabled $p.fixPermissions .logs }}
{{- $pod := include "airflow.pod.globalPodSecurity" .root | fromYaml }}
{{- include "airflow.workload.chown" (dict "root" .root "image" "airflow" "volume" "logs" "path" .root.Values.logs.mountPath
      "owner" (printf "%v:%v" (default 50000 $pod.runAsUser) (default 0 $pod.runAsGroup)) "resources" .root.Values.migrateDatabaseJob.resources) }}
{{- end }}
{{- end -}}

{{/*
An init container that hands a volume to its owner: (dict "root" $ "image" (see airflow.images.container)
"volume" name "path" mountPath "owner" "uid:gid" "resources" dict). Used by persistence.fixPermissions and
postgresql.volumePermissions.
*/}}
{{- define "airflow.workload.chown" -}}
- name: volume-permissions
  {{- include "airflow.images.container" (dict "root" .root "image" .image) | nindent 2 }}
  command: ["chown", "-R", {{ .owner | quote }}, {{ .path | quote }}]
  resources:
    {{- toYaml .resources | nindent 4 }}
  securityContext:
    runAsUser: 0
    runAsNonRoot: false
    allowPrivilegeEscalation: false
    capabilities: {drop: [ALL], add: [CHOWN, DAC_OVERRIDE, FOWNER]}
  volumeMounts:
    - {name: {{ .volume }}, mountPath: {{ .path }}}
{{- end -}}
