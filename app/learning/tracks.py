"""Learning paths: the shared core for everyone plus the modules of the learner's track (courses/tracks.yaml).

A learner chooses a track at sign-up or on the course map; a trainer can set it for a learner of their
class. Without a choice the learner follows the core and the default tracks (the course as it was).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.learning.catalog import Catalog
from app.models import LearnerTrack, utcnow


class TrackError(ValueError):
    """An unknown track (message in Vietnamese)."""


def get_track(session: Session, user_id: int) -> str | None:
    row = session.get(LearnerTrack, user_id)
    return row.track if row else None


def set_track(session: Session, catalog: Catalog, user_id: int, track: str | None,
              chosen_by_id: int | None = None) -> None:
    """Choose (or with None, clear) the learner's track; progress already made is kept."""
    row = session.get(LearnerTrack, user_id)
    if not track:
        if row is not None:
            session.delete(row)
        session.flush()
        return
    if track not in {t.id for t in catalog.tracks}:
        raise TrackError(f"Không có lộ trình “{track}”.")
    if row is None:
        session.add(LearnerTrack(user_id=user_id, track=track, chosen_by_id=chosen_by_id, updated_at=utcnow()))
    else:
        row.track, row.chosen_by_id, row.updated_at = track, chosen_by_id, utcnow()
    session.flush()


def learner_catalog(session: Session, user_id: int, catalog: Catalog) -> Catalog:
    """The course this learner follows (what progress, resume and the certificate are measured against)."""
    return learner_catalogs(session, [user_id], catalog)[user_id]


def learner_catalogs(session: Session, user_ids, catalog: Catalog) -> dict[int, Catalog]:
    """Each learner's path in one query. Narrowing an already narrowed catalog gives it back unchanged,
    so callers may pass the whole course or a learner's part of it."""
    ids = list(user_ids)
    chosen = dict(session.execute(select(LearnerTrack.user_id, LearnerTrack.track)
                                  .where(LearnerTrack.user_id.in_(ids))).all()) if ids else {}
    paths: dict[str | None, Catalog] = {}
    for track in set(chosen.values()) | {None}:
        paths[track] = catalog.for_track(track)
    return {i: paths[chosen.get(i)] for i in ids}
