{{/* git-sync (v4): a sidecar where DAGs are parsed, a one-shot init container in worker pods. */}}

{{/* The git-sync container: (dict "root" $ "oneShot" bool). */}}
{{- define "airflow.gitSync.container" -}}
{{- $g := .root.Values.dags.gitSync -}}
- name: {{ printf "%s%s" $g.containerName (ternary "-init" "" .oneShot) }}
  {{- include "airflow.images.container" (dict "root" .root "image" "gitSync") | nindent 2 }}
  env:
    - {name: GITSYNC_REPO, value: {{ $g.repo | quote }}}
    {{- /* ref (git-sync v4's own key) wins; else rev, where HEAD means the branch's tip. */}}
    - {name: GITSYNC_REF, value: {{ $g.ref | default (ternary $g.branch $g.rev (eq $g.rev "HEAD")) | quote }}}
    - {name: GITSYNC_DEPTH, value: {{ $g.depth | quote }}}
    - {name: GITSYNC_ROOT, value: /git}
    - {name: GITSYNC_LINK, value: repo}
    {{- /* wait: the official chart's deprecated seconds, which win over period there too. */}}
    - {name: GITSYNC_PERIOD, value: {{ ternary (printf "%vs" $g.wait) $g.period (not (empty $g.wait)) | quote }}}
    - {name: GITSYNC_MAX_FAILURES, value: {{ $g.maxFailures | quote }}}
    {{- if .oneShot }}
    - {name: GITSYNC_ONE_TIME, value: "true"}
    {{- else }}
    - {name: GITSYNC_HTTP_BIND, value: {{ printf ":%v" $g.httpPort | quote }}}
    {{- end }}
    {{- if $g.sshKeySecret }}
    - {name: GITSYNC_SSH_KEY_FILE, value: /etc/git-secret/ssh}
    - {name: GITSYNC_SSH_KNOWN_HOSTS, value: "true"}
    - {name: GITSYNC_SSH_KNOWN_HOSTS_FILE, value: /etc/git-secret/known_hosts}
    {{- end }}
    {{- if $g.credentialsSecret }}
    - name: GITSYNC_USERNAME
      valueFrom: {secretKeyRef: {name: {{ $g.credentialsSecret }}, key: GITSYNC_USERNAME}}
    - name: GITSYNC_PASSWORD
      valueFrom: {secretKeyRef: {name: {{ $g.credentialsSecret }}, key: GITSYNC_PASSWORD}}
    {{- end }}
    {{- with $g.env }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with include "airflow.env.listOrString" (dict "root" .root "value" $g.envFrom) }}
  envFrom:
    {{- . | nindent 4 }}
  {{- end }}
  {{- /* git-sync runs as its own user (uid); the pod's fsGroup 0 lets Airflow read the checkout. securityContext: the official deprecated name. */}}
  securityContext:
    {{- toYaml (merge (default dict $g.securityContexts.container) (default dict $g.securityContext) (dict "runAsUser" $g.uid "readOnlyRootFilesystem" true) (include "airflow.pod.globalContainerSecurity" .root | fromYaml)) | nindent 4 }}
  {{- with $g.containerLifecycleHooks }}
  lifecycle:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  resources:
    {{- toYaml $g.resources | nindent 4 }}
  {{- if not .oneShot }}
  ports:
    - {name: git-sync, containerPort: {{ $g.httpPort }}, protocol: TCP}
  {{- /* Ready once the first sync succeeded (git-sync's / answers 200 from then on): the pod has its DAGs. */}}
  {{- $default := dict "livenessProbe" (dict "initialDelaySeconds" 30 "periodSeconds" 30 "failureThreshold" 10) "readinessProbe" (dict "periodSeconds" 10) }}
  {{- range $probe := list "livenessProbe" "readinessProbe" "startupProbe" }}
  {{- if not (and (eq $probe "readinessProbe") $g.recommendedProbeSetting) }}
  {{- with include "airflow.gitSync.probe" (dict "value" (get $g $probe) "default" (get $default $probe)) }}
  {{ $probe }}:
    {{- . | nindent 4 }}
  {{- end }}
  {{- end }}
  {{- end }}
  {{- end }}
  volumeMounts:
    - name: dags
      mountPath: /git
      {{- $p := .root.Values.dags.persistence }}
      {{- if and $p.enabled $p.subPath }}
      subPath: {{ $p.subPath }}
      {{- end }}
    - {name: git-tmp, mountPath: /tmp}
    {{- if $g.sshKeySecret }}
    - {name: git-ssh-key, mountPath: /etc/git-secret/ssh, subPath: gitSshKey, readOnly: true}
    - {name: git-known-hosts, mountPath: /etc/git-secret/known_hosts, subPath: known_hosts, readOnly: true}
    {{- end }}
    {{- with $g.extraVolumeMounts }}
    {{- tpl (toYaml .) $.root | nindent 4 }}
    {{- end }}
{{- end -}}

