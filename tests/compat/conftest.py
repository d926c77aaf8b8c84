"""tests/compat fixtures; the helpers live in compat_harness.py and compat_inputs.py
(not here: several test folders have a conftest.py, so `import conftest` is ambiguous)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def compat_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("compat")
