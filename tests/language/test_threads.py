"""Many people checking wording at once, as a threaded web worker serves them, get the same findings as one
person alone: on Hyperscan and on the portable fallback."""

import gc
import threading

import pytest

from casereview.language import check_text, shipped_rules

THREADS = 16

PARAGRAPHS = (
    "The health visitor should have shared her concerns with children’s social care sooner.",
    "It is obvious that the school failed to escalate when attendance fell, and the GP was negligent.",
    "Practitioners described a busy duty system; supervision was often cancelled at short notice.",
    "With hindsight, the risk was clear. Had the social worker visited, Zoë would have been safe.",
    "The review is for learning: we want to understand what helped and what hindered practice.",
    "Staff were working with high caseloads, and the panel will ask agencies what would help.",
)


def texts() -> list[str]:
    """A different text for each thread, long enough that scans overlap in time."""
    turns = [i % len(PARAGRAPHS) for i in range(THREADS)]
    return [" ".join(PARAGRAPHS[turn:] + PARAGRAPHS[:turn]) * 8 for turn in turns]


@pytest.fixture(params=[True, False], ids=["hyperscan", "re"])
def rules(request):
    rules = shipped_rules(prefer_hyperscan=request.param)
    if request.param and rules.matcher.engine != "hyperscan":
        pytest.skip("hyperscan is not installed on this platform")
    return rules


def findings(text: str, rules) -> list[tuple[str, int, int]]:
    return [(f.rule_id, f.start, f.end) for f in check_text(text, rules).findings]


def test_sixteen_threads_at_once_find_what_one_thread_finds(rules):
    alone = [findings(text, rules) for text in texts()]
    assert all(alone), "every text has findings, so a lost scan would show"
    start = threading.Barrier(THREADS)
    results: list[list[list[tuple[str, int, int]]]] = [[] for _ in range(THREADS)]
    errors: list[BaseException] = []

    def check_repeatedly(index: int) -> None:
        text = texts()[index]
        start.wait()
        try:
            for _ in range(3):
                results[index].append(findings(text, rules))
        except Exception as error:  # reported below with the others, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=check_repeatedly, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [[expected] * 3 for expected in alone]
    # checks pause the cycle collector while they run; the last to end resumes it
    assert gc.isenabled()


def test_a_program_that_paused_the_cycle_collector_finds_it_still_paused_after_a_check():
    gc.disable()
    try:
        assert check_text(PARAGRAPHS[1], model=False).findings
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_cycle_collector_runs_again_after_a_check_that_fails():
    with pytest.raises(ValueError):
        check_text("The GP was negligent.", explain="everything")
    assert gc.isenabled()
