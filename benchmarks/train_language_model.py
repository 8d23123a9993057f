"""Train the language checker's sentence model from the corpus and write it into the package.

Run: .venv/bin/python benchmarks/train_language_model.py   (needs the bench extra: scikit-learn)

Learns from the train split, and from the extra train files in ``benchmarks/data/train-extra`` when there
are any (real published sentences labelled by the corpus's guide). The rules were written by reading the
train split, so on its sentences what the rules said is more reliable than on any other text: the model
learns the weight of the rules' marks from the extra rows only, and its n-grams from all rows. Every choice
is made out of fold on the train rows: they are dealt into five folds by document (the page, for extra rows),
and each fold is scored by a model trained, as the shipped one is, on the other four. The regularisation, per
category, is the one with the best average precision out of fold. The thresholds (when a rule's match stays
a problem, when the model alone finds a problem, when something is worth a second look) are chosen out of
fold, holding on the corpus's train rows and on the extra rows each on its own. Dev is only reported, scored
by the model trained on all of train; the test split is never read here. Deterministic: the same data gives
the same weights, in a few minutes of CPU.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))

import language_corpus  # noqa: E402

from casereview.language import check_text  # noqa: E402
from casereview.language.check import rule_features, set_aside_reach  # noqa: E402
from casereview.language.classifier import (  # noqa: E402
    BLOCKS,
    BUCKET_BITS,
    CATEGORIES,
    MODEL_FILE,
    context_marks,
    features,
)
from casereview.language.loader import shipped_rules  # noqa: E402

# Word 1-3 grams and word-stem 1-2 grams, chosen out of fold on train (see docs/language.md): stems carry a
# judgement or a blame into word forms the training sentences never used, at a fraction of the cost of
# character n-grams, which added a little more and cost several times the scoring time.
WORD_SIZES = (1, 2, 3)
CHAR_SIZES: tuple[int, ...] = ()
STEM_SIZES = (1, 2)

MIN_DOCUMENT_FREQUENCY = 2
REGULARISATION = (1.0, 3.0, 10.0, 30.0)  # logistic regression's C, chosen per category out of fold
# Aims out of fold on the train rows, pooled and on each part, with a margin over the targets on unseen
# text (0.85 for problems, 0.60 for problems and second looks together): unseen text differs by chance and kind.
PROBLEM_PRECISION_AIMS = (0.88, 0.85, 0.80, 0.75)
ALL_PRECISION_AIM = 0.68  # problems and second looks together, pooled
ALL_PRECISION_EACH = 0.62  # ... and on train out of fold and on dev, each on its own
# The extra rows are real text nobody wrote the rules from, the stand-in for unseen text: problems there are
# aimed at the target itself (0.85), not at the margin over it the corpus's train rows (which flatter the
# rules) are held to; a lower step of the aims above applies to both.
EXTRA_PROBLEM_CAP = 0.85
# A lower aim is taken where it gains at least this many points of recall (pooled, out of fold) for each point of
# precision it gives up: a few points of precision are not worth a cliff of recall.
RECALL_PER_PRECISION = 3.0
# Where a trusted rule's match is doubted: only where the model is at least 80% sure that the sentence is not of
# the rule's category (a trusted phrase is less precise on real text than on the corpus it was trusted on, but a
# threshold of an ordinary rule's height would doubt "social workers left seven children at risk", which the
# model reads at 0.19 and the guide names as blame).
TRUSTED_GRID = (0.0, 0.05, 0.1, 0.15, 0.2)
FOLDS = 5
PROBLEM_COLUMNS = [index for index, category in enumerate(CATEGORIES) if category != "learning"]
NEVER = 1.01  # a threshold no probability reaches


def _joined(texts: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """One text of all the sentences, a space apart, and each sentence's span."""
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    joined = " ".join(texts)
    ends = [*starts[1:], len(joined)]
    return joined, list(zip(starts, ends, strict=True))


def occurrences(texts: Sequence[str]):
    joined, spans = _joined(texts)
    return features(joined, spans, WORD_SIZES, CHAR_SIZES, stem_sizes=STEM_SIZES)


