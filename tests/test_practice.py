"""Exam practice's core: question labels, the timer's choices and the countdown."""

from __future__ import annotations

from histtui.guide import Question
from histtui.practice import Countdown, kind_label, mmss, next_timer, timer_label


def test_kind_labels_name_the_paper_and_the_skill():
    assert kind_label(Question("essay", "How far…?", "- Plan")) == "Structured essay"
    assert (
        kind_label(Question("source", "What is…?", "- Plan", "inference", "Source A"))
        == "Source-based: inference"
    )
    assert kind_label(Question("source", "What is…?", "- Plan")) == "Source-based"


def test_timer_cycles_off_ten_thirty_off():
    choices = [None]
    for _ in range(4):
        choices.append(next_timer(choices[-1]))
    assert choices == [None, 10, 30, None, 10]
    assert [timer_label(minutes) for minutes in choices[:3]] == ["off", "10 minutes", "30 minutes"]


def test_countdown_shows_whole_seconds_left_and_ends_at_zero():
    countdown = Countdown(10, start=100.0)
    assert mmss(countdown.remaining(100.0)) == "10:00"
    assert mmss(countdown.remaining(100.4)) == "10:00"
    assert mmss(countdown.remaining(101.0)) == "09:59"
    assert mmss(countdown.remaining(100.0 + 9 * 60 + 1.5)) == "00:59"
    assert not countdown.is_over(699.9)
    assert countdown.is_over(700.0)
    assert countdown.remaining(5000.0) == 0
    assert mmss(Countdown(30, start=0.0).remaining(0.0)) == "30:00"
