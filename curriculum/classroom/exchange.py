"""Hand-in checks on nbgrader's exchange, where each learner has a Unix account of their own.

nbgrader's exchange is Unix permissions: a learner's submission is a folder in ``inbound`` that
their account made. Upstream, collect only logs a warning when the folder is owned by someone else,
and a learner can still change their files after handing in. Here collect refuses a submission
with any file owned by anyone but the learner it names, and flags one changed after its hand-in
time. Nothing is deleted: the folder stays in the exchange for the instructor to look at.

With ``c.Curriculum.learners_have_accounts`` off (one computer, where every learner's JupyterLab
runs as the same user) there are no accounts to tell learners apart, and only the change is flagged.
"""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect

from ..core.settings import Curriculum

#: Seconds nbgrader's own submit may take after its timestamp to copy the files and set their modes.
SUBMIT_SECONDS = 30


@dataclass(frozen=True)
class HandIn:
    """What the checks found in one submission: why it is refused, and why it is flagged (empty when fine)."""

    learner: str
    refused: str = ""
    flagged: str = ""


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"user number {uid}"


def check_hand_in(folder: Path, learner: str, handed_in: datetime, accounts: bool) -> HandIn:
    """Check one submission folder in ``inbound`` against the learner it names and its hand-in time."""
    paths = [folder, *folder.rglob("*")]
    refused = ""
    if accounts:
        try:
            uid = pwd.getpwnam(learner).pw_uid
        except KeyError:
            refused = f"it names {learner}, who has no account on this computer"
        else:
            others = sorted({_owner(st.st_uid) for st in map(os.lstat, paths) if st.st_uid != uid})
            if others:
                refused = f"it names {learner}, but files in it belong to {', '.join(others)}"
    latest = max(os.lstat(path).st_ctime for path in paths)
    late = latest - handed_in.timestamp()
    flagged = (f"a file in it was changed {late / 60:.0f} minutes after it was handed in"
               if late > SUBMIT_SECONDS else "")
    return HandIn(learner, refused, flagged)


class CheckedCollect(ExchangeCollect):
    """nbgrader's collect, refusing submissions made by another account and flagging changed ones."""

    def init_src(self) -> None:
        super().init_src()
        self.checked = [self.check(record) for record in self.src_records]
        refused = {hand_in.learner for hand_in in self.checked if hand_in.refused}
        for hand_in in self.checked:
            if hand_in.refused:
                self.log.error("Refused the submission of %s: %s.", hand_in.learner, hand_in.refused)
            if hand_in.flagged:
                self.log.warning("Check the submission of %s: %s.", hand_in.learner, hand_in.flagged)
        self.src_records = [record for record in self.src_records if record["username"] not in refused]

    def check(self, record: dict) -> HandIn:
        """The checks of one submission nbgrader chose to collect."""
        accounts = Curriculum(config=self.config).learners_have_accounts
        return check_hand_in(Path(self.inbound_path) / record["filename"], record["username"],
                             record["timestamp"], accounts)
