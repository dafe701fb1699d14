"""The councils' rules as pure functions over plain values and dated parameters (rule G-1).

No model is imported here: the actions call these functions with dates, ``Decimal`` amounts, enum
values and small frozen dataclasses; a refusal is a ``social.exceptions.DomainError`` with a French
message and a stable ``code`` (``extra["champ"]`` names the input field when there is one).

- ``budget``: the household budget and the reste à vivre per consumption unit;
- ``aides``: eligibility, caps per request and per rolling year, frequency limits, urgent procedure
  (FAJ-1, FAJ-3, FAJ-5 through ``parcours.regles.jeunes``; FSL-1, FSL-3);
- ``seances``: convocation delay (COM-1), quorum (COM-2), votes and the chair's casting vote;
- ``decisions``: the outcome of a file (COM-4), written motivation (G-2), delegation (G-5).
"""
