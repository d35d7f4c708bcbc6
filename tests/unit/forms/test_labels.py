"""A document path named in the form's words (forms.labels): each row by its key, else its
number; a table named by its rows when they have a name; a path the form does not know, or
one sent by hand, named as far as the form knows it and never an exception."""
from __future__ import annotations

import pytest

from forms.declaration import DECLARATION_FORM
from forms.ghg import GHG_FORM
from forms.labels import label_path, label_paths, labelled_problem

DOCUMENT = {"years": [{"year": 2024, "sources": [{"id": "LH-01"}, {}]}]}


@pytest.mark.parametrize(("path", "vi", "en"), [
    ("years[0].sources[0].quantity", "Năm 2024 › Nguồn LH-01 › Số liệu hoạt động",
     "Year 2024 › Source LH-01 › Activity data"),
    ("years[0].sources[1].quantity", "Năm 2024 › Nguồn 2 › Số liệu hoạt động",
     "Year 2024 › Source 2 › Activity data"),
    ("years[*].sources[*].unit", "Năm › Nguồn › Đơn vị", "Year › Source › Unit"),
    ("years[5].sources[2]", "Năm 6 › Nguồn 3", "Year 6 › Source 3"),
    ("years", "Năm số liệu", "Data years"),
    ("acknowledgements[0].reason", "Giải trình cảnh báo › Dòng 1 › Lý do",
     "Warning acknowledgements › Row 1 › Reason"),
    ("facility.name", "Cơ sở › Tên cơ sở", "Facility › Facility name"),
    ("facility.name.more", "Cơ sở › Tên cơ sở", "Facility › Facility name"),
    ("no_such_key.name", "", ""),
    ("", "", ""),
])
def test_a_path_in_the_forms_words(path, vi, en):
    assert label_paths(GHG_FORM, path, DOCUMENT) == (vi, en)
    assert (label_path(GHG_FORM, path, DOCUMENT, "vi"), label_path(GHG_FORM, path, DOCUMENT, "en")) == (vi, en)


def test_a_row_is_named_by_its_key_in_the_declaration_too():
    document = {"air_emissions": [{"stack_id": "K1"}]}
    assert label_path(DECLARATION_FORM, "air_emissions[0].treatment", document, "en") == "Stack K1 › Treatment"


# Paths as a document's keys, a reviewer's comment or a hidden input may carry them: "²" and
# "①" are digits to `str.isdigit` that `int` refuses (each was a 500 on the page naming them).
@pytest.mark.parametrize(("path", "vi"), [
    ("years[0].sources[0].²", "Năm 2024 › Nguồn LH-01"), ("years.²", "Năm số liệu"),
    ("years[0].①", "Năm 2024"), ("years[٣].sources[0]", "Năm 4 › Nguồn 1"), ("years[0]x", "Năm 2024"),
    ("years[0].sources[99999999999999999999999]", "Năm 2024 › Nguồn 100000000000000000000000"),
    ("[0]", ""), ("..", ""), ("€" * 300, "")])
def test_a_path_sent_by_hand_is_named_as_far_as_the_form_knows_it(path, vi):
    assert label_paths(GHG_FORM, path, DOCUMENT)[0] == vi


def test_a_superscript_digit_is_a_key_not_a_row_index():
    assert GHG_FORM.node_at("years[0].sources[0].²") is None
    assert GHG_FORM.node_at("years[0].sources[0].quantity").key == "quantity"


def test_a_problem_is_labelled_once_with_its_place_first():
    problem = {"path": "years[0].sources[0].quantity", "code": "required",
               "message": "Required.", "message_vi": "Bắt buộc."}
    labelled = labelled_problem(problem, GHG_FORM, DOCUMENT)
    assert labelled["label_vi"] == "Năm 2024 › Nguồn LH-01 › Số liệu hoạt động"
    assert labelled["message"] == "Year 2024 › Source LH-01 › Activity data: Required."
    assert labelled["path"] == problem["path"] and labelled["code"] == "required"
    assert labelled_problem(labelled, GHG_FORM, DOCUMENT) == labelled  # never labelled twice
