"""The lint rules: one module per rule id, registered by hand in `RULES`.

Every module has the same shape (see docs/dev/adding-a-rule.md): constants `ID`, `NAME`,
`TARGET`, `SEVERITY`, `SUMMARY`, `HADOLINT`, `FIXABLE`, a docstring that is the rule's
user documentation (rationale, a bad and a good example), `check(subject)` yielding
`Finding`s, and, when `FIXABLE`, `fix(subject, findings) -> str` returning the new text;
`OPT_IN = True` marks a rule that runs only when a severity override names it.
The subject depends on `TARGET`: a `Dockerfile` for "dockerfile", a `subjects.Project`
for "config", a `subjects.Stack` for "dev" and "prod".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules import (
    dl1000,
    dl1001,
    dl3000,
    dl3001,
    dl3002,
    dl3003,
    dl3004,
    dl3006,
    dl3007,
    dl3008,
    dl3009,
    dl3010,
    dl3011,
    dl3012,
    dl3013,
    dl3014,
    dl3015,
    dl3016,
    dl3018,
    dl3019,
    dl3020,
    dl3021,
    dl3022,
    dl3023,
    dl3024,
    dl3025,
    dl3026,
    dl3027,
    dl3028,
    dl3029,
    dl3030,
    dl3032,
    dl3033,
    dl3034,
    dl3035,
    dl3036,
    dl3037,
    dl3038,
    dl3040,
    dl3041,
    dl3042,
    dl3043,
    dl3044,
    dl3045,
    dl3046,
    dl3047,
    dl3048,
    dl3049,
    dl3050,
    dl3051,
    dl3052,
    dl3053,
    dl3054,
    dl3055,
    dl3056,
    dl3057,
    dl3058,
    dl3059,
    dl3060,
    dl3061,
    dl3062,
    dl3063,
    dl3064,
    dl3065,
    dl3066,
    dl3067,
    dl4000,
    dl4001,
    dl4003,
    dl4004,
    dl4005,
    dl4006,
    dv101,
    dv102,
    dv103,
    dv104,
    dv105,
    dv106,
    dv201,
    dv202,
    dv203,
    dv204,
    dv205,
    dv206,
    dv207,
    dv208,
    dv209,
    dv210,
    dv211,
    dv212,
    dv220,
    dv221,
    dv222,
    dv223,
    dv224,
    dv225,
    dv226,
    dv230,
    dv231,
    dv232,
    dv233,
)


class Rule(Protocol):
    @property
    def ID(self) -> str: ...

    @property
    def NAME(self) -> str: ...

    @property
    def TARGET(self) -> Target: ...

    @property
    def SEVERITY(self) -> Severity: ...

    @property
    def SUMMARY(self) -> str: ...

    @property
    def HADOLINT(self) -> str | None: ...

    @property
    def FIXABLE(self) -> bool: ...

    __doc__: str | None

    def check(self, subject: Any, /) -> Iterator[Finding]: ...


class Fixer(Protocol):
    def fix(self, subject: Any, findings: Sequence[Finding], /) -> str: ...


RULES: dict[str, Rule] = {
    dl1000.ID: dl1000,
    dl1001.ID: dl1001,
    dl3000.ID: dl3000,
    dl3001.ID: dl3001,
    dl3002.ID: dl3002,
    dl3003.ID: dl3003,
    dl3004.ID: dl3004,
    dl3006.ID: dl3006,
    dl3007.ID: dl3007,
    dl3008.ID: dl3008,
    dl3009.ID: dl3009,
    dl3010.ID: dl3010,
    dl3011.ID: dl3011,
    dl3012.ID: dl3012,
    dl3013.ID: dl3013,
    dl3014.ID: dl3014,
    dl3015.ID: dl3015,
    dl3016.ID: dl3016,
    dl3018.ID: dl3018,
    dl3019.ID: dl3019,
    dl3020.ID: dl3020,
    dl3021.ID: dl3021,
    dl3022.ID: dl3022,
    dl3023.ID: dl3023,
    dl3024.ID: dl3024,
    dl3025.ID: dl3025,
    dl3026.ID: dl3026,
    dl3027.ID: dl3027,
    dl3028.ID: dl3028,
    dl3029.ID: dl3029,
    dl3030.ID: dl3030,
    dl3032.ID: dl3032,
    dl3033.ID: dl3033,
    dl3034.ID: dl3034,
    dl3035.ID: dl3035,
    dl3036.ID: dl3036,
    dl3037.ID: dl3037,
    dl3038.ID: dl3038,
    dl3040.ID: dl3040,
    dl3041.ID: dl3041,
    dl3042.ID: dl3042,
    dl3043.ID: dl3043,
    dl3044.ID: dl3044,
    dl3045.ID: dl3045,
    dl3046.ID: dl3046,
    dl3047.ID: dl3047,
    dl3048.ID: dl3048,
    dl3049.ID: dl3049,
    dl3050.ID: dl3050,
    dl3051.ID: dl3051,
    dl3052.ID: dl3052,
    dl3053.ID: dl3053,
    dl3054.ID: dl3054,
    dl3055.ID: dl3055,
    dl3056.ID: dl3056,
    dl3057.ID: dl3057,
    dl3058.ID: dl3058,
    dl3059.ID: dl3059,
    dl3060.ID: dl3060,
    dl3061.ID: dl3061,
    dl3062.ID: dl3062,
    dl3063.ID: dl3063,
    dl3064.ID: dl3064,
    dl3065.ID: dl3065,
    dl3066.ID: dl3066,
    dl3067.ID: dl3067,
    dl4000.ID: dl4000,
    dl4001.ID: dl4001,
    dl4003.ID: dl4003,
    dl4004.ID: dl4004,
    dl4005.ID: dl4005,
    dl4006.ID: dl4006,
    dv101.ID: dv101,
    dv102.ID: dv102,
    dv103.ID: dv103,
    dv104.ID: dv104,
    dv105.ID: dv105,
    dv106.ID: dv106,
    dv201.ID: dv201,
    dv202.ID: dv202,
    dv203.ID: dv203,
    dv204.ID: dv204,
    dv205.ID: dv205,
    dv206.ID: dv206,
    dv207.ID: dv207,
    dv208.ID: dv208,
    dv209.ID: dv209,
    dv210.ID: dv210,
    dv211.ID: dv211,
    dv212.ID: dv212,
    dv220.ID: dv220,
    dv221.ID: dv221,
    dv222.ID: dv222,
    dv223.ID: dv223,
    dv224.ID: dv224,
    dv225.ID: dv225,
    dv226.ID: dv226,
    dv230.ID: dv230,
    dv231.ID: dv231,
    dv232.ID: dv232,
    dv233.ID: dv233,
}


def opt_in(rule: Rule) -> bool:
    """True for a rule that is off until a setting names it (`OPT_IN = True`): hadolint
    ships DL1001 and DL3057 at severity `ignore`, and `override: {info: [DL3057]}` in
    `.hadolint.yaml` (or the `lint:` section) turns one on at that severity."""
    return bool(getattr(rule, "OPT_IN", False))


def fixer(rule: Rule) -> Fixer | None:
    """The rule module as a `Fixer` when it is fixable and defines `fix`."""
    if rule.FIXABLE and callable(getattr(rule, "fix", None)):
        return rule  # type: ignore[return-value]
    return None
