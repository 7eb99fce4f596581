"""Arrow shapes and symbol fonts, decided by shape; colour only named."""

import pytest

from pipeline.read.arrows import colour_name, dingbat_direction, mask_direction, polygon_direction


@pytest.mark.parametrize("points, direction", [
    ([(0, 10), (10, 10), (5, 0)], "up"),          # apex at the top (y grows downwards)
    ([(0, 0), (10, 0), (5, 10)], "down"),
    ([(0, 0), (0, 10), (10, 5)], "flat"),
    ([(0, 0), (10, 0), (10, 10), (0, 10)], None),  # a square points nowhere
])
def test_polygon_direction(points, direction):
    assert polygon_direction(points) == direction


def test_mask_of_an_up_arrow_with_a_shaft_points_up():
    head = ["....#....", "...###...", "..#####..", ".#######.", "#########"]
    shaft = ["...###..."] * 4
    mask = [[c == "#" for c in row] for row in head + shaft]
    assert mask_direction(mask) == "up"


@pytest.mark.parametrize("font, text, direction", [
    ("ZapfDingbats", "(cid:218)", "up"),
    ("ZapfDingbats", "(cid:216)", "down"),
    ("ZapfDingbats", "(cid:217)", "flat"),
    ("ABCDEF+Wingdings-Regular", "\uf0e9", "up"),
    ("Wingdings", "\xea", "down"),
    ("Symbol", "\xad", "up"),
    ("Helvetica", "\xad", None),
    ("ZapfDingbats", "(cid:65)", None),
])
def test_dingbat_direction(font, text, direction):
    assert dingbat_direction(font, text) == direction


@pytest.mark.parametrize("colour, name", [
    ((0.8, 0.1, 0.1), "red"), ((0.1, 0.6, 0.2), "green"), ((0.5, 0.5, 0.5), "grey"),
    ((0.5,), "grey"), ((0, 1, 1, 0), "red"), (None, None), ((0.2, 0.3, 0.9), None),
])
def test_colour_name(colour, name):
    assert colour_name(colour) == name
