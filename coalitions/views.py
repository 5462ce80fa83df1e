from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from advocacy.clientip import client_ip
from releases.models import Statement

from . import services, sharing, signer_steps, tokens
from .counts import count_listed
from .forms import CorrectionForm, ResendForm, SignOnForm
from .models import Campaign, Coalition, Membership, Signatory


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
            "signed": count_listed(statement, campaign),
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


def _link_problem(request, problem, link="confirm"):
    return render(
        request,
        "coalitions/link_problem.html",
        {**problem, "link": link, "form": ResendForm()},
        status=400,
    )


def _signer_context(request, signatory, **extra):
    """What every page of a signer's own shows: their signature, its statement and
    campaign, the count toward the goal, the ways to share and to invite a partner, and
    the link to their own page."""
    statement = signatory.statement
    campaign = getattr(statement, "campaign", None)
    return {
        "signatory": signatory,
        "statement": statement,
        "campaign": campaign,
        "signed": count_listed(statement, campaign),
        "statement_url": request.build_absolute_uri(statement.get_absolute_url()),
        "share_links": sharing.share_links(request, statement),
        "invitation": sharing.invitation(request, statement, signatory),
        "signer_page": reverse(
            "coalitions:signer-page", args=[tokens.signer_page_token(signatory)]
        ),
        **extra,
    }


@never_cache
def confirm(request, token):
    """The confirmation link: a Confirm button (mail scanners open links: only the POST
    confirms), then the thank-you page, which the link opens again later."""
    signatory, problem = _signatory_from(token, tokens.read_confirm_token)
    if signatory is None:
        return _link_problem(request, problem)
    already = signatory.status != Signatory.Status.SUBMITTED
    if request.method == "POST" and not already:
        signatory = services.confirm_signature(signatory=signatory)
    return render(
        request,
        "coalitions/confirm.html",
        _signer_context(request, signatory, already=already),
    )


@never_cache
def withdraw(request, token):
    """The withdraw links of emails sent before signers had their own page."""
    signatory, problem = _signatory_from(token, tokens.read_withdraw_token)
    if signatory is None:
        return _link_problem(request, problem)
    if request.method == "POST":
        signatory = services.withdraw_signature(signatory=signatory)
    return render(request, "coalitions/withdraw.html", _signer_context(request, signatory))


@never_cache
def signer_page(request, token):
    """A signer's own page, from the link in their emails: what is published about them;
    correct their details, withdraw, or erase them. Every change is a POST."""
    signatory, problem = _signatory_from(token, tokens.read_signer_page_token)
    if signatory is None:
        return _link_problem(request, problem, link="signer-page")
    action = request.POST.get("action") if request.method == "POST" else None
    form = CorrectionForm(signatory=signatory, data=request.POST if action == "correct" else None)
    status = 200
    if action == "correct" and signatory.can_change and form.is_valid():
        try:
            signatory, outcome = signer_steps.correct_signature(
                signatory=signatory, data=form.cleaned_data
            )
        except signer_steps.NameTaken:
            form.add_error(form.name_field, form.name_taken_message)
        else:
            messages.success(request, CORRECTED[outcome])
            return redirect(request.path)
    elif action == "withdraw" and signatory.can_change:
        services.withdraw_signature(signatory=signatory)
        messages.success(request, _("Your signature is withdrawn."))
        return redirect(request.path)
    elif action == "erase":
        if request.POST.get("sure"):
            signer_steps.erase_signature(signatory=signatory)
            return render(request, "coalitions/erased.html", {"statement": signatory.statement})
        messages.error(request, _("Tick the box to say you are sure, then press Erase."))
        return redirect(request.path + "#erase")
    if form.errors:
        status = 400
    return render(
        request,
        "coalitions/signer_page.html",
        _signer_context(request, signatory, form=form),
        status=status,
    )


CORRECTED = {
    "saved": gettext_lazy("Your corrections are saved."),
    "moderation": gettext_lazy(
        "Your corrections are saved. The new name goes to a moderator: it is off the "
        "list until they approve it, and we will email you then."
    ),
}


def signer_link(request, slug):
    """Ask for a new link to one's own page (an expired one leads here)."""
    campaign = _campaign(slug)
    form = ResendForm(request.POST or None, ip=client_ip(request))
    if request.method == "POST" and form.is_valid():
        signer_steps.send_signer_page_link(
            statement=campaign.statement, email=form.cleaned_data["email"]
        )
        messages.info(
            request,
            _(
                "If that address signed this statement, a new link to its page is on its "
                "way. Check your inbox and spam folder."
            ),
        )
        return redirect(campaign.statement)
    return render(
        request,
        "coalitions/link_problem.html",
        {
            "problem": "expired",
            "link": "signer-page",
            "statement": campaign.statement,
            "form": form,
        },
        status=400 if form.errors else 200,
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
