# shellcheck shell=bash disable=SC2034,SC2154  # globals shared with tools/node-images.sh, which sources this
# Images holding one static Go binary and nothing else (sourced by tools/node-images.sh, not
# run): the statsd exporter and the pod sandbox's pause, both built from the Go module proxy by
# tools/install-go-tools.sh. No shell, no libc, no /etc/passwd: the users are numeric.

# build_scratch_image BINARY OUT NAME REF
build_scratch_image() {
  local bin=$1 out=$2 name=$3 ref=$4 r="$work/scratch-$3"
  mkdir -p "$r"
  case $name in
    statsd_exporter)
      # Where and as whom upstream's quay.io/prometheus/statsd-exporter has it.
      mkdir -p "$r/bin"
      install -m 0755 "$bin" "$r/bin/statsd_exporter"
      quiet "$work/pack.log" python3 "$images_dir/pack.py" layer "$r" "$work/$name.layer.tar"
      quiet "$work/pack.log" python3 "$images_dir/pack.py" image "$out" --ref "$ref" \
        --layer "$work/$name.layer.tar" --entrypoint '["/bin/statsd_exporter"]' --user 65534:65534 \
        --port 9102/tcp --port 9125/udp --port 9125/tcp \
        --label "org.opencontainers.image.description=prometheus/statsd_exporter built by airkube tools/install-go-tools.sh"
      ;;
    pause)
      # As registry.k8s.io/pause: /pause, run as 65535.
      install -m 0755 "$bin" "$r/pause"
      quiet "$work/pack.log" python3 "$images_dir/pack.py" layer "$r" "$work/$name.layer.tar"
      quiet "$work/pack.log" python3 "$images_dir/pack.py" image "$out" --ref "$ref" \
        --layer "$work/$name.layer.tar" --entrypoint '["/pause"]' --user 65535:65535 \
        --label "org.opencontainers.image.description=pod sandbox pause built by airkube tools/install-go-tools.sh"
      ;;
    *) echo "scratch.sh: no image for $name" >&2; return 1 ;;
  esac
}
