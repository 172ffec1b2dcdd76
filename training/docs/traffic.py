"""The documentation assistant's production traffic (``vitrine simulate docs``): operators
asking questions.

The questions are the evaluation set's (data/docs-eval/questions.jsonl), answerable and
unanswerable, drawn with replacement: they are no unseen data (training calibrated the
abstention and chose the fusion's weight on the odd-numbered ones, and reports its figures
on the even-numbered ones), but they are the only questions with a known answer, and the
feedback needs one. Each is sent to POST /docs/ask; the asker rates the answer "useful" when
it cites the section that answers the question, "not_useful" otherwise (an abstention, a
wrong section, any answer to a question the procedures cannot answer). For a drift
scenario, the second half comes from a new team that writes in full sentences: each
question inside a longer request (more words, the one feature monitoring reads)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from training.traffic import Item, Scenario, Traffic, TrafficError, halves

FEEDBACK_SHARE = 0.5  # askers who rate the answer
# How the new team of the drift scenario writes: the question inside a longer request.
VERBOSE = ("Bonjour, je viens d'arriver dans l'équipe de quart et je voudrais être sûr de "
           "bien faire, pouvez-vous me dire : {q} Merci d'avance pour votre aide.",
           "Bonjour, pendant mon premier quart sur le site, une question sur les procédures "
           "d'exploitation : {q} Merci beaucoup.",
           "Hello, I am new on the site and not yet used to the procedures, could you tell "
           "me: {q} Thanks a lot for your help.")


def rating(question: Mapping[str, Any]) -> Any:
    """Useful when the answer cites the section that answers ``question``; not useful
    otherwise (an abstention, another section, any answer to an unanswerable question)."""
    def truth(answer: Mapping[str, Any]) -> str:
        if answer.get("abstained") or not question.get("doc"):
            return "not_useful"
        cited = {(c.get("doc"), str(c.get("section"))) for c in answer.get("citations") or []}
        return "useful" if (question["doc"], str(question["section"])) in cited \
            else "not_useful"
    return truth


def traffic(scenario: Scenario) -> Traffic:
    from training.docs.pipeline import QUESTIONS, load_questions

    if not QUESTIONS.exists():
        raise TrafficError(f"no evaluation questions at {QUESTIONS}")
    questions = load_questions(QUESTIONS)
    rng = np.random.default_rng(scenario.seed)
    n_before, n_after = halves(scenario.items)
    items = []
    for i, k in enumerate(rng.integers(len(questions), size=n_before + n_after)):
        q = questions[int(k)]
        text = q["question"]
        if scenario.drift and i >= n_before:
            text = VERBOSE[i % len(VERBOSE)].format(q=text)
        items.append(Item("/docs/ask", {"question": text}, rating(q)))
    unanswerable = sum(1 for q in questions if not q.get("doc"))
    return Traffic(
        before=items[:n_before], after=items[n_before:],
        made_of=f"{len(items)} questions drawn from the {len(questions)} of {QUESTIONS} "
                f"({unanswerable} unanswerable): the evaluation set, not unseen data; an "
                "answer rated useful when it cites the expected section",
        shift=(f"after question {n_before}: a new team writes each question inside a "
               "longer request") if scenario.drift else "",
        shifted=("question_words",) if scenario.drift else (),
        feedback_share=FEEDBACK_SHARE)
