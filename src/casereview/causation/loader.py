"""Load and check the causation model files."""

from __future__ import annotations

import functools
from pathlib import Path

from casereview.datafiles import DataFileError, duplicates, read_text, read_yaml, validate

from .model import CausationModel

MODELS_DIR = Path(__file__).parent / "models"


def load_model_text(text: str, file: str = "<text>") -> CausationModel:
    located = read_yaml(text, file, "causation model (id, title, source, categories)")
    model = validate(CausationModel, located, "causation model")
    problems = [
        located.problem(path, f"category id '{value}' is used twice: give each category its own id.")
        for value, path in duplicates((c.id, ("categories", i, "id")) for i, c in enumerate(model.categories))
    ]
    if not model.categories:
        problems.append(located.problem(("categories",), "a model needs at least one category."))
    if problems:
        raise DataFileError(problems)
    return model


@functools.cache
def shipped_models() -> dict[str, CausationModel]:
    models = {}
    for path in sorted(MODELS_DIR.glob("*.yaml")):
        model = load_model_text(read_text(path), str(path))
        models[model.id] = model
    return models
