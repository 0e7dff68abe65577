"""Seeded synthetic public comments with planted form-letter campaigns (tests and benchmarks).

Words are pseudo-words with Zipf-like frequencies (s = 1.05 over 30,000 words), each topic
favouring its own 600 words, so texts on one topic share vocabulary as real comments do.

* **Organic comments**: one per submitter, 5–1,500 words, lognormal with median 45 words,
  drawn from a topic's words in sentences of 6–24 words.
* **Campaigns**: a template of 40–400 words (median 90) on a topic, with one synonym slot per
  15 words (at least 3; 2–4 alternatives each). Every topic has at least two campaigns. Sizes
  are log-uniform between ``min_size`` and ``max_size`` copies. Each copy is, with probability
  ``verbatim``, the template itself; otherwise a variant: each slot keeps its word or takes an
  alternative (half and half), with a personal intro ("My name is … and I live in …", five
  phrasings, probability 0.3), a sign-off (0.15) and one or two small edits — a typo, a
  dropped, doubled or inserted word (0.2).
* **Submitters**: 3 % of comments come from someone who already submitted (the same person
  twice); every other comment has its own submitter.
* **Arrival**: POSIX seconds over 60 days from ``start``; each campaign arrives in a burst
  (exponential, mean 2 days, from a random start), organic comments uniformly.

Comments are returned shuffled. ``campaign`` is the planted campaign of each comment (-1 for
organic ones).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]

_SYLLABLE_TEXT = (
    "ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru "
    "sa se si so su ta te ti to tu va ve vi vo da de di do du fa fe fi fo ga ge go pa pe pi po "
    "an en in on ar er or al el il ol as es is os am em"
)
_SYLLABLES = _SYLLABLE_TEXT.split()
_INTROS = (
    "My name is {first} {last} and I live in {city}.",
    "Hello, my name is {first} {last}, from {city}.",
    "I am {first} {last}, a resident of {city}.",
    "As a {job} living in {city}, I am writing to you.",
    "Dear Commission, I am {first} from {city}.",
)
_OUTROS = ("Sincerely, {first} {last}", "Thank you, {first} {last}.", "Regards, {first}")
_DAY = 86_400.0


@dataclass(frozen=True, eq=False)
class SyntheticComments:
    """Planted comments: ``texts`` (n,), ``submitter`` (n,) ids, ``arrived`` (n,) seconds,
    ``campaign`` (n,) planted campaign or -1, ``topic`` (n,), ``templates`` (one per campaign)
    and ``campaign_topic`` (n_campaigns,)."""

    texts: list[str]
    submitter: I64
    arrived: F64
    campaign: I64
    topic: I64
    templates: list[str]
    campaign_topic: I64


def _words(rng: np.random.Generator, n: int) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < n:
        k = rng.integers(2, 5, size=n)
        syl = rng.integers(0, len(_SYLLABLES), size=(n, 4))
        for length, row in zip(k.tolist(), syl.tolist(), strict=True):
            seen.setdefault("".join(_SYLLABLES[s] for s in row[:length]), None)
            if len(seen) >= n:
                break
    return list(seen)


class _Vocabulary:
    def __init__(self, rng: np.random.Generator, n_topics: int, size: int = 30_000) -> None:
        self.words = _words(rng, size + 3_000)
        self.names = [w.capitalize() for w in self.words[size : size + 3_000]]
        self.words = self.words[:size]
        # Cumulative distributions, sampled by bisection (rng.choice(p=...) re-sums p per call).
        p = np.cumsum((np.arange(size) + 1.0) ** -1.05)
        self.cdf_general = p / p[-1]
        self.topic_words = [rng.choice(size, size=600, replace=False) for _ in range(n_topics)]
        tp = np.cumsum((np.arange(600) + 1.0) ** -0.8)
        self.cdf_topic = tp / tp[-1]

    def draw(self, rng: np.random.Generator, topic: int, n: int) -> list[str]:
        u = rng.random((3, n))
        general = np.minimum(np.searchsorted(self.cdf_general, u[0]), len(self.words) - 1)
        special = self.topic_words[topic][np.minimum(np.searchsorted(self.cdf_topic, u[1]), 599)]
        idx = np.where(u[2] < 0.4, special, general)
        return list(map(self.words.__getitem__, idx.tolist()))

    def name(self, rng: np.random.Generator) -> str:
        return self.names[int(rng.integers(len(self.names)))]


def _sentences(rng: np.random.Generator, words: list[str]) -> str:
    out: list[str] = []
    i = 0
    for k in rng.integers(6, 25, size=len(words) // 6 + 1).tolist():
        if i >= len(words):
            break
        out.append(words[i].capitalize() + " ".join(["", *words[i + 1 : i + k]]) + ".")
        i += k
    return " ".join(out)


class _Template:
    """A template as tokens (with punctuation attached) and its synonym slots."""

    def __init__(self, rng: np.random.Generator, vocab: _Vocabulary, topic: int) -> None:
        n = int(np.clip(rng.lognormal(np.log(90), 0.6), 40, 400))
        self.tokens = _sentences(rng, vocab.draw(rng, topic, n)).split()
        inner = [i for i, t in enumerate(self.tokens) if t.islower() and t.isalpha()]
        n_slots = min(max(3, len(self.tokens) // 15), len(inner))
        self.slots = sorted(rng.choice(inner, size=n_slots, replace=False).tolist())
        self.alternatives = [
            [self.tokens[s], *vocab.draw(rng, topic, int(rng.integers(1, 4)))] for s in self.slots
        ]
        self.text = " ".join(self.tokens)

    def variant(self, rng: np.random.Generator, vocab: _Vocabulary) -> str:
        toks = list(self.tokens)
        for s, alts in zip(self.slots, self.alternatives, strict=True):
            if rng.random() < 0.5:
                toks[s] = alts[int(rng.integers(1, len(alts)))]
        if rng.random() < 0.2:
            for _ in range(int(rng.integers(1, 3))):
                _edit(rng, vocab, toks)
        text = " ".join(toks)
        if rng.random() < 0.3:
            intro = _INTROS[int(rng.integers(len(_INTROS)))]
            text = _fill(intro, rng, vocab) + " " + text
        if rng.random() < 0.15:
            text = text + " " + _fill(_OUTROS[int(rng.integers(len(_OUTROS)))], rng, vocab)
        return text


def _fill(pattern: str, rng: np.random.Generator, vocab: _Vocabulary) -> str:
    return pattern.format(
        first=vocab.name(rng),
        last=vocab.name(rng),
        city=vocab.name(rng),
        job=vocab.name(rng).lower(),
    )


def _edit(rng: np.random.Generator, vocab: _Vocabulary, toks: list[str]) -> None:
    i = int(rng.integers(len(toks)))
    kind = int(rng.integers(4))
    if kind == 0 and len(toks[i]) > 3:  # typo: swap two letters
        w = toks[i]
        j = int(rng.integers(len(w) - 1))
        toks[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == 1 and len(toks) > 10:
        del toks[i]
    elif kind == 2:
        toks.insert(i, toks[i])
    else:
        toks.insert(i, vocab.words[int(rng.integers(50, 5_000))])


def campaign_sizes(
    n_campaign_comments: int, rng: np.random.Generator, min_size: int, max_size: int
) -> list[int]:
    """Log-uniform sizes in [min_size, max_size] adding up to ``n_campaign_comments``."""
    sizes: list[int] = []
    left = n_campaign_comments
    while left >= min_size:
        hi = min(max_size, left)
        s = int(np.exp(rng.uniform(np.log(min_size), np.log(hi)))) if hi > min_size else hi
        if left - s < min_size:
            s = left
        sizes.append(s)
        left -= s
    return sizes


def synthetic_comments(
    n: int,
    *,
    campaign_share: float = 0.6,
    min_size: int = 100,
    max_size: int = 200_000,
    verbatim: float = 0.4,
    start: float = 1_767_225_600.0,
    seed: int = 0,
) -> SyntheticComments:
    """``n`` comments, about ``campaign_share`` of them in planted campaigns. Deterministic in
    ``seed``; arrivals in POSIX seconds from ``start`` (default 2026-01-01 UTC); about 40 µs
    per comment."""
    rng = np.random.default_rng(seed)
    sizes = campaign_sizes(int(n * campaign_share), rng, min_size, max_size)
    n_topics = max(1, min(12, len(sizes) // 2))
    vocab = _Vocabulary(rng, n_topics)
    texts: list[str] = []
    campaign: list[int] = []
    topic: list[int] = []
    arrived: list[F64] = []
    templates: list[str] = []
    campaign_topic = np.arange(len(sizes), dtype=np.int64) % n_topics
    for c, size in enumerate(sizes):
        tpl = _Template(rng, vocab, int(campaign_topic[c]))
        templates.append(tpl.text)
        copy = rng.random(size) < verbatim
        texts.extend(tpl.text if v else tpl.variant(rng, vocab) for v in copy.tolist())
        campaign.extend([c] * size)
        topic.extend([int(campaign_topic[c])] * size)
        burst = rng.uniform(0, 50 * _DAY)
        arrived.append(np.minimum(burst + rng.exponential(2 * _DAY, size), 60 * _DAY))
    n_organic = n - len(texts)
    lengths = np.clip(rng.lognormal(np.log(45), 0.8, n_organic), 5, 1_500).astype(np.int64)
    org_topic = rng.integers(0, n_topics, size=n_organic)
    organic: list[str] = [""] * n_organic
    for t in range(n_topics):
        rows = np.flatnonzero(org_topic == t)
        words = vocab.draw(rng, t, int(lengths[rows].sum()))
        at = 0
        for r, length in zip(rows.tolist(), lengths[rows].tolist(), strict=True):
            organic[r] = _sentences(rng, words[at : at + length])
            at += length
    texts.extend(organic)
    campaign.extend([-1] * n_organic)
    topic.extend(org_topic.tolist())
    arrived.append(rng.uniform(0, 60 * _DAY, n_organic))
    submitter = np.arange(n, dtype=np.int64)
    again = np.flatnonzero(rng.random(n) < 0.03)
    again = again[again > 0]
    submitter[again] = rng.integers(0, again)  # someone who came earlier
    order = rng.permutation(n)
    return SyntheticComments(
        texts=[texts[i] for i in order.tolist()],
        submitter=submitter[order],
        arrived=np.concatenate(arrived)[order] + start,
        campaign=np.asarray(campaign, dtype=np.int64)[order],
        topic=np.asarray(topic, dtype=np.int64)[order],
        templates=templates,
        campaign_topic=campaign_topic,
    )
