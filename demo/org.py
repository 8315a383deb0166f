"""The district organisation: units, cadres (subjects), raters and who rates whom."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from faker import Faker

from demo import phrases
from demo.config import Shape
from demo.ids import hex_ids, rank_within

GROUPS = ("superior", "peer", "subordinate", "self", "public", "observer")
GROUP_CODE = {g: i for i, g in enumerate(GROUPS)}


@dataclass
class Org:
    """The organisation as frames; ``rel`` uses integer positions (``r``, ``s``, ``g``)."""

    units: pd.DataFrame
    subjects: pd.DataFrame
    raters: pd.DataFrame  # + column ``role``: cadre | staff | public | observer | leader
    rel: pd.DataFrame  # r (rater position), s (subject position), g (group code)
    subject_unit: np.ndarray  # unit position of each subject


def _unit_names(kind: str, i: int, street_idx: int | None = None) -> tuple[str, str]:
    if kind == "bureau":
        zh, en = phrases.BUREAUS[i % len(phrases.BUREAUS)]
        lap = i // len(phrases.BUREAUS)
        return (zh, en) if lap == 0 else (f"{zh}第{lap + 1}分局", f"{en} No. {lap + 1}")
    zh, en = phrases.PLACES[(street_idx if kind == "community" else i) % len(phrases.PLACES)]
    if kind == "street":
        lap = i // len(phrases.PLACES)
        tag_zh, tag_en = ("", "") if lap == 0 else (str(lap + 1), f" {lap + 1}")
        return f"{zh}{tag_zh}街道", f"{en}{tag_en} Street"
    sfx_zh, sfx_en = phrases.COMMUNITY_SUFFIX[i % len(phrases.COMMUNITY_SUFFIX)]
    return f"{zh}{sfx_zh}社区{i + 1}", f"{en} {sfx_en} Community {i + 1}"


def build_units(rng: np.random.Generator, shape: Shape) -> pd.DataFrame:
    rows: list[tuple] = []
    for i in range(shape.bureaus):
        rows.append(("bureau", *_unit_names("bureau", i), None))
    streets = []
    for i in range(shape.streets):
        streets.append(len(rows))
        rows.append(("street", *_unit_names("street", i), None))
    k = 0
    for si, pos in enumerate(streets):
        for _ in range(shape.communities_per_street):
            rows.append(("community", *_unit_names("community", k, si), pos))
            k += 1
    frame = pd.DataFrame(rows, columns=["kind", "name_zh", "name_en", "parent_pos"])
    frame.insert(0, "unit_id", hex_ids(rng, len(frame)))
    parent = frame["parent_pos"]
    frame["parent_id"] = [frame["unit_id"].iloc[int(p)] if pd.notna(p) else None for p in parent]
    frame["is_demo"] = True
    return frame


class _Names:
    """Vectorised names from a seeded Faker pool (no Faker call per person)."""

    def __init__(self, locale: str, seed: int, rng: np.random.Generator) -> None:
        fake = Faker("zh_CN" if locale == "zh_CN" else "en_US")
        fake.seed_instance(seed)
        self.zh = locale == "zh_CN"
        self.last = np.array([fake.last_name() for _ in range(200)], dtype=object)
        self.first = np.array([fake.first_name() for _ in range(400)], dtype=object)
        self.rng = rng

    def draw(self, n: int) -> np.ndarray:
        last = self.last[self.rng.integers(0, len(self.last), n)]
        first = self.first[self.rng.integers(0, len(self.first), n)]
        sep = "" if self.zh else " "
        return np.array(
            [
                f"{a}{sep}{b}" if self.zh else f"{b}{sep}{a}"
                for a, b in zip(last, first, strict=True)
            ],
            dtype=object,
        )

    def contacts(self, n: int) -> np.ndarray:
        digits = self.rng.integers(10_000_000, 99_999_999, n)
        if self.zh:
            return np.array([f"13{d % 10}{d:08d}"[:11] for d in digits], dtype=object)
        return np.array([f"user{d}@example.org" for d in digits], dtype=object)


def build_subjects(
    rng: np.random.Generator, shape: Shape, units: pd.DataFrame, names: _Names
) -> tuple[pd.DataFrame, np.ndarray]:
    kinds = units["kind"].to_numpy()
    per_unit = np.where(kinds == "community", shape.cadres_per_community, shape.cadres_per_unit)
    unit_pos = np.repeat(np.arange(len(units)), per_unit)
    seat = np.arange(len(unit_pos)) - np.repeat(np.cumsum(per_unit) - per_unit, per_unit)
    # seat 0: head; 1-2: deputies; then section chiefs and deputies alternately
    post_idx = np.where(seat == 0, 0, np.where(seat <= 2, 1, np.where(seat % 2 == 1, 2, 3)))
    lang = 0 if names.zh else 1
    posts = [phrases.POSTS[k][p] for k, p in zip(kinds[unit_pos], post_idx, strict=True)]
    frame = pd.DataFrame(
        {
            "subject_id": hex_ids(rng, len(unit_pos)),
            "name": names.draw(len(unit_pos)),
            "unit_id": units["unit_id"].to_numpy()[unit_pos],
            "position": [p[lang] for p in posts],
            "level": [p[2] for p in posts],
            "is_demo": True,
        }
    )
    frame["seat"] = seat
    return frame, unit_pos


def _within_unit(a_unit: np.ndarray, b_unit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (a, b) position pairs sharing a unit."""
    left = pd.DataFrame({"a": np.arange(len(a_unit)), "u": a_unit})
    right = pd.DataFrame({"b": np.arange(len(b_unit)), "u": b_unit})
    pairs = left.merge(right, on="u")
    return pairs["a"].to_numpy(), pairs["b"].to_numpy()


