"""Ship the practitioner's domestic abuse risk checklist as a template, so the risk tool is configuration, not code.

The questions cover the topics of the practitioner DASH checklist in the partnership's own plain words.
"""

from django.db import migrations

CODE = "dash-practitioner"
NAME = "Domestic abuse risk checklist (DASH-style, practitioner)"
DESCRIPTION = (
    "Ask the adult victim each question in private, where it is safe to talk. Record 'Not known' when they do not "
    "know or do not want to answer, and note anything they say in their own words."
)
BANDS = [[0, "standard"], [10, "medium"], [14, "high"]]

# (question, guidance for the practitioner)
QUESTIONS = [
    (
        "Has what happened this time left you hurt or injured?",
        "Note the injury, whether you saw it, and whether medical help was needed.",
    ),
    (
        "Are you very frightened of them at the moment?",
        "Ask what they are afraid of: being hurt again, being killed, or harm to the children or others.",
    ),
    (
        "Do they stop you from seeing family or friends, or cut you off from other support?",
        "For example, taking your phone or money, or not letting you go out alone.",
    ),
    (
        "Are you feeling very low or hopeless, or having thoughts of ending your life?",
        "If yes, make sure they have support today and follow your agency's procedure.",
    ),
    (
        "Have you split up, or tried to split up, from them in the past year?",
        "The time around a separation is often the most dangerous.",
    ),
    (
        "Is there disagreement or conflict about the children spending time with them?",
        "Include arguments at handovers and court proceedings about the children.",
    ),
    (
        "Do they follow you, watch you, keep calling or messaging you, or turn up when you do not want them to?",
        "Include contact through social media, tracking apps and other people.",
    ),
    (
        "Are you pregnant, or have you had a baby in the last 18 months?",
        "Think about an unborn child as well as the children already in the household.",
    ),
    (
        "Are the children, or anyone else who depends on you, being hurt or abused as well?",
        "Include stepchildren and older relatives or disabled adults in the home.",
    ),
    (
        "Have they hurt, or threatened to hurt, a pet or another animal?",
        "",
    ),
    (
        "Is the abuse happening more often, or getting worse, than before?",
        "Ask how it has changed over recent weeks and months.",
    ),
    (
        "Do they try to control what you do or who you see, or are they very jealous?",
        "For example, checking your phone, deciding what you wear, accusing you of affairs.",
    ),
    (
        "Have they used a weapon or any object to hurt you?",
        "Include knives, household objects and vehicles.",
    ),
    (
        "Have they threatened to kill you or someone else?",
        "Take any threat to kill seriously, even if it was said in anger.",
    ),
    (
        "Have they ever tried to strangle, choke or smother you, or hold you under water?",
        "Strangulation may leave no visible marks; ask about it directly.",
    ),
    (
        "Do they make you do sexual things you do not want to do, or hurt you during sex?",
        "Ask in private and with care; the person may need a specialist service.",
    ),
    (
        "Have they threatened to harm the children or another person?",
        "Include threats to take the children away.",
    ),
    (
        "Do you know of them hurting or abusing anyone else, such as a former partner or a relative?",
        "Include past relationships and other family members.",
    ),
    (
        "Have they threatened or tried to take their own life?",
        "A threat of suicide by the person causing harm raises the risk to others too.",
    ),
    (
        "Have they broken bail conditions, a court order or an agreement about contact?",
        "For example, a non-molestation order, a restraining order or a child arrangements order.",
    ),
    (
        "Do they have problems with drugs, alcohol or their mental health?",
        "Note what the problems are and whether they get help.",
    ),
    (
        "Are there money worries, or have they recently lost their job or become unemployed?",
        "Include debts and being made to depend on them for money.",
    ),
    (
        "Have they been in trouble with the police, or do they have a criminal record?",
        "Include violence and other offences, whether or not they were charged.",
    ),
    (
        "Is there anything else that frightens you more than what you have told me so far?",
        "Record it in their own words; it can inform your professional judgement.",
    ),
]


def add_template(apps, schema_editor):
    RiskTemplate = apps.get_model("children", "RiskTemplate")
    RiskQuestion = apps.get_model("children", "RiskQuestion")
    template, _ = RiskTemplate.objects.get_or_create(
        code=CODE, defaults={"name": NAME, "description": DESCRIPTION, "bands": BANDS, "is_active": True}
    )
    if not RiskQuestion.objects.filter(template=template).exists():
        RiskQuestion.objects.bulk_create(
            RiskQuestion(template=template, number=number, text=text, guidance=guidance, weight=1)
            for number, (text, guidance) in enumerate(QUESTIONS, start=1)
        )


def remove_template(apps, schema_editor):
    RiskTemplate = apps.get_model("children", "RiskTemplate")
    RiskQuestion = apps.get_model("children", "RiskQuestion")
    RiskQuestion.objects.filter(template__code=CODE).delete()
    RiskTemplate.objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("children", "0001_initial")]

    operations = [migrations.RunPython(add_template, remove_template)]
