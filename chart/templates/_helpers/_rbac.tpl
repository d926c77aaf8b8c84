{{/*
A Role of the component in the release namespace, with its rules (a list of PolicyRule dicts).
Usage: include "airflow.rbac.role" (dict "root" $ "component" "cleanup" "rules" (list (dict "apiGroups" (list "") ...)))
*/}}
{{- define "airflow.rbac.role" -}}
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
{{ include "airflow.labels.metadata" (dict "root" .root "component" .component) }}
rules:
  {{- toYaml .rules | nindent 2 }}
{{- end -}}

{{/*
A RoleBinding of the component's own Role (role.yaml beside it) to ServiceAccounts of the release namespace.
Usage: include "airflow.rbac.roleBinding" (dict "root" $ "component" "cleanup" "serviceAccounts" (list "airflow-cleanup"))
*/}}
{{- define "airflow.rbac.roleBinding" -}}
{{- $ctx := dict "root" .root "component" .component -}}
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
{{ include "airflow.labels.metadata" $ctx }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ include "airflow.names.component" $ctx }}
subjects:
  {{- range .serviceAccounts | uniq }}
  - kind: ServiceAccount
    name: {{ . }}
    namespace: {{ $.root.Release.Namespace }}
  {{- end }}
{{- end -}}
