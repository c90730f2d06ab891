"""Checks an IATI 2.03 activity file beyond its XML schema, as the IATI Registry's tools do.

Usage: validate.py FILE. Prints one line per problem and `N errors` last; exits 1 on any.

1. pyIATI's full validation (PyPI `pyIATI`, which bundles the IATI 2.03 schemas, codelists and
   the standard ruleset): every error, and every code that is not on its codelist (pyIATI only
   warns of codes of non-embedded codelists such as Language; the IATI Validator rejects them).
2. Rules of the IATI Validator that the standard ruleset does not carry:
   - a recipient country or region on the activity (or on every transaction);
   - the activity identifier begins with the reporting organisation's identifier and `-`;
   - no transaction whose provider and receiver are the same organisation, nor one received
     by the reporting organisation with no provider (it would pay itself);
   - a quantitative indicator's (measure 1 or 2) targets carry a `value`.
"""

import re
import sys

import iati
import iati.default
import iati.validator
from lxml import etree


def pyiati_problems(text):
    # pyIATI reads text, and lxml refuses text that declares its encoding.
    text = re.sub(r"^<\?xml[^>]*\?>\s*", "", text)
    dataset = iati.Dataset(text)
    schema = iati.default.activity_schema("2.03")
    for err in iati.validator.full_validation(dataset, schema):
        if err.status == "error" or "not-on-codelist" in err.name:
            yield "{} (line {}): {}".format(err.name, getattr(err, "line_number", "?"), err.info)


def validator_rules(text):
    root = etree.fromstring(text.encode("utf-8"))
    for act in root.iter("iati-activity"):
        ident = act.findtext("iati-identifier", "").strip()
        reporter = act.find("reporting-org")
        reporter_ref = reporter.get("ref") if reporter is not None else None
        if act.find("recipient-country") is None and act.find("recipient-region") is None:
            txs = act.findall("transaction")
            if not txs or any(
                t.find("recipient-country") is None and t.find("recipient-region") is None
                for t in txs
            ):
                yield "{}: no recipient-country or recipient-region".format(ident)
        if reporter_ref and not ident.startswith(reporter_ref + "-"):
            yield "{}: the identifier does not begin with the reporting org's ref {}-".format(
                ident, reporter_ref
            )
        for n, t in enumerate(act.findall("transaction"), 1):
            prov = t.find("provider-org")
            recv = t.find("receiver-org")
            prov_ref = prov.get("ref") if prov is not None else reporter_ref
            recv_ref = recv.get("ref") if recv is not None else None
            if prov_ref and recv_ref and prov_ref == recv_ref:
                yield "{}: transaction {} pays {} to itself".format(ident, n, recv_ref)
        for ind in act.iter("indicator"):
            if ind.get("measure") in ("1", "2"):
                for target in ind.iter("target"):
                    if target.get("value") is None:
                        yield "{}: a quantitative indicator's target has no value (line {})".format(
                            ident, target.sourceline
                        )


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    problems = list(pyiati_problems(text)) + list(validator_rules(text))
    for p in problems:
        print(p)
    print("{} errors".format(len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
