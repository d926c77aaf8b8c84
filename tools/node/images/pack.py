#!/usr/bin/env python3
"""Turn root filesystem directories into container image tarballs, deterministically.

Why not umoci/skopeo/buildah: none of them is needed for what we do (a directory in, a tarball
out), and this stays readable in one file with the standard library only.

    pack.py layer ROOTFS OUT.tar [--base BASE_ROOTFS]
        A layer tar of ROOTFS; with --base only what differs from BASE_ROOTFS (added and changed
        entries with their parent directories, `.wh.` whiteouts for removed ones).
    pack.py image OUT.tar --ref REF [--ref ALIAS ...] --layer L1.tar [--layer L2.tar ...]
            [--entrypoint JSON] [--cmd JSON] [--user U] [--workdir DIR] [--env K=V ...]
            [--label K=V ...] [--port 5432/tcp ...] [--stop-signal SIGINT]
        An image archive holding both an OCI image layout (oci-layout, index.json, blobs/) and a
        docker-archive manifest.json pointing at the same blobs, so `ctr images import`,
        `docker load` and `podman load` all read it. containerd prefers the OCI layout, which
        names the image (each --ref) through the io.containerd.image.name annotation and makes the
        manifest digest ours (known before the import: `digest` below).
    pack.py digest IMAGE.tar
        The manifest digest of an archive made by `image` (what `ctr images ls` shows).

Deterministic: entries sorted by name, every mtime EPOCH (the builder sets the same mtime on the
files before compiling Python bytecode, so the .pyc files stay valid), numeric owners kept with
no user/group names, JSON with sorted keys. Same input directory, same bytes, same digests: the
base layer is byte-identical in every image built on it, so containerd stores it once.
Skipped: device files, FIFOs and sockets (the runtime provides /dev), extended attributes
(no file in these images needs capabilities).
Layers and archives are uncompressed: ctr imports them as they are and the build stays fast.
"""
import argparse
import hashlib
import io
import json
import os
import stat
import sys
import tarfile

# 2024-01-01T00:00:00Z. Any fixed value works; tools/node-images.sh uses the same one.
EPOCH = 1704067200
CREATED = "2024-01-01T00:00:00Z"


def _walk(root):
    """Relative paths under root, parents before children, sorted by name; no descent into symlinks."""
    out = []

    def rec(rel):
        full = os.path.join(root, rel) if rel else root
        for name in sorted(os.listdir(full)):
            r = os.path.join(rel, name) if rel else name
            out.append(r)
            if stat.S_ISDIR(os.lstat(os.path.join(root, r)).st_mode):
                rec(r)

    rec("")
    return out


