import pytest
from support.render import render_all


@pytest.fixture(scope="session", autouse=True)
def _rendered_once():
    """Render every scenario with both helm versions once, in parallel, before the tests read them."""
    render_all()
