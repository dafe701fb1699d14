"""The iCalendar invitation (RFC 5545) attached to a session's convocation.

No personal data: the event names the instance, the place and the number of files; members read the
agenda on Proche (scoped, journaled)."""

from __future__ import annotations

import datetime

from django.utils import timezone

PRODID = "-//Proche//Instances//FR"


def _echapper(texte: str) -> str:
    return texte.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _plier(ligne: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 §3.1): CRLF then a space."""
    morceaux: list[str] = []
    courant = ""
    for caractere in ligne:
        if len((courant + caractere).encode()) > 75:
            morceaux.append(courant)
            courant = " " + caractere
        else:
            courant += caractere
    morceaux.append(courant)
    return "\r\n".join(morceaux)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def invitation(
    *,
    uid: str,
    sequence: int,
    debut: datetime.datetime,
    fin: datetime.datetime,
    titre: str,
    lieu: str,
    description: str,
    organisateur: str,
    participants: list[str],
    annulation: bool = False,
) -> str:
    """A VCALENDAR with one VEVENT (METHOD:REQUEST, or CANCEL for a cancelled session)."""
    lignes = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if annulation else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(debut)}",
        f"DTEND:{_utc(fin)}",
        f"SUMMARY:{_echapper(titre)}",
        f"LOCATION:{_echapper(lieu)}",
        f"DESCRIPTION:{_echapper(description)}",
        f"STATUS:{'CANCELLED' if annulation else 'CONFIRMED'}",
    ]
    if organisateur:
        lignes.append(f"ORGANIZER:mailto:{organisateur}")
    lignes += [f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:{adresse}" for adresse in participants]
    lignes += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_plier(ligne) for ligne in lignes) + "\r\n"
