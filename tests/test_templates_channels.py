"""SMS encoding and segment counting (3GPP TS 23.038 / 23.040), with hand-counted examples."""

from __future__ import annotations

import pytest

from regua.models import Channel
from regua.templates import ChannelLimits, sms_info
from regua.templates.channels import channel_problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("gsm7", 0, 0)),
        ("a", ("gsm7", 1, 1)),
        ("a" * 160, ("gsm7", 160, 1)),
        ("a" * 161, ("gsm7", 161, 2)),  # 153 + 8
        ("a" * 306, ("gsm7", 306, 2)),  # 2 x 153
        ("a" * 307, ("gsm7", 307, 3)),
        ("€" * 80, ("gsm7", 160, 1)),  # extension chars count 2
        ("€" * 81, ("gsm7", 162, 2)),  # 76 pairs (152 septets) + 5 pairs
        ("é à ñ ü Ç Ø ß", ("gsm7", 13, 1)),  # in the GSM default alphabet
        ("ã", ("ucs2", 1, 1)),  # not in GSM-7
        ("ç", ("ucs2", 1, 1)),  # only upper-case Ç is GSM-7
        ("ã" * 70, ("ucs2", 70, 1)),
        ("ã" * 71, ("ucs2", 71, 2)),  # 67 + 4
        ("ã" * 134, ("ucs2", 134, 2)),
        ("ã" * 135, ("ucs2", 135, 3)),
        ("😀" * 35, ("ucs2", 70, 1)),  # astral chars take two UTF-16 units
        ("😀" * 36, ("ucs2", 72, 2)),  # 33 pairs (66 units, a 34th would split) + 3
        ("a" * 152 + "€" + "a", ("gsm7", 155, 1)),  # 155 septets fit one part
    ],
)
def test_sms_info(text: str, expected: tuple[str, int, int]) -> None:
    assert sms_info(text) == expected


def test_extension_pair_is_not_split() -> None:
    # 152 plain + one 2-septet char: the pair would straddle 153, so it moves to part 2, and part
    # 2 then holds 2 + 152 = 154 > 153, making a third part.
    assert sms_info("a" * 152 + "€" + "a" * 152).segments == 3
    # Without the straddle: 151 + 2 = 153 fills part 1 exactly.
    assert sms_info("a" * 151 + "€" + "a" * 153).segments == 2


def test_81_euros_need_two_parts_only_when_pairs_fit() -> None:
    # 162 septets: part 1 takes 76 pairs (152 septets; a 77th would make 154), part 2 the last 5.
    assert sms_info("€" * 81).segments == 2


def test_channel_problems_only_for_the_matching_channel() -> None:
    limits = ChannelLimits()
    assert channel_problems(Channel.PHONE, None, "x" * 100_000, limits) == []
    assert channel_problems(Channel.LETTER, "s" * 999, "x" * 200_000, limits) == []
    assert channel_problems(Channel.EMAIL, None, "x" * 100_001, limits) == [
        "email: body has 100001 characters; the limit is 100000"
    ]
    assert channel_problems(Channel.SMS, None, "a" * 612, limits) == []  # 4 x 153
    assert channel_problems(Channel.SMS, None, "a" * 613, limits) == [
        "sms: 613 gsm7 units need 5 segments; the limit is 4"
    ]


def test_limits_validate() -> None:
    with pytest.raises(ValueError, match="sms_max_segments"):
        ChannelLimits(sms_max_segments=0)
    with pytest.raises(ValueError, match="email_subject_max_chars"):
        ChannelLimits(email_subject_max_chars=999)
