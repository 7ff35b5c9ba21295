"""Problems found in a deployment: each names its file, line, column, rule and the value found."""
import dataclasses
from typing import Optional


@dataclasses.dataclass
class Issue:
    file: str
    line: Optional[int]
    column: str
    rule: str
    value: Optional[str] = None

    def __str__(self):
        where = self.file if self.line is None else "%s:%d" % (self.file, self.line)
        s = "%s: %s: %s" % (where, self.column, self.rule)
        return s if self.value is None else "%s (%s)" % (s, self.value)


class DeploymentError(ValueError):
    """Raised by the builders with every error of the input (not only the first)."""

    def __init__(self, errors, warnings=()):
        self.errors = list(errors)
        self.warnings = list(warnings)
        super().__init__("\n".join(str(e) for e in self.errors))