{{/*
A git-sync probe: (dict "value" dags.gitSync.<probe> "default" timing or nil). A full Probe (with a
handler) is used as given; timing fields alone ({enabled, initialDelaySeconds, ...}, newer official
charts) apply to git-sync's own check, 200 on / while its last sync succeeded; enabled: false, none.
*/}}
{{- define "airflow.gitSync.probe" -}}
{{- $v := default dict .value -}}
{{- if or $v.httpGet $v.exec $v.tcpSocket $v.grpc -}}
{{- toYaml $v -}}
{{- else if and (or $v .default) (ne (toString $v.enabled) "false") -}}
{{- $probe := merge (dict "httpGet" (dict "path" "/" "port" "git-sync")) (deepCopy (default dict .default)) -}}
{{- range $key, $field := omit $v "enabled" }}{{ $_ := set $probe $key $field }}{{ end -}}
{{- toYaml $probe -}}
{{- end -}}
{{- end -}}

{{/* Volumes git-sync needs beside the dags emptyDir. */}}
{{- define "airflow.gitSync.volumes" -}}
- name: git-tmp
  emptyDir: {}
{{- with .Values.dags.gitSync.sshKeySecret }}
- name: git-ssh-key
  secret:
    secretName: {{ . }}
    defaultMode: 288  # 0440: git-sync reads it through the pod fsGroup
- name: git-known-hosts
  configMap:
    name: {{ include "airflow.names.component" (dict "root" $ "component" "git-known-hosts") }}
{{- end }}
{{- end -}}

{{/*
Whether a component runs the git-sync sidecar: (dict "root" $ "component" "scheduler" "mode" "sidecar").
Without dags.persistence each pod that reads DAGs syncs its own copy; with it, as in the official
chart, git-sync fills the shared PVC from one pod: the DAG parser's (dag-processor, else scheduler).
*/}}
{{- define "airflow.gitSync.sidecar" -}}
{{- $dags := .root.Values.dags -}}
{{- if and (eq (default "" .mode) "sidecar") $dags.gitSync.enabled -}}
{{- $parser := ternary "dag-processor" "scheduler" (not (empty (include "airflow.version.dagProcessorEnabled" .root))) -}}
{{- if or (not $dags.persistence.enabled) (eq .component $parser) }}true{{ end -}}
{{- end -}}
{{- end -}}

{{/* The folder Airflow reads DAGs from: git-sync's checkout (in an emptyDir or the DAGs PVC), else the mount. */}}
{{- define "airflow.gitSync.dagsFolder" -}}
{{- if .Values.dags.gitSync.enabled -}}
{{- trimSuffix "/" (printf "%s/repo/%s" .Values.dags.mountPath .Values.dags.gitSync.subPath) -}}
{{- else -}}
{{- .Values.dags.mountPath -}}
{{- end -}}
{{- end -}}

{{/*
known_hosts of an ssh repository: dags.gitSync.knownHosts, else the lines of files/ssh_known_hosts for the
repository's host (the keys its forge publishes, e.g. github.com's; the official chart would skip the check), else "".
*/}}
{{- define "airflow.gitSync.knownHosts" -}}
{{- $g := .Values.dags.gitSync -}}
{{- if $g.knownHosts -}}
{{- trim $g.knownHosts -}}
{{- else -}}
{{- $host := regexReplaceAll "^(ssh://)?([^@/]+@)?([^:/]+).*$" $g.repo "${3}" -}}
{{- $lines := list -}}
{{- range splitList "\n" (.Files.Get "files/ssh_known_hosts") }}{{ if hasPrefix (printf "%s " $host) . }}{{ $lines = append $lines . }}{{ end }}{{ end -}}
{{- join "\n" $lines -}}
{{- end -}}
{{- end -}}
