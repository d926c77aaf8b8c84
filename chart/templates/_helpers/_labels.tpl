{{/* Labels. `component` follows the official chart so `kubectl -l component=scheduler` keeps working. */}}

{{/* Selector labels of a component: (dict "root" $ "component" "scheduler"). */}}
{{- define "airflow.labels.selector" -}}
tier: airflow
component: {{ .component }}
release: {{ .root.Release.Name }}
{{- end -}}

{{/*
Full labels of a component's objects: the global labels, then the component's, under the chart's own. The
component's are .labels when given, else the labels key of the component .owner names (default .component):
the official chart's <component>.labels go on all its objects (Service, ServiceAccount, Role, Secret...), not only
its pods and controller. Never in selectors, which must not change on upgrade.
*/}}
{{- define "airflow.labels.standard" -}}
{{- $own := dict "app.kubernetes.io/name" "airflow" "app.kubernetes.io/instance" .root.Release.Name
      "app.kubernetes.io/component" .component "app.kubernetes.io/managed-by" .root.Release.Service
      "app.kubernetes.io/version" (include "airflow.version.value" .root)
      "helm.sh/chart" (printf "%s-%s" .root.Chart.Name .root.Chart.Version) -}}
{{- $labels := .labels -}}
{{- if not (hasKey . "labels") }}{{ $labels = (include "airflow.names.values" (dict "root" .root "component" (default .component .owner) "optional" true) | fromYaml).labels }}{{ end -}}
{{- $user := merge (deepCopy (default dict $labels)) (default dict .root.Values.labels) -}}
{{- toYaml (merge (include "airflow.labels.selector" . | fromYaml) $own $user) }}
{{- end -}}

{{/*
Labels and annotations of a component's pods: (dict "root" $ "component" "scheduler" "values" v
"annotations" dict "labels" dict): the selector labels over .labels, the component's labels and the global ones;
.annotations, podAnnotations and cluster-autoscaler's safe-to-evict when safeToEvict is set.
*/}}
{{- define "airflow.labels.pod" -}}
{{- $v := default dict .values -}}
{{- $labels := merge (include "airflow.labels.selector" . | fromYaml) (default dict .labels) (default dict $v.labels) (default dict .root.Values.labels) -}}
{{- $annotations := merge (deepCopy (default dict $v.podAnnotations)) (default dict .annotations) -}}
{{- if kindIs "bool" $v.safeToEvict }}{{ $_ := set $annotations "cluster-autoscaler.kubernetes.io/safe-to-evict" (toString $v.safeToEvict) }}{{ end -}}
labels:
  {{- toYaml $labels | nindent 2 }}
{{- with $annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
An object's metadata: .name (default <fullname>-<component>), the release namespace (kubectl, Argo CD and
scanners see where it goes, not their current namespace; none when .clusterScoped), the standard labels
(with .labels or .owner's, see above) and .overLabels over them (a monitoring object's, which prometheus-operator
selects on), annotations when given: (dict "root" $ "component" "redis" "annotations" dict).
*/}}
{{- define "airflow.labels.metadata" -}}
metadata:
  name: {{ default (include "airflow.names.component" .) .name }}
  {{- if not .clusterScoped }}
  namespace: {{ .root.Release.Namespace }}
  {{- end }}
  labels:
    {{- toYaml (mergeOverwrite (include "airflow.labels.standard" . | fromYaml) (default dict .overLabels)) | nindent 4 }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
