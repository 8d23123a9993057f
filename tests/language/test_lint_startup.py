"""``casereview lint`` starts quickly once the rules have been compiled: it loads them from the cache and
reads nothing it does not need. (benchmarks/lint_startup.py measures the time; this proves the path.)"""

import os
import shutil
import subprocess
import sys

import pytest

from casereview.language import shipped_rules

PROGRAM = """
import sys
from casereview.cli import main
status = main(["lint", sys.argv[1]])
from casereview.language import shipped_rules
print("source:", shipped_rules().matcher.database_source, "markers read:", "casereview.markers" in sys.modules)
sys.exit(status)
"""


def test_a_later_lint_process_loads_the_compiled_rules_and_reads_no_framework(tmp_path):
    rules = shipped_rules()
    if rules.matcher.engine != "hyperscan":
        pytest.skip("hyperscan is not installed on this platform: there is nothing compiled to keep")
    if rules.matcher.cache_file is None or not rules.matcher.cache_file.is_file():
        pytest.skip("this machine's cache folder cannot be written, so there is no compiled file to start from")
    # what an earlier process left in the cache: the same file under the same name
    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.copy(rules.matcher.cache_file, cache / rules.matcher.cache_file.name)
    report = tmp_path / "report.txt"
    report.write_text("The health visitor should have shared her concerns sooner.\n", encoding="utf-8")

    environment = {**os.environ, "CASEREVIEW_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(report)], env=environment, capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert "report.txt:1:" in done.stdout and "counterfactual" in done.stdout
    assert done.stdout.splitlines()[-1] == "source: cache markers read: False"
