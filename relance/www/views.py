from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from relance.accounts import perms
from relance.accounts.services import invitation_send
from relance.common.errors import NotFound, ServiceError
from relance.companies.selectors import company_get_visible
from relance.www.forms import InvitationForm, LoginForm


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "www/home.html")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"

    def get_default_redirect_url(self) -> str:
        """Without a `next`, each role lands on its own work page."""
        return perms.landing_page(self.request.user)


@login_required
def company_detail(request: HttpRequest, siren: str) -> HttpResponse:
    try:
        company = company_get_visible(user=request.user, siren=siren)
    except NotFound as error:
        raise Http404(str(error)) from error
    return render(request, "www/company_detail.html", {"company": company})


@login_required
def invitation_create(request: HttpRequest) -> HttpResponse:
    if not perms.can_invite(request.user):
        raise PermissionDenied("Votre rôle ne permet pas d'inviter des utilisateurs.")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            company = company_get_visible(user=request.user, siren=form.cleaned_data["siren"])
            invitation_send(
                actor=request.user,
                company=company,
                email=form.cleaned_data["email"],
                username=form.cleaned_data["username"],
                base_url=request.build_absolute_uri("/")[:-1],
            )
        except ServiceError as error:
            for problem in error.errors:
                form.add_error(
                    problem.field if problem.field in form.fields else None, problem.message
                )
        else:
            messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
            return redirect("invitation-create")
    return render(request, "www/invitation_form.html", {"form": form})


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    template_name = "registration/invitation_accept.html"
    success_url = "/connexion/?bienvenue=1"
