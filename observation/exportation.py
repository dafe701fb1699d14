"""File formats of the exports: CSV (UTF-8 with BOM and semicolons, as French spreadsheets expect) and
XLSX (openpyxl). Pure functions from a ``TableExport`` to bytes."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from observation.selectors import TableExport


def en_csv(table: TableExport) -> bytes:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(table.entetes)
    for ligne in table.lignes:
        ecrivain.writerow(["" if cellule is None else cellule for cellule in ligne])
    return ("\ufeff" + tampon.getvalue()).encode("utf-8")


def en_xlsx(table: TableExport) -> bytes:
    classeur = Workbook()
    feuille = classeur.active
    assert feuille is not None
    feuille.title = "Indicateurs"
    feuille.append(table.entetes)
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    for ligne in table.lignes:
        feuille.append(ligne)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
