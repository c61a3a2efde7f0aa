#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of NeuronLab through its accessibility tree, as a person
(or a screen reader) would use it: find controls by the words on screen,
press them, type into them, read what the window says.

  test_e2e.py [--check-names] [--artifacts DIR] APP

Run it through run-e2e, which gives it its own virtual display and D-Bus
session. Without --check-names it trains, predicts and stops a run; with it,
it checks that every control DESIGN.md names is found under exactly that
accessible name. Exit status 0 on success, 1 on failure (with what was
expected and what was found, a screenshot and the accessible tree in DIR).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import pyatspi

# Generous: the machine may be loaded, and a first start of the
# accessibility bus is slow.
START_SECONDS = 60
WAIT_SECONDS = 45


class Failure(Exception):
    pass


class DisplayLost(Exception):
    """The virtual display went away: the run says nothing about the app."""


# run-e2e starts the run again on a new display when the test exits with this.
EXIT_DISPLAY_LOST = 3


def display_state():
    display = os.environ.get("DISPLAY", "")
    sock = "/tmp/.X11-unix/X" + display.lstrip(":").split(".")[0]
    return f"DISPLAY={display!r}, socket {sock} {'exists' if os.path.exists(sock) else 'is missing'}"


def log(msg):
    print(msg, flush=True)


# Reading the tree


def children(node):
    try:
        n = node.childCount
    except Exception:
        return []
    kids = []
    for i in range(n):
        try:
            k = node.getChildAtIndex(i)
        except Exception:
            k = None
        if k is not None:
            kids.append(k)
    return kids


def walk(root):
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        yield node, depth
        for k in reversed(children(node)):
            stack.append((k, depth + 1))


def name_of(node):
    try:
        return node.name or ""
    except Exception:
        return ""


def role_of(node):
    try:
        return node.getRoleName()
    except Exception:
        return "?"


def text_of(node):
    try:
        t = node.queryText()
        return t.getText(0, t.characterCount)
    except Exception:
        return ""


def offers(node, iface):
    try:
        getattr(node, "query" + iface)()
        return True
    except Exception:
        return False


def showing(node):
    try:
        return node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def sensitive(node):
    try:
        return node.getState().contains(pyatspi.STATE_SENSITIVE)
    except Exception:
        return False


def labelled_by(node):
    """The names of the labels a LABELLED_BY relation points at."""
    names = []
    try:
        for rel in node.getRelationSet():
            if rel.getRelationType() == pyatspi.RELATION_LABELLED_BY:
                for i in range(rel.getNTargets()):
                    names.append(name_of(rel.getTarget(i)))
    except Exception:
        pass
    return names


def refresh(app):
    # Names and texts change under us (Train becomes Stop); never trust a
    # cached copy.
    try:
        app.clear_cache()
    except Exception:
        pass


def live_name(node):
    try:
        node.clear_cache()
    except Exception:
        pass
    return name_of(node)


def dump_tree(app):
    lines = []
    for node, depth in walk(app):
        line = "  " * depth + f"{role_of(node)} {name_of(node)!r}"
        t = text_of(node)
        if t and t != name_of(node):
            line += f" text={t!r}"
        if not showing(node):
            line += " (not showing)"
        lines.append(line)
    return "\n".join(lines)


def poll(what, pred, seconds=WAIT_SECONDS, interval=0.2):
    """Calls pred() until it returns something true; fails saying what was
    awaited and, through describe, what was found instead."""
    end = time.monotonic() + seconds
    while True:
        r = pred()
        if r:
            return r
        if time.monotonic() > end:
            raise Failure(f"timed out after {seconds:g} s waiting for {what}")
        time.sleep(interval)


