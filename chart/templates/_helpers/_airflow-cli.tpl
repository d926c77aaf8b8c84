{{/*
Airflow CLI commands run one after the other in ONE Python process, as container args.
Importing Airflow costs seconds of CPU; the waits and the migration would each pay it twice
(`db check --retry` then the real command), and on a small node every component starts at
once, so that CPU decides how soon the release is Ready. A failing command stops the chain
with its own error and exit code, as `cmd1 && cmd2` would.
Usage (a YAML list):
  args:
    {{- include "airflow.cli.chain" (list "db check --retry 300 --retry-delay 1" "db migrate") | nindent 4 }}
*/}}
{{- define "airflow.cli.chain" -}}
{{- $script := "import shlex, sys\nfrom airflow.__main__ import main\nfor command in sys.argv[1:]:\n    sys.argv = ['airflow', *shlex.split(command)]\n    main()\n" -}}
{{- concat (list "python" "-c" $script) . | toYaml -}}
{{- end -}}
