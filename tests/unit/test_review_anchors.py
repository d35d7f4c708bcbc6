"""Comments anchored by row key (intake.domain.review_threads): a comment on a source line
follows that line when lines are added, removed or reordered above it."""
import copy

from forms.declaration import DECLARATION_FORM
from forms.ghg import GHG_FORM
from intake.domain.review_threads import Place, anchor_of, place_in

DOCUMENT = {"years": [{"year": 2024, "sources": [
    {"id": "LH-01", "quantity": "1"}, {"id": "LH-02", "quantity": "2"}, {"id": "LH-03", "quantity": "3"}]}]}
PATH = "years[0].sources[2].quantity"


def _with(sources):
    document = copy.deepcopy(DOCUMENT)
    document["years"][0]["sources"] = [{"id": key, "quantity": "9"} for key in sources]
    return document


def test_each_row_step_is_named_by_the_rows_key():
    assert anchor_of(GHG_FORM, PATH, DOCUMENT) == [
        "years", {"index": 0, "key": "2024"}, "sources", {"index": 2, "key": "LH-03"}, "quantity"]
    assert anchor_of(GHG_FORM, "facility.name", DOCUMENT) is None  # no row: no anchor needed
    assert anchor_of(GHG_FORM, "", DOCUMENT) is None


def test_the_comment_follows_its_line_when_lines_are_added_removed_or_reordered():
    anchor = anchor_of(GHG_FORM, PATH, DOCUMENT)
    assert place_in(GHG_FORM, anchor, PATH, DOCUMENT) == Place(PATH)
    added_above = _with(["LH-00", "LH-01", "LH-02", "LH-03"])
    assert place_in(GHG_FORM, anchor, PATH, added_above) == Place("years[0].sources[3].quantity")
    removed_above = _with(["LH-02", "LH-03"])
    assert place_in(GHG_FORM, anchor, PATH, removed_above) == Place("years[0].sources[1].quantity")
    reordered = _with(["LH-03", "LH-01", "LH-02"])
    assert place_in(GHG_FORM, anchor, PATH, reordered) == Place("years[0].sources[0].quantity")
    # Its own line removed: said so, never another line's place (LH-04 now sits at index 2).
    assert place_in(GHG_FORM, anchor, PATH, _with(["LH-01", "LH-02", "LH-04"])) == Place("", removed=True)
    # The data year is found by its year too.
    two_years = {"years": [{"year": 2023, "sources": []}, added_above["years"][0]]}
    assert place_in(GHG_FORM, anchor, PATH, two_years) == Place("years[1].sources[3].quantity")


def test_rows_without_a_key_keep_their_position():
    # Products have no row key; a source line whose id is blank or shared names no one row.
    document = {"products": [{"name": "A"}, {"name": "B"}]}
    anchor = anchor_of(DECLARATION_FORM, "products[1].quantity", document)
    assert anchor == ["products", {"index": 1}, "quantity"]
    assert place_in(DECLARATION_FORM, anchor, "products[1].quantity",
                    {"products": [{"name": "C"}, {"name": "D"}, {"name": "E"}]}) == Place("products[1].quantity")
    assert place_in(DECLARATION_FORM, anchor, "products[1].quantity", {"products": [{"name": "C"}]}) \
        == Place("", removed=True)
    shared = _with(["LH-01", "LH-03", "LH-03"])
    assert anchor_of(GHG_FORM, PATH, shared)[3] == {"index": 2}


def test_a_comment_without_an_anchor_stays_positional():
    # Comments of before the anchors whose version could not be read keep NULL (migration 0007).
    assert place_in(GHG_FORM, None, PATH, _with(["LH-09"])) == Place(PATH)
