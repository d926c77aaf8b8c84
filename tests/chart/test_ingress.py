"""The UI's Ingress in the official chart's shape (ingress.apiServer, or ingress.web: its Airflow 2
name, which serves the api-server on Airflow 3) and the Gateway API HTTPRoute, rendered only when asked."""
import pytest
from support.kube import STRICT_VERSIONS, problems_all
from support.render import HELMS, RELEASE, find, kinds, render_cases

CASES = {
    "defaults": {},
    # A values file written for the official chart on Airflow 2, used as-is on Airflow 3.
    "web-on-airflow3": {"ingress": {"web": {
        "enabled": True, "ingressClassName": "nginx", "pathType": "ImplementationSpecific",
        "annotations": {"cert-manager.io/cluster-issuer": "letsencrypt"},
        "hosts": ["plain.example.com", {"name": "{{ .Release.Name }}.example.com",
                                        "tls": {"enabled": True, "secretName": "own-tls"}}],
        "tls": {"enabled": True, "secretName": "shared-tls"},
        "precedingPaths": [{"path": "/*", "pathType": "ImplementationSpecific",
                            "serviceName": "ssl-redirect", "servicePort": "use-annotation"}],
        "succeedingPaths": [{"path": "/docs", "serviceName": "docs", "servicePort": 80}]}},
        "httpRoute": {"enabled": True, "parentRefs": [{"name": "gateway", "namespace": "infra"}],
                      "hostnames": ["{{ .Release.Name }}.example.com"], "annotations": {"team": "data"}}},
    # The deprecated single host with the block's tls, on Airflow 2 through ingress.apiServer.
    "deprecated-host-airflow2": {"airflowVersion": "2.10.4", "ingress": {"apiServer": {
        "enabled": True, "host": "old.example.com", "path": "/airflow",
        "tls": {"enabled": True, "secretName": "old-tls"}}}},
    # The official shape written directly: ingress.web on Airflow 2, ingress.apiServer on Airflow 3.
    "web-on-airflow2": {"airflowVersion": "2.10.4", "ingress": {"web": {
        "enabled": True, "ingressClassName": "traefik", "pathType": "Prefix",
        "hosts": [{"name": "web.example.com", "tls": {"enabled": True, "secretName": "web-tls"}}]}}},
    "api-server-hosts": {"ingress": {"apiServer": {
        "enabled": True, "ingressClassName": "nginx", "pathType": "Exact", "path": "/airflow",
        "annotations": {"team": "data"},
        "hosts": [{"name": "api.example.com", "tls": {"enabled": True, "secretName": "api-tls"}}]}}},
    # The deprecated top-level switch, TLS without any host.
    "switch-only": {"ingress": {"enabled": True, "apiServer": {"tls": {"enabled": True, "secretName": "default-tls"}}}},
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_cases(CASES, tmp_path_factory.mktemp("ingress"))


def ingresses(objs):
    return kinds(objs, "Ingress")


def paths(rule):
    return [(p["path"], p["pathType"], p["backend"]["service"]["name"], p["backend"]["service"]["port"])
            for p in rule["http"]["paths"]]


@pytest.mark.parametrize("helm", HELMS)
def test_nothing_unless_asked(rendered, helm):
    objs = rendered["defaults", helm]
    assert ingresses(objs) == [] and kinds(objs, "HTTPRoute") == []


@pytest.mark.parametrize("helm", HELMS)
def test_web_block_serves_the_api_server_on_airflow3(rendered, helm):
    ingress = find(rendered["web-on-airflow3", helm], "Ingress", f"{RELEASE}-api-server")
    spec = ingress["spec"]
    assert spec["ingressClassName"] == "nginx"
    assert ingress["metadata"]["annotations"] == {"cert-manager.io/cluster-issuer": "letsencrypt"}
    # A plain host takes the block's tls; an object host its own; names are templated.
    assert spec["tls"] == [{"hosts": ["plain.example.com"], "secretName": "shared-tls"},
                           {"hosts": [f"{RELEASE}.example.com"], "secretName": "own-tls"}]
    assert [r["host"] for r in spec["rules"]] == ["plain.example.com", f"{RELEASE}.example.com"]
    for rule in spec["rules"]:
        assert paths(rule) == [
            ("/*", "ImplementationSpecific", "ssl-redirect", {"name": "use-annotation"}),
            ("/", "ImplementationSpecific", f"{RELEASE}-api-server", {"number": 8080}),
            ("/docs", "ImplementationSpecific", "docs", {"number": 80})]


@pytest.mark.parametrize("helm", HELMS)
def test_deprecated_host_and_tls_on_airflow2(rendered, helm):
    spec = find(rendered["deprecated-host-airflow2", helm], "Ingress", f"{RELEASE}-webserver")["spec"]
    assert "ingressClassName" not in spec
    assert spec["tls"] == [{"hosts": ["old.example.com"], "secretName": "old-tls"}]
    [rule] = spec["rules"]
    assert rule["host"] == "old.example.com"
    assert paths(rule) == [("/airflow", "Prefix", f"{RELEASE}-webserver", {"number": 8080})]


@pytest.mark.parametrize(("case", "component", "path"), [("web-on-airflow2", "webserver", ("/", "Prefix")),
                                                        ("api-server-hosts", "api-server", ("/airflow", "Exact"))])
@pytest.mark.parametrize("helm", HELMS)
def test_hosts_with_tls_class_and_path_type(rendered, helm, case, component, path):
    ingress = find(rendered[case, helm], "Ingress", f"{RELEASE}-{component}")
    spec = ingress["spec"]
    assert spec["ingressClassName"] == {"webserver": "traefik", "api-server": "nginx"}[component]
    assert spec["tls"] == [{"hosts": [spec["rules"][0]["host"]], "secretName": spec["rules"][0]["host"][:3] + "-tls"}]
    [rule] = spec["rules"]
    assert paths(rule) == [(*path, f"{RELEASE}-{component}", {"number": 8080})]
    assert ingress["metadata"].get("annotations", {}) == ({"team": "data"} if case == "api-server-hosts" else {})


@pytest.mark.parametrize("helm", HELMS)
def test_deprecated_switch_and_tls_without_host(rendered, helm):
    spec = find(rendered["switch-only", helm], "Ingress", f"{RELEASE}-api-server")["spec"]
    assert spec["tls"] == [{"secretName": "default-tls"}]
    [rule] = spec["rules"]
    assert "host" not in rule and paths(rule)[0][:2] == ("/", "Prefix")


@pytest.mark.parametrize("helm", HELMS)
def test_http_route_to_the_api_server(rendered, helm):
    route = find(rendered["web-on-airflow3", helm], "HTTPRoute", f"{RELEASE}-api-server")
    assert route["apiVersion"] == "gateway.networking.k8s.io/v1"
    assert route["metadata"]["annotations"] == {"team": "data"}
    assert route["spec"]["parentRefs"] == [{"name": "gateway", "namespace": "infra"}]
    assert route["spec"]["hostnames"] == [f"{RELEASE}.example.com"]
    service = find(rendered["web-on-airflow3", helm], "Service", f"{RELEASE}-api-server")
    assert route["spec"]["rules"] == [{
        "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
        "backendRefs": [{"name": service["metadata"]["name"], "port": service["spec"]["ports"][0]["port"]}]}]


@pytest.mark.parametrize("case", sorted(CASES))
def test_helm3_and_helm4_agree_and_objects_are_valid(rendered, case):
    routing = [[o for o in rendered[case, helm] if o["kind"] in ("Ingress", "HTTPRoute")] for helm in HELMS]
    assert routing[0] == routing[1]
    for version in STRICT_VERSIONS:
        assert problems_all(rendered[case, "helm4"], version) == []
