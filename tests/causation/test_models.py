import pytest

from casereview.causation import load_model_text, shipped_models
from casereview.datafiles import DataFileError


def test_the_four_models_load_with_their_categories():
    models = shipped_models()
    assert set(models) == {"learning-together", "london-protocol", "seips", "reason"}
    together = models["learning-together"]
    assert [c.id for c in together.categories if c.confirmed] == [
        "human-tool",
        "human-management-system",
        "multi-agency-incidents",
        "multi-agency-longer-term",
    ]
    assert {c.id for c in together.categories if not c.confirmed} == {"family-professional", "human-reasoning"}
    assert "not confirmed" in together.note
    assert len(models["london-protocol"].categories) == 8
    assert models["reason"].category("latent-conditions").prompts
    for model in models.values():
        assert model.source and all(c.description and c.prompts for c in model.categories)


def test_a_duplicate_category_is_refused_with_its_line():
    text = """\
id: tiny
title: Tiny
source: Test
summary: Test
categories:
  - {id: a, name: A, description: D, prompts: [P]}
  - {id: a, name: B, description: D, prompts: [P]}
"""
    with pytest.raises(DataFileError) as caught:
        load_model_text(text, "tiny.yaml")
    assert str(caught.value) == "tiny.yaml:7: category id 'a' is used twice: give each category its own id."
