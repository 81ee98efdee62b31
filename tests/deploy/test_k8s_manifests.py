"""deploy/k8s: valid against the Kubernetes schemas (kubernetes-validate, offline: the schemas
ship in the package), and consistent with the Dockerfile and with deploy/nginx's choices."""

from __future__ import annotations

import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "deploy" / "k8s" / "playground.yaml"


@pytest.fixture(scope="module")
def resources() -> dict[str, dict]:
    docs = [d for d in yaml.safe_load_all(MANIFEST.read_text()) if d]
    return {d["kind"]: d for d in docs}


def test_every_resource_passes_the_strict_schema(resources):
    assert set(resources) == {"Deployment", "Service", "Ingress"}
    version = kubernetes_validate.latest_version()
    for resource in resources.values():
        kubernetes_validate.validate(resource, version, strict=True)  # raises if invalid


def test_the_validator_rejects_a_broken_resource(resources):
    # The check can fail: a misspelt field is refused in strict mode.
    broken = {**resources["Service"], "spec": {**resources["Service"]["spec"], "prots": []}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, kubernetes_validate.latest_version(), strict=True)


def _container(resources) -> dict:
    (container,) = resources["Deployment"]["spec"]["template"]["spec"]["containers"]
    return container


def test_deployment_runs_the_image_as_the_dockerfile_builds_it(resources):
    dockerfile = (ROOT / "Dockerfile").read_text()
    exposed = int(re.search(r"^EXPOSE (\d+)", dockerfile, re.M).group(1))
    user = int(re.search(r"^USER (\d+)", dockerfile, re.M).group(1))
    c = _container(resources)
    assert c["ports"][0]["containerPort"] == exposed
    pod = resources["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == user
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert resources["Deployment"]["spec"]["replicas"] >= 2
    for probe in ("readinessProbe", "livenessProbe"):
        assert c[probe]["httpGet"]["path"] == "/_stcore/health"
    # One core per replica: Python runs one core per process.
    assert c["resources"]["requests"]["cpu"] == c["resources"]["limits"]["cpu"] == "1"
    secret = {e["name"]: e for e in c["env"]}["STREAMLIT_SERVER_COOKIE_SECRET"]
    assert "secretKeyRef" in secret["valueFrom"]  # never a literal secret in the file


def test_service_and_ingress_reach_the_pods(resources):
    labels = resources["Deployment"]["spec"]["template"]["metadata"]["labels"]
    service = resources["Service"]["spec"]
    assert service["selector"].items() <= labels.items()
    assert service["ports"][0]["targetPort"] == _container(resources)["ports"][0]["name"]
    (rule,) = resources["Ingress"]["spec"]["rules"]
    backend = rule["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == resources["Service"]["metadata"]["name"]


def test_ingress_is_sticky_by_cookie_and_keeps_websockets_open(resources):
    notes = resources["Ingress"]["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "session-cookie-name"]
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(notes[prefix + timeout]) >= 3600  # as deploy/nginx: a long pause is fine
    assert notes[prefix + "proxy-buffering"] == "off"
