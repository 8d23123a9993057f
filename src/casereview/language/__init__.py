"""The language checker: blame, counterfactual, hindsight and judgemental wording, and the signals that a
text underlines learning and improvement. Rules are data (``rules/*.yaml``) compiled into one matcher.

Plain Python: no Django here.
"""

from .check import MODEL_RULE, Finding, Report, Strength, Verdict, check_text, explained, fingerprint
from .loader import RuleError, RuleSet, compile_rules, load_rule_file, load_rule_text, shipped_rules
from .model import Category, Severity, Signal

__all__ = [
    "MODEL_RULE",
    "Category",
    "Finding",
    "Report",
    "RuleError",
    "RuleSet",
    "Severity",
    "Signal",
    "Strength",
    "Verdict",
    "check_text",
    "compile_rules",
    "explained",
    "fingerprint",
    "load_rule_file",
    "load_rule_text",
    "shipped_rules",
]
