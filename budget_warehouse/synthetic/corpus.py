"""Write a synthetic corpus: N documents, the ground-truth manifest of the faults injected into
them, and an index of every document with the totals of its model."""

import json
import random
from dataclasses import dataclass
from pathlib import Path

from budget_warehouse.synthetic.draw import draw_document
from budget_warehouse.synthetic.faults import FAULT_KINDS, Fault, inject_fault
from budget_warehouse.synthetic.model import SyntheticDocument, wan_yuan
from budget_warehouse.synthetic.printing import Line, states_several_scopes
from budget_warehouse.synthetic.render import render_document, text_of

DOCUMENTS_DIR = "documents"
MANIFEST = "manifest.jsonl"  # one line per injected fault
INDEX = "corpus.jsonl"  # one line per document


@dataclass(frozen=True)
class GeneratedDocument:
    file_name: str
    text: str
    model: SyntheticDocument
    fault: Fault | None
    fault_line: int | None
    multi_scope: bool  # the prose states one quantity in several scopes (年初预算 / 全年预算 / 决算 / 上年)


def generate_corpus(count: int, out: Path, fault_rate: float = 0.0, seed: int = 0) -> Path:
    """Write `count` documents to `out/documents/`, the faults injected (each document is faulty
    with probability `fault_rate`, one fault each) to `out/manifest.jsonl` and an index of the
    documents to `out/corpus.jsonl`; return the manifest's path.

    The same seed gives the same corpus, and document i is the same whatever `count` is, so a
    corpus of N + 10 documents is the corpus of N documents and 10 more.
    """
    documents = out / DOCUMENTS_DIR
    documents.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    with manifest.open("w", encoding="utf-8") as faults, (out / INDEX).open("w", encoding="utf-8") as index:
        for position in range(count):
            generated = generate_document(position, fault_rate, seed)
            (documents / generated.file_name).write_text(generated.text, encoding="utf-8")
            index.write(json.dumps(index_record(generated), ensure_ascii=False) + "\n")
            if generated.fault:
                faults.write(json.dumps(manifest_record(generated), ensure_ascii=False) + "\n")
    return manifest


def generate_document(position: int, fault_rate: float, seed: int) -> GeneratedDocument:
    model = draw_document(position, seed)
    lines = render_document(model)
    rng = random.Random(f"fault:{seed}:{position}")
    fault = _inject(lines, rng) if rng.random() < fault_rate else None
    fault_line = _number_of(lines, fault.line) if fault else None
    return GeneratedDocument(
        f"doc_{position:06d}.txt", text_of(lines), model, fault, fault_line, states_several_scopes(lines)
    )


def _inject(lines: list[Line], rng: random.Random) -> Fault | None:
    """One fault of a kind drawn at random; another kind when the document has no place for it."""
    kinds = list(FAULT_KINDS)
    rng.shuffle(kinds)
    for kind in kinds:
        fault = inject_fault(lines, kind, rng)
        if fault:
            return fault
    return None


def _number_of(lines: list[Line], target: Line) -> int:
    return next(number for number, line in enumerate(lines, 1) if line is target)


def manifest_record(generated: GeneratedDocument) -> dict:
    fault = generated.fault
    assert fault is not None
    return {
        "file": generated.file_name,
        "document_index": generated.model.index,
        "fault_kind": fault.kind,
        "statement": fault.statement,
        "source_line": generated.fault_line,
        "detail": fault.detail,
    }


def index_record(generated: GeneratedDocument) -> dict:
    model = generated.model
    totals = {
        "total": model.total,
        "basic": model.basic,
        "project": model.project,
        "general_budget": model.general_budget,
        "other_income": model.other_income,
        "personnel": model.personnel,
        "public_use": model.public_use,
        "three_public": model.three_public.total,
        "carry_over": model.carry_over,
    }
    return {
        "file": generated.file_name,
        "document_index": model.index,
        "family": model.family,
        "department": model.department,
        "place": model.place,
        "fiscal_year": model.fiscal_year,
        "phase": model.phase,
        "unit": model.unit,
        "fault_kind": generated.fault.kind if generated.fault else None,
        "multi_scope": generated.multi_scope,
        "totals_wan_yuan": {name: str(wan_yuan(value)) for name, value in totals.items()},
    }
