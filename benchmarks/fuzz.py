"""Long fuzz run of the parser, and the benchmark of its time bound per document.

    python benchmarks/fuzz.py [--mutants 10000] [--seed 0] [--workers 2] [--out build/fuzz/findings.json]

Each mutant is a sample document or a generated one, edited by one to six random mutations
(budget_warehouse.fuzzing.mutants: lines deleted, swapped or duplicated, digits changed, table blocks
shuffled, tabs removed, random Unicode inserted, the text cut short, lines up to 200,000 characters).
Each is parsed and checked (budget_warehouse.fuzzing.checks): the parser must not raise, no part of
the document may fail, every figure it lands must be printed in the mutant, and the parse must
return within the bound: BOUND_SECONDS + BOUND_SECONDS_PER_MB × the mutant's size in MB.

Printed: the mutants run, findings by kind, parse time (median, 99th percentile, largest) and the
mutants over the bound. Every finding is written to --out with the mutations that produced it, as a
Python expression ready to become a regression case in tests/test_fuzz_parser.py (REGRESSIONS).
Exits 1 when there is a finding or a mutant over the bound.
"""

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from budget_warehouse.fuzzing.checks import fuzz_one  # noqa: E402
from budget_warehouse.fuzzing.mutants import generated_base, mutate, random_mutations  # noqa: E402

# The time bound per document (README, "Bad input"): measured on this machine, a mutant of a sample
# parses in 35 ms at the median and 0.25 s at most, and time grows linearly with size (about 2 s per
# MB of text); the bound leaves room for a machine shared with other work.
BOUND_SECONDS = 1.0
BOUND_SECONDS_PER_MB = 3.0
SAMPLES = PROJECT_DIR / "documents" / "samples"
GENERATED = 20  # generated documents among the bases, beside the samples


@dataclass(frozen=True)
class Outcome:
    index: int
    base: str
    mutations: str  # repr of the mutation list
    size_mb: float
    seconds: float
    findings: list[tuple[str, str]]

    @property
    def bound(self) -> float:
        return BOUND_SECONDS + BOUND_SECONDS_PER_MB * self.size_mb


def bases() -> dict[str, str]:
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))}
    texts.update({f"generated:{position}": generated_base(position) for position in range(GENERATED)})
    return texts


_BASES: dict[str, str] = {}


def run_mutant(seed: int, index: int) -> Outcome:
    if not _BASES:
        _BASES.update(bases())
    rng = random.Random(f"{seed}:{index}")
    base = rng.choice(sorted(_BASES))
    mutations = random_mutations(rng)
    text = mutate(_BASES[base], mutations)
    result = fuzz_one(text)
    findings = [(finding.kind, finding.detail) for finding in result.findings]
    return Outcome(index, base, repr(mutations), len(text.encode()) / 1e6, result.seconds, findings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mutants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "build" / "fuzz" / "findings.json")
    arguments = parser.parse_args()

    started = time.perf_counter()
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(arguments.workers) as pool:
        indices = range(arguments.mutants)
        for done, outcome in enumerate(pool.map(run_mutant, [arguments.seed] * len(indices), indices, chunksize=25), 1):
            outcomes.append(outcome)
            if done % 1000 == 0:
                print(f"{done} mutants, {sum(bool(o.findings) for o in outcomes)} with findings", flush=True)
    wall = time.perf_counter() - started

    kinds = Counter(kind for outcome in outcomes for kind, _ in outcome.findings)
    over = [outcome for outcome in outcomes if outcome.seconds > outcome.bound]
    times = sorted(outcome.seconds for outcome in outcomes)
    largest = max(outcomes, key=lambda outcome: outcome.seconds)
    print(f"{len(outcomes)} mutants (seed {arguments.seed}) in {wall:.0f} s with {arguments.workers} workers")
    print(f"findings: {dict(kinds) or 'none'}")
    print(
        f"parse time: median {statistics.median(times) * 1000:.0f} ms, 99th percentile "
        f"{times[int(0.99 * (len(times) - 1))] * 1000:.0f} ms, largest {largest.seconds:.2f} s "
        f"({largest.size_mb:.2f} MB, mutant {largest.index})"
    )
    print(
        f"bound: {BOUND_SECONDS} s + {BOUND_SECONDS_PER_MB} s per MB; "
        f"{len(over)} mutants over it, largest mutant {max(o.size_mb for o in outcomes):.2f} MB"
    )
    failed = [outcome for outcome in outcomes if outcome.findings] + over
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(
        json.dumps(
            [
                {
                    "mutant": outcome.index,
                    "base": outcome.base,
                    "regression": f"({outcome.base!r}, {outcome.mutations})",
                    "seconds": round(outcome.seconds, 3),
                    "bound": round(outcome.bound, 3),
                    "findings": outcome.findings,
                }
                for outcome in failed
            ],
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    for outcome in failed[:10]:
        print(
            f"  mutant {outcome.index} of {outcome.base}: {outcome.findings or 'over the bound'} — {outcome.mutations[:200]}"
        )
    print(f"findings written to {arguments.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
