"""Create the chart's generated Secrets in the cluster once; never change a key that exists.

Run by the create-secrets Job (templates/generated-secrets/) with the Airflow image's Python,
stdlib only. SECRETS (JSON) lists what to ensure:
  [{"name": "airflow-keys", "keys": {"fernet-key": {"fernet": true}, "jwt-secret": {"length": 64}}},
   {"name": "airflow-broker-url", "keys": {"password": {"length": 32},
                                           "connection": {"format": "redis://:{password}@host:6379/0"}}}]
A Secret that is missing is created; one that exists gets only its missing keys (a merge patch
bound to its resourceVersion). No value is ever printed. API_SERVER and SERVICE_ACCOUNT_DIR
default to the in-cluster ones; tests point them at a local server.
"""
import base64
import json
import os
import secrets
import ssl
import string
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

API = os.environ.get("API_SERVER", "https://kubernetes.default.svc")
SA_DIR = os.environ.get("SERVICE_ACCOUNT_DIR", "/var/run/secrets/kubernetes.io/serviceaccount")
ATTEMPTS = int(os.environ.get("ATTEMPTS", "30"))  # 2 s apart: the RoleBinding may be applied after the Job
ALNUM = string.ascii_letters + string.digits


def generate(spec, values):
    if spec.get("fernet"):  # what cryptography's Fernet.generate_key() returns
        return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    if "format" in spec:  # built from the other keys of the Secret, each URL-quoted
        return spec["format"].format(**{k: urllib.parse.quote(v, safe="") for k, v in values.items()})
    return "".join(secrets.choice(ALNUM) for _ in range(int(spec.get("length", 32))))


def request(method, path, body=None, content_type="application/json"):
    """(status, parsed body) of one API call with the ServiceAccount's token."""
    with open(os.path.join(SA_DIR, "token")) as f:
        token = f.read().strip()
    req = urllib.request.Request(API + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token, "Content-Type": content_type,
                                          "Accept": "application/json"})
    context = ssl.create_default_context(cafile=os.path.join(SA_DIR, "ca.crt")) if API.startswith("https") else None
    try:
        with urllib.request.urlopen(req, context=context, timeout=10) as resp:
            return resp.status, json.load(resp)
    except urllib.error.HTTPError as err:
        return err.code, {}


def ensure(namespace, wanted, labels):
    """'created', 'completed' or 'kept' once the Secret holds every wanted key; None to try again."""
    path = "/api/v1/namespaces/%s/secrets" % namespace
    status, current = request("GET", "%s/%s" % (path, wanted["name"]))
    if status not in (200, 404):
        print("GET secret %s: HTTP %s" % (wanted["name"], status), flush=True)
        return None
    if status == 200 and current.get("type", "Opaque") != "Opaque":
        sys.exit("secret %s exists with type %s; delete it or name your own Secret" % (wanted["name"], current["type"]))
    have = {k: base64.b64decode(v).decode() for k, v in (current.get("data") or {}).items()} if status == 200 else {}
    values, missing = dict(have), {}
    for key, spec in sorted(wanted["keys"].items(), key=lambda item: "format" in item[1]):
        if key not in have:
            values[key] = missing[key] = generate(spec, values)
    if not missing:
        return "kept"
    data = {k: base64.b64encode(v.encode()).decode() for k, v in missing.items()}
    if status == 404:
        body = {"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "data": data,
                "metadata": {"name": wanted["name"], "namespace": namespace, "labels": labels}}
        status, _ = request("POST", path, body)
        result = "created"
    else:  # resourceVersion: a concurrent writer makes this a 409 and the next attempt rereads
        patch = {"metadata": {"resourceVersion": current["metadata"]["resourceVersion"]}, "data": data}
        status, _ = request("PATCH", "%s/%s" % (path, wanted["name"]), patch, "application/merge-patch+json")
        result = "completed"
    if status in (200, 201):
        return result
    print("%s secret %s: HTTP %s" % (result, wanted["name"], status), flush=True)
    return None


def main():
    with open(os.path.join(SA_DIR, "namespace")) as f:
        namespace = f.read().strip()
    labels = json.loads(os.environ.get("LABELS", "{}"))
    for wanted in json.loads(os.environ["SECRETS"]):
        for _ in range(ATTEMPTS):
            try:
                result = ensure(namespace, wanted, labels)
            except OSError as err:  # the API server is not reachable yet
                print("secret %s: %s" % (wanted["name"], err), flush=True)
                result = None
            if result:
                print("secret %s: %s (%s)" % (wanted["name"], result, ", ".join(sorted(wanted["keys"]))), flush=True)
                break
            time.sleep(float(os.environ.get("RETRY_SECONDS", "2")))
        else:
            sys.exit("secret %s: gave up after %d attempts" % (wanted["name"], ATTEMPTS))


if __name__ == "__main__":
    main()
