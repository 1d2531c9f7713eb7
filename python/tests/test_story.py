"""Fingerprints, band keys and the same-story rule of redline-story."""

from __future__ import annotations

import pytest

import redline


def test_copies_join_and_other_stories_do_not(demo_articles):
    story, other = demo_articles[0]["text"], demo_articles[1]["text"]
    retitled = "BREAKING\n" + story
    assert len(redline.fingerprint(story)) == 517
    match = redline.same_story(story, retitled)
    assert match is not None and match["rule"] == "jaccard" and match["jaccard"] > 0.8
    assert redline.same_story(story, other) is None
    # A truncated copy (the first 70% of the words) joins by containment or Jaccard.
    words = story.split()
    truncated = " ".join(words[: int(len(words) * 0.7)])
    assert redline.same_story(redline.fingerprint(story), redline.fingerprint(truncated)) is not None


def test_band_keys_of_text_and_fingerprint_agree_and_copies_share_some(demo_articles):
    story = demo_articles[2]["text"]
    keys = redline.band_keys(story)
    assert len(keys) == 42 and all(0 <= k < 2**64 for k in keys)
    assert keys == redline.band_keys(redline.fingerprint(story))
    assert set(keys) & set(redline.band_keys(story + "\nOne more closing sentence here."))
    assert not set(keys) & set(redline.band_keys(demo_articles[3]["text"]))


def test_bad_fingerprints_raise():
    with pytest.raises(redline.FingerprintError, match="an encoded fingerprint is 517 bytes, found 3"):
        redline.band_keys(b"abc")
    with pytest.raises(redline.FingerprintError, match="unknown fingerprint encoding version 9"):
        redline.same_story(b"\x09" + bytes(516), redline.fingerprint("a b c"))
