{{/*
Pod-level pieces every workload shares. Most take (dict "root" $ "values" <the component's values>),
where the component's shared keys (values.yaml "@defs component") override the global ones.
*/}}

{{/*
The head of every pod spec: ServiceAccount, token, securityContext, scheduling, pull secrets.
(dict "root" $ "component" "scheduler" "values" v "securityContext" dict "pullSecrets" list): the kubelet mounts no token
unless serviceAccount.automountServiceAccountToken says so (a pod that calls the API mounts its own:
airflow.pod.apiToken); securityContext the pod's default (empty: the global one, airflow.pod.globalPodSecurity).
*/}}
{{- define "airflow.pod.head" -}}
{{- with include "airflow.names.serviceAccount" . }}
serviceAccountName: {{ . }}
{{- end }}
{{- $token := dig "serviceAccount" "automountServiceAccountToken" nil .values }}
automountServiceAccountToken: {{ ternary $token false (kindIs "bool" $token) }}
{{ include "airflow.pod.securityContext" . }}
{{- include "airflow.pod.scheduling" . }}
{{- include "airflow.pod.imagePullSecrets" (dict "root" .root "extra" .pullSecrets) }}
{{- end -}}

{{/*
The API token of a pod that calls the API server (.token: the scheduler launching task pods, the
cleanup, the create-secrets Job): "true" when the chart mounts it itself, unless
serviceAccount.automountServiceAccountToken decides (true: the kubelet's mount in every container,
false: none). The pod then sets automountServiceAccountToken: false and only the container that calls
the API mounts airflow.pod.apiTokenVolume, the files the kubelet would mount (a rotated token, the
cluster CA, the namespace), so sidecars and init containers get no token. (dict "values" v "token" bool)
*/}}
{{- define "airflow.pod.apiToken" -}}
{{- if and .token (not (kindIs "bool" (dig "serviceAccount" "automountServiceAccountToken" nil (default dict .values)))) }}true{{ end -}}
{{- end -}}

{{/* The API token's volume (.mount: its volumeMount), as a list item. */}}
{{- define "airflow.pod.apiTokenVolume" -}}
{{- if .mount -}}
- {name: kube-api-access, mountPath: /var/run/secrets/kubernetes.io/serviceaccount, readOnly: true}
{{- else -}}
- name: kube-api-access
  projected:
    sources:
      - serviceAccountToken: {path: token, expirationSeconds: 3607}
      - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
      - downwardAPI: {items: [{path: namespace, fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}]}
{{- end }}
{{- end -}}

{{/*
nodeSelector, affinity, tolerations and topologySpreadConstraints of a component:
its own value when set, else the global one; its priorityClassName and hostAliases.
*/}}
{{- define "airflow.pod.scheduling" -}}
{{- range $key := list "nodeSelector" "affinity" "tolerations" "topologySpreadConstraints" }}
{{- $value := default (index $.root.Values $key) (get $.values $key) }}
{{- with $value }}
{{ $key }}:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
{{- with .values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .values.hostAliases }}
hostAliases:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
Pod securityContext: the component's securityContexts.pod (or its older securityContext), else
.securityContext (the chart's for the component), else the global one.
*/}}
{{- define "airflow.pod.securityContext" -}}
{{- $own := dig "securityContexts" "pod" dict .values | default (dig "securityContext" dict .values) -}}
securityContext:
{{- toYaml ($own | default .securityContext | default (include "airflow.pod.globalPodSecurity" .root | fromYaml)) | nindent 2 }}
{{- end -}}

{{/* The global pod securityContext: securityContexts.pod's keys over securityContext (the official chart's older key, holding the chart's default). */}}
{{- define "airflow.pod.globalPodSecurity" -}}
{{- toYaml (merge (deepCopy (default dict .Values.securityContexts.pod)) (default dict .Values.securityContext)) -}}
{{- end -}}

{{/*
Container securityContext: the component's securityContexts.container, else the global one;
readOnlyRootFilesystem where the container allows it unless that sets it.
(dict "root" $ "values" v "readOnly" true); "container" replaces the component's choice (wait-for-migrations' own).
*/}}
{{- define "airflow.pod.containerSecurityContext" -}}
{{- $own := .container | default (dig "securityContexts" "container" dict (default dict .values)) -}}
securityContext:
{{- toYaml (merge (deepCopy (default (include "airflow.pod.globalContainerSecurity" .root | fromYaml) $own)) (dict "readOnlyRootFilesystem" (default false .readOnly))) | nindent 2 }}
{{- end -}}

{{/* The global container securityContext: securityContexts.containers (the official chart's key), else .container. */}}
{{- define "airflow.pod.globalContainerSecurity" -}}
{{- toYaml (default .Values.securityContexts.container .Values.securityContexts.containers) -}}
{{- end -}}

{{/*
imagePullSecrets (names or {name}), then registry.secretName and the Secret built from registry.connection,
then a pod's own (PostgreSQL's Bitnami-style pullSecrets). $ or (dict "root" $ "extra" list).
*/}}
{{- define "airflow.pod.imagePullSecrets" -}}
{{- $root := default . .root -}}
{{- $names := list -}}
{{- range concat $root.Values.imagePullSecrets (default list .extra) }}{{ $names = append $names (ternary . (dig "name" "" (kindIs "map" . | ternary . dict)) (kindIs "string" .)) }}{{ end -}}
{{- with $root.Values.registry.secretName }}{{ $names = append $names . }}{{ end -}}
{{- if $root.Values.registry.connection.host }}{{ $names = append $names (include "airflow.names.component" (dict "root" $root "component" "registry")) }}{{ end -}}
{{- with $names | uniq }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* A list the user wrote (extraContainers, extraVolumes, ...), templated as the official chart does, as list items. (dict "root" $ "list" v) */}}
{{- define "airflow.pod.userList" -}}
{{- with .list }}
{{ tpl (toYaml .) $.root }}
{{- end }}
{{- end -}}

{{/*
command and args of a component's main container: the component's (templated, as in the official
chart), else the chart's (.command: none means the image's entrypoint; .args); its lifecycle hooks.
(dict "root" $ "values" v "command" list "args" list)
*/}}
{{- define "airflow.pod.command" -}}
{{- with .values.containerLifecycleHooks }}
lifecycle:
  {{- tpl (toYaml .) $.root | nindent 2 }}
{{- end }}
{{- range $key := list "command" "args" }}
{{- if get $.values $key }}
{{ $key }}:
  {{- tpl (toYaml (get $.values $key)) $.root | nindent 2 }}
{{- else if get $ $key }}
{{ $key }}: {{ toJson (get $ $key) }}
{{- end }}
{{- end }}
{{- end -}}
