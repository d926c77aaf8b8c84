"""The node is sealed: its network namespace holds loopback, the pod bridge and the pods'
veths, and routes only onto that bridge; the machine drops forwarded pod traffic; pods
resolve cluster names through CoreDNS and nothing else."""
import json
import subprocess

from support.airflow_ops import TOOLBOX_IMAGE
from support.node import node_env


def netns_ip(*args: str) -> str:
    return subprocess.run(["ip", "-n", node_env()["namespace"], *args], capture_output=True,
                          text=True, check=True).stdout


def test_namespace_has_only_loopback_bridge_and_pod_veths(node):
    links = json.loads(netns_ip("-j", "link", "show"))
    names = {link["ifname"]: link for link in links}
    assert "lo" in names and "akbr0" in names
    for name, link in names.items():
        if name in ("lo", "akbr0"):
            continue
        assert name.startswith("veth") and link.get("master") == "akbr0", link


def test_namespace_routes_only_to_the_pod_bridge(node):
    env = node_env()
    routes = json.loads(netns_ip("-j", "-4", "route", "show"))
    # The pod CIDR and the Service CIDR, both on the bridge; no default route, no gateway.
    assert sorted(r["dst"] for r in routes) == sorted([env["pod_cidr"], "10.96.0.0/16"]), routes
    assert all(r["dev"] == "akbr0" and "gateway" not in r for r in routes), routes
    assert not json.loads(netns_ip("-j", "-6", "route", "show")) or \
        all(r["dst"].startswith("fe80") for r in json.loads(netns_ip("-j", "-6", "route", "show")))


def test_machine_drops_forwarded_pod_traffic(node):
    # This node's own chain: another checkout's node may be up beside it with its own.
    env = node_env()
    rules = subprocess.run(["iptables", "-w", "-S", "FORWARD"], capture_output=True, text=True,
                           check=True).stdout
    assert f"-A FORWARD -j {env['guard']}" in rules, rules
    guard = subprocess.run(["iptables", "-w", "-S", env["guard"]], capture_output=True, text=True,
                           check=True).stdout
    assert f"-s {env['pod_cidr']} -j DROP" in guard and f"-d {env['pod_cidr']} -j DROP" in guard


def test_pods_resolve_cluster_names_only(node, namespace):
    pod = {
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "dns"},
        "spec": {"restartPolicy": "Never", "containers": [{
            "name": "dns", "image": TOOLBOX_IMAGE, "imagePullPolicy": "Never",
            "command": ["sh", "-c", "getent hosts kubernetes.default.svc.cluster.local; "
                        "getent hosts example.invalid || echo UNRESOLVED"]}]},
    }
    node.kubectl("apply", "-n", namespace, "-f", "-", input=json.dumps(pod))
    node.kubectl("wait", "-n", namespace, "--for=jsonpath={.status.phase}=Succeeded", "pod/dns",
                 "--timeout=120s", timeout=140)
    out = node.kubectl("logs", "-n", namespace, "pod/dns").stdout
    service_ip = node.get("service/kubernetes")["spec"]["clusterIP"]
    assert out.split()[0] == service_ip, out
    assert "UNRESOLVED" in out
