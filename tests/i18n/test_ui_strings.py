"""A lint: UI code shows text through tr()/t(), never as a literal handed to a component."""

import ast
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "loyalty_app"
UI_DIRS = [APP / "pages", APP / "components"]
# Keyword arguments whose value a person reads or hears.
TEXT_KWARGS = {"placeholder", "aria_label", "title", "alt", "label", "content", "text", "aria_description"}
# rx.<name>(...) whose positional strings are identifiers, props or code, not text (prose is still caught).
NOT_TEXT = {"icon", "color", "script", "breakpoints", "redirect", "call_script", "Var", "style", "cond", "match"}
PROSE = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]+[ ,.:!?'][^{}()<>;=]*[a-zà-ÿ]")


def _has_letters(value: str) -> bool:
    return any(ch.isalpha() for ch in value)


def _rx_names(func: ast.expr) -> set[str]:
    """{'dialog', 'title'} for rx.dialog.title; empty when the call is not rx.something."""
    names = set()
    while isinstance(func, ast.Attribute):
        names.add(func.attr)
        func = func.value
    return names if isinstance(func, ast.Name) and func.id == "rx" else set()


def literal_texts(source: str) -> list[tuple[int, str]]:
    """(line, text) of every user-visible literal string handed to a component."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        names = _rx_names(node.func)
        values = []
        if names and not names & NOT_TEXT:
            values += [a for a in node.args if isinstance(a, ast.Constant | ast.JoinedStr)]
            values += [k.value for k in node.keywords if k.arg in TEXT_KWARGS]
        values += [
            a for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str) and PROSE.match(a.value)
        ]
        for value in values:
            if isinstance(value, ast.JoinedStr):
                text = "".join(v.value for v in value.values if isinstance(v, ast.Constant))
            elif isinstance(value, ast.Constant) and isinstance(value.value, str):
                text = value.value
            else:
                continue
            if _has_letters(text):
                problems.append((node.lineno, text))
    return sorted(set(problems))


def test_the_lint_catches_literal_text_and_accepts_translated_text():
    bad = """
import reflex as rx
def page():
    return rx.vstack(
        rx.heading("Welcome back"),
        rx.button(f"Pay {amount} now"),
        rx.input(placeholder="Email"),
        rx.dialog.title("Staff PIN"),
        helper_card("Join our club", "/join"),
    )
"""
    assert [text for _, text in literal_texts(bad)] == [
        "Welcome back",
        "Pay  now",
        "Email",
        "Staff PIN",
        "Join our club",
    ]
    good = """
import reflex as rx
def page():
    return rx.vstack(
        rx.heading(tr("home.title")), rx.icon("search"), rx.button("7"), rx.text(" \\u00b7 "),
        rx.input(name="pin", type="password", id="pin-input", auto_complete="one-time-code"),
        rx.box(width="100%", border=f"1px solid {rx.color('gray', 5)}"), rx.link(tr("x"), href="/login"),
    )
"""
    assert literal_texts(good) == []


def test_ui_code_passes_no_literal_text_to_components():
    found = []
    for folder in UI_DIRS:
        for path in sorted(folder.rglob("*.py")):
            for line, text in literal_texts(path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(APP.parent)}:{line}: {text!r}")
    assert not found, "use tr()/t() for these texts:\n" + "\n".join(found)