def _sample_pairs(
    rng: np.random.Generator, a: np.ndarray, b: np.ndarray, by: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    keep = rank_within(by, rng.random(len(a))) < k
    return a[keep], b[keep]


def build_org(rng: np.random.Generator, shape: Shape, locale: str, seed: int) -> Org:
    """The whole organisation, vectorised (the large size has 10,000 cadres)."""
    units = build_units(rng, shape)
    names = _Names(locale, seed, rng)
    subjects, s_unit = build_subjects(rng, shape, units, names)
    n_s, n_u = len(subjects), len(units)
    roles = {
        "cadre": n_s,
        "staff": shape.staff_per_unit * n_u,
        "public": shape.public_per_unit * n_u,
        "observer": shape.observers,
        "leader": shape.district_leaders,
    }
    role = np.concatenate([np.full(n, r, dtype=object) for r, n in roles.items()])
    r_unit = np.concatenate(
        [
            s_unit,
            np.repeat(np.arange(n_u), shape.staff_per_unit),
            np.repeat(np.arange(n_u), shape.public_per_unit),
            np.full(shape.observers + shape.district_leaders, -1),
        ]
    )
    unit_ids = units["unit_id"].to_numpy()
    raters = pd.DataFrame(
        {
            "rater_id": hex_ids(rng, len(role)),
            "name": names.draw(len(role)),
            "unit_id": np.where(r_unit >= 0, unit_ids[np.maximum(r_unit, 0)], None),
            "contact": names.contacts(len(role)),
            "subject_id": np.r_[subjects["subject_id"].to_numpy(), np.full(len(role) - n_s, None)],
            "is_demo": True,
            "role": role,
        }
    )
    rel = _relationships(rng, shape, units, subjects, s_unit, role, r_unit)
    return Org(units, subjects, raters, rel, s_unit)


def _relationships(
    rng: np.random.Generator,
    shape: Shape,
    units: pd.DataFrame,
    subjects: pd.DataFrame,
    s_unit: np.ndarray,
    role: np.ndarray,
    r_unit: np.ndarray,
) -> pd.DataFrame:
    n_s = len(subjects)
    parts: list[tuple[np.ndarray, np.ndarray, str]] = [(np.arange(n_s), np.arange(n_s), "self")]
    head = np.flatnonzero(subjects["seat"].to_numpy() == 0)
    head_of_unit = np.full(len(units), -1)
    head_of_unit[s_unit[head]] = head
    not_head = np.flatnonzero(subjects["seat"].to_numpy() != 0)
    parts.append((head_of_unit[s_unit[not_head]], not_head, "superior"))
    parent = units["parent_pos"].to_numpy()
    leaders = np.flatnonzero(role == "leader")
    for h in head:
        p = parent[s_unit[h]]
        sup = head_of_unit[int(p)] if pd.notna(p) else leaders[h % len(leaders)]
        parts.append((np.array([sup]), np.array([h]), "superior"))
    a, b = _within_unit(s_unit, s_unit)
    a, b = _sample_pairs(rng, a[a != b], b[a != b], b[a != b], shape.peers_max)
    parts.append((a, b, "peer"))  # after superiors: a unit head is its deputies' superior
    for kind, k in (("staff", shape.staff_rates), ("public", shape.public_rates)):
        who = np.flatnonzero(role == kind)
        a, b = _within_unit(r_unit[who], s_unit)
        a, b = _sample_pairs(rng, who[a], b, who[a], k)
        parts.append((a, b, "subordinate" if kind == "staff" else "public"))
    observers = np.flatnonzero(role == "observer")
    obs_of_unit = observers[np.arange(len(units)) % len(observers)]
    parts.append((obs_of_unit[s_unit], np.arange(n_s), "observer"))
    rel = pd.DataFrame(
        {
            "r": np.concatenate([p[0] for p in parts]).astype(np.int64),
            "s": np.concatenate([p[1] for p in parts]).astype(np.int64),
            "g": np.concatenate([np.full(len(p[0]), GROUP_CODE[p[2]]) for p in parts]),
        }
    )
    rel = rel.drop_duplicates(["r", "s"]).sort_values(["s", "g", "r"], ignore_index=True)
    return rel
