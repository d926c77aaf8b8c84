"""AK106 git-sync-auth: the git-sync credentials match the repository URL."""
from .conftest import findings

RULE = "AK106"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'dags: {git_sync: {enabled: true, repo: "https://github.com/o/r.git", '
                              'ssh_key_secret: key}}\n')
    assert [p.path for p in problems] == ['dags.git_sync.ssh_key_secret']
    assert 'not an ssh' in problems[0].message
    assert problems[0].line == 1


def test_known_hosts_needed_for_a_host_the_chart_carries_no_keys_of():
    """github.com's published keys are in the chart (files/ssh_known_hosts): its ssh repositories need none."""
    github = findings(RULE, 'dags: {git_sync: {enabled: true, repo: "git@github.com:o/r.git", ssh_key_secret: key}}\n')
    assert github == []
    other = findings(RULE, 'dags: {git_sync: {enabled: true, repo: "ssh://git@git.example.com/o/r.git", '
                           'ssh_key_secret: key}}\n')
    assert [p.path for p in other] == ["dags.git_sync.known_hosts"]
