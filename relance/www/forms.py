from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="Identifiant",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Identifiant ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }


class InvitationForm(forms.Form):
    siren = forms.CharField(label="SIREN de l'entreprise", max_length=20)
    email = forms.EmailField(label="Adresse électronique de la personne invitée")
    username = forms.CharField(label="Identifiant à lui attribuer", max_length=150)
