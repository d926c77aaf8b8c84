{{/*
A workload that is not Airflow (PgBouncer, Redis, PostgreSQL, StatsD): one container from data,
plus the component's shared keys (values.yaml "@defs component"). Call with a dict:
root, component, kind, replicas, values (the component's values), user (uid and gid of the image),
fsGroup (bool: the pod owns its volumes), annotations, claim (see airflow.workload.controller),
volumes (list), initContainers (YAML list items, before extraInitContainers), pullSecrets (list), and
container: {image (a key of .Values.images, or {repository, tag, digest, pullPolicy}), command, args, env,
ports, livenessProbe, readinessProbe, volumeMounts, readOnly}.
*/}}
{{- define "airflow.workload.backing" -}}
{{- include "airflow.workload.controller" (dict "root" .root "component" .component "kind" .kind "values" .values
      "replicas" .replicas "annotations" .annotations "claim" .claim
      "podSpec" (include "airflow.workload.backingPod" .)) }}
{{- end -}}

{{- define "airflow.workload.backingPod" -}}
{{- $c := .container -}}
{{- $v := default dict .values -}}
{{- $security := dict "runAsUser" .user "runAsGroup" .user "runAsNonRoot" true "seccompProfile" (dict "type" "RuntimeDefault") }}
{{- if .fsGroup }}{{ $_ := set $security "fsGroup" .user }}{{ end }}
{{- include "airflow.pod.head" (dict "root" .root "component" .component "values" $v "securityContext" $security "pullSecrets" .pullSecrets) }}
{{- with $v.terminationGracePeriodSeconds }}
terminationGracePeriodSeconds: {{ . }}
{{- end }}
{{- if or .initContainers $v.extraInitContainers }}
initContainers:
  {{- with .initContainers }}{{ . | nindent 2 }}{{ end }}
  {{- include "airflow.pod.userList" (dict "root" $.root "list" $v.extraInitContainers) | nindent 2 }}
{{- end }}
containers:
  - name: {{ .component }}
    {{- include "airflow.images.container" (dict "root" .root "image" $c.image) | nindent 4 }}
    {{- include "airflow.pod.command" (dict "root" .root "values" $v "command" $c.command "args" $c.args) | nindent 4 }}
    {{- with concat (default list $c.env) (default list $v.env) }}
    env:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with $c.ports }}
    ports:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- include "airflow.pod.probes" (dict "defaults" (pick $c "livenessProbe" "readinessProbe") "values" $v) | nindent 4 }}
    resources:
      {{- toYaml $v.resources | nindent 6 }}
    {{- include "airflow.pod.containerSecurityContext" (dict "root" .root "values" $v "readOnly" $c.readOnly) | nindent 4 }}
    volumeMounts:
      {{- toYaml $c.volumeMounts | nindent 6 }}
      {{- include "airflow.pod.userList" (dict "root" .root "list" $v.extraVolumeMounts) | nindent 6 }}
  {{- include "airflow.pod.userList" (dict "root" .root "list" $v.extraContainers) | nindent 2 }}
{{- if or .volumes $v.extraVolumes }}
volumes:
  {{- with .volumes }}{{ toYaml . | nindent 2 }}{{ end }}
  {{- include "airflow.pod.userList" (dict "root" .root "list" $v.extraVolumes) | nindent 2 }}
{{- end }}
{{- end -}}
