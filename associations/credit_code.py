"""The unified social credit code (统一社会信用代码, GB 32100-2015): check, explain, generate.

Layout of the 18 characters:
  1     registration authority (登记管理部门代码)
  2     category within that authority (机构类别代码)
  3-8   administrative division code (登记管理机关行政区划码), six digits
  9-17  organisation code (主体标识码, GB 11714), eight body characters and a check character
  18    check character over the 31-character alphabet, weighted 3^i mod 31
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Registration authority → categories it may use (GB 32100-2015, table 1).
AUTHORITIES: dict[str, str] = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
    "2": "19",  # 外交
    "3": "19",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "129",  # 工会
    "9": "123",  # 工商: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业
    "Y": "1",  # 其他
}


def org_check_character(body: str) -> str:
    """GB 11714 check character of an eight-character organisation-code body."""
    total = sum(ORG_ALPHABET.index(c) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def check_character(first17: str) -> str:
    """GB 32100 check character of the first seventeen characters (python-stdnum's).

    Only the checksum is delegated: `stdnum.cn.uscc.validate` would refuse the registration
    authorities written as letters (A, N, Y) and names no failed check; ours below do.
    """
    return uscc.calc_check_digit(first17)


def normalise(code: str) -> str:
    """Upper case without surrounding or inner spaces: how codes are typed and stored."""
    return "".join((code or "").split()).upper()


def credit_code_errors(code: str) -> list[str]:
    """Why `code` is not a valid unified social credit code; empty when it is valid."""
    if len(code) != 18:
        return [
            _("A unified social credit code has 18 characters; this one has %(n)s.")
            % {"n": len(code)}
        ]
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return [
            _(
                "The code may use only digits and the capital letters A-H, J-N, P-R, T, U and "
                "W-Y (not I, O, Z, S or V); it contains %(chars)s."
            )
            % {"chars": " ".join(bad)}
        ]
    authority, category = code[0], code[1]
    if authority not in AUTHORITIES:
        return [
            _("The 1st character (registration authority) %(c)s is not a known authority code.")
            % {"c": authority}
        ]
    if category not in AUTHORITIES[authority]:
        return [
            _("The 2nd character (category) %(c)s is not valid for registration authority %(a)s.")
            % {"c": category, "a": authority}
        ]
    if not code[2:8].isdigit():
        return [
            _("Characters 3 to 8 (administrative division code) must be six digits: %(d)s.")
            % {"d": code[2:8]}
        ]
    org = code[8:17]
    if not all(c in ORG_ALPHABET for c in org[:8]):  # pragma: no cover - alphabet checked above
        return [_("Characters 9 to 16 (organisation code) are not valid.")]
    expected_org = org_check_character(org[:8])
    if org[8] != expected_org:
        return [
            _(
                "The organisation code check character (17th character) should be %(expected)s, "
                "not %(found)s: a character in positions 9 to 17 is probably mistyped."
            )
            % {"expected": expected_org, "found": org[8]}
        ]
    expected = check_character(code[:17])
    if code[17] != expected:
        return [
            _(
                "The check character (18th character) should be %(expected)s, not %(found)s: "
                "a character of the code is probably mistyped."
            )
            % {"expected": expected, "found": code[17]}
        ]
    return []


def validate_credit_code(value: str) -> None:
    """Django validator: refuse a code with a message that names the failed check."""
    errors = credit_code_errors(normalise(value))
    if errors:
        raise ValidationError(errors[0], code="invalid_credit_code")


def make_credit_code(serial: int, *, division: str = "140100", prefix: str = "91") -> str:
    """A valid code for demo data and tests: `serial` becomes the organisation-code body."""
    body = f"{serial % 100_000_000:08d}"
    first17 = prefix + division + body + org_check_character(body)
    return first17 + check_character(first17)
