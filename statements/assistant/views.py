"""The article assistant's pages: paste (step 1), check the proposals (step 2), save ticked (step 3).

Nothing is written before step 3. The article's text is not carried past step 2: the drafts need
only its source fields (hidden inputs, validated again) and each row's excerpt.
"""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from statements.models import Statement
from statements.roles import is_editor

from . import proposals, service
from .forms import MAX_PROPOSALS, ArticleForm, ArticleSourceForm, ProposalFormSet

PREFIX_ARTICLE, PREFIX_ROWS = "article", "proposals"


def editor_only(view):
    """Anonymous visitors go to the desk's login; signed-in accounts that are not editors get 403."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not is_editor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(guarded)


def _page(request, template, title, **context):
    """Render inside the admin's frame (header, sidebar, messages), like the rest of the desk."""
    request.current_app = admin.site.name
    return TemplateResponse(request, template, {**admin.site.each_context(request), "title": title, **context})


@editor_only
def start(request):
    """Step 1, and on a valid POST step 2: the proposals, with nothing saved."""
    form = ArticleForm(request.POST if request.method == "POST" else None, prefix=PREFIX_ARTICLE)
    if form.is_valid():
        try:
            candidates = proposals.extract(form.cleaned_data)
        except proposals.EngineFailed:
            form.add_error("text", "The assistant could not read this text. Add the statements by hand.")
        else:
            return _proposals_page(request, form.cleaned_data, candidates)
    return _page(request, "assistant/article.html", "New statements from an article", form=form)


def _proposals_page(request, article, candidates):
    rows = proposals.initial_rows(candidates, article["published_on"])
    formset = ProposalFormSet(
        initial=rows, prefix=PREFIX_ROWS, form_kwargs={"speaker_choices": proposals.options_for_rows(rows)}
    )
    source = ArticleSourceForm(initial=article, prefix=PREFIX_ARTICLE)
    return _render_proposals(request, source, formset, found=len(candidates))


def _render_proposals(request, source, formset, found=None, general_errors=()):
    proposals.flag_duplicates(formset.forms)
    # A bound form has been validated: use its cleaned value, never the raw one (a NUL byte breaks PostgreSQL).
    outlet_name = source.cleaned_data.get("outlet") if source.is_bound else source.initial.get("outlet")
    invalid_rows = [number for number, form in enumerate(formset.forms, 1) if formset.is_bound and form.errors]
    return _page(
        request, "assistant/proposals.html", "Check the proposed statements",
        source=source, formset=formset, found=found, shown=min(found or 0, MAX_PROPOSALS),
        outlet=proposals.find_outlet(outlet_name), outlet_name=outlet_name,
        general_errors=general_errors, invalid_rows=invalid_rows,
    )


@editor_only
@require_POST
def save(request):
    """Step 3: the ticked rows become drafts, all in one transaction; a refused row saves nothing."""
    source = ArticleSourceForm(request.POST, prefix=PREFIX_ARTICLE)
    formset = ProposalFormSet(
        request.POST, prefix=PREFIX_ROWS, form_kwargs={"speaker_choices": proposals.options_for_post(request.POST)}
    )
    if not (source.is_valid() and formset.is_valid()):
        return _render_proposals(request, source, formset)
    ticked = formset.ticked()
    try:
        statements = service.save_proposals(
            actor=request.user, article=source.cleaned_data, rows=[form.cleaned_data for form in ticked]
        )
    except service.ProposalErrors as error:
        for position, fields in error.rows.items():
            for field, texts in fields.items():
                for text in texts:
                    ticked[position].add_error(field, text)
        return _render_proposals(request, source, formset, general_errors=error.general)
    count = len(statements)
    messages.success(request, f"{count} draft{pluralize(count)} saved. Check each one and submit it for review.")
    ids = ",".join(str(statement.pk) for statement in statements)
    return redirect(f"{reverse('assistant:saved')}?{urlencode({'ids': ids})}")


@editor_only
def saved(request):
    """What step 3 saved, with a link to each draft's desk page."""
    ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.isdigit() and len(part) <= 18]
    ids = ids[:MAX_PROPOSALS]
    statements = Statement.objects.filter(pk__in=ids).select_related("speaker").order_by("pk")
    changelist = reverse("admin:statements_statement_changelist")
    return _page(
        request, "assistant/saved.html", "Drafts saved from the article",
        statements=statements, changelist=f"{changelist}?{urlencode({'id__in': ','.join(map(str, ids))})}",
    )
