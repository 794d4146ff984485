"""Written agreements: who has agreed to do what, and the warning when it all falls on the adult victim."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import AccessEvent, AgencyKind, Role
from partnership.children import risk, services
from partnership.children.models import AdultRole, Commitment, WrittenAgreement
from partnership.core.errors import BusinessRuleError
from tests.factories import AgencyFactory
from tests.formdata import date_fields

pytestmark = pytest.mark.django_db

WARNING = "Agreement puts every commitment on the adult victim"


@pytest.fixture
def police():
    return AgencyFactory(kind=AgencyKind.POLICE, name="Police", short_name="POL")


@pytest.fixture
def child(worker):
    child = services.child_create(
        actor=worker, first_name="Robin", last_name="Hart", date_of_birth=date(2016, 2, 29), local_child_id="LC100"
    )
    services.household_create(actor=worker, reference="HH-1", children=[child])
    child.refresh_from_db()
    return child


@pytest.fixture
def victim(worker, child):
    return services.adult_add(
        actor=worker, household=child.household, first_name="Alex", last_name="Hart", role=AdultRole.ADULT_VICTIM
    )


@pytest.fixture
def harm(worker, child):
    return services.adult_add(
        actor=worker,
        household=child.household,
        first_name="Sam",
        last_name="Hart",
        role=AdultRole.PERSON_CAUSING_HARM,
    )


def make(worker, child, *rows: dict, **kwargs) -> WrittenAgreement:
    kwargs.setdefault("made_on", timezone.localdate())
    return risk.agreement_create(actor=worker, child=child, commitments=list(rows), **kwargs)


# --- the service ---------------------------------------------------------------------------------------------


def test_an_agreement_keeps_its_commitments_and_ignores_empty_rows(worker, child, victim, harm, police) -> None:
    agreement = make(
        worker,
        child,
        {
            "text": "Keep the children away from the flat",
            "responsible": "person_causing_harm",
            "responsible_adult": harm,
        },
        {"text": "", "responsible": "", "responsible_adult": None, "responsible_agency": None},
        {"text": "Check in weekly", "responsible": "agency", "responsible_agency": police},
        review_on=timezone.localdate() + timedelta(days=28),
    )
    assert agreement.agency.name == "Council"
    assert agreement.recorded_by == worker
    rows = list(agreement.commitments.values_list("text", "responsible", "responsible_adult", "responsible_agency"))
    assert rows == [
        ("Keep the children away from the flat", "person_causing_harm", harm.pk, None),
        ("Check in weekly", "agency", None, police.pk),
    ]


def test_an_agreement_without_commitments_is_refused(worker, child) -> None:
    with pytest.raises(BusinessRuleError) as refused:
        make(worker, child, {"text": " ", "responsible": ""})
    assert refused.value.errors["commitments"] == ["Add at least one commitment: what will be done and who must do it"]
    with pytest.raises(BusinessRuleError):
        make(worker, child)
    assert not WrittenAgreement.objects.exists()


def test_every_commitment_names_what_and_who_and_an_agency_names_the_agency(worker, child) -> None:
    with pytest.raises(BusinessRuleError) as refused:
        make(
            worker,
            child,
            {"text": "Attend the programme", "responsible": ""},
            {"text": "", "responsible": "adult_victim"},
            {"text": "Home visits", "responsible": "agency"},
        )
    assert refused.value.errors == {
        "commitment_0_responsible": ["Commitment 1: choose who must do it"],
        "commitment_1_text": ["Commitment 2: say what will be done"],
        "commitment_2_responsible_agency": ["Commitment 3: choose the agency that must do it"],
    }
    assert not WrittenAgreement.objects.exists()
    assert not Commitment.objects.exists()


def test_the_review_date_must_follow_the_date_the_agreement_was_made(worker, child) -> None:
    today = timezone.localdate()
    with pytest.raises(BusinessRuleError) as refused:
        make(worker, child, {"text": "Attend", "responsible": "adult_victim"}, made_on=today, review_on=today)
    assert "review_on" in refused.value.errors


def test_a_named_adult_must_be_of_the_childs_household_and_match_who_must_act(worker, child, victim, harm) -> None:
    elsewhere = services.household_create(actor=worker, reference="HH-2", children=[])
    stranger = services.adult_add(
        actor=worker, household=elsewhere, first_name="Lee", last_name="Ford", role=AdultRole.PERSON_CAUSING_HARM
    )
    for row in (
        {"text": "Stay away", "responsible": "person_causing_harm", "responsible_adult": stranger},
        {"text": "Stay away", "responsible": "person_causing_harm", "responsible_adult": victim},
    ):
        with pytest.raises(BusinessRuleError) as refused:
            make(worker, child, row)
        assert "commitment_0_responsible_adult" in refused.value.errors
    assert not WrittenAgreement.objects.exists()


# --- pages ---------------------------------------------------------------------------------------------------


def form_data(*rows: dict[str, str], made_on: date | None = None) -> dict[str, str]:
    data = date_fields("made_on", made_on or timezone.localdate())
    data |= {"review_on_0": "", "review_on_1": "", "review_on_2": ""}
    for index in range(5):
        row = rows[index] if index < len(rows) else {}
        for part in ("text", "responsible", "responsible_adult", "responsible_agency"):
            data[f"commitment_{index}_{part}"] = row.get(part, "")
    return data


def test_the_form_offers_five_commitment_rows_with_the_household_adults(signed_in, worker, child, victim) -> None:
    client = signed_in(user=worker)
    page = client.get(reverse("children:agreement-create", kwargs={"child_id": child.pk})).content.decode()
    assert page.count("<legend") == 5 + 2
    assert page.count('name="commitment_4_responsible_adult"') == 1
    assert "Alex Hart" in page


def test_an_agreement_only_on_the_adult_victim_shows_the_warning(signed_in, worker, child, victim) -> None:
    client = signed_in(user=worker)
    response = client.post(
        reverse("children:agreement-create", kwargs={"child_id": child.pk}),
        form_data(
            {"text": "Call the police if he comes to the house", "responsible": "adult_victim"},
            {"text": "Keep the children inside", "responsible": "adult_victim", "responsible_adult": str(victim.pk)},
        ),
    )
    assert response.status_code == 302
    agreement = WrittenAgreement.objects.get(child=child)
    assert response["Location"] == reverse(
        "children:agreement-detail", kwargs={"child_id": child.pk, "agreement_id": agreement.pk}
    )
    assert agreement.commitments.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "govuk-warning-text" in page and WARNING in page
    assert "Call the police if he comes to the house" in page
    assert AccessEvent.objects.filter(
        user=worker, action=AccessEvent.Action.VIEW, object_type="written_agreement", object_id=str(agreement.pk)
    ).exists()


def test_an_agreement_that_includes_the_person_causing_harm_shows_no_warning(signed_in, worker, child, harm) -> None:
    client = signed_in(user=worker)
    response = client.post(
        reverse("children:agreement-create", kwargs={"child_id": child.pk}),
        form_data(
            {"text": "Call the police if he comes to the house", "responsible": "adult_victim"},
            {"text": "Attend a perpetrator programme", "responsible": "person_causing_harm"},
        ),
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert WARNING not in page and "govuk-warning-text" not in page
    assert "Attend a perpetrator programme" in page


def test_an_agreement_with_no_commitments_is_refused_on_the_page(signed_in, worker, child) -> None:
    client = signed_in(user=worker)
    response = client.post(reverse("children:agreement-create", kwargs={"child_id": child.pk}), form_data())
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_commitment_0_text"' in page
    assert "Add at least one commitment" in page
    assert not WrittenAgreement.objects.exists()


def test_someone_from_an_uninvolved_agency_gets_404_on_both_pages_and_the_refusal_is_logged(
    signed_in, worker, child
) -> None:
    agreement = make(worker, child, {"text": "Attend", "responsible": "adult_victim"})
    outsider = signed_in(Role.SOCIAL_WORKER, agency=AgencyFactory(name="Other council"))
    create = reverse("children:agreement-create", kwargs={"child_id": child.pk})
    detail = reverse("children:agreement-detail", kwargs={"child_id": child.pk, "agreement_id": agreement.pk})
    assert outsider.get(create).status_code == 404
    assert outsider.post(create, form_data({"text": "Attend", "responsible": "adult_victim"})).status_code == 404
    assert outsider.get(detail).status_code == 404
    refused = AccessEvent.objects.filter(user=outsider.user, action=AccessEvent.Action.REFUSED, object_id=str(child.pk))
    assert refused.count() == 3
    assert WrittenAgreement.objects.count() == 1
