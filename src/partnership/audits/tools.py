"""The audit tools the partnership starts with, kept as data: sections, questions and guidance in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from partnership.audits.models import DEFAULT_GRADE_SCALE, SectionKind


@dataclass(frozen=True)
class QuestionTemplate:
    """A question of a tool template."""

    number: int
    text: str
    guidance: str = ""


@dataclass(frozen=True)
class SectionTemplate:
    """A section of a tool template and its questions."""

    number: int
    kind: str
    title: str
    questions: tuple[QuestionTemplate, ...]


@dataclass(frozen=True)
class ToolTemplate:
    """A whole audit tool, ready to be stored as a new version."""

    key: str
    name: str
    description: str
    sections: tuple[SectionTemplate, ...]
    grade_scale: tuple[str, ...] = tuple(DEFAULT_GRADE_SCALE)


def _q(number: int, text: str, guidance: str = "") -> QuestionTemplate:
    return QuestionTemplate(number=number, text=text, guidance=guidance)


DOMESTIC_ABUSE_TOOL = ToolTemplate(
    key="domestic-abuse",
    name="Children living with domestic abuse",
    description=(
        "For cases where a child lived in a household where domestic abuse happened. Each agency looks at its own "
        "records first; the joint session then agrees one grade per section and what the partnership learns."
    ),
    sections=(
        SectionTemplate(
            1,
            SectionKind.RECOGNITION_OF_RISK,
            "Recognising the risk to the child",
            (
                _q(
                    1,
                    "Did the agency see the child, not only the adults, as a victim of the abuse?",
                    "Look for the child named in the record of the incident and the effect on them described.",
                ),
                _q(
                    2,
                    "Was the history of abuse in the household gathered and used, including earlier incidents?",
                    "A pattern of repeat incidents, escalation or a new partner should change the response.",
                ),
                _q(3, "Were risks from the person causing harm identified, including where they live and visit?"),
            ),
        ),
        SectionTemplate(
            2,
            SectionKind.ASSESSMENT,
            "Assessment",
            (
                _q(
                    1,
                    "Did the assessment weigh the impact of the abuse on the child's development and daily life?",
                    "Sleep, school attendance, behaviour, health appointments, the child's own account.",
                ),
                _q(2, "Was a recognised risk assessment completed with the adult victim and acted on?"),
                _q(3, "Did the assessment consider the person causing harm as a parent or carer?"),
            ),
        ),
        SectionTemplate(
            3,
            SectionKind.PLANNING_AND_INTERVENTION,
            "Planning and intervention",
            (
                _q(
                    1,
                    "Was there a clear plan that says who does what by when to keep the child safe?",
                    "A plan that relies on the adult victim alone to protect the child should be questioned.",
                ),
                _q(2, "Were safety plans and any written agreements realistic and reviewed?"),
                _q(3, "Was work offered to the person causing harm, and was its effect checked?"),
            ),
        ),
        SectionTemplate(
            4,
            SectionKind.JOINT_WORKING,
            "Working together",
            (
                _q(
                    1,
                    "Was information shared promptly between agencies, including police notifications to schools?",
                ),
                _q(2, "Did the agencies that needed to be in the strategy discussion or meetings take part?"),
                _q(3, "When agencies disagreed, was the disagreement raised and resolved?"),
            ),
        ),
        SectionTemplate(
            5,
            SectionKind.VOICE_OF_THE_CHILD,
            "The child's voice and lived experience",
            (
                _q(
                    1,
                    "Was the child seen, and seen alone where that was safe and right for their age?",
                ),
                _q(
                    2,
                    "Are the child's words or observed behaviour recorded, and did they shape the plan?",
                    "For a baby or a child who does not speak, look for what was observed and by whom.",
                ),
            ),
        ),
        SectionTemplate(
            6,
            SectionKind.IMPACT,
            "Impact for the child",
            (
                _q(1, "Is the child safer now than when the agency first became involved?"),
                _q(2, "Have the child's circumstances improved in ways the child or family would recognise?"),
            ),
        ),
        SectionTemplate(
            7,
            SectionKind.OVERALL,
            "Overall quality of practice",
            (
                _q(
                    1,
                    "Taking everything together, how good was the help and protection the child received?",
                    "Give the grade the evidence supports, and say what made the biggest difference.",
                ),
            ),
        ),
    ),
)

TOOL_TEMPLATES: dict[str, ToolTemplate] = {DOMESTIC_ABUSE_TOOL.key: DOMESTIC_ABUSE_TOOL}
