{{/*
A workload that is not Airflow (PgBouncer, Redis, PostgreSQL, StatsD): one container from data.
Call with a dict: root, component, kind, replicas, values (scheduling and resources),
user (uid and gid of the image), fsGroup (bool: the pod owns its volumes),
annotations, claim (see airflow.workload.controller), volumes (list), and container: {image (a key
of .Values.images), command, args, env, ports, livenessProbe, readinessProbe, volumeMounts, readOnly}.
*/}}
{{- define "airflow.workload.backing" -}}
{{- include "airflow.workload.controller" (dict "root" .root "component" .component "kind" .kind
      "replicas" .replicas "annotations" .annotations "claim" .claim
      "podSpec" (include "airflow.workload.backingPod" .)) }}
{{- end -}}

{{- define "airflow.workload.backingPod" -}}
{{- $c := .container -}}
automountServiceAccountToken: false
securityContext:
  {{- $security := dict "runAsUser" .user "runAsGroup" .user "runAsNonRoot" true "seccompProfile" (dict "type" "RuntimeDefault") }}
  {{- if .fsGroup }}{{ $_ := set $security "fsGroup" .user }}{{ end }}
  {{- toYaml $security | nindent 2 }}
{{- include "airflow.pod.scheduling" (dict "root" .root "values" .values) }}
{{- include "airflow.pod.imagePullSecrets" .root }}
containers:
  - name: {{ .component }}
    {{- include "airflow.images.container" (dict "root" .root "image" $c.image) | nindent 4 }}
    {{- toYaml (pick $c "command" "args" "env" "ports" "livenessProbe" "readinessProbe") | nindent 4 }}
    resources:
      {{- toYaml .values.resources | nindent 6 }}
    {{- include "airflow.pod.containerSecurityContext" (dict "root" .root "readOnly" $c.readOnly) | nindent 4 }}
    volumeMounts:
      {{- toYaml $c.volumeMounts | nindent 6 }}
{{- with .volumes }}
volumes:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
