"""local.build.botocore_data: the layer's botocore keeps only the services we call, and they behave as before."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import botocore
import pytest

from local.aws.environment import ROOT
from local.build import botocore_data

# Prints, per service, region and endpoint setting, the URL botocore sends the request to (caught at
# before-send, so nothing leaves the machine), then whether a service we do not ship is refused.
PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import botocore.session
from botocore.config import Config
from botocore.exceptions import UnknownServiceError

class Sent(Exception):
    pass

def stop(request, **_):
    raise Sent(request.url)

calls = {"dynamodb": ("list_tables", {}), "xray": ("get_sampling_rules", {})}
urls = {}
session = botocore.session.get_session()
for service, (operation, params) in calls.items():
    for region in ("eu-west-2", "us-east-1", "us-gov-west-1", "cn-north-1"):
        for setting in ({}, {"use_fips_endpoint": True}, {"use_dualstack_endpoint": True}):
            client = session.create_client(
                service, region_name=region, config=Config(**setting),
                aws_access_key_id="k", aws_secret_access_key="s",
            )
            client.meta.events.register("before-send", stop)
            try:
                getattr(client, operation)(**params)
            except Sent as sent:
                urls[f"{service} {region} {setting}"] = str(sent)
            except Exception as error:
                urls[f"{service} {region} {setting}"] = type(error).__name__
try:
    session.create_client("s3", region_name="eu-west-2")
    refused = False
except UnknownServiceError:
    refused = True
print(json.dumps({"urls": urls, "s3_refused": refused, "botocore": botocore.__file__}))
"""


def probe(site_packages: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(site_packages)], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def trimmed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_packages = tmp_path_factory.mktemp("layer")
    installed = Path(botocore.__file__).parent
    shutil.copytree(installed, site_packages / "botocore", ignore=shutil.ignore_patterns("__pycache__"))
    botocore_data.trim(site_packages)
    return site_packages


def test_only_the_services_we_call_keep_their_models(trimmed: Path) -> None:
    data = trimmed / "botocore" / "data"
    assert botocore_data.shipped(trimmed) == sorted(botocore_data.SERVICES)
    endpoints = json.loads((data / "endpoints.json").read_text(encoding="utf-8"))
    for partition in endpoints["partitions"]:
        assert set(partition["services"]) <= set(botocore_data.SERVICES), partition["partition"]
    assert (data / "endpoints.json").stat().st_size < 100_000  # was 1.2 MB: parsed at every client creation


def test_kept_services_resolve_every_endpoint_as_untrimmed_botocore_does(trimmed: Path) -> None:
    after = probe(trimmed)
    before = probe(Path(botocore.__file__).parent.parent)
    assert str(after["botocore"]).startswith(str(trimmed))  # the probe really ran the trimmed copy
    assert after["urls"] == before["urls"]
    assert any(url.startswith("https://dynamodb.eu-west-2.amazonaws.com") for url in after["urls"].values())  # type: ignore[attr-defined]
    assert after["s3_refused"] and not before["s3_refused"]


def test_trimming_refuses_a_layer_without_a_service_we_call(tmp_path: Path) -> None:
    (tmp_path / "botocore" / "data" / "dynamodb").mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match="xray"):
        botocore_data.trim(tmp_path)


CLIENT_CALL = re.compile(r"""(?:create_client|\.client)\(\s*['"]([a-z0-9-]+)['"]""")


def test_every_client_a_deployed_function_creates_is_for_a_shipped_service() -> None:
    """Our code, and the X-Ray SDK the Tracer loads on sampled invocations (Powertools' Logger,
    Metrics and event handler create no clients; Metrics writes EMF to the log)."""
    import aws_xray_sdk

    roots = [ROOT / "layers", ROOT / "functions", Path(aws_xray_sdk.__file__).parent]
    named = {
        service
        for root in roots
        for path in root.rglob("*.py")
        for service in CLIENT_CALL.findall(path.read_text(encoding="utf-8"))
    }
    assert "dynamodb" in named and "xray" in named  # the scan finds the clients we know of
    assert named <= set(botocore_data.SERVICES)
