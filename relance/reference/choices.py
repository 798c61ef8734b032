"""Closed lists shared by models, forms and the API; the rules engine uses the same codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SituationKind(models.TextChoices):
    PARTIAL_ACTIVITY = "partial_activity", _("Activité partielle (AP)")
    LONG_PARTIAL_ACTIVITY = "long_partial_activity", _("Activité partielle de longue durée (APLD)")
    DIFFICULTY = "difficulty", _("Entreprise en difficulté")
    TRANSFORMATION = "transformation", _("Entreprise en mutation")
    RECOVERY = "recovery", _("Entreprise en reprise d'activité")


class PathwayKind(models.TextChoices):
    RECONVERSION = "reconversion", _("Reconversion")
    CERTIFICATION = "certification", _("Certifiant")
    CRISIS_CONTEXT = "crisis_context", _("Compétences spécifiques contexte Covid/Crise")
    ANTICIPATION = "anticipation", _("Anticipation des mutations")
