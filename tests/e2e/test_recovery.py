#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unsaved work comes back after the app is killed: NeuronLab driven as a
person drives it (the real pointer and keyboard), killed with SIGKILL, and
started again in the same data folder.

  test_recovery.py [--artifacts DIR] SCENARIO APP

Scenarios:
  typed     type into the table, wait 6 seconds, SIGKILL; the next start
            offers the table back ("Restore the unsaved table from 10:42?")
            and leaves the table alone until Restore, which brings the typed
            values back in a window marked modified. Closing it and
            discarding the changes leaves no draft behind.
  training  train until stopped, wait 6 seconds, SIGKILL; after Restore the
            status line shows the epochs trained (at least those seen 6 s
            before the kill) and the prediction is the trained network's,
            not that of the weights a new window starts with.
  damaged   a draft that cannot be read is in the data folder at start: the
            window opens, says which line is wrong and where the draft was
            moved, and offers nothing; the draft is in the "damaged" folder.

Run it through run-e2e (--recovery SCENARIO), which gives it its own virtual
display, D-Bus session and data folder (XDG_DATA_HOME). A failure leaves a
screenshot and the accessible tree in DIR.
"""
import argparse
import glob
import os
import re
import sys
import time

import test_e2e as e2e
from test_e2e import Failure, log, poll
from test_person import Person

# A change is in the draft within 5 s; the scenarios wait a little more.
DRAFT_WAIT = 6.0
OFFER = re.compile(r"^Restore the unsaved table (“[^”]*” )?from \d{1,2}:\d\d")


def drafts_folder():
    return os.path.join(os.environ["XDG_DATA_HOME"], "neuronlab", "drafts")


def drafts():
    return sorted(glob.glob(os.path.join(drafts_folder(), "*.neuronlab")))


def kill(app):
    """SIGKILL: nothing of the app runs after it, as after a power cut."""
    app.proc.kill()
    app.proc.wait(10)
    log(f"killed the app (pid {app.proc.pid}) with SIGKILL")


def status(app):
    rx = re.compile(r"^Epoch (\d+) · ")
    for s in app.matching(rx):
        return int(rx.match(s).group(1))
    return None


def prediction(app):
    """The predict form's answer ("Female, 56.4%"): what the weights say."""
    rx = re.compile(r"^(Female|Male), [\d.]+%")
    return poll("the prediction's answer", lambda: app.match(rx), 10)


def offered(app):
    text = poll("the offer of the unsaved table", lambda: app.match(OFFER), 20)
    log(f"offered: {text!r}")
    return text


def scenario_typed(start):
    app = start()
    person = Person(app)
    person.click("Row 1, Height (in)")
    person.type("66")
    person.keys("Return")
    person.click("Row 2, Weight (lb)", double=True)
    person.type("161")
    person.keys("Return")
    person.expect_text("Row 2, Weight (lb)", "161", "typed")
    time.sleep(DRAFT_WAIT)
    kill(app)
    if len(drafts()) != 1:
        raise Failure(f"after the kill the data folder holds {drafts()}, not one draft")

    app = start()
    person = Person(app)
    offered(app)
    person.expect_text("Row 1, Height (in)", "65", "the table is as it starts until Restore")
    person.click("Restore")
    person.expect_text("Row 1, Height (in)", "66", "Restore brings back what was typed")
    person.expect_text("Row 2, Weight (lb)", "161", "Restore brings back what was typed")
    poll("the window marked modified", lambda: app.match(re.compile(r"^• Untitled")), 10)
    if app.match(OFFER):
        raise Failure("the offer is still shown after Restore")

    # Closed on purpose, the changes discarded: no draft stays.
    person.keys("ctrl+w")
    person.click("Discard")
    poll("the app to end", lambda: app.proc.poll() is not None, 20)
    if drafts():
        raise Failure(f"after closing without saving the data folder still holds {drafts()}")
    log("closing without saving removed the draft")


def scenario_training(start):
    app = start()
    person = Person(app)
    fresh = prediction(app)
    person.click("Until stopped")
    person.click("Train")
    poll("the run to count epochs", lambda: (status(app) or 0) > 0, 20)
    # The draft at the kill is at most 5 s old: newer than this epoch.
    early = status(app)
    time.sleep(DRAFT_WAIT)
    kill(app)
    log(f"killed {DRAFT_WAIT} s after epoch {early}")

    app = start()
    person = Person(app)
    offered(app)
    person.click("Restore")
    epoch = poll("the status line to show the epochs trained", lambda: status(app), 10)
    if epoch < early:
        raise Failure(f"restored at epoch {epoch}, older than epoch {early}, seen {DRAFT_WAIT} s "
                      f"before the kill")
    trained = prediction(app)
    if trained == fresh:
        raise Failure(f"the restored network predicts {trained!r}, as a new window's does")
    log(f"restored at epoch {epoch} (at least {early}); {fresh!r} became {trained!r}")


def scenario_damaged(start):
    os.makedirs(drafts_folder(), exist_ok=True)
    bad = os.path.join(drafts_folder(), "bad.neuronlab")
    with open(bad, "w") as f:
        f.write("[Draft]\nversion=1\ntime=0\n\n[NeuronLab]\nversion=1\n\n[Table]\ncolumns=four\n")
    app = start()
    message = poll("the notification about the damaged draft",
                   lambda: app.match(re.compile(r"could not be read")), 20)
    log(f"said: {message!r}")
    if "Line 9" not in message or "damaged" not in message:
        raise Failure(f"the message names neither the line nor where the draft went: {message!r}")
    if app.match(OFFER):
        raise Failure("a damaged draft is offered")
    moved = os.path.join(drafts_folder(), "damaged", "bad.neuronlab")
    if os.path.exists(bad) or not os.path.exists(moved):
        raise Failure(f"the damaged draft was not moved to {moved}")
    Person(app).node("Train")
    app.check_alive()


SCENARIOS = {
    "typed": scenario_typed,
    "training": scenario_training,
    "damaged": scenario_damaged,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("app", help="the built neuronlab binary")
    parser.add_argument("--artifacts", default=os.environ.get("MESON_BUILD_ROOT", ""))
    args = parser.parse_args()
    if "XDG_DATA_HOME" not in os.environ:
        log("run this through run-e2e, which gives it a data folder of its own")
        return 2

    apps = []

    def start():
        app = e2e.App([args.app], args.artifacts)
        apps.append(app)
        app.start()
        return app

    tag = f"recovery-{args.scenario}"
    failed = True
    try:
        SCENARIOS[args.scenario](start)
        failed = False
    except e2e.DisplayLost as ex:
        log(f"run-e2e: {ex}")
        return e2e.EXIT_DISPLAY_LOST
    except Failure as ex:
        log(f"FAIL: {ex}")
        if apps and apps[-1].proc.poll() is None:
            apps[-1].screenshot(tag)
        return 1
    except Exception as ex:  # pyatspi and xdotool errors: still leave the evidence.
        log(f"FAIL: unexpected {type(ex).__name__}: {ex}")
        if apps and apps[-1].proc.poll() is None:
            apps[-1].screenshot(tag)
        return 1
    finally:
        for app in apps:
            app.stop()
            if failed:
                out = app.output()
                log("the app printed:\n" + out if out.strip() else "the app printed nothing")
    log("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
