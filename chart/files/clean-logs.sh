#!/usr/bin/env bash
# The log groomer (logGroomerSidecar): deletes old Airflow log files, then the oldest ones
# while the logs exceed a size limit. The chart mounts it over the image's /clean-logs, so
# every logGroomerSidecar key works whatever the image version. Settings (env):
#   AIRFLOW_HOME                                  grooms $AIRFLOW_HOME/logs
#   AIRFLOW__LOG_RETENTION_DAYS, _MINUTES         age limit (days plus minutes)
#   AIRFLOW__LOG_MAX_SIZE_BYTES, _PERCENT         size limit (bytes, else percent of the volume; 0: none)
#   AIRFLOW__LOG_CLEANUP_FREQUENCY_MINUTES        time between two passes
set -uo pipefail

dir="${AIRFLOW_HOME:-/opt/airflow}/logs"
age=$(( ${AIRFLOW__LOG_RETENTION_DAYS:-15} * 1440 + ${AIRFLOW__LOG_RETENTION_MINUTES:-0} ))
every=$(( ${AIRFLOW__LOG_CLEANUP_FREQUENCY_MINUTES:-15} * 60 ))
max_bytes="${AIRFLOW__LOG_MAX_SIZE_BYTES:-0}"
max_percent="${AIRFLOW__LOG_MAX_SIZE_PERCENT:-0}"
trap 'exit 0' INT TERM

# Log files, outside lost+found; extra find arguments select and print.
logs() { find "$dir" -name lost+found -prune -o -type f -name '*.log' "$@"; }

# The size limit in bytes (0: none).
limit() {
  if (( max_bytes > 0 )); then
    echo "$max_bytes"
  elif (( max_percent > 0 )); then
    echo $(( $(df -B1 --output=size "$dir" | tail -n 1) * max_percent / 100 ))
  else
    echo 0
  fi
}

while true; do
  echo "Deleting log files older than ${age} minutes in ${dir}"
  logs -mmin +"$age" -print0 | xargs -0r rm -f --
  max=$(limit)
  if (( max > 0 )); then
    total=$(logs -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    # Oldest first, until the rest fits.
    while (( total > max )) && read -r _ size path; do
      echo "Deleting ${path}: the logs take ${total} bytes, the limit is ${max}"
      rm -f -- "$path"
      total=$(( total - size ))
    done < <(logs -printf '%T@ %s %p\n' | sort -n)
  fi
  find "$dir" -mindepth 1 -type d -empty -delete 2>/dev/null
  sleep "$every" &
  wait $!
done
