"""What an importer hands back: parsed tasks and the rows it is unsure of.

Importers never write; the tracker previews a :class:`ParseResult` and applies
it in one transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class ParsedTask:
    seq: str
    content: str
    section: str = ""
    lead: list[str] = field(default_factory=list)
    assist: list[str] = field(default_factory=list)
    deadline_text: str | None = None
    lead_official: str | None = None
    target: str | None = None
    note: str | None = None
    source_line: int | None = None
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ParseResult:
    file_name: str
    format: str                    # 'flat_table' / 'inline_units' / 'docx' / 'xlsx'
    title: str
    year: int | None
    doc_no: str | None = None
    tasks: list[ParsedTask] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # file-level information and warnings

    @property
    def uncertain(self) -> list[ParsedTask]:
        return [t for t in self.tasks if t.problems]

    def to_dict(self) -> dict:
        return {
            "file": self.file_name, "format": self.format, "title": self.title,
            "year": self.year, "doc_no": self.doc_no, "notes": self.notes,
            "task_count": len(self.tasks), "uncertain_count": len(self.uncertain),
            "tasks": [t.to_dict() for t in self.tasks],
        }