class App:
    def __init__(self, argv, artifacts, env=None):
        self.artifacts = artifacts
        env = dict(os.environ,
                   GTK_A11Y="atspi",
                   NO_AT_BRIDGE="0",
                   GDK_BACKEND="x11",
                   GSK_RENDERER=os.environ.get("GSK_RENDERER", "cairo"),
                   GSETTINGS_BACKEND="memory",
                   LANGUAGE="C", LC_ALL="C.UTF-8") | (env or {})
        # The app's own messages, shown when the test fails.
        self.errors = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(argv, env=env, stdout=self.errors, stderr=subprocess.STDOUT)
        self.root = None
        self.name_problems = []

    def start(self):
        def find():
            if self.proc.poll() is not None:
                if "cannot open display" in self.output():
                    raise DisplayLost(f"the app could not open the display ({display_state()})")
                raise Failure(f"the app exited with status {self.proc.returncode} before showing a window")
            desk = pyatspi.Registry.getDesktop(0)
            for app in children(desk):
                try:
                    if app.get_process_id() == self.proc.pid and app.childCount > 0:
                        return app
                except Exception:
                    pass
            return None
        self.root = poll("the app's window in the accessibility tree", find, START_SECONDS, 0.25)
        # And the window is filled in: its Train button is there.
        self.control("Train", "Action", seconds=START_SECONDS)
        log(f"app started (pid {self.proc.pid})")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def check_alive(self):
        if self.proc.poll() is not None:
            raise Failure(f"the app exited (status {self.proc.returncode})")

    # Finding

    def nodes(self):
        self.check_alive()
        refresh(self.root)
        return walk(self.root)

    def find(self, name, iface=None):
        """The control named NAME offering IFACE, showing ones first.

        A control whose accessible name is not its visible label but which a
        LABELLED_BY relation ties to a label named NAME is found too, as a
        screen reader would, and the naming problem is noted."""
        exact, by_label = [], []
        for node, _ in self.nodes():
            if iface is not None and not offers(node, iface):
                continue
            n = name_of(node)
            if n == name:
                exact.append(node)
            elif name in labelled_by(node):
                by_label.append(node)
        for group in (exact, by_label):
            shown = [n for n in group if showing(n)]
            if shown or group:
                node = (shown or group)[0]
                if group is by_label:
                    problem = (f"the control labelled {name!r} has the accessible name "
                               f"{name_of(node)!r}")
                    if problem not in self.name_problems:
                        self.name_problems.append(problem)
                        log(f"note: {problem}")
                return node
        return None

    def control(self, name, iface, seconds=WAIT_SECONDS):
        return poll(f"a control named {name!r} (offering {iface})",
                    lambda: self.find(name, iface), seconds)

    def names(self):
        return [name_of(n) for n, _ in self.nodes()]

    def match(self, rx):
        """The first name or text in the window that matches RX."""
        for node, _ in self.nodes():
            for s in (name_of(node), text_of(node)):
                if s and rx.search(s):
                    return s
        return None

    def matching(self, rx):
        found = []
        for node, _ in self.nodes():
            for s in (name_of(node), text_of(node)):
                if s and rx.search(s) and s not in found:
                    found.append(s)
        return found

    # Doing

    def click(self, name):
        node = self.control(name, "Action")
        poll(f"{name!r} to be enabled", lambda: sensitive(node) or sensitive(self.find(name, "Action")))
        self.press(node, name)

    def press(self, node, name):
        """Presses a control already found (its name may have changed since)."""
        action = node.queryAction()
        names = [action.getName(i) for i in range(action.nActions)]
        index = names.index("click") if "click" in names else 0
        if not action.doAction(index):
            raise Failure(f"pressing {name!r} failed (actions {names})")
        log(f"pressed {name!r}")

    def wait_name(self, node, name, seconds):
        """Watches one node until its name reads NAME; False on timeout."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.check_alive()
            if live_name(node) == name:
                return True
            time.sleep(0.02)
        return False

    def type(self, name, value):
        """Replaces the text of the field named NAME, as typing would."""
        node = self.control(name, "EditableText")
        if not node.queryEditableText().setTextContents(value):
            raise Failure(f"the field {name!r} refused the text {value!r}")
        found = poll(f"the field {name!r} to read {value!r}",
                     lambda: text_of(self.find(name, "EditableText")) == value, 10)
        log(f"typed {value!r} into {name!r}")
        return found

    def wait_match(self, what, rx, seconds=WAIT_SECONDS):
        rx = re.compile(rx)
        try:
            return poll(what, lambda: self.match(rx), seconds)
        except Failure as e:
            raise Failure(f"{e}; the window shows: {self.status_words()}")

    def epoch(self):
        """The epoch the status line reads, or None."""
        s = self.match(re.compile(r"^Epoch \d+ · "))
        return int(s.split()[1]) if s else None

    def wait_epoch_beyond(self, n):
        try:
            e = poll(f"the status line to show more than {n} epochs",
                     lambda: (self.epoch() or 0) > n and self.epoch())
        except Failure as f:
            raise Failure(f"{f}; the window shows: {self.status_words()}")
        log(f"training in progress: epoch {e}")
        return e

    def status_words(self):
        """What the window says about training and prediction, for messages."""
        rx = re.compile(r"^(Epoch|Not trained|Cannot train|Female|Male|Training)|diverged")
        return self.matching(rx) or "(no status, result or message)"

    def output(self):
        """What the app printed, for failure messages."""
        try:
            self.errors.seek(0)
            return self.errors.read()[-4000:]
        except Exception:
            return ""

    def screenshot(self, tag):
        if not self.artifacts:
            return
        os.makedirs(self.artifacts, exist_ok=True)
        png = os.path.join(self.artifacts, f"e2e-{tag}.png")
        tree = os.path.join(self.artifacts, f"e2e-{tag}-tree.txt")
        subprocess.run(["import", "-window", "root", png], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with open(tree, "w") as f:
                f.write(dump_tree(self.root) if self.root is not None else "(no app)\n")
        except Exception as e:
            log(f"could not write the tree: {e}")
        log(f"screenshot: {png}\naccessible tree: {tree}")


# The scenarios

# The most the Epochs field takes: some seconds of training.
LONG_RUN = 10000000

PREDICTION = r"^(Female|Male), (\d{1,3}\.\d)%$"


def predict(app, weight, height, expected):
    app.type("Weight (lb)", weight)
    app.type("Height (in)", height)
    rx = re.compile(PREDICTION)

    def answer():
        for s in app.matching(rx):
            m = rx.match(s)
            if m.group(1) == expected:
                return s
        return None
    try:
        s = poll(f"the prediction for {weight} lb, {height} in to read “{expected}, NN.N%”", answer)
    except Failure as e:
        raise Failure(f"{e}; the result reads {app.matching(rx) or app.status_words()}")
    percent = float(rx.match(s).group(2))
    if not 50.0 < percent <= 100.0:
        raise Failure(f"the prediction {s!r} should be more than 50% sure")
    log(f"{weight} lb, {height} in: {s}")
    return percent


def scenario_flow(app):
    app.wait_match("the status line to read “Not trained yet”", r"^Not trained yet$")

    # Train the tutorial's 1000 epochs.
    app.click("Train")
    status = app.wait_match("the status line to read “Epoch 1000 · Loss … · Accuracy 100%”",
                            r"^Epoch 1000 · Loss [0-9.e-]+ · Accuracy 100%$")
    log(f"status: {status}")
    app.control("Train", "Action")

    # The tutorial's two predictions, and back again, so the answer is seen
    # to follow what is typed.
    predict(app, "128", "63", "Female")   # Emily
    predict(app, "155", "68", "Male")     # Frank
    predict(app, "128", "63", "Female")

    # A long run: Train reads Stop until it is pressed. A small table trains
    # about a million epochs a second, so the run is as long as the field
    # allows, and the button is watched directly rather than through a walk of
    # the whole tree. Should the run still end before Stop is pressed (a
    # stalled accessibility bus), Train is pressed again, a few times at most.
    app.type("Epochs", str(LONG_RUN))
    button = app.control("Train", "Action")
    base = app.epoch()
    for attempt in range(1, 4):
        app.press(button, "Train")
        if app.wait_name(button, "Stop", 20):
            break
        log(f"the run ended before its button read 'Stop' (attempt {attempt})")
    else:
        raise Failure(f"the Train button never read 'Stop' during a run of {LONG_RUN} epochs; "
                      f"it reads {live_name(button)!r}")
    log("the Train button reads 'Stop' during the run")
    app.press(button, "Stop")
    if not app.wait_name(button, "Train", WAIT_SECONDS):
        raise Failure(f"after pressing Stop the button reads {live_name(button)!r}, expected 'Train'")
    status = app.wait_match("the status line after Stop", r"^Epoch \d+ · ")
    epoch = app.epoch()
    if not base < epoch < base + attempt * LONG_RUN:
        raise Failure(f"after Stop the status reads {status!r}; expected an epoch between {base} "
                      f"and {base + attempt * LONG_RUN} (the run should have stopped early)")
    log(f"stopped at: {status}")
    # The network is still good after the extra training.
    predict(app, "155", "68", "Male")


# The words DESIGN.md gives the interface, and what each control offers.
DESIGN_WORDS = [
    ("Train", "Action"),
    ("Step", "Action"),
    ("Reset", "Action"),
    ("Add Row", "Action"),
    ("Remove Row", "Action"),
    ("Learning rate", "EditableText"),
    ("Epochs", "EditableText"),
    ("Hidden neurons", "EditableText"),
    ("Seed", "EditableText"),
    ("Weight (lb)", "EditableText"),
    ("Height (in)", "EditableText"),
    ("Speed", "Value"),
    ("Until stopped", "Action"),
]


def scenario_names(app):
    problems = []
    for name, iface in DESIGN_WORDS:
        exact = [n for n, _ in app.nodes() if name_of(n) == name and offers(n, iface)]
        if exact:
            continue
        by_label = app.find(name, iface)
        if by_label is not None:
            problems.append(f"{name!r}: expected a control with exactly that accessible name; "
                            f"the {role_of(by_label)} it labels is named {name_of(by_label)!r}")
        else:
            problems.append(f"{name!r}: no control with that accessible name or label")
    # Mnemonic underscores belong on screen, not in names.
    for node, _ in app.nodes():
        n = name_of(node)
        if re.search(r"(^|\s)_\w|\w_\w", n) and not n.startswith("Gtk"):
            problems.append(f"the {role_of(node)} {n!r} has a mnemonic underscore in its accessible name")
    if problems:
        raise Failure("accessible names differ from the interface words:\n  " + "\n  ".join(problems))
    log("every control is named after its label")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("app", help="the built neuronlab binary")
    parser.add_argument("--artifacts", default=os.environ.get("MESON_BUILD_ROOT", ""),
                        help="where a failure leaves its screenshot and accessible tree")
    parser.add_argument("--check-names", action="store_true")
    args = parser.parse_args()

    tag = "names" if args.check_names else "flow"
    app = App([args.app], args.artifacts)
    failed = True
    try:
        app.start()
        if args.check_names:
            scenario_names(app)
        else:
            scenario_flow(app)
        app.check_alive()
        failed = False
    except DisplayLost as e:
        log(f"run-e2e: {e}")
        return EXIT_DISPLAY_LOST
    except Failure as e:
        log(f"FAIL: {e}")
        app.screenshot(tag)
        return 1
    except Exception as e:  # pyatspi errors: still leave the evidence.
        log(f"FAIL: unexpected {type(e).__name__}: {e}")
        app.screenshot(tag)
        return 1
    finally:
        app.stop()
        if failed:
            out = app.output()
            log("the app printed:\n" + out if out.strip() else "the app printed nothing")
    out = app.output()
    if out.strip():
        log("the app printed:\n" + out)
    if app.name_problems:
        log("accessible-name problems seen on the way (see the e2e-names test):\n  "
            + "\n  ".join(app.name_problems))
    log("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