def _same_content(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def _differs(path, base_path):
    """True when the entry at path is not the same as the one at base_path (mtime ignored)."""
    try:
        b = os.lstat(base_path)
    except FileNotFoundError:
        return True
    a = os.lstat(path)
    if stat.S_IFMT(a.st_mode) != stat.S_IFMT(b.st_mode):
        return True
    if (stat.S_IMODE(a.st_mode), a.st_uid, a.st_gid) != (stat.S_IMODE(b.st_mode), b.st_uid, b.st_gid):
        return True
    if stat.S_ISLNK(a.st_mode):
        return os.readlink(path) != os.readlink(base_path)
    if stat.S_ISREG(a.st_mode):
        return a.st_size != b.st_size or not _same_content(path, base_path)
    return False  # directories: their own attributes only, the children are compared one by one


def _info(name, st, type_, size=0, linkname=""):
    ti = tarfile.TarInfo(name)
    ti.type = type_
    ti.mode = stat.S_IMODE(st.st_mode)
    ti.uid, ti.gid = st.st_uid, st.st_gid
    ti.uname = ti.gname = ""
    ti.mtime = EPOCH
    ti.size = size
    ti.linkname = linkname
    return ti


def write_layer(rootfs, out, base=None):
    entries = _walk(rootfs)
    keep = set(entries)
    whiteouts = []
    if base is not None:
        changed = [p for p in entries if _differs(os.path.join(rootfs, p), os.path.join(base, p))]
        keep = set(changed)
        # Removed entries: one whiteout each, none for what lies under a removed directory.
        removed_dirs = []
        for p in _walk(base):
            if any(p.startswith(d + "/") for d in removed_dirs):
                continue
            if not os.path.lexists(os.path.join(rootfs, p)):
                whiteouts.append(os.path.join(os.path.dirname(p), ".wh." + os.path.basename(p)))
                if stat.S_ISDIR(os.lstat(os.path.join(base, p)).st_mode):
                    removed_dirs.append(p)
        # Parent directories of everything in the layer, as they are in rootfs (like docker does).
        for p in list(keep) + whiteouts:
            d = os.path.dirname(p)
            while d:
                keep.add(d)
                d = os.path.dirname(d)
    names = sorted([p for p in entries if p in keep] + whiteouts)
    first_link = {}  # (dev, inode) -> first name written for a file with several hard links
    tmp = out + ".tmp"
    with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
        for p in names:
            full = os.path.join(rootfs, p)
            if os.path.basename(p).startswith(".wh.") and not os.path.lexists(full):
                parent = os.lstat(os.path.join(rootfs, os.path.dirname(p)) if os.path.dirname(p) else rootfs)
                ti = _info(p, parent, tarfile.REGTYPE)
                ti.mode = 0o644
                tar.addfile(ti)
                continue
            st = os.lstat(full)
            if stat.S_ISDIR(st.st_mode):
                tar.addfile(_info(p, st, tarfile.DIRTYPE))
            elif stat.S_ISLNK(st.st_mode):
                tar.addfile(_info(p, st, tarfile.SYMTYPE, linkname=os.readlink(full)))
            elif stat.S_ISREG(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if st.st_nlink > 1 and key in first_link:
                    tar.addfile(_info(p, st, tarfile.LNKTYPE, linkname=first_link[key]))
                    continue
                if st.st_nlink > 1:
                    first_link[key] = p
                with open(full, "rb") as f:
                    tar.addfile(_info(p, st, tarfile.REGTYPE, size=st.st_size), f)
            # else: device, FIFO or socket: skipped (see the module docstring)
    os.replace(tmp, out)
    return len(names)


def _sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


def _json(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def _pairs(items, what):
    out = {}
    for item in items or []:
        if "=" not in item:
            sys.exit(f"pack.py: {what} {item!r} is not KEY=VALUE")
        k, v = item.split("=", 1)
        out[k] = v
    return out


def write_image(out, refs, layers, entrypoint=None, cmd=None, user=None, workdir=None, env=None,
                labels=None, ports=None, stop_signal=None):
    layer_descs = []
    for path in layers:
        layer_descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar",
                            "digest": _sha256_file(path), "size": os.path.getsize(path)})
    config = {"Env": [f"{k}={v}" for k, v in (env or {}).items()]}
    if entrypoint is not None:
        config["Entrypoint"] = entrypoint
    if cmd is not None:
        config["Cmd"] = cmd
    if user:
        config["User"] = user
    if workdir:
        config["WorkingDir"] = workdir
    if labels:
        config["Labels"] = labels
    if ports:
        config["ExposedPorts"] = {p: {} for p in ports}
    if stop_signal:
        config["StopSignal"] = stop_signal
    image_config = _json({
        "architecture": "amd64", "os": "linux", "created": CREATED, "config": config,
        "rootfs": {"type": "layers", "diff_ids": [d["digest"] for d in layer_descs]},
        "history": [{"created": CREATED, "created_by": "tools/node-images.sh"} for _ in layer_descs],
    })
    config_desc = {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + hashlib.sha256(image_config).hexdigest(), "size": len(image_config)}
    manifest = _json({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                      "config": config_desc, "layers": layer_descs})
    manifest_digest = "sha256:" + hashlib.sha256(manifest).hexdigest()

    def tag(ref):
        return ref.rsplit(":", 1)[1] if ":" in ref.rsplit("/", 1)[-1] else "latest"

    index = _json({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                   "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                                  "digest": manifest_digest, "size": len(manifest),
                                  "platform": {"architecture": "amd64", "os": "linux"},
                                  "annotations": {"io.containerd.image.name": ref,
                                                  "org.opencontainers.image.ref.name": tag(ref)}}
                                 for ref in refs]})

    def blob(d):
        return "blobs/sha256/" + d.split(":", 1)[1]

    docker_manifest = _json([{"Config": blob(config_desc["digest"]), "RepoTags": list(refs),
                              "Layers": [blob(d["digest"]) for d in layer_descs]}])
    files = {"oci-layout": _json({"imageLayoutVersion": "1.0.0"}), "index.json": index,
             "manifest.json": docker_manifest, blob(config_desc["digest"]): image_config,
             blob(manifest_digest): manifest}
    layer_files = {}
    for d, path in zip(layer_descs, layers, strict=True):
        layer_files.setdefault(blob(d["digest"]), path)  # the same layer twice is stored once

    def dir_info(name):
        ti = tarfile.TarInfo(name)
        ti.type, ti.mode, ti.mtime = tarfile.DIRTYPE, 0o755, EPOCH
        return ti

    def file_info(name, size):
        ti = tarfile.TarInfo(name)
        ti.mode, ti.mtime, ti.size = 0o644, EPOCH, size
        return ti

    tmp = out + ".tmp"
    with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(dir_info("blobs"))
        tar.addfile(dir_info("blobs/sha256"))
        for name in sorted(set(files) | set(layer_files)):
            if name in files:
                tar.addfile(file_info(name, len(files[name])), io.BytesIO(files[name]))
            else:
                with open(layer_files[name], "rb") as f:
                    tar.addfile(file_info(name, os.path.getsize(layer_files[name])), f)
    os.replace(tmp, out)
    return manifest_digest


def manifest_digest(archive):
    with tarfile.open(archive) as tar:
        index = json.load(tar.extractfile("index.json"))
    return index["manifests"][0]["digest"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="action", required=True)
    p = sub.add_parser("layer")
    p.add_argument("rootfs")
    p.add_argument("out")
    p.add_argument("--base")
    p = sub.add_parser("image")
    p.add_argument("out")
    p.add_argument("--ref", action="append", required=True)
    p.add_argument("--layer", action="append", required=True)
    p.add_argument("--entrypoint", type=json.loads)
    p.add_argument("--cmd", type=json.loads)
    p.add_argument("--user")
    p.add_argument("--workdir")
    p.add_argument("--env", action="append")
    p.add_argument("--label", action="append")
    p.add_argument("--port", action="append")
    p.add_argument("--stop-signal")
    p = sub.add_parser("digest")
    p.add_argument("archive")
    a = ap.parse_args(argv)
    if a.action == "layer":
        n = write_layer(a.rootfs, a.out, a.base)
        print(f"{n} entries")
    elif a.action == "image":
        print(write_image(a.out, a.ref, a.layer, a.entrypoint, a.cmd, a.user, a.workdir,
                          _pairs(a.env, "--env"), _pairs(a.label, "--label"), a.port, a.stop_signal))
    else:
        print(manifest_digest(a.archive))


if __name__ == "__main__":
    main()
