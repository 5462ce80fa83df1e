from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from releases.models import Statement

from . import services, tokens
from .forms import ResendForm, SignOnForm
from .models import Campaign, Coalition, Membership, Signatory, listed_count


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


def _campaign(slug):
    return get_object_or_404(
        Campaign.objects.select_related("statement"),
        statement__in=Statement.objects.published(),
        statement__slug=slug,
    )


def sign(request, slug):
    campaign = _campaign(slug)
    statement = campaign.statement
    ip = client_ip(request)
    form = SignOnForm(request.POST or None, campaign=campaign, ip=ip)
    closed = "" if campaign.is_open else services.closed_reason(campaign)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            services.submit_signature(campaign=campaign, data=form.cleaned_data, ip=ip)
        except services.SignOnClosed as error:
            closed = str(error)
        else:
            return redirect("coalitions:check-email", slug=statement.slug)
    status = 200
    if request.method == "POST" and (closed or form.errors):
        status = 409 if closed else 400
    return render(
        request,
        "coalitions/signon_form.html",
        {
            "campaign": campaign,
            "statement": statement,
            "form": form,
            "closed": closed,
            "listed_count": listed_count(statement, campaign),
        },
        status=status,
    )


def check_email(request, slug):
    campaign = _campaign(slug)
    return render(
        request,
        "coalitions/check_email.html",
        {"campaign": campaign, "statement": campaign.statement, "form": ResendForm()},
    )


def resend(request, slug):
    campaign = _campaign(slug)
    form = ResendForm(request.POST or None, ip=client_ip(request))
    if request.method == "POST" and form.is_valid():
        services.resend_confirmation(statement=campaign.statement, email=form.cleaned_data["email"])
        messages.info(
            request,
            _(
                "If that address signed this statement and has not confirmed yet, a new "
                "link is on its way. Check your inbox and spam folder."
            ),
        )
        return redirect("coalitions:check-email", slug=campaign.statement.slug)
    return render(
        request,
        "coalitions/check_email.html",
        {"campaign": campaign, "statement": campaign.statement, "form": form},
        status=400 if form.errors else 200,
    )


def _signatory_from(token, reader):
    """The signatory a link names, or an error page's context."""
    try:
        pk, email = reader(token)
    except tokens.ExpiredLink as error:
        signatory = Signatory.objects.select_related("statement").filter(pk=error.pk).first()
        return None, {"problem": "expired", "statement": signatory and signatory.statement}
    except tokens.InvalidLink:
        return None, {"problem": "invalid"}
    signatory = (
        Signatory.objects.select_related("statement", "statement__campaign")
        .filter(pk=pk, email=email)
        .first()
    )
    if signatory is None or signatory.erased_at is not None:
        return None, {"problem": "invalid"}
    return signatory, {}


def _signer_page(request, token, *, read, act, template):
    """A page opened from an email link: GET shows a button, only the POST acts.

    Mail scanners open links; a state change on GET would confirm or withdraw for them.
    """
    signatory, problem = _signatory_from(token, read)
    if signatory is None:
        return render(request, "coalitions/link_problem.html", problem, status=400)
    if request.method == "POST":
        signatory = act(signatory=signatory)
    return render(
        request,
        template,
        {
            "signatory": signatory,
            "statement": signatory.statement,
            "campaign": getattr(signatory.statement, "campaign", None),
        },
    )


def confirm(request, token):
    return _signer_page(
        request,
        token,
        read=tokens.read_confirm_token,
        act=services.confirm_signature,
        template="coalitions/confirm.html",
    )


def withdraw(request, token):
    return _signer_page(
        request,
        token,
        read=tokens.read_withdraw_token,
        act=services.withdraw_signature,
        template="coalitions/withdraw.html",
    )


class CoalitionListView(ListView):
    model = Coalition
    context_object_name = "coalitions"
    paginate_by = 50


class CoalitionDetailView(DetailView):
    model = Coalition
    context_object_name = "coalition"

    def get_queryset(self):
        return Coalition.objects.prefetch_related(
            Prefetch(
                "membership_set",
                queryset=Membership.objects.select_related("organization"),
                to_attr="ordered_members",
            ),
            Prefetch(
                "statements",
                queryset=Statement.objects.published().for_listing(),
                to_attr="published_statements",
            ),
        )
