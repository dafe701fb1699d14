"""Declared notifications of the councils app (STYLE 15): recipients, subject and body templates, sent
after commit by the actions."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from instances.ics import invitation
from instances.models import Mandat, Seance


@dataclass(frozen=True)
class ConvocationSeance:
    """The convocation of a session with its agenda (COM-1), to every member with an active mandate on
    the session's day, with an iCalendar invitation. No person's name: file references only."""

    seance_id: int

    sujet = "instances/courriels/convocation_sujet.txt"
    corps = "instances/courriels/convocation.txt"

    def envoyer(self) -> int:
        seance = Seance.objects.select_related("organe").get(pk=self.seance_id)
        destinataires = sorted(
            set(
                Mandat.objects.actives(seance.jour)
                .filter(organe=seance.organe)
                .exclude(utilisateur__email="")
                .values_list("utilisateur__email", flat=True)
            )
        )
        if not destinataires:
            return 0
        points = list(
            seance.points.select_related("demande__type_aide", "rapporteur").order_by("ordre", "id")
        )
        contexte = {"seance": seance, "points": points, "debut": timezone.localtime(seance.date)}
        sujet = render_to_string(self.sujet, contexte).strip()
        message = EmailMessage(
            subject=sujet,
            body=render_to_string(self.corps, contexte),
            from_email=seance.organe.courriel or settings.DEFAULT_FROM_EMAIL,
            to=[seance.organe.courriel or settings.DEFAULT_FROM_EMAIL],
            bcc=destinataires,
        )
        message.attach(
            "convocation.ics",
            invitation(
                uid=f"seance-{seance.public_id}@proche",
                sequence=seance.sequence_convocation,
                debut=seance.date,
                fin=seance.fin,
                titre=sujet,
                lieu=seance.lieu,
                description=(
                    f"Ordre du jour : {len(points)} dossier(s). Consultez-le dans Proche, « Mes séances »."
                ),
                organisateur=seance.organe.courriel,
                participants=destinataires,
            ),
            "text/calendar; method=REQUEST; charset=utf-8",
        )
        return message.send()