def document_frequencies(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The buckets seen in at least MIN_DOCUMENT_FREQUENCY sentences, and their inverse document frequency
    (smoothed, as scikit-learn's TfidfVectorizer does)."""
    found = occurrences(texts)
    pairs = np.unique(found.sentence * (1 << BUCKET_BITS) + found.bucket)
    buckets, counts = np.unique(pairs % (1 << BUCKET_BITS), return_counts=True)
    kept = counts >= MIN_DOCUMENT_FREQUENCY
    idf = np.log((1 + len(texts)) / (1 + counts[kept])) + 1
    return buckets[kept], idf.astype(np.float32)


def design(texts: Sequence[str], buckets: np.ndarray, idf: np.ndarray) -> sparse.csr_matrix:
    """The matrix the model scores, built exactly as SentenceModel scores a text: per occurrence its
    bucket's idf, each block (words, characters) divided by its length per sentence."""
    found = occurrences(texts)
    column = np.full(1 << BUCKET_BITS, -1, dtype=np.int64)
    column[buckets] = np.arange(len(buckets))
    columns = column[found.bucket]
    known = columns >= 0
    sentence, columns, block = found.sentence[known], columns[known], found.block[known]
    values = idf[columns].astype(np.float64)
    lengths = np.zeros((len(texts), len(BLOCKS)))
    np.add.at(lengths, (sentence, block), values**2)
    values = values / np.sqrt(lengths[sentence, block])
    return sparse.csr_matrix((values, (sentence, columns)), shape=(len(texts), len(buckets)))


def marks_of(texts: Sequence[str]) -> list[frozenset[str]]:
    """What the rules said about each sentence (``rule_features``) and the context the model reads in it
    (``context_marks``), as the names of the model's marks."""
    joined, spans = _joined(texts)
    context: list[set[str]] = [set() for _ in texts]
    for sentence, name in context_marks(joined, spans):
        context[sentence].add(name)
    return [rule_features(text) | context[row] for row, text in enumerate(texts)]


# What the rules said, as the model reads it; the other marks (context) are read from the text alone.
RULE_MARKS = ("rule:", "excepted:")


def unseen_by_rules(said: Sequence[frozenset[str]], extra: Sequence[bool]) -> list[frozenset[str]]:
    """The marks as training reads them: what the rules said, only for the rows the rules were not written
    from (the extra rows). On the corpus's train rows a rule's match is as reliable as its author made it, so
    its weight learnt there would overrate it on unseen text; without the extra rows the model reads no rule."""
    return [
        marks if unseen else frozenset(name for name in marks if not name.startswith(RULE_MARKS))
        for marks, unseen in zip(said, extra, strict=True)
    ]


def marks_matrix(said: Sequence[frozenset[str]], names: np.ndarray) -> sparse.csr_matrix:
    """What the rules said about each sentence (``rule_features``), one column per name, 1 where present."""
    index = {name: column for column, name in enumerate(names)}
    pairs = [(row, index[name]) for row, marks in enumerate(said) for name in sorted(marks) if name in index]
    rows, columns = [row for row, _ in pairs], [column for _, column in pairs]
    return sparse.csr_matrix((np.ones(len(pairs)), (rows, columns)), shape=(len(said), len(names)))


def _labels(sentences: Sequence[language_corpus.Sentence]) -> np.ndarray:
    return np.array([[category in s.labels for category in CATEGORIES] for s in sentences], dtype=bool)


def _fit(
    matrix: sparse.csr_matrix, labels: np.ndarray, regularisation: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per category, each with its own C."""
    weights, bias = [], []
    for index in range(len(CATEGORIES)):
        model = LogisticRegression(C=regularisation[index], solver="liblinear", max_iter=1000, random_state=0)
        model.fit(matrix, labels[:, index])
        weights.append(model.coef_[0])
        bias.append(model.intercept_[0])
    return np.array(weights).T, np.array(bias)


def _probabilities(matrix: sparse.csr_matrix, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(matrix @ weights + bias)))


def _average_precision(scores: np.ndarray, truth: np.ndarray) -> float:
    order = np.argsort(-scores, kind="stable")
    hits = truth[order]
    if not hits.any():
        return 0.0
    precision_at = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(precision_at[hits].mean())


def rule_flags(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which categories the rules alone find in each sentence (quoted words included): by any rule, by a
    trusted rule (whose match the model never doubts), and where an exception set a rule's match aside (the
    model alone then gives no problem of the categories the exception reaches, ``set_aside_reach``, only a
    second look)."""
    flags = np.zeros((len(texts), len(CATEGORIES)), dtype=bool)
    trusted = np.zeros_like(flags)
    excepted = np.zeros_like(flags)
    by_id = shipped_rules().by_id
    for row, text in enumerate(texts):
        for finding in check_text(text, model=False).findings:
            column = CATEGORIES.index(finding.category.value)
            flags[row, column] = True
            trusted[row, column] |= by_id[finding.rule_id].rule.trusted
        for name in rule_features(text):
            if name.startswith("excepted:"):
                for reached in set_aside_reach(name.removeprefix("excepted:")):
                    excepted[row, CATEGORIES.index(reached)] = True
    return flags, trusted, excepted


def _precision_recall(found: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    tp = int((found & truth).sum())
    return (tp / found.sum() if found.sum() else 0.0), (tp / truth.sum() if truth.sum() else 0.0)


def _best_setting(
    aim: float,
    p: np.ndarray,
    rule: np.ndarray,
    sure: np.ndarray,
    free: np.ndarray,
    true: np.ndarray,
    grid: np.ndarray,
    parts: Sequence[np.ndarray],
    caps: Sequence[float],
    learning: bool,
) -> tuple[float, float, float, float, float] | None:
    """The (recall, precision, -trusted, confirm, alone) of the problem thresholds with the best recall at
    precision ``aim``, pooled and in each part, for one category's column; None where no setting reaches it."""
    best = None
    # a trusted rule's match is doubted only where the model is sure enough that it is not of its category: on
    # real text a trusted phrase is less precise than on the corpus it was trusted on
    for doubt in [0.0] if learning or not sure.any() else TRUSTED_GRID:
        sure_found = sure & (p >= doubt)
        for alone in [*grid, NEVER]:
            # the rules' learning signals always count (see check._weighed_by_model); an ordinary rule is doubted
            # at least as readily as a trusted one
            above = grid[(grid <= alone) & (grid >= doubt)]
            for confirm in [0.0] if learning else [*[0.0] * (doubt == 0), *above]:
                found = sure_found | (rule & (p >= confirm)) | (free & (p >= alone))
                precision, recall = _precision_recall(found, true)
                # at equal recall, prefer the higher precision, then trusting the trusted rules most, then the
                # stricter thresholds
                key = (recall, precision, -doubt, confirm, alone)
                if precision < aim or (best is not None and key <= best):
                    continue
                # the aim holds in each part on its own too: pooled, the corpus's train rows (which the rules were
                # written from, so they flatter them) could carry a setting that unseen text does not bear out
                if all(
                    _precision_recall(found[part], true[part])[0] >= min(aim, cap)
                    for part, cap in zip(parts, caps, strict=True)
                ):
                    best = key
    return best


def choose_thresholds(
    probabilities: np.ndarray,
    rules: np.ndarray,
    trusted: np.ndarray,
    excepted: np.ndarray,
    truth: np.ndarray,
    parts: Sequence[np.ndarray] = (),
    caps: Sequence[float] = (),
) -> np.ndarray:
    """Per category (confirm, alone, second look, trusted) on the pooled sentences: the problem thresholds with
    the best recall at the first precision aimed for that some setting reaches, pooled and in each of ``parts``
    (or at a lower aim, where each step down gains ``RECALL_PER_PRECISION`` points of recall per point of
    precision), then the lowest second-look threshold that keeps all findings together at their precision aim,
    pooled and in each of ``parts`` (boolean masks over the rows: the corpus's train rows, the extra rows).
    ``caps`` (one per part, 1 for none) lower a part's problem aim to at most the cap: the extra rows are the
    stand-in for unseen text, whose target is the cap itself. ``trusted`` is the threshold below which even a
    trusted rule's match is doubted (at most ``confirm``)."""
    grid = np.round(np.arange(0.05, 1.0001, 0.01), 2)
    caps = list(caps) or [1.0] * len(parts)
    chosen = []
    for index in range(len(CATEGORIES)):
        p, rule, sure, true = probabilities[:, index], rules[:, index], trusted[:, index], truth[:, index]
        # the model alone finds problems only where no exception set a rule's match aside
        free = ~excepted[:, index]
        learning = CATEGORIES[index] == "learning"
        # where no setting reaches the aim, the aim is lowered a step at a time: a category the model reads
        # less well still gets its most trustworthy problems, rather than none
        reached = [
            key
            for aim in PROBLEM_PRECISION_AIMS
            if (key := _best_setting(aim, p, rule, sure, free, true, grid, parts, caps, learning)) is not None
        ]
        best = reached[0] if reached else None
        # ... and lowered further while a step down buys recall cheaply: precision a few points short of an aim
        # costs a reviewer less than problems a third fewer (judgemental, with the rules of 4 December: 0.89 /
        # 0.45 at the top aim, 0.84 / 0.61 a step down, out of fold)
        for lower in reached[1:]:
            if lower[0] - best[0] < RECALL_PER_PRECISION * (best[1] - lower[1]):
                break
            best = lower
        best = best or (0.0, 0.0, 0.0, 0.0, NEVER)
        _, _, minus_doubt, confirm, alone = best
        doubt = -minus_doubt + 0.0  # never -0.0
        # the second look: the threshold with the best recall of all findings together at their precision
        # aims, pooled and in each part on its own
        second_look, most = alone, _precision_recall(rule | (p >= alone), true)[1]
        for candidate in grid[grid < alone][::-1]:
            found = rule | (p >= candidate)
            precision, recall = _precision_recall(found, true)
            each = all(_precision_recall(found[part], true[part])[0] >= ALL_PRECISION_EACH for part in parts)
            if precision >= ALL_PRECISION_AIM and each and recall > most:
                second_look, most = candidate, recall
        chosen.append((confirm, alone, second_look, doubt))
    return np.array(chosen, dtype=np.float32)


def simulate(
    thresholds: np.ndarray, probabilities: np.ndarray, rules: np.ndarray, trusted: np.ndarray, excepted: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Which categories each sentence is given as a problem, and as a problem or a second look, under
    ``thresholds``, as the checker combines rules and model (see ``choose_thresholds``)."""
    confirm, alone, second_look, doubt = (thresholds[:, column] for column in range(4))
    problems = trusted & (probabilities >= doubt)
    problems |= (rules & (probabilities >= confirm)) | (~excepted & (probabilities >= alone))
    every = rules | (probabilities >= np.minimum(alone, second_look))
    return problems, every


def describe(
    thresholds: np.ndarray,
    probabilities: np.ndarray,
    flags: tuple[np.ndarray, np.ndarray, np.ndarray],
    truth: np.ndarray,
    parts: dict[str, np.ndarray],
    out=sys.stdout,
) -> None:
    """Precision / recall per category under ``thresholds``, for problems and for problems with second
    looks, and how many sentences labelled none are given a problem, in each part."""
    problems, every = simulate(thresholds, probabilities, *flags)
    for part, rows in parts.items():
        none = rows & ~truth.any(axis=1)
        # as the accuracy benchmark counts it: a problem of a category other than learning
        wrong = [int(found[none][:, PROBLEM_COLUMNS].any(axis=1).sum()) for found in (problems, every)]
        out.write(
            f"  {part}: none given a problem {wrong[0]}/{int(none.sum())}, "
            f"a problem or a second look {wrong[1]}/{int(none.sum())}\n"
        )
        for index, category in enumerate(CATEGORIES):
            figures = [_precision_recall(found[rows, index], truth[rows, index]) for found in (problems, every)]
            out.write(
                f"    {category:<15} problems {figures[0][0]:.2f} / {figures[0][1]:.2f}   "
                f"with second looks {figures[1][0]:.2f} / {figures[1][1]:.2f}\n"
            )


def folds_of(sentences: Sequence[language_corpus.Sentence]) -> np.ndarray:
    """Each sentence's fold, by document (no document in two folds), dealt in turn to documents ordered by
    a stable hash of their title, so the folds are the same on every run; the corpus's documents first, then
    the extra rows' pages, so extra rows leave the corpus's folds as they were."""
    documents = sorted(
        {(s.extra, s.document) for s in sentences}, key=lambda d: (d[0], zlib.crc32(d[1].encode()), d[1])
    )
    fold = {document: turn % FOLDS for turn, document in enumerate(documents)}
    return np.array([fold[s.extra, s.document] for s in sentences])


def _matrices(
    texts: Sequence[str], said: Sequence[frozenset[str]], other: Sequence[str], other_said: Sequence[frozenset[str]]
):
    """The model's vocabulary and marks learnt from ``texts`` (``said``: as ``unseen_by_rules`` gives them),
    and the matrices of ``texts`` and ``other`` (``other_said``: all the marks, as checking reads them)."""
    buckets, idf = document_frequencies(texts)
    names = np.array(sorted(set().union(*said)))
    matrix = sparse.hstack([design(texts, buckets, idf), marks_matrix(said, names)], format="csr")
    other_matrix = sparse.hstack([design(other, buckets, idf), marks_matrix(other_said, names)], format="csr")
    return buckets, idf, names, matrix, other_matrix


def out_of_fold(
    sentences: Sequence[language_corpus.Sentence],
    said: Sequence[frozenset[str]],
    labels: np.ndarray,
    regularisations: Sequence[float],
) -> dict[float, np.ndarray]:
    """Each train sentence's probabilities from a model trained, as the shipped one is, on the other folds,
    for each C in ``regularisations``. ``said`` are all the marks of each sentence."""
    folds = folds_of(sentences)
    learnt = unseen_by_rules(said, [s.extra for s in sentences])
    probabilities = {c: np.zeros((len(sentences), len(CATEGORIES))) for c in regularisations}
    for fold in range(FOLDS):
        held = folds == fold
        kept, left = np.flatnonzero(~held), np.flatnonzero(held)
        *_, matrix, held_matrix = _matrices(
            [sentences[i].text for i in kept],
            [learnt[i] for i in kept],
            [sentences[i].text for i in left],
            [said[i] for i in left],
        )
        for c in regularisations:
            weights, bias = _fit(matrix, labels[kept], [c] * len(CATEGORIES))
            probabilities[c][left] = _probabilities(held_matrix, weights, bias)
    return probabilities


def training_sentences(out=sys.stdout) -> list[language_corpus.Sentence]:
    """The corpus's train split and the extra train rows, saying how many of each."""
    corpus, extra = language_corpus.sentences("train"), language_corpus.extra_sentences()
    out.write(f"train: {len(corpus)} corpus sentences ({sum(s.arguable for s in corpus)} arguable)\n")
    if extra:
        counts = {c: sum(c in s.labels for s in extra if not s.arguable) for c in CATEGORIES}
        out.write(
            f"extra train rows: {len(extra)} from {len({s.document for s in extra})} pages "
            f"({sum(s.arguable for s in extra)} arguable; clear: "
            + ", ".join(f"{c} {n}" for c, n in counts.items())
            + f", none {sum(not s.labels for s in extra if not s.arguable)})\n"
        )
    else:
        out.write(f"extra train rows: none (no file in {language_corpus.EXTRA_DIR})\n")
    return corpus + extra


def train(out=sys.stdout) -> dict[str, np.ndarray]:
    """The model's arrays, as written to the package. The linear algebra runs on one thread: a threaded
    BLAS adds up in an order that depends on how many threads it starts, which depends on the processors
    and on the environment (``casereview lint`` asks OpenBLAS for one thread, so a test process that ran
    it first trained otherwise), and the weights came out different in the third decimal place."""
    with threadpool_limits(limits=1):
        return _train(out)


def _train(out) -> dict[str, np.ndarray]:
    train_set = training_sentences(out)
    dev_set = [s for s in language_corpus.sentences("dev") if not s.arguable]
    texts, dev_texts = [s.text for s in train_set], [s.text for s in dev_set]
    said, dev_said = marks_of(texts), marks_of(dev_texts)
    extra = np.array([s.extra for s in train_set])
    learnt = unseen_by_rules(said, extra)
    buckets, idf, names, matrix, dev_matrix = _matrices(texts, learnt, dev_texts, dev_said)
    labels, dev_labels = _labels(train_set), _labels(dev_set)
    # per category, the C with the best average precision on the clear train rows out of fold
    clear = np.array([not s.arguable for s in train_set])
    held_out = out_of_fold(train_set, said, labels, REGULARISATION)
    quality = {
        c: [_average_precision(p[clear, i], labels[clear, i]) for i in range(len(CATEGORIES))]
        for c, p in held_out.items()
    }
    for c, figures in quality.items():
        out.write(
            f"C={c:<5} average precision out of fold {np.mean(figures):.3f}: "
            + ", ".join(f"{category} {figure:.3f}" for category, figure in zip(CATEGORIES, figures, strict=True))
            + "\n"
        )
    regularisation = [max(REGULARISATION, key=lambda c, i=i: (quality[c][i], -c)) for i in range(len(CATEGORIES))]
    weights, bias = _fit(matrix, labels, regularisation)
    dev_probabilities = _probabilities(dev_matrix, weights, bias)
    dev_quality = [_average_precision(dev_probabilities[:, i], dev_labels[:, i]) for i in range(len(CATEGORIES))]
    out.write(
        f"chose C {', '.join(f'{category} {c}' for category, c in zip(CATEGORIES, regularisation, strict=True))}; "
        f"{len(buckets)} buckets kept; average precision on dev {np.mean(dev_quality):.3f}: "
        + ", ".join(f"{category} {figure:.3f}" for category, figure in zip(CATEGORIES, dev_quality, strict=True))
        + "\n"
    )
    # the thresholds: on the clear train sentences out of fold, holding on the corpus's rows and on the extra
    # rows each on its own; dev, scored by the model trained on all of train, is only reported
    held = np.column_stack([held_out[c][:, i] for i, c in enumerate(regularisation)])[clear]
    clear_texts = [text for text, keep in zip(texts, clear, strict=True) if keep]
    probabilities = np.vstack([held, dev_probabilities])
    flags = tuple(np.vstack(pair) for pair in zip(rule_flags(clear_texts), rule_flags(dev_texts), strict=True))
    truth = np.vstack([labels[clear], dev_labels])
    on_dev = np.arange(len(truth)) >= len(held)
    on_extra = np.concatenate([extra[clear], np.zeros(len(dev_labels), dtype=bool)])
    on_corpus = ~on_dev & ~on_extra
    capped = ((on_corpus, 1.0), (on_extra, EXTRA_PROBLEM_CAP))
    train_parts = [(part[~on_dev], cap) for part, cap in capped if part.any()]
    thresholds = choose_thresholds(
        probabilities[~on_dev],
        *(flag[~on_dev] for flag in flags),
        truth[~on_dev],
        parts=[part for part, _ in train_parts],
        caps=[cap for _, cap in train_parts],
    )
    for category, (confirm, alone, second_look, doubt) in zip(CATEGORIES, thresholds, strict=True):
        out.write(
            f"  {category:<15} confirm a rule >= {confirm:.2f} (a trusted one >= {doubt:.2f}), alone >= {alone:.2f}, "
            f"second look >= {second_look:.2f}\n"
        )
    parts = {
        "train out of fold": ~on_dev,
        "corpus train rows out of fold": on_corpus,
        "extra rows out of fold": on_extra,
        "dev": on_dev,
    }
    describe(thresholds, probabilities, flags, truth, parts, out=out)
    return {
        "buckets": buckets.astype(np.int32),
        "idf": idf.astype(np.float32),
        "weights": weights[: len(buckets)].astype(np.float32),
        "marks": names,
        "mark_weights": weights[len(buckets) :].astype(np.float64),
        "bias": bias.astype(np.float64),
        "thresholds": thresholds,
        "word_sizes": np.array(WORD_SIZES, dtype=np.int8),
        "char_sizes": np.array(CHAR_SIZES, dtype=np.int8),
        "stem_sizes": np.array(STEM_SIZES, dtype=np.int8),
    }


def main() -> int:
    if not language_corpus.available():
        print(f"Skipped: {language_corpus.MISSING}.")
        return 0
    arrays = train()
    np.savez_compressed(MODEL_FILE, **arrays)
    print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
