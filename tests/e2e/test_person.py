#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""NeuronLab driven as a person drives it: the real pointer and keyboard
(xdotool) on a virtual display, read back through the accessibility tree.

  test_person.py [--artifacts DIR] SCENARIO APP

Scenarios:
  table    click a cell, type, click a cell in another row: both values kept;
           double-click and type replaces; Add Row then typing fills the new
           row; Delete removes it; Ctrl+Z brings everything back.
  watch    at the default Speed, a second after Train the run is visibly in
           progress (an epoch between 1 and 999), and it ends by itself.
  small    on a 1024x600 screen the window fits, and the prediction's answer
           is on screen while the person types measurements.
  german   in German, the Worked Example's figures use a decimal comma and
           read 0,952; a weight typed with a comma predicts.
  iris     File > New from Example by the keyboard, Iris picked in the Data set
           drop-down, Create: a new window on the 150 flowers; Train there;
           typed measurements of a virginica and of a setosa are predicted as
           their species, with a bar for each of the three classes.

Run it through run-e2e (--person SCENARIO [--screen WxH]), which gives it its
own virtual display and D-Bus session. A failure leaves a screenshot and the
accessible tree in DIR.
"""
import argparse
import os
import re
import subprocess
import sys
import time

import test_e2e as e2e
from test_e2e import Failure, log, poll, name_of, text_of, showing


def xdo(*args):
    subprocess.run(["xdotool", *map(str, args)], check=True)


def screen_size():
    out = subprocess.run(["xdotool", "getdisplaygeometry"], capture_output=True, text=True).stdout
    w, h = out.split()
    return int(w), int(h)


def extents(node):
    # GTK 4 on X11 reports positions in the window; without a window
    # manager the window is at the screen's origin.
    ext = node.queryComponent().getExtents(0)
    return ext.x, ext.y, ext.width, ext.height


class Person:
    """What a person does: point, click, type, press keys; and read."""

    def __init__(self, app):
        self.app = app
        self.window = None  # look only in this window, when there are several

    def nodes(self):
        if self.window is None:
            return self.app.nodes()
        self.app.check_alive()
        e2e.refresh(self.window)
        return e2e.walk(self.window)

    def node(self, name):
        def find():
            # GTK 4.8 does not say "showing" of list cells: one with a size
            # on screen does as well.
            named = [n for n, _ in self.nodes() if name_of(n) == name]
            for n in named:
                if showing(n):
                    return n
            for n in named:
                try:
                    if extents(n)[2] > 0 and extents(n)[3] > 0:
                        return n
                except Exception:
                    pass
            return None
        return poll(f"something named {name!r} on screen", find, 15)

    def click(self, name, double=False):
        x, y, w, h = extents(self.node(name))
        if w <= 0 or h <= 0:
            raise Failure(f"{name!r} has no size on screen")
        xdo("mousemove", x + w // 2, y + h // 2)
        time.sleep(0.15)
        if double:
            xdo("click", "--repeat", 2, "--delay", 80, 1)
        else:
            xdo("click", 1)
        time.sleep(0.3)
        log(f"{'double-' if double else ''}clicked {name!r} at {x + w // 2},{y + h // 2}")

    def type(self, text):
        xdo("type", "--delay", 50, "--", text)
        time.sleep(0.3)
        log(f"typed {text!r}")

    def keys(self, *keys):
        for k in keys:
            xdo("key", "--clearmodifiers", k)
            time.sleep(0.15)
        time.sleep(0.2)
        log(f"pressed {' '.join(keys)}")

    def text(self, name):
        node = self.node(name)
        return text_of(node) or name_of(node)

    def expect_text(self, name, value, why):
        try:
            poll(f"{name!r} to read {value!r} ({why})", lambda: self.text(name) == value, 10)
        except Failure as f:
            raise Failure(f"{f}; it reads {self.text(name)!r}")
        log(f"{name!r} reads {value!r}: {why}")

    def rows(self):
        """How many table rows exist, by their cells' names."""
        rx = re.compile(r"^Row (\d+), ")
        found = [int(m.group(1)) for m in (rx.match(name_of(n)) for n, _ in self.app.nodes()) if m]
        return max(found) if found else 0

    def on_screen(self, name):
        x, y, w, h = extents(self.node(name))
        sw, sh = screen_size()
        return w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= sw and y + h <= sh


