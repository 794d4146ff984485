"""Risk assessments from a configurable template: scoring, professional judgement, MARAC criteria, and the pages."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import AccessEvent, Role
from partnership.children import risk, services
from partnership.children.models import (
    AdultRole,
    ChronologyEvent,
    EventType,
    RiskAnswer,
    RiskAssessment,
    RiskQuestion,
    RiskTemplate,
)
from partnership.core.clocks import LONDON, add_months
from partnership.core.errors import BusinessRuleError
from tests.factories import AgencyFactory
from tests.formdata import date_fields

pytestmark = pytest.mark.django_db


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=LONDON)


@pytest.fixture
def household(worker, child):
    household = services.household_create(actor=worker, reference="HH-1", children=[child])
    child.refresh_from_db()
    return household


@pytest.fixture
def victim(worker, household):
    return services.adult_add(
        actor=worker, household=household, first_name="Alex", last_name="Hart", role=AdultRole.ADULT_VICTIM
    )


@pytest.fixture
def dash():
    return RiskTemplate.objects.get(code="dash-practitioner")


def answers_with(template: RiskTemplate, yes: int) -> dict[int, str]:
    """The first `yes` questions answered yes, the rest no."""
    numbers = list(template.questions.order_by("number").values_list("number", flat=True))
    return {number: ("yes" if index < yes else "no") for index, number in enumerate(numbers)}


def record(worker, child, template, yes: int = 0, **kwargs):
    kwargs.setdefault("assessed_on", timezone.localdate())
    return risk.risk_assessment_record(
        actor=worker, child=child, template=template, answers=answers_with(template, yes), **kwargs
    )


# --- the shipped template ------------------------------------------------------------------------------------


def test_the_shipped_checklist_has_24_questions_of_weight_one_and_the_dash_bands(dash) -> None:
    questions = list(dash.questions.all())
    assert [q.number for q in questions] == list(range(1, 25))
    assert {q.weight for q in questions} == {1}
    assert all(q.text.endswith("?") for q in questions)
    assert dash.bands == [[0, "standard"], [10, "medium"], [14, "high"]]
    assert dash.is_active


# --- scoring -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "level", "criteria"),
    [(9, "standard", []), (10, "medium", []), (13, "medium", []), (14, "high", ["visible_high_risk"])],
)
def test_the_score_is_banded_at_the_edges_of_the_shipped_template(worker, child, dash, yes, level, criteria) -> None:
    assessment = record(worker, child, dash, yes)
    assert assessment.score == yes
    assert assessment.score_level == level
    assert assessment.level == level
    assert assessment.marac_criteria == criteria
    assert assessment.agency.name == "Council"
    assert RiskAnswer.objects.filter(assessment=assessment).count() == 24
    assert RiskAnswer.objects.filter(assessment=assessment, answer="yes").count() == yes


def test_answers_are_stored_item_by_item_and_the_chronology_gets_a_summary(worker, child, dash) -> None:
    answers = answers_with(dash, 15)
    answers[24] = "not_known"
    assessment = risk.risk_assessment_record(
        actor=worker,
        child=child,
        template=dash,
        answers=answers,
        comments={3: "Not allowed to see her sister", 5: " "},
        assessed_on=timezone.localdate(),
    )
    stored = {a.question.number: (a.answer, a.comment) for a in assessment.answers.select_related("question")}
    assert stored[3] == ("yes", "Not allowed to see her sister")
    assert stored[5] == ("yes", "")
    assert stored[24] == ("not_known", "")
    event = ChronologyEvent.objects.get(child=child, source_type="risk_assessment")
    assert event.event_type == EventType.ASSESSMENT
    assert event.source_id == str(assessment.pk)
    assert event.summary == (
        "Domestic abuse risk checklist (DASH-style, practitioner): high (15 of 24 yes). "
        "MARAC referral criteria met: visible high risk."
    )


def test_a_template_with_its_own_bands_and_weights_scores_by_its_own_configuration(worker, child) -> None:
    template = RiskTemplate.objects.create(
        code="local-tool", name="Local tool", bands=[[0, "standard"], [5, "medium"], [8, "high"]]
    )
    for number, weight in ((1, 5), (2, 3), (3, 1)):
        RiskQuestion.objects.create(template=template, number=number, text=f"Question {number}?", weight=weight)

    def score(answers: dict[int, str]) -> RiskAssessment:
        return risk.risk_assessment_record(
            actor=worker, child=child, template=template, answers=answers, assessed_on=timezone.localdate()
        )

    low = score({1: "no", 2: "yes", 3: "yes"})
    assert (low.score, low.level) == (4, "standard")
    middle = score({1: "yes", 2: "no", 3: "not_known"})
    assert (middle.score, middle.level) == (5, "medium")
    top = score({1: "yes", 2: "yes", 3: "no"})
    assert (top.score, top.level, top.marac_criteria) == (8, "high", ["visible_high_risk"])
    assert top.answers.count() == 3
    assert (
        ChronologyEvent.objects.filter(source_id=str(top.pk))
        .get()
        .summary.startswith("Local tool: high (2 of 3 yes, score 8).")
    )


# --- professional judgement ------------------------------------------------------------------------------------


def test_professional_judgement_raises_the_level_and_is_a_marac_criterion(worker, child, dash) -> None:
    assessment = record(
        worker, child, dash, 5, judgement_level="high", judgement_reason="Threats to kill made yesterday"
    )
    assert (assessment.score_level, assessment.judgement_level, assessment.level) == ("standard", "high", "high")
    assert assessment.marac_criteria == ["professional_judgement"]
    assert assessment.judgement_reason == "Threats to kill made yesterday"
    assert "Professional judgement raised it from standard" in ChronologyEvent.objects.get(child=child).summary


def test_a_judgement_lower_than_the_score_is_refused(worker, child, dash) -> None:
    with pytest.raises(BusinessRuleError) as refused:
        record(worker, child, dash, 14, judgement_level="medium", judgement_reason="She says it is calmer now")
    assert refused.value.errors["judgement_level"] == [
        "Professional judgement can raise the level the score gives, never lower it"
    ]
    assert not RiskAssessment.objects.exists()


def test_the_same_level_as_the_score_is_accepted_as_a_judgement(worker, child, dash) -> None:
    assessment = record(worker, child, dash, 11, judgement_level="medium", judgement_reason="Agree with the score")
    assert assessment.level == "medium"


def test_a_judgement_without_a_reason_is_refused(worker, child, dash) -> None:
    with pytest.raises(BusinessRuleError) as refused:
        record(worker, child, dash, 3, judgement_level="high", judgement_reason="  ")
    assert refused.value.errors["judgement_reason"] == ["Give the reason for your professional judgement"]
    assert not RiskAssessment.objects.exists()


# --- what is refused -----------------------------------------------------------------------------------------


def test_missing_answers_are_refused_with_their_numbers_and_nothing_is_saved(worker, child, dash) -> None:
    answers = answers_with(dash, 20)
    for number in (3, 7, 12):
        del answers[number]
    with pytest.raises(BusinessRuleError) as refused:
        risk.risk_assessment_record(
            actor=worker, child=child, template=dash, answers=answers, assessed_on=timezone.localdate()
        )
    assert refused.value.errors["answers"] == ["Answer every question. Not answered: questions 3, 7 and 12"]
    assert not RiskAssessment.objects.exists()
    assert not RiskAnswer.objects.exists()
    assert not ChronologyEvent.objects.filter(child=child).exists()


def test_only_yes_no_and_not_known_are_answers(worker, child, dash) -> None:
    answers = answers_with(dash, 2) | {4: "maybe"}
    with pytest.raises(BusinessRuleError) as refused:
        risk.risk_assessment_record(
            actor=worker, child=child, template=dash, answers=answers, assessed_on=timezone.localdate()
        )
    assert refused.value.errors["answers"] == ["Answer each question with yes, no or not known"]


def test_an_assessment_dated_in_the_future_is_refused(worker, child, dash) -> None:
    with pytest.raises(BusinessRuleError) as refused:
        record(worker, child, dash, 2, assessed_on=timezone.localdate() + timedelta(days=1))
    assert "assessed_on" in refused.value.errors


def test_the_adult_victim_must_be_an_adult_victim_of_the_childs_household(worker, child, dash, household, victim):
    assert record(worker, child, dash, 1, adult_victim=victim).adult_victim == victim
    harm = services.adult_add(
        actor=worker, household=household, first_name="Sam", last_name="Hart", role=AdultRole.PERSON_CAUSING_HARM
    )
    other_household = services.household_create(actor=worker, reference="HH-2", children=[])
    stranger = services.adult_add(
        actor=worker, household=other_household, first_name="Lee", last_name="Ford", role=AdultRole.ADULT_VICTIM
    )
    for adult in (harm, stranger):
        with pytest.raises(BusinessRuleError) as refused:
            record(worker, child, dash, 1, adult_victim=adult)
        assert "adult_victim" in refused.value.errors
    assert RiskAssessment.objects.count() == 1


# --- MARAC criteria from the chronology ------------------------------------------------------------------------


def add_event(worker, child, event_type: str, day: date) -> None:
    services.event_add(actor=worker, child=child, occurred_at=noon(day), event_type=event_type, summary="Happened")


def test_three_incidents_in_the_12_months_up_to_the_assessment_are_escalation(worker, child, dash) -> None:
    assessed_on = timezone.localdate() - timedelta(days=3)
    add_event(worker, child, EventType.DOMESTIC_ABUSE_INCIDENT, add_months(assessed_on, -12) - timedelta(days=1))
    add_event(worker, child, EventType.DOMESTIC_ABUSE_INCIDENT, add_months(assessed_on, -12))
    add_event(worker, child, EventType.DOMESTIC_ABUSE_INCIDENT, add_months(assessed_on, -5))
    # One incident outside the window: only two count, so no escalation yet.
    assert record(worker, child, dash, 2, assessed_on=assessed_on).marac_criteria == []
    add_event(worker, child, EventType.DOMESTIC_ABUSE_INCIDENT, assessed_on)
    assert record(worker, child, dash, 2, assessed_on=assessed_on).marac_criteria == ["escalation"]


def test_incidents_after_the_assessment_day_are_not_counted(worker, child, dash) -> None:
    assessed_on = timezone.localdate() - timedelta(days=10)
    for months in (3, 2):
        add_event(worker, child, EventType.DOMESTIC_ABUSE_INCIDENT, add_months(assessed_on, -months))
    add_event(worker, child, EventType.DOMESTIC_ABUSE_INCIDENT, assessed_on + timedelta(days=2))
    assert record(worker, child, dash, 0, assessed_on=assessed_on).marac_criteria == []


def test_an_incident_within_12_months_after_the_latest_marac_is_a_repeat(worker, child, dash) -> None:
    today = timezone.localdate()
    add_event(worker, child, EventType.MARAC, add_months(today, -4))
    assert record(worker, child, dash, 0).marac_criteria == []
    add_event(worker, child, EventType.DOMESTIC_ABUSE_INCIDENT, add_months(today, -6))
    assert record(worker, child, dash, 0).marac_criteria == [], "an incident before the MARAC is not a repeat"
    add_event(worker, child, EventType.DOMESTIC_ABUSE_INCIDENT, add_months(today, -1))
    assessment = record(worker, child, dash, 14)
    assert assessment.marac_criteria == ["visible_high_risk", "repeat"]
    assert (
        ChronologyEvent.objects.filter(source_id=str(assessment.pk))
        .get()
        .summary.endswith("MARAC referral criteria met: visible high risk, repeat.")
    )


def test_only_the_latest_marac_counts_for_a_repeat(worker, child, dash) -> None:
    today = timezone.localdate()
    add_event(worker, child, EventType.MARAC, add_months(today, -30))
    add_event(worker, child, EventType.DOMESTIC_ABUSE_INCIDENT, add_months(today, -17))
    assert record(worker, child, dash, 0).marac_criteria == [], "more than 12 months after the MARAC"
    add_event(worker, child, EventType.MARAC, add_months(today, -8))
    add_event(worker, child, EventType.DOMESTIC_ABUSE_INCIDENT, add_months(today, -9))
    assert record(worker, child, dash, 0).marac_criteria == [], "incidents before the latest MARAC do not count"


# --- pages ---------------------------------------------------------------------------------------------------


def full_form(template: RiskTemplate, yes: int, **extra: str) -> dict[str, str]:
    data = {f"answer_{number}": answer for number, answer in answers_with(template, yes).items()}
    return {**data, **date_fields("assessed_on", timezone.localdate()), "judgement_level": "", **extra}


def test_a_social_worker_of_the_involved_agency_completes_an_assessment_and_reads_it(
    signed_in, worker, child, dash, victim
) -> None:
    client = signed_in(user=worker)
    url = reverse("children:risk-create", kwargs={"child_id": child.pk})
    form = client.get(url)
    assert form.status_code == 200
    page = form.content.decode()
    assert page.count('type="radio" value="not_known"') == 24
    assert "govuk-radios--inline" in page
    assert "Alex Hart" in page
    data = full_form(dash, 10, comment_2="Very frightened of him", adult_victim=str(victim.pk))
    data |= {"judgement_level": "high", "judgement_reason": "Recent strangulation described to the school nurse"}
    saved = client.post(url, data)
    assert saved.status_code == 302
    assessment = RiskAssessment.objects.get(child=child)
    assert saved["Location"] == reverse(
        "children:risk-detail", kwargs={"child_id": child.pk, "assessment_id": assessment.pk}
    )
    assert (assessment.score, assessment.score_level, assessment.level) == (10, "medium", "high")
    assert assessment.adult_victim == victim
    detail = client.get(saved["Location"])
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Professional judgement: the practitioner judges the risk high" in page
    assert "Very frightened of him" in page
    assert "Recent strangulation described to the school nurse" in page
    assert page.count('<tr class="govuk-table__row">') == 25
    assert AccessEvent.objects.filter(
        user=worker, action=AccessEvent.Action.VIEW, object_type="risk_assessment", object_id=str(assessment.pk)
    ).exists()


def test_an_incomplete_assessment_shows_the_error_summary_and_saves_nothing(signed_in, worker, child, dash) -> None:
    client = signed_in(user=worker)
    data = full_form(dash, 3)
    del data["answer_7"], data["answer_9"]
    response = client.post(reverse("children:risk-create", kwargs={"child_id": child.pk}), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Answer every question. Not answered: questions 7 and 9" in page
    assert 'href="#id_answer_7_0"' in page
    assert 'value="yes" checked' in page, "the answers given are kept"
    assert not RiskAssessment.objects.exists()


def test_a_lower_judgement_on_the_page_is_explained(signed_in, worker, child, dash) -> None:
    client = signed_in(user=worker)
    data = full_form(dash, 15, judgement_level="standard", judgement_reason="Seems fine")
    response = client.post(reverse("children:risk-create", kwargs={"child_id": child.pk}), data)
    assert response.status_code == 400
    assert "Professional judgement can raise the level the score gives, never lower it" in response.content.decode()
    assert not RiskAssessment.objects.exists()


def test_a_template_is_chosen_by_its_code_when_more_than_one_is_active(signed_in, worker, child) -> None:
    template = RiskTemplate.objects.create(code="dara", name="DARA-style checklist", bands=[[0, "standard"]])
    RiskQuestion.objects.create(template=template, number=1, text="Only question?")
    client = signed_in(user=worker)
    url = reverse("children:risk-create", kwargs={"child_id": child.pk})
    default = client.get(url).content.decode()
    assert "Domestic abuse risk checklist" in default and 'href="?template=dara"' in default
    chosen = client.get(url, {"template": "dara"}).content.decode()
    assert chosen.count('type="radio" value="yes"') == 1
    assert client.get(url, {"template": "no-such-tool"}).status_code == 404
    saved = client.post(f"{url}?template=dara", full_form(template, 0))
    assert saved.status_code == 302
    assert RiskAssessment.objects.get().template == template


def test_someone_from_an_uninvolved_agency_gets_404_on_both_pages_and_the_refusal_is_logged(
    signed_in, worker, child, dash
) -> None:
    assessment = record(worker, child, dash, 4)
    outsider = signed_in(Role.SOCIAL_WORKER, agency=AgencyFactory(name="Other council"))
    create = reverse("children:risk-create", kwargs={"child_id": child.pk})
    detail = reverse("children:risk-detail", kwargs={"child_id": child.pk, "assessment_id": assessment.pk})
    assert outsider.get(create).status_code == 404
    assert outsider.post(create, full_form(dash, 2)).status_code == 404
    assert outsider.get(detail).status_code == 404
    refused = AccessEvent.objects.filter(user=outsider.user, action=AccessEvent.Action.REFUSED, object_id=str(child.pk))
    assert refused.count() == 3
    assert RiskAssessment.objects.count() == 1
    assert not AccessEvent.objects.filter(user=outsider.user, action=AccessEvent.Action.VIEW).exists()


def test_an_assessment_is_not_shown_under_another_childs_address(signed_in, worker, child, dash) -> None:
    assessment = record(worker, child, dash, 4)
    sibling = services.child_create(
        actor=worker, first_name="Kit", last_name="Hart", date_of_birth=date(2019, 1, 5), local_child_id="LC101"
    )
    client = signed_in(user=worker)
    url = reverse("children:risk-detail", kwargs={"child_id": sibling.pk, "assessment_id": assessment.pk})
    assert client.get(url).status_code == 404


def test_the_detail_page_says_when_no_voice_of_the_child_is_recorded_and_shows_it_when_it_is(
    signed_in, worker, child, dash
) -> None:
    assessment = record(worker, child, dash, 2)
    client = signed_in(user=worker)
    url = reverse("children:risk-detail", kwargs={"child_id": child.pk, "assessment_id": assessment.pk})
    page = client.get(url).content.decode()
    assert "No voice of the child has been recorded" in page
    assert "No MARAC referral criteria are met" in page
    services.voice_add(
        actor=worker,
        child=child,
        words="I hide under the bed when they shout",
        method="direct_work",
        gathered_on=timezone.localdate(),
        gathered_by="Jo Bloggs, social worker",
    )
    page = client.get(url).content.decode()
    assert "I hide under the bed when they shout" in page
    assert "No voice of the child has been recorded" not in page
