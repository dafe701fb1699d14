from django.db import models


class NiveauInstance(models.TextChoices):
    DEPARTEMENTAL = "departemental", "Conseil départemental du développement social"
    TERRITORIAL = "territorial", "Conseil territorial du développement social"
    COMMISSION = "commission", "Commission d'attribution"


class RoleMembre(models.TextChoices):
    PRESIDENT = "president", "Président ou présidente"
    ELU = "elu", "Élu ou élue"
    PARTENAIRE = "partenaire", "Partenaire"
    RAPPORTEUR = "rapporteur", "Rapporteur ou rapporteuse"
    SECRETARIAT = "secretariat", "Secrétariat"