def scenario_table(app, person):
    # Click Alice's height, type, click Bob's height: Alice's value is kept,
    # and Bob's cell is being edited, so what is typed next lands there.
    person.click("Row 1, Height (in)")
    person.type("66")
    person.click("Row 2, Height (in)")
    person.type("73")
    person.keys("Return")
    person.expect_text("Row 1, Height (in)", "66", "kept when another row's cell was clicked")
    person.expect_text("Row 2, Height (in)", "73", "the clicked cell took what was typed next")

    # A double-click selects the whole value: typing replaces it.
    person.click("Row 3, Weight (lb)", double=True)
    person.type("153")
    person.keys("Return")
    person.expect_text("Row 3, Weight (lb)", "153", "typing after a double-click replaces the value")

    # Add Row scrolls to the new row and edits its first cell.
    before = person.rows()
    person.click("Add Row")
    person.type("Emily")
    person.keys("Tab")
    person.type("128")
    person.keys("Tab")
    person.type("63")
    person.keys("Return")
    row = before + 1
    poll(f"a row {row} in the table", lambda: person.rows() == row, 10)
    person.expect_text(f"Row {row}, Name", "Emily", "Add Row then typing fills the new row")
    person.expect_text(f"Row {row}, Weight (lb)", "128", "Tab moves right in the new row")
    person.expect_text(f"Row {row}, Height (in)", "63", "Tab moves right in the new row")

    # Undo, from the keyboard, takes every step back.
    person.click("Row 1, Name")
    person.keys("Escape")
    for _ in range(8):
        person.keys("ctrl+z")
    poll("the table to be back to four rows", lambda: person.rows() == before, 10)
    person.expect_text("Row 1, Height (in)", "65", "Undo restores Alice's height")
    person.expect_text("Row 2, Height (in)", "72", "Undo restores Bob's height")
    person.expect_text("Row 3, Weight (lb)", "152", "Undo restores Charlie's weight")
    # And Redo makes the first step again.
    person.keys("ctrl+shift+z")
    person.expect_text("Row 1, Height (in)", "66", "Redo makes the edit again")

    # In a text field, Ctrl+Z undoes its own typing, not the table's edit.
    person.click("Weight (lb)")
    person.keys("ctrl+a")
    person.type("150")
    person.keys("ctrl+z")
    time.sleep(0.5)
    person.expect_text("Row 1, Height (in)", "66", "Ctrl+Z in a field leaves the table alone")


def scenario_watch(app, person):
    app.wait_match("the status line to read “Not trained yet”", r"^Not trained yet$")
    person.click("Train")
    time.sleep(1.0)
    epoch = app.epoch()
    if epoch is None or not 1 <= epoch <= 999:
        raise Failure(f"a second after Train the status line shows epoch {epoch}; at the default "
                      f"speed the tutorial's 1000 epochs should take some seconds to watch")
    log(f"a second after Train: epoch {epoch}")
    app.wait_match("the run to end at epoch 1000", r"^Epoch 1000 · ", 60)
    app.control("Train", "Action")


def scenario_small(app, person):
    sw, sh = screen_size()
    if (sw, sh) != (1024, 600):
        raise Failure(f"run this scenario on a 1024x600 screen, not {sw}x{sh}")
    # The window fits: its size is the screen's at most.
    out = subprocess.run(["xdotool", "search", "--pid", str(app.proc.pid)],
                         capture_output=True, text=True).stdout.split()
    for wid in out:
        geo = subprocess.run(["xdotool", "getwindowgeometry", wid], capture_output=True, text=True).stdout
        m = re.search(r"Geometry: (\d+)x(\d+)", geo)
        if m and (int(m.group(1)) > sw or int(m.group(2)) > sh):
            raise Failure(f"a window is {m.group(1)}x{m.group(2)}, larger than the {sw}x{sh} screen")
    # The person types measurements and sees the answer.
    person.click("Weight (lb)")
    person.keys("ctrl+a")
    person.type("155")
    person.click("Height (in)")
    person.keys("ctrl+a")
    person.type("68")
    rx = re.compile(r"^(Female|Male), ")
    answer = poll("the prediction's answer", lambda: next(
        (n for n, _ in app.nodes() if rx.match(name_of(n) or text_of(n) or "")), None), 15)
    x, y, w, h = extents(answer)
    if not (w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= sw and y + h <= sh):
        raise Failure(f"the answer {text_of(answer) or name_of(answer)!r} is at {x},{y} {w}x{h}, "
                      f"outside the {sw}x{sh} screen")
    log(f"the answer {text_of(answer) or name_of(answer)!r} is on screen at {x},{y}")
    for name in ("Train", "Learning rate", "Epochs", "Hidden neurons"):
        person.node(name)


def scenario_german(app, person):
    person.click("Rechenbeispiel")
    found = app.wait_match("the worked example's ∂L/∂y_pred in German", r"= -?−?0,952", 20)
    log(f"found: {found}")
    for figure in ("0,0474", "0,524", "0,249", "0,0904", "0,0215"):
        app.wait_match(f"the worked example's figure {figure}", re.escape(figure), 10)
    if app.match(re.compile(r"−2 \(1 − 0\) = −2")):
        raise Failure("the worked example reads y_pred as 0")


