"""Front matter, the date line and a leading heading become metadata, never body text."""

from __future__ import annotations

import pytest

from assistant.ingest.metadata import read_metadata

pytestmark = pytest.mark.unit


def test_front_matter_fields_and_body_start() -> None:
    text = (
        '---\ntitle: "Jobs for Cork"\ndate: 2017-02-13\noutlet: RTÉ\nurl: http://x\n---\n\nA firm.'
    )
    meta = read_metadata(text, fallback_title="f")
    assert (meta.title, meta.date, meta.outlet, meta.url) == (
        "Jobs for Cork",
        "2017-02-13",
        "RTÉ",
        "http://x",
    )
    assert text[meta.body_start :].strip() == "A firm."


def test_a_leading_heading_is_the_title_and_not_body() -> None:
    text = "date 2022-09-09\n# Strike in Sumy\nThe first sentence."
    meta = read_metadata(text, fallback_title="f")
    assert meta.title == "Strike in Sumy" and meta.date == "2022-09-09"
    assert text[meta.body_start :].strip() == "The first sentence."


def test_dates_in_other_forms_are_read_with_dateutil() -> None:
    meta = read_metadata('---\ndate: "13 February 2017"\n---\nBody.', fallback_title="f")
    assert meta.date == "2017-02-13"


def test_front_matter_that_is_not_a_mapping_stays_text() -> None:
    text = "---\n- a list\n---\nBody."
    assert read_metadata(text, fallback_title="f").body_start == 0


def test_front_matter_with_an_unquoted_colon_is_read_a_line_at_a_time() -> None:
    text = "---\ntitle: Dam fails: thousands flee\ndate: 2017-02-13\noutlet: CNN\n---\nBody."
    meta = read_metadata(text, fallback_title="f")
    assert (meta.title, meta.date, meta.outlet) == (
        "Dam fails: thousands flee",
        "2017-02-13",
        "CNN",
    )
    assert text[meta.body_start :] == "Body."


def test_front_matter_that_is_neither_yaml_nor_key_value_lines_stays_text() -> None:
    text = "---\ntitle: [unclosed\nsome words\n---\nBody."
    assert read_metadata(text, fallback_title="f").body_start == 0
