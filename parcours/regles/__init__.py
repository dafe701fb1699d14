"""The law's rules for the RSA, PCH and youth pathways, as pure functions over plain values.

No model is imported here: the pathway models and actions call these functions with dates,
``Decimal`` amounts, enum values and small frozen dataclasses. Every amount, rate, age and
deadline is a dated parameter (rule G-1, ``social.parametres``) read at the legally relevant date;
a refusal is a ``social.exceptions.DomainError`` with a French message and a stable ``code``.

- ``rsa``: orientation, contrat d'engagement, sanctions, recours (DOMAIN.md §1, rules RSA-1..14);
- ``pch``: caps, durations, age, PCH parentalité, payments, deadlines (§3, PCH-1..6);
- ``jeunes``: fonds d'aide aux jeunes and accompagnement jeune majeur (§4, FAJ-1..5, ASE-1);
- ``enums``: the choices these rules speak (usable as model field choices);
- ``commun``: ages, months, parameter reads and French formatting shared by the three.
"""