def scenario_iris(app, person):
    # The main menu by the keyboard (F10), its second item, New from Example…
    person.node("Train")
    person.keys("F10", "Down", "Return")
    person.node("Data set")
    # The drop-down has the focus: open it, go to its last data set, Iris.
    person.keys("space", "End", "Return")
    app.wait_match("Iris's description in the dialog", r"150 iris flowers", 10)
    person.click("Create")

    def iris_window():
        for node in e2e.children(app.root):
            if name_of(node).startswith("Iris"):
                return node
        return None
    person.window = poll("a new window named after Iris", iris_window, 20)
    log(f"the new window: {name_of(person.window)!r}")
    person.node("Row 1, Species")

    person.click("Train")
    status = re.compile(r"^Epoch (\d+) · Loss [0-9.]+ · Accuracy (\d+)%")

    def finished():
        found = [m for m in (status.match(name_of(n) or text_of(n) or "")
                             for n, _ in person.nodes()) if m]
        done = any(name_of(n) == "Train" for n, _ in person.nodes())
        return found[0] if found and done and int(found[0].group(1)) > 0 else None
    m = poll("the run to end with the status line's accuracy", finished, 60)
    log(f"trained: {m.group(0)!r}")
    if int(m.group(2)) < 95:
        raise Failure(f"Iris trained to {m.group(2)}%, not 95% or more: {m.group(0)!r}")

    # A person measures two flowers and types the numbers in.
    fields = ("Sepal length (cm)", "Sepal width (cm)", "Petal length (cm)", "Petal width (cm)")
    for flower, species in (((6.7, 3.0, 5.8, 2.2), "virginica"), ((5.0, 3.4, 1.5, 0.2), "setosa")):
        for field, value in zip(fields, flower):
            # The predict form's field, not the table's column of that name.
            entries = [n for n, _ in person.nodes()
                       if name_of(n) == field and e2e.role_of(n) in ("text", "entry", "spin button")
                       and not name_of(n).startswith("Row ")]
            if not entries:
                raise Failure(f"no field named {field!r} in the predict form")
            x, y, w, h = extents(entries[-1])
            xdo("mousemove", x + w // 2, y + h // 2)
            xdo("click", 1)
            time.sleep(0.2)
            person.keys("ctrl+a")
            person.type(str(value))
        answer = re.compile(r"^(setosa|versicolor|virginica), (\d+(\.\d)?|more than 99\.9)%")

        def predicted():
            for n, _ in person.nodes():
                mm = answer.match(name_of(n) or text_of(n) or "")
                if mm:
                    return mm
            return None
        found = poll(f"the prediction for {flower}", predicted, 15)
        if found.group(1) != species:
            raise Failure(f"{flower} is predicted {found.group(0)!r}, not {species}")
        log(f"{flower} predicted {found.group(0)!r}")
    bars = [name_of(n) for n, _ in person.nodes()
            if e2e.role_of(n) in ("level bar", "progress bar", "meter")
            and name_of(n) in ("setosa", "versicolor", "virginica")]
    if sorted(set(bars)) != ["setosa", "versicolor", "virginica"]:
        raise Failure(f"the predict form's class bars are {bars}, not one for each species")


SCENARIOS = {
    "table": scenario_table,
    "watch": scenario_watch,
    "small": scenario_small,
    "german": scenario_german,
    "iris": scenario_iris,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("app", help="the built neuronlab binary")
    parser.add_argument("--artifacts", default=os.environ.get("MESON_BUILD_ROOT", ""))
    args = parser.parse_args()

    env = {}
    if args.scenario == "german":
        env = {"LANGUAGE": "de", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"}
    app = e2e.App([args.app], args.artifacts, env)
    tag = f"person-{args.scenario}"
    failed = True
    try:
        app.start() if args.scenario != "german" else start_german(app)
        SCENARIOS[args.scenario](app, Person(app))
        app.check_alive()
        failed = False
    except e2e.DisplayLost as ex:
        log(f"run-e2e: {ex}")
        return e2e.EXIT_DISPLAY_LOST
    except Failure as ex:
        log(f"FAIL: {ex}")
        app.screenshot(tag)
        return 1
    except Exception as ex:  # pyatspi and xdotool errors: still leave the evidence.
        log(f"FAIL: unexpected {type(ex).__name__}: {ex}")
        app.screenshot(tag)
        return 1
    finally:
        app.stop()
        if failed:
            out = app.output()
            log("the app printed:\n" + out if out.strip() else "the app printed nothing")
    log("PASS")
    return 0


def start_german(app):
    """As App.start(), waiting for the German window's Train button."""
    def find():
        if app.proc.poll() is not None:
            raise Failure(f"the app exited with status {app.proc.returncode}")
        import pyatspi
        for a in e2e.children(pyatspi.Registry.getDesktop(0)):
            try:
                if a.get_process_id() == app.proc.pid and a.childCount > 0:
                    return a
            except Exception:
                pass
        return None
    app.root = poll("the app's window in the accessibility tree", find, e2e.START_SECONDS, 0.25)
    app.control("Trainieren", "Action", seconds=e2e.START_SECONDS)


if __name__ == "__main__":
    sys.exit(main())
