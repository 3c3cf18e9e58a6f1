"""A first set-up without network says that the network is needed, and why."""
from __future__ import annotations

import pytest

import vendor
from errors import SetupError


def test_npm_download_without_network_explains(tmp_path, monkeypatch):
    # An unreachable registry and an empty cache: what a first offline run meets.
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    with pytest.raises(SetupError) as err:
        vendor.ensure_plotly(tmp_path / "build")
    assert "download plotly.js-cartesian-dist-min" in err.value.what
    assert "npm registry" in err.value.fix and "network" in err.value.fix
    assert not (tmp_path / "build" / "vendor" / "plotly" / "plotly.min.js").exists()


def test_corrupt_plotly_download_is_replaced_not_used(tmp_path, monkeypatch):
    downloads = tmp_path / "build" / "downloads"
    downloads.mkdir(parents=True)
    bad = downloads / f"{vendor.PLOTLY_PACKAGE}-{vendor.PLOTLY_VERSION}.tgz"
    bad.write_bytes(b"not a tarball")
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    # The corrupt file is not trusted: the set-up tries to download again (and, offline, says so).
    with pytest.raises(SetupError) as err:
        vendor.ensure_plotly(tmp_path / "build")
    assert "npm registry" in err.value.fix
